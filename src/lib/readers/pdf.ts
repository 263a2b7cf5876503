/**
 * PDF reader: a report PDF (Word, WPS or LibreOffice export, or a browser's print) → the parser's token
 * stream with each token's page and box. Ruled tables are rebuilt from their rules (pdf-table.ts) and
 * emitted row by row, a merged cell once at its first row, a blank cell as an empty token — the shape the
 * HTML reader gives, so one table parser serves both. Tables that run over pages are stitched (a repeated
 * header dropped, a row or merged label split by the page break joined), page numbers and running
 * headers dropped, prose lines joined into paragraphs. A table drawn without rules gets its columns from
 * x-alignment where the evidence holds (pdf-columns.ts), else one token per column chunk. Scanned pages,
 * encrypted and damaged files are reported, never read as zeros.
 *
 * The PDF.js module is passed in (Node's legacy build or the browser's worker build), so this file has no
 * Node imports.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { matchRow, T2_LABELS, T3_LABELS } from '../parser/labels.ts';
import { norm } from '../parser/normalize.ts';
import type { Token } from '../parser/tokens.ts';
import { ReaderError } from './errors.ts';
import { portPair } from './pdf-port.ts';
import { readPageGeometry, type PageGeometry, type PdfOps, type Run } from './pdf-page.ts';
import { alignColumns, type AlignedRow } from './pdf-columns.ts';
import { withoutType3GlyphPrograms } from './pdf-type3.ts';
import { cellText, findTables, joinRuns, lineText, orderLines, placeRuns, type Table, type TableCell } from './pdf-table.ts';
import type { ReaderOutput } from './types.ts';

export interface PdfLib {
	getDocument(src: { data: Uint8Array } & PdfOpenOptions & Record<string, unknown>): { promise: Promise<PDFDocumentProxy>; destroy(): Promise<void> };
	OPS: PdfOps;
	/** PDF.js's API-side worker handle: given a port, it talks to worker code over it. */
	PDFWorker?: { create(params: { port: unknown; verbosity?: number }): { destroy(): void } };
	/**
	 * PDF.js's worker code, when it runs in this thread (Node's legacy build; the browser's report worker sets it
	 * as `globalThis.pdfjsWorker`, where it is found when this is absent).
	 */
	WorkerMessageHandler?: WorkerCode;
	/** PDF.js's normalisation of text items: with it, each page's text is rebuilt from its operator list (pdf-text.ts). */
	normalizeUnicode?: (s: string) => string;
}
interface WorkerCode {
	initializeFromPort(port: unknown): void;
}

/** Where PDF.js finds its CJK CMaps and standard fonts (a folder path in Node, a URL in the browser). */
export interface PdfOpenOptions {
	cMapUrl?: string;
	cMapPacked?: boolean;
	standardFontDataUrl?: string;
	disableFontFace?: boolean;
	/** The image decoders' wasm (browser). */
	wasmUrl?: string;
	/** Fetch the files above in PDF.js's own code (a browser worker has no `document` for PDF.js to decide it). */
	useWorkerFetch?: boolean;
}

/** Token with where it sits on the page. */
export type Box = [number, number, number, number];

interface OutCell {
	text: string;
	page: number;
	box: Box;
	/** Spans rows below (a merged cell); a page break may split it. */
	multiRow: boolean;
	col: number;
	colspan: number;
}
type Block = { kind: 'table'; rows: OutCell[][]; xs: number[]; page: number; bottom: number; endsPage: boolean } | { kind: 'line'; text: string; page: number; box: Box; size: number; chunks: { text: string; box: Box }[]; pieces: { text: string; box: Box }[]; aligned?: AlignedRow };

