/**
 * A PDF's reading view without Type 3 glyph programs. PDF.js parses the drawing program of every glyph of a
 * Type 3 font when it loads the font, also when only the text is asked for; the reader needs each glyph's code,
 * width and Unicode, never its shape. Chromium prints a CFF font (Noto / Source Han CJK) as ~120 Type 3 fonts
 * with ~1,400 glyph programs, and loading them was most of the time spent reading such a print.
 *
 * The view is the file's own bytes followed by an incremental update (the PDF's own way of amending a file)
 * that restates each such font with an empty /CharProcs; nothing else changes, and the original bytes are never
 * altered. PDF.js reads a glyph's width from /Widths and its Unicode from /ToUnicode or /Encoding, which stay.
 * Without programs PDF.js cannot take a font's box from its glyphs' boxes, which it does only when the declared
 * /FontBBox is empty or a tenth of a glyph's or less: a font is restated only when its box is a plausible size
 * for its glyphs (a fifth of an em to five ems), and only in a file whose classic cross-reference tables are
 * sound and place that font's object where it was found. Where that cannot be told (a damaged table, which
 * makes PDF.js rebuild its index from the file; a cross-reference stream; an encrypted file; a font held in an
 * object stream) the file is read as it is: slower, never different.
 */
import { CLASS, concat, find, latin, LT, readDict, skipSpace, startsWith, text, type Span } from './pdf-syntax.ts';


/** The view's bytes, or null when no font would change. */
export function withoutType3GlyphPrograms(data: Uint8Array): Uint8Array | null {
	const found = type3Fonts(data);
	if (found.length === 0) return null;
	const xref = readXref(data, new Set(found.map((f) => f.num)));
	if (!xref) return null;
	const fonts = found.filter((f) => xref.offsets.get(f.num)?.at === f.at && xref.offsets.get(f.num)?.gen === f.gen);
	if (fonts.length === 0) return null;
	return amend(data, fonts, xref);
}

interface Type3Font {
	num: number;
	gen: number;
	/** Where its `num gen obj` starts. */
	at: number;
	dict: Span;
	charProcs: Span;
}

/** Every directly stated Type 3 font dictionary with its own /FontBBox and /FontMatrix of a plausible size. */
function type3Fonts(data: Uint8Array): Type3Font[] {
	const out: Type3Font[] = [];
	const seen = new Set<number>();
	for (let i = find(data, TYPE3, 0); i >= 0; i = find(data, TYPE3, i + TYPE3.length)) {
		if (i + TYPE3.length < data.length && CLASS[data[i + TYPE3.length]] === 0) continue; // /Type3x
		const h = headerBefore(data, i);
		if (!h || seen.has(h.at)) continue;
		seen.add(h.at);
		const start = skipSpace(data, h.end);
		if (data[start] !== LT || data[start + 1] !== LT) continue;
		const dict = readDict(data, start);
		if (!dict || dict.end <= i || !startsWith(data, skipSpace(data, dict.end), ENDOBJ)) continue;
		if (text(data, dict.entries.get('Subtype')) !== '/Type3') continue;
		const charProcs = dict.entries.get('CharProcs');
		if (!charProcs || !plausibleBox(data, dict.entries)) continue;
		out.push({ num: h.num, gen: h.gen, at: h.at, dict: [start, dict.end], charProcs });
	}
	return out;
}

