/**
 * A report written straight to PDF the way WPS and Word export it, with the traits LibreOffice and Chromium
 * output lack: every glyph shown by its own operation at its own position (or lines as TJ arrays with
 * kerning), a CID font with Identity-H codes and a ToUnicode map (where fonts send glyphs to Kangxi radicals,
 * compatibility ideographs, or to private-use code points when a glyph is not mapped), cell borders as thin
 * filled rectangles or per-cell stroked segments, double outer borders, a running page header with its rule,
 * footers `- 3 -` / `— 3 —` / `第 3 页 共 5 页`, rows broken across pages inside a wrapped label (Word's
 * "allow row to break across pages"), a header repeated or not, merged labels stacked one character per line,
 * cells centred vertically or set at the top or bottom, table 三 on a landscape page (wide MediaBox or a turned
 * page with /Rotate), letter-spaced headings, text in traditional characters (a converted copy), fake bold (each
 * glyph or line drawn twice a third of a point apart, as WPS does for a font without a bold face).
 * Pure: bytes from a generated document and its seeded traits; no LibreOffice, no browser. The font is not
 * embedded (PDF.js reads the text layer through the ToUnicode map; glyphs render with a fallback font).
 */
import * as OpenCC from 'opencc-js';
import { SPLIT } from './faults.ts';
import type { GeneratedDoc } from './generate.ts';
import type { Grid } from './grid.ts';
import { SECTION } from './layout.ts';
import { createRng, streamSeed } from './prng.ts';

export interface PdfOfficeStyle {
	/** How text is shown: one Tj per glyph at its own Tm (WPS), or one TJ array per line with kerning (Word). */
	glyphs: 'each' | 'tj-array';
	/** Cell borders: thin filled rectangles per cell side, stroked segments per cell, or those with a double outer border. */
	borders: 'filled' | 'segments' | 'double';
	/** Rows may break across pages (Word's default), cutting a wrapped label; else a row moves whole. */
	splitRows: boolean;
	/** Table header rows repeated on each page the table runs onto. */
	repeatHeader: boolean;
	/** Running header text (the body's name) with a rule under it on every page. */
	pageHeader: boolean;
	footer: 'dash' | 'emdash' | 'page-of' | 'none';
	/** Merged labels (rowspan ≥ 3) stacked one character per line. */
	verticalLabels: boolean;
	/** Where a cell's lines sit when the row is taller: values on the first, middle or last line of a wrapped label. */
	valign: 'top' | 'center' | 'bottom';
	/** Table 三 on a page of its own turned to landscape: a wide MediaBox, or portrait paper with /Rotate 90. */
	landscapeT3: 'none' | 'wide' | 'rotate';
	/** The font maps some glyphs to Kangxi radicals / compatibility ideographs (⾏ for 行). */
	radicals: boolean;
	/** One label character's glyph has no Unicode mapping (a private-use code point in the text layer). */
	unmapped: boolean;
	/** The whole text converted to traditional characters (a mirror or converter's copy). */
	traditional: boolean;
	/** Body text size in points; the label column narrow enough that labels wrap to two or three lines. */
	bodySize: number;
	/** Bold faked by drawing each glyph twice, the second a fraction of a point to the right (header rows, totals, title). */
	fakeBold: boolean;
}

export function pdfOfficeStyle(doc: GeneratedDoc): PdfOfficeStyle {
	const r = createRng(streamSeed(doc.truth.seed, 'pdf-office', doc.file));
	return {
		glyphs: r.chance(0.6) ? 'each' : 'tj-array',
		borders: r.chance(0.45) ? 'filled' : r.chance(0.6) ? 'segments' : 'double',
		splitRows: r.chance(0.7),
		repeatHeader: r.chance(0.4),
		pageHeader: r.chance(0.4),
		footer: r.chance(0.35) ? 'dash' : r.chance(0.35) ? 'emdash' : r.chance(0.7) ? 'page-of' : 'none',
		verticalLabels: r.chance(0.5),
		valign: r.chance(0.6) ? 'center' : r.chance(0.5) ? 'top' : 'bottom',
		landscapeT3: r.chance(0.2) ? 'wide' : r.chance(0.15) ? 'rotate' : 'none',
		radicals: r.chance(0.4),
		unmapped: r.chance(0.1),
		traditional: r.chance(0.1),
		bodySize: [16, 14, 12][r.int(0, 2)],
		fakeBold: r.chance(0.3)
	};
}