const PAGE_NO = /^(?:[-—–－―~·•\s]*[0-9０-９]{1,4}[-—–－―~·•\s]*|第\s*[0-9０-９]+\s*页(?:\s*[，,/]?\s*共\s*[0-9０-９]+\s*页)?|共\s*[0-9０-９]+\s*页\s*第\s*[0-9０-９]+\s*页|[0-9]+\s*\/\s*[0-9]+|page\s*\d+(?:\s*of\s*\d+)?)$/i;
const HEADING = /^[\s\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/;
const NUMERIC = /^[\s\-+]*[0-9０-９][0-9０-９,，.．\s]*(?:万元|元|%)?$/;

/**
 * How pages are read: `onePass` (the default) rebuilds each page's text layer from the operator list read for
 * its rules (pdf-text.ts), falling back to PDF.js's getTextContent for a page it cannot follow; false asks PDF.js
 * for every page's text (two passes: the specs compare the two). `counts` tallies the pages read each way.
 */
export interface PdfReadMode {
	onePass?: boolean;
	/** Read the file as it is, Type 3 glyph programs and all (pdf-type3.ts; the specs compare the two). */
	keepGlyphPrograms?: boolean;
	counts?: { ops: number; pdfjs: number };
}

export async function readPdf(data: Uint8Array, lib: PdfLib, options: PdfOpenOptions = {}, mode: PdfReadMode = {}): Promise<ReaderOutput> {
	const warnings: string[] = [];
	if (!hasEof(data)) warnings.push('the PDF file looks truncated (no end-of-file marker): pages or text may be missing');
	const worker = sameThreadWorker(lib);
	// One pass needs the glyphs as PDF.js's worker made them (shared over the reader's own port, not copied) and
	// each font's name (sent with fontExtraProperties), which getTextContent compares when the font changes.
	const onePass = mode.onePass !== false && !!worker && typeof lib.normalizeUnicode === 'function';
	const source = { normalizeUnicode: onePass ? lib.normalizeUnicode : undefined, counts: mode.counts };
	const open = (bytes: Uint8Array) => lib.getDocument({ data: bytes, verbosity: 0, isEvalSupported: false, stopAtErrors: false, fontExtraProperties: onePass, ...options, ...(worker ? { worker } : {}) });
	const view = mode.keepGlyphPrograms ? null : withoutType3GlyphPrograms(data);
	let task = open(view ?? data.slice());
	let doc: PDFDocumentProxy;
	try {
		doc = await task.promise.catch(async (e) => {
			if (!view) throw e;
			// The view is the file plus an amendment: if PDF.js cannot open it, the file itself is opened (and its
			// own error, if any, is the one reported).
			await task.destroy().catch(() => {});
			task = open(data.slice());
			return task.promise;
		});
	} catch (e) {
		await task.destroy().catch(() => {});
		worker?.destroy();
		const err = e as Error;
		if (err.name === 'PasswordException') throw new ReaderError('encrypted', 'the PDF is password-protected: open it with its password and save or print an unprotected copy');
		throw new ReaderError('damaged', `the PDF is damaged or not a PDF (${err.message}): download it again or re-export it`);
	}
	skipFontFaces(doc);
	try {
		const pages: (PageGeometry | null)[] = [];
		for (let p = 1; p <= doc.numPages; p++) {
			try {
				const page = await doc.getPage(p);
				pages.push(await readPageGeometry(page, lib.OPS, source));
				page.cleanup();
			} catch (e) {
				pages.push(null);
				warnings.push(`page ${p} could not be read (${(e as Error).message}); its text is missing`);
			}
		}
		return assemble(pages, warnings);
	} finally {
		await task.destroy().catch(() => {});
		worker?.destroy();
	}
}

/**
 * PDF.js's worker code run in this thread over a port that hands operator lists and text over without copying
 * them (pdf-port.ts); undefined where that code is not at hand (then PDF.js sets up its own channel).
 */
function sameThreadWorker(lib: PdfLib): { destroy(): void } | undefined {
	const code = lib.WorkerMessageHandler ?? (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: WorkerCode } }).pdfjsWorker?.WorkerMessageHandler;
	if (!lib.PDFWorker || typeof code?.initializeFromPort !== 'function') return undefined;
	const [api, workerSide] = portPair();
	code.initializeFromPort(workerSide);
	return lib.PDFWorker.create({ port: api, verbosity: 0 });
}

/**
 * The reader needs each glyph's character and width, never its shape. PDF.js hands every embedded font to its
 * font loader to install as a font face; where no document can take one (Node, the browser's report worker) the
 * loader fails and PDF.js asks its worker for the outline of every glyph of the font instead (FontFallback):
 * a third of the CPU of reading a LibreOffice export (README, Reading speed). Here binding a font does nothing,
 * so no outline is built; the text and operator lists do not depend on it. Returns whether it could (the loader
 * is PDF.js's own object: a version that moves it only makes reading slower, and a test says so).
 */
export function skipFontFaces(doc: PDFDocumentProxy): boolean {
	const loader = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
	if (typeof loader?.bind !== 'function') return false;
	loader.bind = async (font: { attached?: boolean }) => {
		font.attached = true;
	};
	return true;
}