/** The file with the fonts restated, a cross-reference section for them and a trailer that chains to the old one. */
function amend(data: Uint8Array, fonts: Type3Font[], xref: Xref): Uint8Array {
	const chunks: Uint8Array[] = [data, latin('\n')];
	let at = data.length + 1;
	const offsets: { num: number; gen: number; at: number }[] = [];
	for (const f of fonts) {
		offsets.push({ num: f.num, gen: f.gen, at });
		const parts = [latin(`${f.num} ${f.gen} obj\n`), data.subarray(f.dict[0], f.charProcs[0]), latin('<<>>'), data.subarray(f.charProcs[1], f.dict[1]), latin('\nendobj\n')];
		for (const p of parts) {
			chunks.push(p);
			at += p.length;
		}
	}
	offsets.sort((a, b) => a.num - b.num);
	let section = 'xref\n';
	for (const o of offsets) section += `${o.num} 1\n${String(o.at).padStart(10, '0')} ${String(o.gen).padStart(5, '0')} n \n`;
	const size = Math.max(Number(text(data, xref.trailer.get('Size'))) || 0, offsets[offsets.length - 1].num + 1);
	chunks.push(latin(section + `trailer\n<< /Size ${size}`));
	// The root, info and file identifier carried over byte for byte (an identifier may hold any bytes).
	for (const k of ['Root', 'Info', 'ID']) {
		const v = xref.trailer.get(k);
		if (v) chunks.push(latin(` /${k} `), data.subarray(...v));
	}
	chunks.push(latin(` /Prev ${xref.start} >>\nstartxref\n${at}\n%%EOF\n`));
	return concat(chunks);
}

interface Xref {
	/** The newest trailer's entries. */
	trailer: Map<string, Span>;
	/** Where the newest cross-reference section starts (the amendment's /Prev). */
	start: number;
	/** The wanted objects' newest entries (null: free). */
	offsets: Map<number, { at: number; gen: number } | null>;
}

/**
 * The file's classic cross-reference tables, newest first along /Prev; null for a cross-reference stream (its
 * objects may sit in object streams, which this does not read), an encrypted file or a table it cannot follow.
 */
function readXref(data: Uint8Array, wanted: Set<number>): Xref | null {
	const tailAt = Math.max(0, data.length - 2048);
	const tail = text(data, [tailAt, data.length]);
	const sx = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)(?![\s\S]*startxref)/.exec(tail);
	if (!sx) return null;
	const start = Number(sx[1]);
	const offsets = new Map<number, { at: number; gen: number } | null>();
	let trailer: Map<string, Span> | null = null;
	const visited = new Set<number>();
	for (let at: number | null = start; at !== null; ) {
		if (visited.has(at) || at >= data.length || visited.size > 64) return null;
		visited.add(at);
		if (!startsWith(data, at, XREF)) return null;
		const t = find(data, TRAILER, at);
		if (t < 0) return null;
		if (!readSubsections(data, skipSpace(data, at + XREF.length), t, wanted, offsets)) return null;
		const dictAt = skipSpace(data, t + TRAILER.length);
		const dict = readDict(data, dictAt);
		if (!dict || dict.entries.has('XRefStm')) return null;
		trailer ??= dict.entries;
		const prev = dict.entries.get('Prev');
		at = prev ? Number(text(data, prev)) : null;
		if (at !== null && !Number.isInteger(at)) return null;
	}
	if (!trailer || trailer.has('Encrypt') || !trailer.has('Root') || !trailer.has('Size')) return null;
	return { trailer, start, offsets };
}

/**
 * One table's subsections (`first count`, then 20-byte entries `oooooooooo ggggg n`): the wanted objects' entries,
 * newer tables read first keeping theirs. False unless every entry is well formed and every object it places is
 * where it says: a damaged table makes PDF.js rebuild the index from the file, which the view must not change.
 */
function readSubsections(data: Uint8Array, i: number, end: number, wanted: Set<number>, offsets: Map<number, { at: number; gen: number } | null>): boolean {
	while (i < end) {
		const head = /^(\d+)[ \t]+(\d+)[ \t]*(?:\r\n|\r|\n)/.exec(text(data, [i, Math.min(end, i + 32)]));
		if (!head) return false;
		const first = Number(head[1]);
		const n = Number(head[2]);
		const rows = i + head[0].length;
		if (rows + n * 20 > end) return false;
		for (let k = 0; k < n; k++) {
			const e = entry(data, rows + k * 20);
			if (!e) return false;
			const num = first + k;
			if (e.inUse && num > 0 && !isHeader(data, e.at, num, e.gen)) return false;
			if (wanted.has(num) && !offsets.has(num)) offsets.set(num, e.inUse ? { at: e.at, gen: e.gen } : null);
		}
		i = skipSpace(data, rows + n * 20);
	}
	return true;
}