/** Characters a CJK font sends to Kangxi radicals or compatibility ideographs (the ones the tables print). */
const RADICAL_OF: Record<string, string> = { 行: '\u2f8f', 一: '\u2f00', 文: '\u2f42', 不: '\uf967', 理: '\uf9e4', 人: '\u2f08', 用: '\u2f64', 长: '\u2ed3', 门: '\u2ed4', 见: '\u2ec5', 页: '\u2eda' };
/** The label character whose glyph is left unmapped when the style says so (in table 三's 1.本机关不掌握相关政府信息). */
const UNMAPPED_CHAR = '掌';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 72, bottom: 72, left: 70, right: 70 };
const TABLE_SIZE = 10.5;
const PAD_X = 5;
const PAD_Y = 3;

interface Glyph {
	ch: string;
	x: number;
	y: number;
	size: number;
	/** Drawn a second time 0.3 pt to the right (fake bold). */
	bold?: boolean;
}
interface Seg {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}
interface Page {
	w: number;
	h: number;
	rotate: boolean;
	glyphs: Glyph[];
	lines: Glyph[][];
	segs: Seg[];
}

const isWide = (c: string) => c.charCodeAt(0) > 0x2e7f;
const advance = (c: string, size: number) => (isWide(c) ? size : size * 0.5);

/** Breaks text into lines no wider than `width` (ASCII runs such as numbers never broken). */
function wrap(text: string, size: number, width: number): string[] {
	const out: string[] = [];
	for (const para of text.split('\n')) {
		const units = para.match(/[\x21-\x7e]+|./gu) ?? [];
		let line = '';
		let w = 0;
		for (const u of units) {
			const uw = [...u].reduce((a, c) => a + advance(c, size), 0);
			if (w + uw > width && line !== '') {
				out.push(line);
				line = '';
				w = 0;
			}
			if (line === '' && u === ' ') continue;
			line += u;
			w += uw;
		}
		out.push(line);
	}
	return out;
}

class Writer {
	pages: Page[] = [];
	page!: Page;
	y = 0;
	private st: PdfOfficeStyle;
	private header: string;
	constructor(st: PdfOfficeStyle, header: string) {
		this.st = st;
		this.header = header;
		this.newPage();
	}
	kind: 'portrait' | 'wide' | 'rotate' = 'portrait';
	/** A new page; by default of the same kind as the last (a landscape section runs on in landscape). */
	newPage(kind = this.kind): void {
		this.kind = kind;
		const [w, h] = kind === 'portrait' ? A4 : [A4[1], A4[0]];
		this.page = { w, h, rotate: kind === 'rotate', glyphs: [], lines: [], segs: [] };
		this.pages.push(this.page);
		this.y = h - MARGIN.top;
		if (this.st.pageHeader) {
			this.textLine(this.header, MARGIN.left, h - 50, 9);
			this.page.segs.push({ x0: MARGIN.left, y0: h - 56, x1: w - MARGIN.right, y1: h - 56 });
		}
	}
	get width(): number {
		return this.page.w - MARGIN.left - MARGIN.right;
	}
	get bottom(): number {
		return MARGIN.bottom;
	}
	/** One line of glyphs with its baseline at y; `spread` letter-spaces it to fill `spreadTo` points. */
	textLine(s: string, x: number, y: number, size: number, spreadTo = 0, bold = false): void {
		const chars = [...s];
		const natural = chars.reduce((a, c) => a + advance(c, size), 0);
		const extra = spreadTo > natural && chars.length > 1 ? (spreadTo - natural) / (chars.length - 1) : 0;
		const line: Glyph[] = [];
		for (const ch of chars) {
			if (ch !== ' ') line.push({ ch, x, y, size, bold });
			x += advance(ch, size) + extra;
		}
		this.page.lines.push(line);
	}
	paragraph(s: string, size: number, opts: { center?: boolean; right?: boolean; indent?: boolean; spread?: boolean; bold?: boolean } = {}): void {
		const lh = size * 1.5;
		const indent = opts.indent === false || opts.center || opts.right ? 0 : size * 2;
		const lines = wrap(s, size, this.width - indent);
		lines.forEach((l, k) => {
			if (this.y - lh < this.bottom) this.newPage();
			this.y -= lh;
			const w = [...l].reduce((a, c) => a + advance(c, size), 0);
			const x = opts.center ? MARGIN.left + (this.width - w) / 2 : opts.right ? MARGIN.left + this.width - w : MARGIN.left + (k === 0 ? indent : 0);
			this.textLine(l, opts.spread && opts.center ? MARGIN.left + this.width * 0.15 : x, this.y + lh * 0.3, size, opts.spread && opts.center ? this.width * 0.7 : 0, opts.bold && this.st.fakeBold);
		});
	}
}

