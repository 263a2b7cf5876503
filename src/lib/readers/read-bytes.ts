/**
 * One report file's bytes → its text (and tokens), the same in Node (src/node/read.ts) and in the browser's
 * report worker. The reader is chosen by the file's bytes, not its name: PDF (PDF.js, with page geometry),
 * DOCX (mammoth → HTML), legacy Word (refused with what to do), else text or HTML decoded — BOM, then the
 * HTML meta charset, then strict UTF-8, then chardet's detection (GB18030 covers GBK and GB2312,
 * templates.md D16). What is not a report file (empty, binary, image) is refused with a message naming the
 * problem. No Node imports: the PDF.js module is passed in, and `sha256` is left empty for the caller (Node's
 * crypto or the browser's SubtleCrypto) to fill.
 */
import { analyse } from 'chardet';
import { countNul, damagedUtf8, utf16WithoutBom, withoutNul } from './sniff.ts';
import { looksLikeHtml } from '../parser/html.ts';
import type { Token } from '../parser/tokens.ts';
import { ReaderError } from './errors.ts';
import { readPdf, type PdfLib, type PdfOpenOptions } from './pdf.ts';
import { isDocx, readDocx } from './docx.ts';
import type { ReaderFormat } from './types.ts';

/** The PDF.js module to read PDFs with and where it finds its CMaps and fonts. */
export interface PdfReading {
	lib: PdfLib;
	options: PdfOpenOptions;
}

export class ReadError extends Error {
	code: string;
	constructor(code: string, message: string) {
		super(message);
		this.code = code;
	}
}

export interface DecodedFile {
	text: string;
	encoding: string;
	sha256: string;
	bytes: number;
	/** Problems that did not stop decoding (a declared charset that lied, undecodable bytes, scanned pages). */
	warnings: string[];
	/** What the file is (by its bytes); absent from decodeBytes' plain text results. */
	fileType?: ReaderFormat;
	/** Tokens with page geometry (PDF): the parser reads them instead of tokenizing `text`. */
	tokens?: Token[];
	/** The tokenizer for `text` when the reader knows it (DOCX gives HTML). */
	kind?: 'text' | 'html';
	/** Reader findings that put every value of the report under review (error issues). */
	errors?: string[];
}

/** Any report file's bytes → its text (and tokens), choosing the reader from the bytes. */
export async function readReportBytes(buf: Uint8Array, pdf: PdfReading): Promise<DecodedFile> {
	if (buf.length === 0) throw new ReadError('empty', 'the file is empty');
	const is = (sig: number[]) => sig.every((b, k) => buf[k] === b);
	const sha256 = '';
	try {
		// Some servers prepend a few bytes to a PDF; the header may sit anywhere in the first kilobyte.
		const pdfAt = findPdfHeader(buf);
		if (pdfAt >= 0) {
			const r = await readPdf(buf.subarray(pdfAt), pdf.lib, pdf.options);
			return { text: r.text, encoding: 'pdf', sha256, bytes: buf.length, warnings: r.warnings, errors: r.errors, fileType: 'pdf', tokens: r.tokens };
		}
		if (is([0x50, 0x4b, 0x03, 0x04])) {
			if (!isDocx(buf)) throw new ReadError('zip', 'the file is a ZIP archive (XLSX or another Office file?), not a Word report: unpack it or save it as .docx or PDF');
			const r = await readDocx(buf);
			return { text: r.text, encoding: 'docx', sha256, bytes: buf.length, warnings: r.warnings, fileType: 'docx', kind: 'html' };
		}
		if (is([0xd0, 0xcf, 0x11, 0xe0])) {
			throw new ReadError('doc', 'the file is a legacy Word .doc (or another old Office file): nianbao reads .docx and PDF — open it in Word or WPS and save it as .docx or PDF');
		}
	} catch (e) {
		if (e instanceof ReaderError) throw new ReadError(e.code, e.message);
		throw e;
	}
	const d = decodeBytes(buf);
	return { ...d, fileType: looksLikeHtml(d.text) ? 'html' : 'text' };
}