/** The 20-byte entry at i: ten digits, a space, five digits, a space, n or f, then two end-of-line bytes. */
function entry(data: Uint8Array, i: number): { at: number; gen: number; inUse: boolean } | null {
	let at = 0;
	let gen = 0;
	for (let k = 0; k < 10; k++) {
		const c = data[i + k] - 0x30;
		if (c < 0 || c > 9) return null;
		at = at * 10 + c;
	}
	for (let k = 11; k < 16; k++) {
		const c = data[i + k] - 0x30;
		if (c < 0 || c > 9) return null;
		gen = gen * 10 + c;
	}
	const kind = data[i + 17];
	const eol = (c: number) => c === 0x20 || c === 0x0d || c === 0x0a;
	if (data[i + 10] !== 0x20 || data[i + 16] !== 0x20 || (kind !== 0x6e && kind !== 0x66) || !eol(data[i + 18]) || !eol(data[i + 19])) return null;
	return { at, gen, inUse: kind === 0x6e };
}

/** Whether `num gen obj` starts at i. */
function isHeader(data: Uint8Array, i: number, num: number, gen: number): boolean {
	const digits = (v: number) => {
		const t = String(v);
		for (let k = 0; k < t.length; k++) if (data[i + k] !== t.charCodeAt(k)) return false;
		i += t.length;
		return CLASS[data[i]] === 1;
	};
	if (!digits(num)) return false;
	i = skipSpace(data, i);
	if (!digits(gen)) return false;
	i = skipSpace(data, i);
	return startsWith(data, i, OBJ) && CLASS[data[i + 3]] !== 0;
}

/** The nearest `num gen obj` before position i, within a font dictionary's reach (so a file of many matches stays linear). */
function headerBefore(data: Uint8Array, i: number): { num: number; gen: number; at: number; end: number } | null {
	for (let j = i - 3, stop = Math.max(0, i - 65536); j > stop; j--) {
		if (data[j] !== 0x6f || data[j + 1] !== 0x62 || data[j + 2] !== 0x6a) continue; // obj
		if (CLASS[data[j - 1]] !== 1 || (j + 3 < data.length && CLASS[data[j + 3]] === 0)) continue;
		const base = Math.max(0, j - 40);
		const m = /(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+$/.exec(text(data, [base, j]));
		const at = base + (m?.index ?? 0);
		if (!m || (at > 0 && data[at - 1] >= 0x30 && data[at - 1] <= 0x39)) return null;
		return { num: Number(m[1]), gen: Number(m[2]), at, end: j + 3 };
	}
	return null;
}

/** /FontBBox and /FontMatrix stated directly, the box non-empty and a fifth of an em to five ems tall. */
function plausibleBox(data: Uint8Array, entries: Map<string, Span>): boolean {
	const box = numbers(data, entries.get('FontBBox'));
	const m = numbers(data, entries.get('FontMatrix'));
	if (box?.length !== 4 || m?.length !== 6) return false;
	const w = Math.abs(box[2] - box[0]);
	const h = Math.abs(box[3] - box[1]);
	if (!(w > 0 && h > 0)) return false;
	// The box's height in text space (ems): its glyph-space height through the matrix's y column.
	const em = h * Math.hypot(m[2], m[3]);
	return em >= 0.2 && em <= 5;
}

function numbers(data: Uint8Array, span: Span | undefined): number[] | null {
	const v = text(data, span).trim();
	if (!v.startsWith('[') || !v.endsWith(']')) return null;
	const parts = v.slice(1, -1).trim().split(/[ \t\r\n\f\0]+/);
	return parts.every((p) => /^[+-]?(\d+\.?\d*|\.\d+)$/.test(p)) ? parts.map(Number) : null;
}

const TYPE3 = latin('/Type3');
const ENDOBJ = latin('endobj');
const OBJ = latin('obj');
const XREF = latin('xref');
const TRAILER = latin('trailer');