/** One laid-out grid cell: its columns and rows, its lines of text. */
interface LCell {
	col: number;
	cols: number;
	row: number;
	rows: number;
	lines: string[];
	value: boolean;
	vertical: boolean;
	bold: boolean;
}

function layoutCells(g: Grid, widths: number[], st: PdfOfficeStyle, headerRows: number): LCell[] {
	const out: LCell[] = [];
	// Columns as HTML places them: each cell at the first column no merged cell from above still covers
	// (the grid's placeholders mark a continuing merge, not its width).
	const taken = new Set<string>();
	g.forEach((row, ri) => {
		let col = 0;
		for (const c of row) {
			if (c.cont) continue;
			while (taken.has(`${ri},${col}`)) col++;
			const span = c.colspan ?? 1;
			const rows = c.rowspan ?? 1;
			for (let r = ri; r < ri + rows; r++) for (let k = col; k < col + span; k++) taken.add(`${r},${k}`);
			const vertical = st.verticalLabels && !c.value && rows >= 3 && ri >= 3;
			const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0) - 2 * PAD_X;
			const text = c.text.replace(SPLIT, '').replace(/\u00a0/g, ' ');
			const lines = vertical ? [...text.replace(/\s/g, '')] : wrap(text, TABLE_SIZE, w);
			// Header rows and the total rows are set bold (faked where the font has no bold face).
			const bold = st.fakeBold && (ri < headerRows || /总计|合计|總計/.test(row.map((x) => x.text).join('')));
			out.push({ col, cols: span, row: ri, rows, lines, value: !!c.value, vertical, bold });
			col += span;
		}
	});
	return out;
}

/**
 * Draws a grid: row heights from the tallest single-row cell (merged cells grow their last row), then rows
 * placed down the page; a row that does not fit is cut between two lines of text (split rows) or moved whole.
 * Merged cells' lines are placed along the whole merged height, each on the page its row part landed on.
 */