function hasEof(data: Uint8Array): boolean {
	const tail = new TextDecoder('latin1').decode(data.subarray(Math.max(0, data.length - 2048)));
	return tail.includes('%%EOF');
}

const pageList = (ps: number[]) => ps.join(', ');
const pagesAre = (ps: number[]) => (ps.length === 1 ? `page ${ps[0]} is` : `pages ${pageList(ps)} are`);

function assemble(pages: (PageGeometry | null)[], warnings: string[]): ReaderOutput {
	const scanned: number[] = [];
	const empty: number[] = [];
	pages.forEach((g, k) => {
		if (!g || g.runs.length > 0) return;
		(g.imageCover > 0.2 ? scanned : empty).push(k + 1);
	});
	const read = pages.filter((g) => g && g.runs.length > 0).length;
	if (read === 0) {
		if (scanned.length) throw new ReaderError('scanned', `scanned — needs OCR: no page has a text layer; ${pagesAre(scanned)} only ${scanned.length > 1 ? 'images' : 'an image'}`);
		throw new ReaderError('no_text', 'the PDF has no text layer (its text may be drawn as outlines): it needs OCR');
	}
	if (scanned.length) warnings.push(`scanned — needs OCR: ${pagesAre(scanned)} ${scanned.length > 1 ? 'images' : 'an image'} without a text layer; ${scanned.length > 1 ? 'their' : 'its'} tables are not read`);
	const allText = pages.flatMap((g) => g?.runs.map((r) => r.str) ?? []).join('');
	const unreadable = (allText.match(/[\ue000-\uf8ff\ufffd]/g) ?? []).length;
	if (unreadable > allText.length * 0.3) throw new ReaderError('no_unicode', 'the PDF\'s fonts do not map their glyphs to characters (the text layer is unreadable): it needs OCR');

	const blocks: Block[] = [];
	const margins = runningLines(pages);
	pages.forEach((g, k) => {
		if (!g) return;
		const tables = findTables(g.h, g.v).filter((t) => t.cells.length >= 2);
		const rest = placeRuns(tables, g.runs);
		const pageBlocks: (Block & { top: number })[] = [];
		for (const t of tables) pageBlocks.push({ ...tableBlock(t, k + 1, g), top: t.box[3] });
		for (const line of orderLines(rest.filter((r) => r.rot === 0))) {
			const box: Box = [Math.min(...line.map((r) => r.box[0])), Math.min(...line.map((r) => r.box[1])), Math.max(...line.map((r) => r.box[2])), Math.max(...line.map((r) => r.box[3]))];
			const text = lineText(line);
			const inMargin = box[1] < g.height * 0.1 || box[3] > g.height * 0.9;
			if (inMargin && (PAGE_NO.test(text.replace(/\s+/g, ' ').trim()) || margins.has(marginKey(text)))) continue;
			pageBlocks.push({ kind: 'line', text, page: k + 1, box, size: Math.max(...line.map((r) => r.size)), chunks: chunksOf(line), pieces: line.map((r) => ({ text: r.str, box: r.box })), top: box[3] });
		}
		// Rotated text outside tables (a stamp, a side note) is kept as lines of its own.
		for (const r of rest.filter((x) => x.rot !== 0)) pageBlocks.push({ kind: 'line', text: r.str.trim(), page: k + 1, box: r.box, size: r.size, chunks: [{ text: r.str.trim(), box: r.box }], pieces: [{ text: r.str, box: r.box }], top: r.box[3] });
		pageBlocks.sort((p, q) => q.top - p.top);
		const last = pageBlocks[pageBlocks.length - 1];
		if (last?.kind === 'table') last.endsPage = true;
		for (const b of pageBlocks) blocks.push(b);
	});
	stitch(blocks);
	alignUnruled(blocks);
	return emit(blocks, pages.length, warnings);
}

/** Lines between ruled tables: the rows of tables drawn without rules get their columns (pdf-columns.ts). */
function alignUnruled(blocks: Block[]): void {
	for (let k = 0; k < blocks.length; ) {
		const run: (Block & { kind: 'line' })[] = [];
		for (; k < blocks.length && blocks[k].kind === 'line'; k++) run.push(blocks[k] as Block & { kind: 'line' });
		alignColumns(run, startsRow).forEach((row, j) => row && (run[j].aligned = row));
		k++;
	}
}

