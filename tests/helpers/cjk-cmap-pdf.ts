/**
 * A PDF made the way older office software made them: its Chinese text in 宋体 that is *not embedded* — a
 * Type0 font `STSong-Light` with the predefined CMap `UniGB-UCS2-H` (Adobe-GB1) and no ToUnicode map. A reader
 * gets characters out of it only through Adobe's CMap files (PDF.js's `cmaps/`), so it proves that a reader was
 * given them. Lines are drawn top to bottom in 12 pt; each string is written as UCS-2 codes.
 */
import { buildPdf } from './minipdf.ts';

export function cjkCmapPdf(lines: string[]): Uint8Array {
	const hex = (s: string) =>
		[...s].map((c) => {
			const u = c.codePointAt(0)!;
			if (u > 0xffff) throw new Error(`${c}: outside UCS-2`);
			return u.toString(16).padStart(4, '0');
		}).join('');
	const content = lines.map((l, k) => `BT /F1 12 Tf 72 ${780 - k * 20} Td <${hex(l)}> Tj ET`).join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
		'<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>',
		'<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>'
	];
	return buildPdf(objects);
}