function findPdfHeader(buf: Uint8Array): number {
	const n = Math.min(buf.length - 4, 1024);
	for (let i = 0; i <= n; i++) if (buf[i] === 0x25 && buf[i + 1] === 0x50 && buf[i + 2] === 0x44 && buf[i + 3] === 0x46 && buf[i + 4] === 0x2d) return i;
	return -1;
}

const MAGIC: [number[], string, string][] = [
	[[0x25, 0x50, 0x44, 0x46], 'pdf', 'a damaged PDF: its header (%PDF-) is broken'],
	[[0x89, 0x50, 0x4e, 0x47], 'image', 'a PNG image, not a text report (scanned tables need OCR)'],
	[[0xff, 0xd8, 0xff], 'image', 'a JPEG image, not a text report (scanned tables need OCR)'],
	[[0x47, 0x49, 0x46, 0x38], 'image', 'a GIF image, not a text report'],
	[[0x50, 0x4b, 0x03, 0x04], 'zip', 'a ZIP archive (XLSX or another Office file?), not a report: unpack it or save it as .docx or PDF'],
	[[0xd0, 0xcf, 0x11, 0xe0], 'ole', 'a legacy Office file (.doc/.xls): open it in Word or WPS and save it as .docx or PDF']
];

export function decodeBytes(buf: Uint8Array): DecodedFile {
	const sha256 = '';
	const base = { sha256, bytes: buf.length, warnings: [] as string[] };
	if (buf.length === 0) throw new ReadError('empty', 'the file is empty');
	for (const [sig, code, msg] of MAGIC) if (sig.every((b, k) => buf[k] === b)) throw new ReadError(code, `the file is ${msg}`);

	// Byte-order marks are unambiguous.
	if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return finish(decode(buf.subarray(3), 'utf-8'), 'utf-8-bom', base);
	if (buf[0] === 0xff && buf[1] === 0xfe) return finish(decode(buf.subarray(2), 'utf-16le'), 'utf-16le', base);
	if (buf[0] === 0xfe && buf[1] === 0xff) return finish(decode(buf.subarray(2), 'utf-16be'), 'utf-16be', base);

	// UTF-16 without a BOM has a zero byte in every other position: recognised before the binary test.
	const utf16 = utf16WithoutBom(buf);
	if (utf16) return finish(decode(buf, utf16), utf16, base);

	if (looksBinary(buf)) throw new ReadError('binary', 'the file is binary data, not a text or HTML report');
	const nul = countNul(buf);
	if (nul > 0) {
		// A few stray NUL bytes in a text file (a damaged copy): read the text without them, and say so.
		buf = withoutNul(buf);
		base.warnings.push(`the file holds ${nul} NUL byte${nul > 1 ? 's' : ''} (a damaged copy?); ${nul > 1 ? 'they were' : 'it was'} removed before reading`);
	}

	const declared = declaredCharset(buf);
	const utf8 = tryDecode(buf, 'utf-8');
	if (declared && declared !== 'utf-8') {
		const text = tryDecode(buf, declared);
		if (text !== null && !(utf8 !== null && /[^\x00-\x7f]/.test(utf8))) return finish(text, declared, base);
		if (utf8 !== null) base.warnings.push(`the page declares charset ${declared} but its bytes are UTF-8; decoded as UTF-8`);
	}
	if (utf8 !== null) return finish(utf8, 'utf-8', base);
	// UTF-8 with a few broken sequences (cut off mid-character) is still UTF-8, not Big5 or GBK.
	const damaged = declared === null || declared === 'utf-8' ? damagedUtf8(buf) : null;
	if (damaged) {
		base.warnings.push(`${damaged.bad} byte sequence${damaged.bad > 1 ? 's are' : ' is'} not valid UTF-8 (damaged or cut off); decoded as UTF-8 with ${damaged.bad > 1 ? 'them' : 'it'} replaced by �`);
		return finish(damaged.text, 'utf-8', base);
	}

	const detected = detectEncoding(buf);
	if (declared === 'utf-8') base.warnings.push(`the page declares UTF-8 but its bytes are not; decoded as ${detected}`);
	const text = decode(buf, detected);
	const bad = (text.match(/\ufffd/g) ?? []).length;
	if (bad > 0) base.warnings.push(`${bad} byte sequences could not be decoded as ${detected} (mixed or damaged encoding)`);
	return finish(text, detected, base);
}