/** Text lines that repeat in the top or bottom margin of most pages: running headers and footers. */
function runningLines(pages: (PageGeometry | null)[]): Set<string> {
	const seen = new Map<string, Set<number>>();
	pages.forEach((g, k) => {
		if (!g) return;
		for (const line of orderLines(g.runs.filter((r) => r.rot === 0))) {
			const y0 = Math.min(...line.map((r) => r.box[1]));
			const y1 = Math.max(...line.map((r) => r.box[3]));
			if (y0 >= g.height * 0.07 && y1 <= g.height * 0.93) continue;
			const key = marginKey(lineText(line));
			(seen.get(key) ?? seen.set(key, new Set()).get(key)!).add(k);
		}
	});
	const n = pages.filter(Boolean).length;
	return new Set([...seen].filter(([, s]) => n >= 3 && s.size >= Math.max(3, n * 0.5)).map(([k]) => k));
}
const marginKey = (s: string) => s.replace(/[0-9０-９]+/g, '#').replace(/\s+/g, '');

/** A line cut where the gap between runs is wide: the columns of a table drawn without rules. */
function chunksOf(line: Run[]): { text: string; box: Box }[] {
	const out: { runs: Run[] }[] = [];
	for (const r of line) {
		const prev = out[out.length - 1]?.runs.at(-1);
		if (prev && r.box[0] - prev.box[2] < Math.max(prev.size, r.size) * 1.5) out[out.length - 1].runs.push(r);
		else out.push({ runs: [r] });
	}
	return out.map((c) => ({ text: lineText(c.runs), box: [c.runs[0].box[0], Math.min(...c.runs.map((r) => r.box[1])), c.runs.at(-1)!.box[2], Math.max(...c.runs.map((r) => r.box[3]))] as Box }));
}

function tableBlock(t: Table, page: number, g: PageGeometry): Block & { kind: 'table' } {
	const rows: OutCell[][] = t.ys.slice(1).map(() => []);
	for (const c of t.cells) rows[c.row].push(outCell(c, page));
	for (const r of rows) r.sort((p, q) => p.col - q.col);
	return { kind: 'table', rows: rows.filter((r) => r.length > 0), xs: t.xs, page, bottom: t.box[1], endsPage: false };
	void g;
}

function outCell(c: TableCell, page: number): OutCell {
	return { text: cellText(c.runs), page, box: c.box, multiRow: c.rowspan > 1, col: c.col, colspan: c.colspan };
}

/** Same table on the next page: same outer edges, and most column rules shared (a part may lack some rows' splits). */
function sameColumns(a: number[], b: number[]): boolean {
	if (Math.abs(a[0] - b[0]) > 3 || Math.abs(a[a.length - 1] - b[b.length - 1]) > 3) return false;
	const shared = a.filter((x) => b.some((y) => Math.abs(x - y) < 3)).length;
	return shared >= Math.min(a.length, b.length) * 0.7;
}
/** Two cells stand in the same column when their left and right edges agree. */
const sameCol = (p: OutCell, c: OutCell) => Math.abs(p.box[0] - c.box[0]) < 3 && Math.abs(p.box[2] - c.box[2]) < 3;
const rowKey = (r: OutCell[]) => r.map((c) => norm(c.text)).join('|');

/**
 * Joins a table that a page break cut: the part on the next page (first block there, same columns) loses
 * a repeated header, a row split by the break is joined back, and a merged label cell split in two is one.
 */
