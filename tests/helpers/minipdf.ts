import { concat } from '../../src/lib/readers/pdf-syntax.ts';

/**
 * Builds small PDFs byte by byte for reader tests (a scanned page, an encrypted file): objects with a
 * correct cross-reference table, so PDF.js reads them as a real producer's file and not as a repaired one.
 */
export function buildPdf(objects: (string | Uint8Array)[], trailerExtra = ''): Uint8Array {
	const enc = new TextEncoder();
	const parts: Uint8Array[] = [enc.encode('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
	let pos = parts[0].length;
	const offsets: number[] = [];
	objects.forEach((o, k) => {
		offsets.push(pos);
		const body = typeof o === 'string' ? enc.encode(o) : o;
		const chunk = concat([enc.encode(`${k + 1} 0 obj\n`), body, enc.encode('\nendobj\n')]);
		parts.push(chunk);
		pos += chunk.length;
	});
	const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
	parts.push(enc.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${pos}\n%%EOF\n`));
	return concat(parts);
}

export { concat };

/** A stream object: dictionary entries plus raw bytes. */
export function stream(dict: string, data: string | Uint8Array): Uint8Array {
	const enc = new TextEncoder();
	const bytes = typeof data === 'string' ? enc.encode(data) : data;
	return concat([enc.encode(`<< ${dict} /Length ${bytes.length} >>\nstream\n`), bytes, enc.encode('\nendstream')]);
}

const A4 = '/MediaBox [0 0 595 842]';

/** Pages that are each either text (Helvetica) or a full-page image (what a scanner makes). */
export function pagesPdf(kinds: ('text' | 'image' | 'empty')[]): Uint8Array {
	const objs: (string | Uint8Array)[] = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
	const kids: number[] = [];
	const font = 3;
	objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
	const image = 4;
	objs.push(stream('/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8', new Uint8Array([40, 200, 200, 40])));
	for (const k of kinds) {
		const content = k === 'text' ? 'BT /F1 24 Tf 72 700 Td (Annual report page) Tj ET' : k === 'image' ? 'q 595 0 0 842 0 0 cm /Im1 Do Q' : '';
		objs.push(stream('', content));
		const contentId = objs.length;
		objs.push(`<< /Type /Page /Parent 2 0 R ${A4} /Resources << /Font << /F1 ${font} 0 R >> /XObject << /Im1 ${image} 0 R >> >> /Contents ${contentId} 0 R >>`);
		kids.push(objs.length);
	}
	objs[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
	return buildPdf(objs);
}

/** A file encrypted with the standard security handler and a user password nobody gave. */
export function encryptedPdf(): Uint8Array {
	const hex32 = (c: string) => `<${c.repeat(64)}>`;
	return buildPdf(
		['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', `<< /Type /Page /Parent 2 0 R ${A4} >>`, `<< /Filter /Standard /V 1 /R 2 /O ${hex32('a')} /U ${hex32('b')} /P -4 >>`],
		`/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] `
	);
}

/** One page of Helvetica text runs placed at [x, y] (a table drawn without rules when runs line up in columns). */
export function textRunsPdf(runs: [number, number, string][], turned = false): Uint8Array {
	// turned: the content drawn a quarter turn anticlockwise and the page shown turned back (/Rotate 90), as a
	// landscape page put on portrait paper is.
	const body = runs.map(([x, y, s]) => `BT /F1 11 Tf 1 0 0 1 ${x} ${y} Tm (${s}) Tj ET`).join('\n');
	const content = turned ? `q 0 1 -1 0 595 0 cm\n${body}\nQ` : body;
	return buildPdf([
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		`<< /Type /Page /Parent 2 0 R ${A4} ${turned ? '/Rotate 90 ' : ''}/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>`,
		stream('', content)
	]);
}

/**
 * A page of text in a Type 3 font whose two glyphs draw boxes (codes 1 and 2 → 年 and 报 through /ToUnicode), as
 * Chromium prints a CFF font; `fontBBox` and `charProcs` (inline or an object of its own) vary what readers see.
 */
export function type3Pdf({ fontBBox = '[0 0 1000 1000]', charProcsObject = false, trailerExtra = '' } = {}): Uint8Array {
	const glyph = (w: number) => stream('', `${w} 0 0 0 ${w} 1000 d1\n50 50 ${w - 100} 900 re f`);
	const toUnicode = stream('', '/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T3 def 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <01> <5E74> <02> <62A5> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end');
	const procs = '<< /g1 6 0 R /g2 7 0 R >>';
	const font = `<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] /FontBBox ${fontBBox} /FirstChar 1 /LastChar 2 /Widths [1000 900] /Encoding << /Type /Encoding /Differences [1 /g1 /g2] >> /CharProcs ${charProcsObject ? '9 0 R' : procs} /ToUnicode 8 0 R /Resources << >> >>`;
	return buildPdf(
		[
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
			font,
			`<< /Type /Page /Parent 2 0 R ${A4} /Resources << /Font << /T1 3 0 R >> >> /Contents 5 0 R >>`,
			stream('', 'BT /T1 24 Tf 72 700 Td <010201> Tj ET'),
			glyph(1000),
			glyph(900),
			toUnicode,
			procs
		],
		trailerExtra
	);
}

/** The file amended the way PDF writers do: objects restated after it, with a table and a trailer that chain back. */
export function amendPdf(pdf: Uint8Array, objects: [number, string][]): Uint8Array {
	const enc = new TextEncoder();
	const tail = new TextDecoder('latin1').decode(pdf.subarray(pdf.length - 1024));
	const prev = Number(/startxref\s+(\d+)/.exec(tail)![1]);
	const size = Number(/\/Size (\d+)/.exec(new TextDecoder('latin1').decode(pdf.subarray(prev)))![1]);
	const parts = [pdf];
	let pos = pdf.length;
	let xref = 'xref\n';
	for (const [num, body] of objects) {
		const chunk = enc.encode(`${num} 0 obj\n${body}\nendobj\n`);
		xref += `${num} 1\n${String(pos).padStart(10, '0')} 00000 n \n`;
		parts.push(chunk);
		pos += chunk.length;
	}
	parts.push(enc.encode(`${xref}trailer\n<< /Size ${size} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${pos}\n%%EOF\n`));
	return concat(parts);
}