function drawTable(w: Writer, g: Grid, widthsPt: (total: number) => number[], st: PdfOfficeStyle, headerRows: number): void {
	const widths = widthsPt(w.width);
	const xs = widths.reduce((a, x) => [...a, a[a.length - 1] + x], [MARGIN.left]);
	const cells = layoutCells(g, widths, st, headerRows || (g.length <= 4 ? g.length - 1 : 0));
	const lh = TABLE_SIZE * 1.3;
	const need = (c: LCell) => c.lines.length * lh + 2 * PAD_Y;
	const heights = g.map((_, r) => Math.max(lh + 2 * PAD_Y, ...cells.filter((c) => c.row === r && c.rows === 1).map(need)));
	for (const c of cells.filter((x) => x.rows > 1)) {
		const have = heights.slice(c.row, c.row + c.rows).reduce((a, b) => a + b, 0);
		if (need(c) > have) heights[c.row + c.rows - 1] += need(c) - have;
	}
	// Row parts: [row, page, top y on the page, from, to] (from/to: offsets within the row's own height).
	// `rep` counts a header row's repetitions on later pages (0: where it first stands).
	type Part = { row: number; page: Page; top: number; from: number; to: number; rep: number };
	let reps = 0;
	const parts: Part[] = [];
	const place = (r: number) => {
		let from = 0;
		while (from < heights[r] - 0.01) {
			const room = w.y - w.bottom;
			const rest = heights[r] - from;
			if (rest <= room) {
				parts.push({ row: r, page: w.page, top: w.y, from, to: heights[r], rep: 0 });
				w.y -= rest;
				return;
			}
			// Cut between two lines of text, or move the row whole (kept together, or too little room for a line).
			const cut = st.splitRows ? Math.floor((room - PAD_Y) / lh) * lh + PAD_Y : 0;
			if (cut > PAD_Y + lh / 2 && from === 0 && heights[r] > lh * 1.5 + 2 * PAD_Y) {
				parts.push({ row: r, page: w.page, top: w.y, from, to: from + cut, rep: 0 });
				from += cut;
			}
			w.newPage();
			if (st.repeatHeader && headerRows > 0 && r >= headerRows) {
				reps++;
				for (let h = 0; h < headerRows; h++) {
					parts.push({ row: h, page: w.page, top: w.y, from: 0, to: heights[h], rep: reps });
					w.y -= heights[h];
				}
			}
		}
	};
	for (let r = 0; r < g.length; r++) place(r);

	// Where an offset inside a merged cell's rows lands: the part holding it, and the y there.
	const at = (r: number, off: number, rep: number): { part: Part; y: number } | null => {
		for (let k = r; off >= 0 && k < heights.length; k++) {
			if (off < heights[k]) {
				const p = parts.find((q) => q.row === k && q.rep === rep && off >= q.from - 0.01 && off < q.to + 0.01);
				return p ? { part: p, y: p.top - (off - p.from) } : null;
			}
			off -= heights[k];
		}
		return null;
	};
	for (const c of cells) {
		const total = heights.slice(c.row, c.row + c.rows).reduce((a, b) => a + b, 0);
		const textH = c.lines.length * lh;
		const start = st.valign === 'top' ? PAD_Y : st.valign === 'bottom' ? total - PAD_Y - textH : (total - textH) / 2;
		const x0 = xs[c.col];
		const x1 = xs[c.col + c.cols];
		// A header cell is drawn again wherever the header was repeated.
		const instances = c.row + c.rows <= headerRows ? [...new Set(parts.map((q) => q.rep))] : [0];
		for (const rep of instances) {
			c.lines.forEach((line, k) => {
				const a = at(c.row, start + k * lh + lh * 0.5, rep);
				if (!a) return;
				const size = TABLE_SIZE;
				const lw = [...line].reduce((s, ch) => s + advance(ch, size), 0);
				const x = c.value || c.vertical ? (x0 + x1 - lw) / 2 : x0 + PAD_X;
				const saved = w.page;
				w.page = a.part.page;
				w.textLine(line, x, a.y - size * 0.35, size, 0, c.bold);
				w.page = saved;
			});
			// Borders: each part of the cell on each page, as its own rectangle's sides.
			const mine = parts.filter((p) => p.rep === rep && p.row >= c.row && p.row < c.row + c.rows);
			const byPage = new Map<Page, Part[]>();
			for (const p of mine) (byPage.get(p.page) ?? byPage.set(p.page, []).get(p.page)!).push(p);
			for (const [page, ps] of byPage) {
				const top = Math.max(...ps.map((p) => p.top));
				const bottom = Math.min(...ps.map((p) => p.top - (p.to - p.from)));
				page.segs.push({ x0, y0: top, x1, y1: top }, { x0, y0: bottom, x1, y1: bottom }, { x0, y0: bottom, x1: x0, y1: top }, { x0: x1, y0: bottom, x1, y1: top });
			}
		}
	}
	if (st.borders === 'double') {
		// Word's double outer border: a second frame 1.5 pt outside the first on every page the table is on.
		const pages = new Set(parts.map((p) => p.page));
		for (const page of pages) {
			const ps = parts.filter((p) => p.page === page);
			const top = Math.max(...ps.map((p) => p.top)) + 1.5;
			const bottom = Math.min(...ps.map((p) => p.top - (p.to - p.from))) - 1.5;
			const [l, r] = [xs[0] - 1.5, xs[xs.length - 1] + 1.5];
			page.segs.push({ x0: l, y0: top, x1: r, y1: top }, { x0: l, y0: bottom, x1: r, y1: bottom }, { x0: l, y0: bottom, x1: l, y1: top }, { x0: r, y0: bottom, x1: r, y1: top });
		}
	}
	w.y -= 6;
}

const share = (ws: number[]) => (total: number) => {
	const s = ws.reduce((a, b) => a + b, 0);
	return ws.map((x) => (x / s) * total);
};
function widthsOf(g: Grid, which: 't2' | 't3' | 't4'): number[] {
	const cols = g[g.length - 1].reduce((n, c) => n + (c.colspan ?? 1), 0);
	if (which === 't3') return [640, 1000, 2560, ...Array(cols - 3).fill(Math.floor(4800 / (cols - 3)))];
	if (which === 't2') return [2800, ...Array(cols - 1).fill(Math.floor(6200 / (cols - 1)))];
	return Array(cols).fill(1);
}