function stitch(blocks: Block[]): void {
	for (let k = 1; k < blocks.length; k++) {
		const a = blocks[k - 1];
		const b = blocks[k];
		if (a.kind !== 'table' || b.kind !== 'table' || !a.endsPage || b.page !== a.page + 1 || !sameColumns(a.xs, b.xs)) continue;
		// A row the break cut can leave an empty fragment (its rules, no text) on either side.
		const blankRow = (r: OutCell[]) => r.every((c) => c.text === '');
		while (a.rows.length > 1 && blankRow(a.rows[a.rows.length - 1]) && a.rows[a.rows.length - 1].every((c) => !c.multiRow)) a.rows.pop();
		while (b.rows.length > 1 && blankRow(b.rows[0]) && b.rows[0].every((c) => !c.multiRow)) b.rows.shift();
		// Repeated header: the continuation starts with the table's own first rows (never value rows).
		let drop = 0;
		while (drop < b.rows.length && drop < a.rows.length && rowKey(b.rows[drop]) === rowKey(a.rows[drop]) && b.rows[drop].every((c) => !NUMERIC.test(c.text))) drop++;
		b.rows.splice(0, drop);
		const last = a.rows[a.rows.length - 1];
		const first = b.rows[0];
		if (last && first) {
			// A merged label continuing over the break: both halves span rows in the same label column. Value
			// columns are never continued (a blank value under a merged header such as 自然人 keeps its place).
			// Without a number in the table to show where labels end, the first row label that runs on says it.
			const numbered = firstValueColumn([...a.rows, ...b.rows]);
			const labelEdge = Number.isFinite(numbered) ? numbered : (first.find((c) => c.text !== '' && !c.multiRow && !NUMERIC.test(c.text))?.box[2] ?? -Infinity);
			const cont = first.filter(
				(c) => c.box[2] <= labelEdge + 2 && a.rows.some((r) => r.some((p) => p.multiRow && sameCol(p, c) && reachesBottom(p, a))) && (c.multiRow || c.text === '')
			);
			for (const c of cont) {
				const top = findCellAbove(a, c);
				if (top) top.text += c.text;
			}
			let rest = first.filter((c) => !cont.includes(c));
			// A row the break split: what runs on holds only label text. What runs on is the rest of the row above when a value above it sits where it is blank, or when its
			// label text carries on a label above (a row of blank values cut inside its wrapped label). A label
			// that starts a row of its own (an outline number, a template label) under a label is a new row, never
			// the rest of the one above: joined, it would vanish into that row's label. (Under an empty fragment
			// it is a merged group label whose text all fell after the break.)
			const split =
				rest.length > 0 &&
				!rest.some((c) => startsRow(c.text) && last.some((p) => sameCol(p, c) && p.text !== '')) &&
				rest.every((c) => c.text === '' || !NUMERIC.test(c.text)) &&
				(rest.some((c) => c.text === '' && last.some((p) => sameCol(p, c) && NUMERIC.test(p.text))) ||
					rest.some((c) => c.text !== '' && last.some((p) => sameCol(p, c) && p.text !== '' && !NUMERIC.test(p.text)))) &&
				rest.every((c) => last.some((p) => sameCol(p, c)));
			if (split) {
				for (const c of rest) {
					const p = last.find((q) => sameCol(q, c))!;
					p.text += c.text;
				}
				rest = [];
			}
			if (rest.length === 0) b.rows.shift();
			else b.rows[0] = rest;
		}
		// Merge b into a so a third page can continue it.
		a.rows.push(...b.rows);
		a.endsPage = b.endsPage;
		a.page = b.page;
		a.bottom = b.bottom;
		blocks.splice(k, 1);
		k--;
	}
}

/** Text that opens a table row rather than continuing a wrapped label: an outline number or a template row label. */
function startsRow(text: string): boolean {
	const n = norm(text);
	if (n === '') return false;
	// 其他 / 总计 / 合计 alone are rows too when a converter lost their numbers (the parser reads them by order).
	if (/^(?:其他|总计|合计)$/.test(n)) return true;
	return /^(?:\d{1,2}[.、．](?!\d)|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)/.test(n) || matchRow(text, T2_LABELS) !== null || matchRow(text, T3_LABELS) !== null;
}

function reachesBottom(c: OutCell, a: Block & { kind: 'table' }): boolean {
	return Math.abs(c.box[1] - a.bottom) < 3 && c.page === a.page;
}
function findCellAbove(a: Block & { kind: 'table' }, c: OutCell): OutCell | undefined {
	for (let r = a.rows.length - 1; r >= 0; r--) {
		const p = a.rows[r].find((q) => sameCol(q, c) && q.multiRow);
		if (p) return p;
	}
	return undefined;
}