function finish(text: string, encoding: string, base: { sha256: string; bytes: number; warnings: string[] }): DecodedFile {
	if (text.replace(/[\s\u3000\u00a0\ufeff]/g, '') === '') throw new ReadError('empty', 'the file holds only white space');
	return { text, encoding, ...base };
}

/**
 * The encoding of a file that is neither UTF-8 nor declared. chardet's statistics alone confuse GBK with EUC-JP
 * (both put kana in rows A4/A5 and ideographs from B0 up: a GBK report indented with U+3000 scores 100 for
 * both) and short Big5 files with Shift_JIS or KOI8-R. A report, though, is written in the template's words: each
 * candidate (the Chinese encodings first, then chardet's guesses) is decoded and the one that reads most of them,
 * with the fewest undecodable bytes, wins. chardet decides alone only when no candidate reads like a report.
 */
function detectEncoding(buf: Uint8Array): string {
	const sample = buf.length > 65536 ? buf.subarray(0, 65536) : buf;
	const guesses = analyse(sample)
		.map((m) => normaliseCharset(m.name))
		.filter((n): n is string => n !== null && n !== 'utf-8');
	let best = { name: guesses[0] ?? 'gb18030', score: 0 };
	for (const name of new Set(['gb18030', 'big5', ...guesses])) {
		const text = new TextDecoder(name).decode(sample);
		const score = (text.match(REPORT_WORDS) ?? []).length - 4 * (text.match(/\ufffd/g) ?? []).length;
		if (score > best.score) best = { name, score };
	}
	return best.name;
}

/** Words every disclosure report uses, simplified and traditional (a Big5 report is written in the latter). */
const REPORT_WORDS = /政府|信息|資訊|公开|公開|申请|申請|行政|报告|報告|年度|办理|辦理|复议|復議|诉讼|訴訟|主动|主動|依申请|统计|統計/g;

/** <meta charset="gb2312"> or http-equiv content="text/html; charset=gbk", read from the ASCII head. */
function declaredCharset(buf: Uint8Array): string | null {
	const head = new TextDecoder('latin1').decode(buf.subarray(0, 4096));
	const m = /<meta[^>]*charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
	return m ? normaliseCharset(m[1]) : null;
}

function normaliseCharset(name: string): string | null {
	const n = name.toLowerCase().replace(/_/g, '-');
	if (/^(?:gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|hz-gb-2312)$/.test(n)) return 'gb18030';
	if (/^utf-?8$/.test(n)) return 'utf-8';
	if (/^big5/.test(n)) return 'big5';
	if (/^utf-16/.test(n)) return n.includes('be') ? 'utf-16be' : 'utf-16le';
	if (/^(?:iso-8859-1|latin1|windows-1252|ascii|us-ascii)$/.test(n)) return 'windows-1252';
	try {
		new TextDecoder(n);
		return n;
	} catch {
		return null;
	}
}

function tryDecode(buf: Uint8Array, enc: string): string | null {
	try {
		return new TextDecoder(enc, { fatal: true }).decode(buf);
	} catch {
		return null;
	}
}

function decode(buf: Uint8Array, enc: string): string {
	return new TextDecoder(enc).decode(buf);
}

/**
 * Many NUL bytes or control characters in the head: not text. (One stray NUL in a text file is damage, not
 * binary data: random bytes hold ~10 % control characters, a report almost none.)
 */
function looksBinary(buf: Uint8Array): boolean {
	const n = Math.min(buf.length, 8192);
	let ctrl = 0;
	let nul = 0;
	for (let i = 0; i < n; i++) {
		const b = buf[i];
		if (b === 0) nul++;
		else if (b < 9 || (b > 13 && b < 32 && b !== 27)) ctrl++;
	}
	return nul > Math.max(4, n * 0.01) || (ctrl + nul) / n > 0.05;
}