/** The report as a WPS/Word-style PDF. */
export function renderPdfOffice(doc: GeneratedDoc, st: PdfOfficeStyle): Uint8Array {
	const conv: (s: string) => string = st.traditional ? OpenCC.Converter({ from: 'cn', to: 'tw' }) : (s: string) => s;
	const { prose: p0, tables, signed } = doc.parts;
	const p = { ...p0, title: conv(p0.title), preface: conv(p0.preface), overview: p0.overview.map(conv), beforeTable2: p0.beforeTable2.map(conv), problems: p0.problems.map(conv), other: p0.other.map(conv) };
	const grid = (g: Grid): Grid => g.map((row) => row.map((c) => ({ ...c, text: conv(c.text) })));
	const w = new Writer(st, conv(doc.truth.org));
	const size = st.bodySize;
	const heading = (s: string) => w.paragraph(conv(s), size, { indent: true });
	w.paragraph(p.title, 20, { center: true, spread: p.title.length <= 18, bold: true });
	w.paragraph(p.preface, size);
	heading(SECTION.one);
	p.overview.forEach((x) => w.paragraph(x, size));
	heading(SECTION.two);
	p.beforeTable2.forEach((x) => w.paragraph(x, size));
	drawTable(w, grid(tables.t2), share(widthsOf(tables.t2, 't2')), st, 0);
	heading(SECTION.three);
	if (st.landscapeT3 !== 'none') w.newPage(st.landscapeT3);
	drawTable(w, grid(tables.t3), share(widthsOf(tables.t3, 't3')), st, 3);
	if (st.landscapeT3 !== 'none') w.newPage('portrait');
	heading(SECTION.four);
	drawTable(w, grid(tables.t4), share(widthsOf(tables.t4, 't4')), st, 0);
	heading(SECTION.five);
	p.problems.forEach((x) => w.paragraph(x, size));
	heading(SECTION.six);
	p.other.forEach((x) => w.paragraph(x, size));
	for (const line of conv(signed).split('\n')) w.paragraph(line, size, { right: true });
	const n = w.pages.length;
	w.pages.forEach((page, k) => {
		const text = st.footer === 'dash' ? `- ${k + 1} -` : st.footer === 'emdash' ? `— ${k + 1} —` : st.footer === 'page-of' ? `第 ${k + 1} 页 共 ${n} 页` : '';
		if (!text) return;
		const tw = [...text].reduce((a, c) => a + advance(c, 10.5), 0);
		const saved = w.page;
		w.page = page;
		w.textLine(text, (page.w - tw) / 2, 40, 10.5);
		w.page = saved;
	});
	return encode(w.pages, st);
}

// ---- bytes -------------------------------------------------------------------------------------------------

const enc = new TextEncoder();
const f2 = (x: number) => (Math.round(x * 100) / 100).toString();