/** Writes the text and its tokens: a table row per line (cells tab-separated), a paragraph per line. */
function emit(blocks: Block[], pages: number, warnings: string[]): ReaderOutput {
	const parts: string[] = [];
	const tokens: Token[] = [];
	let pos = 0;
	const push = (text: string, page: number, box: Box) => {
		tokens.push({ text, n: norm(text), start: pos, end: pos + text.length, i: tokens.length, page, box: box.map((x) => Math.round(x * 10) / 10) as Box });
		parts.push(text);
		pos += text.length;
	};
	const sep = (s: string) => {
		parts.push(s);
		pos += s.length;
	};
	let chunkRows = 0;
	let unconfirmedTableRows = 0;
	const lines = blocks.filter((b): b is Block & { kind: 'line' } => b.kind === 'line');
	const left = mode(lines.map((l) => Math.round(l.box[0])));
	const right = Math.max(...lines.map((l) => l.box[2]), 0);
	for (let k = 0; k < blocks.length; k++) {
		const b = blocks[k];
		if (b.kind === 'table') {
			// A blank cell holds a value's place only among the value columns; left of them it is a fragment
			// of a merged label (cut by a page break) and would pass for a blank value.
			const valueLeft = firstValueColumn(b.rows);
			for (const row of b.rows) {
				const cells = row.filter((c) => c.text !== '' || c.box[2] > valueLeft + 2);
				if (cells.length === 0) continue;
				cells.forEach((c, j) => {
					if (j) sep('\t');
					push(c.text, c.page, c.box);
				});
				sep('\n');
			}
			continue;
		}
		// Columns of a rule-less table: its recovered columns (a blank cell kept in its place), else several
		// chunks on the line and at least one a number.
		// A line whose text went into a row label above or below it (a wrapped label) is emitted with that row.
		if (b.aligned?.cells.length === 0) continue;
		if (b.aligned || (b.chunks.length >= 2 && b.chunks.some((c) => NUMERIC.test(c.text)))) {
			if (!b.aligned?.confirmed) chunkRows++;
			if (b.aligned && !b.aligned.confirmed) unconfirmedTableRows++;
			(b.aligned?.cells ?? b.chunks).forEach((c, j) => {
				if (j) sep('\t');
				push(c.text, b.page, c.box);
			});
			sep('\n');
			continue;
		}
		// Prose: a line that fills the measure runs on into the next one unless that one starts a paragraph.
		let text = b.text;
		const box: Box = [...b.box];
		while (k + 1 < blocks.length) {
			const n = blocks[k + 1];
			const prev = blocks[k] as Block & { kind: 'line' };
			if (n.kind !== 'line' || n.aligned || (n.chunks.length >= 2 && n.chunks.some((c) => NUMERIC.test(c.text)))) break;
			const full = prev.box[2] >= right - prev.size * 1.6;
			const indented = n.box[0] > left + n.size * 0.8;
			if (!full || indented || HEADING.test(n.text) || Math.abs(n.size - prev.size) > 1) break;
			text = joinRuns([text, n.text]);
			if (n.page === b.page) {
				box[0] = Math.min(box[0], n.box[0]);
				box[1] = Math.min(box[1], n.box[1]);
				box[2] = Math.max(box[2], n.box[2]);
			}
			k++;
		}
		push(text, b.page, box);
		sep('\n');
	}
	// Without rules a blank cell leaves only a gap: unless its columns were recovered and its rows confirmed
	// (pdf-columns.ts), where values stand cannot be confirmed, so the report needs review.
	// A row the column recovery placed in a table but could not confirm needs review on its own; loose lines of
	// chunks only from three on (one or two are as likely prose with numbers, a date or a phone number).
	const errors = chunkRows >= 3 || unconfirmedTableRows > 0 ? [`${chunkRows} table ${chunkRows === 1 ? 'row has' : 'rows have'} no ruling lines and their places are not confirmed (values placed by the gaps between them, where a blank cell cannot be told from a missing one, or a row of blank cells read from its label alone) — check the tables against the PDF`] : [];
	return { format: 'pdf', text: parts.join(''), tokens, warnings, errors, pages };
}

function mode(xs: number[]): number {
	const c = new Map<number, number>();
	for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1);
	let best = xs[0] ?? 0;
	for (const [x, n] of c) if (n > (c.get(best) ?? 0)) best = x;
	return best;
}

/**
 * Right edge of the row labels: in rows that hold numbers, where the last text cell before the first
 * number ends (the most common such edge). Blank value cells lie right of it; a blank cell left of it is a
 * fragment of a merged label. -Infinity when no row shows it (then nothing is dropped).
 */
function firstValueColumn(rows: OutCell[][]): number {
	const edges = new Map<number, number>();
	for (const r of rows) {
		const k = r.findIndex((c) => NUMERIC.test(c.text));
		if (k <= 0) continue;
		const label = r.slice(0, k).reverse().find((c) => c.text !== '');
		if (!label) continue;
		const e = Math.round(label.box[2]);
		edges.set(e, (edges.get(e) ?? 0) + 1);
	}
	let best = -Infinity;
	let n = 0;
	for (const [e, c] of edges) if (c > n) [best, n] = [e, c];
	return best;
}