function encode(pages: Page[], st: PdfOfficeStyle): Uint8Array {
	// Glyph codes: one per distinct character, in order of first use (a subset font's CIDs).
	const codes = new Map<string, number>();
	for (const pg of pages) for (const l of pg.lines) for (const g of l) if (!codes.has(g.ch)) codes.set(g.ch, codes.size + 1);
	const hex = (ch: string) => codes.get(ch)!.toString(16).padStart(4, '0');
	const unicodeOf = (ch: string, k: number) => {
		if (st.unmapped && ch === UNMAPPED_CHAR) return 0xe000 + k;
		if (st.radicals && RADICAL_OF[ch]) return RADICAL_OF[ch].codePointAt(0)!;
		return ch.codePointAt(0)!;
	};
	const cmapLines = [...codes].map(([ch, code], k) => {
		const u = unicodeOf(ch, k);
		const uhex = u > 0xffff ? String.fromCharCode(...[0xd800 + ((u - 0x10000) >> 10), 0xdc00 + ((u - 0x10000) & 0x3ff)]).split('').map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('') : u.toString(16).padStart(4, '0');
		return `<${code.toString(16).padStart(4, '0')}> <${uhex}>`;
	});
	const chunks: string[] = [];
	for (let k = 0; k < cmapLines.length; k += 100) chunks.push(`${Math.min(100, cmapLines.length - k)} beginbfchar\n${cmapLines.slice(k, k + 100).join('\n')}\nendbfchar`);
	const toUnicode = `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${chunks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
	const narrow = [...codes].filter(([ch]) => !isWide(ch)).map(([, code]) => `${code} [500]`).join(' ');

	const objs: string[] = [];
	const add = (s: string) => (objs.push(s), objs.length);
	const catalog = add('');
	const pagesId = add('');
	const tu = add(streamObj('', toUnicode));
	const desc = add('<< /Type /FontDescriptor /FontName /AAAAAB+FangSong_GB2312 /Flags 4 /FontBBox [0 -140 1000 860] /ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>');
	const cid = add(`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAB+FangSong_GB2312 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${desc} 0 R /DW 1000 /W [${narrow}] /CIDToGIDMap /Identity >>`);
	const font = add(`<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAB+FangSong_GB2312 /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${tu} 0 R >>`);
	const kids: number[] = [];
	for (const pg of pages) {
		const ops: string[] = [];
		// Landscape content on portrait paper: drawn turned a quarter, shown turned back by /Rotate 90.
		const [mw, mh] = pg.rotate ? [pg.h, pg.w] : [pg.w, pg.h];
		if (pg.rotate) ops.push(`q 0 1 -1 0 ${f2(mw)} 0 cm`);
		ops.push('0 g 0.5 w');
		for (const s of pg.segs) {
			if (st.borders === 'filled') {
				// A thin filled rectangle along the side (Word and WPS draw borders so).
				const x = Math.min(s.x0, s.x1) - 0.25;
				const y = Math.min(s.y0, s.y1) - 0.25;
				ops.push(`${f2(x)} ${f2(y)} ${f2(Math.abs(s.x1 - s.x0) + 0.5)} ${f2(Math.abs(s.y1 - s.y0) + 0.5)} re f`);
			} else ops.push(`${f2(s.x0)} ${f2(s.y0)} m ${f2(s.x1)} ${f2(s.y1)} l S`);
		}
		for (const line of pg.lines) {
			if (line.length === 0) continue;
			const size = line[0].size;
			if (st.glyphs === 'each') {
				ops.push(`BT /F1 ${f2(size)} Tf`);
				for (const g of line) {
					ops.push(`1 0 0 1 ${f2(g.x)} ${f2(g.y)} Tm <${hex(g.ch)}> Tj`);
					if (g.bold) ops.push(`1 0 0 1 ${f2(g.x + 0.3)} ${f2(g.y)} Tm <${hex(g.ch)}> Tj`);
				}
				ops.push('ET');
			} else {
				// One TJ array: each gap beyond the glyph's advance written as a kerning number (thousandths of an em).
				const parts: string[] = [];
				for (let k = 0; k < line.length; k++) {
					const g = line[k];
					parts.push(`<${hex(g.ch)}>`);
					const next = line[k + 1];
					if (next) {
						const gap = next.x - (g.x + advance(g.ch, size));
						if (Math.abs(gap) > 0.01) parts.push(f2((-gap / size) * 1000));
					}
				}
				ops.push(`BT /F1 ${f2(size)} Tf 1 0 0 1 ${f2(line[0].x)} ${f2(line[0].y)} Tm [${parts.join(' ')}] TJ ET`);
				// Fake bold: the whole line again, 0.3 pt to the right.
				if (line[0].bold) ops.push(`BT /F1 ${f2(size)} Tf 1 0 0 1 ${f2(line[0].x + 0.3)} ${f2(line[0].y)} Tm [${parts.join(' ')}] TJ ET`);
			}
		}
		if (pg.rotate) ops.push('Q');
		const content = add(streamObj('', ops.join('\n')));
		kids.push(add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${f2(mw)} ${f2(mh)}]${pg.rotate ? ' /Rotate 90' : ''} /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
	}
	objs[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
	objs[pagesId - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
	return assemblePdf(objs);
}

function streamObj(dict: string, data: string): string {
	return `<< ${dict} /Length ${enc.encode(data).length} >>\nstream\n${data}\nendstream`;
}

/** Objects → a PDF file with a correct cross-reference table (offsets in bytes of the UTF-8 encoded objects). */
function assemblePdf(objs: string[]): Uint8Array {
	const parts: Uint8Array[] = [enc.encode('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n')];
	let pos = parts[0].length;
	const offsets: number[] = [];
	objs.forEach((o, k) => {
		offsets.push(pos);
		const b = enc.encode(`${k + 1} 0 obj\n${o}\nendobj\n`);
		parts.push(b);
		pos += b.length;
	});
	const xref = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	parts.push(enc.encode(`${xref}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info << /Producer (WPS Writer-like nianbao synth) >> >>\nstartxref\n${pos}\n%%EOF\n`));
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) (out.set(p, at), (at += p.length));
	return out;
}
