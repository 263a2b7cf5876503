/**
 * One PDF page as geometry: glyph runs with their boxes (from PDF.js's text layer) and the ruling lines
 * drawn on it (from PDF.js's operator list: stroked paths and the thin filled rectangles office programs
 * draw table borders with), in PDF user space — or, for a page whose /Rotate turns its text upright, in the page
 * as displayed (origin bottom left). Also how much of the page images
 * cover, so a scanned page is told from an empty one.
 */
import type { PDFPageProxy } from 'pdfjs-dist';
import { foldGlyph } from '../parser/prepare.ts';
import { mul, textFromOps, type TextItem, type TextOps } from './pdf-text.ts';

/** A run of text on one baseline. `box` is [x0, y0, x1, y1]; `rot` is 0 (horizontal) or ±90 (rotated). */
export interface Run {
	str: string;
	box: [number, number, number, number];
	size: number;
	rot: 0 | 90 | -90;
}

/** An axis-aligned rule: horizontal (at `at` = y, from `a` to `b` in x) or vertical (at x, a..b in y). */
export interface Rule {
	at: number;
	a: number;
	b: number;
}

export interface PageGeometry {
	width: number;
	height: number;
	runs: Run[];
	h: Rule[];
	v: Rule[];
	/** Share of the page area painted by images (0..1, overlaps counted twice). */
	imageCover: number;
}

/** The PDF.js operator codes this module reads (PDF.js exports them as OPS). */
export interface PdfOps extends TextOps {
	save: number;
	restore: number;
	transform: number;
	constructPath: number;
	paintFormXObjectBegin: number;
	paintFormXObjectEnd: number;
	paintImageXObject: number;
	paintInlineImageXObject: number;
	paintImageMaskXObject: number;
	paintImageXObjectRepeat: number;
	stroke: number;
	closeStroke: number;
	fill: number;
	eoFill: number;
	fillStroke: number;
	eoFillStroke: number;
	closeFillStroke: number;
	closeEOFillStroke: number;
}

type M = [number, number, number, number, number, number];
const apply = (m: M, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/**
 * Glyphs that CJK fonts map to Kangxi radicals or compatibility ideographs (⾏ for 行) are read as the
 * ordinary character here already, one for one (the page's own tests — footers, repeated headers — need
 * it); the parser's preparation (prepare.ts) folds them again for every other reader.
 */
const COMPAT = /[\u2e80-\u2fdf\uf900-\ufaff]/g;
export function fixGlyphs(s: string): string {
	COMPAT.lastIndex = 0;
	return COMPAT.test(s) ? s.replace(COMPAT, foldGlyph) : s;
}

/**
 * Whether the page's boxes are in the page as displayed (origin at its bottom left) rather than in PDF user
 * space: when its /Rotate is what makes its text upright (content drawn turned, shown turned back). The Town
 * profile asks the same question to draw a box where the reader measured it.
 */
export function readsDisplayed(page: Pick<PDFPageProxy, 'rotate' | 'getViewport'>, items: readonly object[]): boolean {
	if (page.rotate % 360 === 0) return false;
	const vp = page.getViewport({ scale: 1 });
	const displayed = mul([1, 0, 0, -1, 0, vp.height], vp.transform as M);
	const upright = (m: M) =>
		items.filter((it) => {
			if (!('str' in it) || typeof it.str !== 'string' || !/\S/.test(it.str) || !('transform' in it)) return false;
			const t = mul(m, it.transform as M);
			return t[0] > Math.abs(t[1]);
		}).length;
	return upright(displayed) > upright([1, 0, 0, 1, 0, 0]);
}

/**
 * Fake bold (a font without a bold face, WPS and some printer drivers): each glyph drawn twice, the second a
 * fraction of a point to the right. PDF.js then gives every character twice in one run ("11" for a bold 1,
 * "总总计计"), in a run only about half as wide as those characters would be. Such a run is read once; a real
 * "11" or "常常" is as wide as its characters and stays as it is. Widths are estimated (CJK 1 em, others ½ em).
 */
export function undoubled(str: string, width: number, size: number): string {
	const chars = [...str];
	if (chars.length < 2 || chars.length % 2 || !(width > 0)) return str;
	for (let k = 0; k < chars.length; k += 2) if (chars[k] !== chars[k + 1]) return str;
	const natural = chars.reduce((a, c) => a + (c.charCodeAt(0) > 0x2e7f ? size : size * 0.5), 0);
	return width < natural * 0.75 ? chars.filter((_, k) => k % 2 === 0).join('') : str;
}

/** A whole line drawn twice (fake bold in TJ arrays): a run with the same text at nearly the same place is dropped. */
function dropOverprints(runs: Run[]): void {
	const seen = new Map<string, Run[]>();
	for (let k = 0; k < runs.length; k++) {
		const r = runs[k];
		const same = seen.get(r.str) ?? [];
		const tol = r.size * 0.25;
		if (same.some((q) => q.rot === r.rot && Math.abs(q.box[0] - r.box[0]) < tol && Math.abs(q.box[1] - r.box[1]) < tol && Math.abs(q.box[2] - r.box[2]) < tol)) {
			runs.splice(k--, 1);
			continue;
		}
		same.push(r);
		seen.set(r.str, same);
	}
}

const natural = (s: string, size: number) => [...s].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e7f ? size : size * 0.5), 0);

/**
 * Fake bold drawn glyph by glyph: PDF.js starts a new run at each second copy, so runs on one baseline overlap
 * ("自" then "自然" a third of a point to its right). The characters of a run that lie under the run before it
 * and repeat that run's last characters are that run's overprint, and are dropped.
 */
function stripOverlaps(runs: Run[]): void {
	const flat = runs.filter((r) => r.rot === 0).sort((p, q) => p.box[1] - q.box[1] || p.box[0] - q.box[0]);
	const gone = new Set<Run>();
	for (let k = 1; k < flat.length; k++) {
		const b = flat[k];
		// The run before it on the same baseline (the last one kept).
		let j = k - 1;
		while (j >= 0 && gone.has(flat[j])) j--;
		const a = flat[j];
		if (!a || Math.abs(a.box[1] - b.box[1]) > b.size * 0.2 || b.box[0] <= a.box[0] || b.box[0] >= a.box[2] - b.size * 0.3) continue;
		const chars = [...b.str];
		const scale = (b.box[2] - b.box[0]) / (natural(b.str, b.size) || 1);
		let x = b.box[0];
		let n = 0;
		for (const c of chars) {
			const w = natural(c, b.size) * scale;
			if (x + w / 2 >= a.box[2]) break;
			x += w;
			n++;
		}
		if (n === 0 || !a.str.endsWith(chars.slice(0, n).join(''))) continue;
		if (n === chars.length) {
			gone.add(b);
			continue;
		}
		b.str = chars.slice(n).join('');
		b.box = [x, b.box[1], b.box[2], b.box[3]];
	}
	for (let k = runs.length - 1; k >= 0; k--) if (gone.has(runs[k])) runs.splice(k, 1);
}

/** How a page's text layer is read: rebuilt from its operator list (one pass, pdf-text.ts) or asked of PDF.js. */
export interface TextLayerSource {
	/** PDF.js's own Unicode normalisation of text items (its API exports it); without it the text is PDF.js's. */
	normalizeUnicode?: (s: string) => string;
	/** Count of pages whose text came from each source (for specs and benchmarks). */
	counts?: { ops: number; pdfjs: number };
}

/**
 * The page's text items: from the operator list already read for the rules when it can say what PDF.js's
 * getTextContent would give (pdf-text.ts), else from getTextContent (a second pass over the page).
 */
async function textItems(page: PDFPageProxy, ops: { fnArray: number[]; argsArray: unknown[] }, OPS: PdfOps, source: TextLayerSource): Promise<readonly object[]> {
	if (source.normalizeUnicode) {
		const objs = page.commonObjs as unknown as { has(id: string): boolean; get(id: string): unknown };
		const items: TextItem[] | null = textFromOps(ops, OPS, (id) => (objs.has(id) ? objs.get(id) : null), page.view, source.normalizeUnicode);
		if (items) {
			if (source.counts) source.counts.ops++;
			return items;
		}
	}
	if (source.counts) source.counts.pdfjs++;
	return (await page.getTextContent()).items;
}

export async function readPageGeometry(page: PDFPageProxy, OPS: PdfOps, source: TextLayerSource = {}): Promise<PageGeometry> {
	const ops = await page.getOperatorList();
	// Text is read upright: in PDF user space, unless the page's /Rotate is what makes its text upright (content
	// drawn turned, shown turned back) — then in the page as displayed, origin at its bottom left.
	const tc = { items: await textItems(page, ops, OPS, source) } as { items: { str?: string; transform?: number[]; width: number; height: number }[] };
	const vp = page.getViewport({ scale: 1 });
	const displayed = mul([1, 0, 0, -1, 0, vp.height], vp.transform as M);
	const useDisplayed = readsDisplayed(page, tc.items);
	const toPage: M = useDisplayed ? displayed : [1, 0, 0, 1, 0, 0];
	const [x0v, y0v, x1v, y1v] = page.view;
	const width = useDisplayed ? vp.width : x1v - x0v;
	const height = useDisplayed ? vp.height : y1v - y0v;
	const runs: Run[] = [];
	for (const it of tc.items) {
		if (typeof it.str !== 'string' || !/[^\s\u3000\u00a0]/.test(it.str)) continue;
		const [a, b, , , e, f] = mul(toPage, it.transform as M);
		const size = Math.hypot(a, b) || it.height || 1;
		const w = it.width;
		let box: Run['box'];
		let rot: Run['rot'] = 0;
		if (Math.abs(b) > Math.abs(a)) {
			// Rotated run (vertical label): the advance runs along y.
			rot = b > 0 ? 90 : -90;
			box = rot === 90 ? [e - size * 0.85, f, e + size * 0.15, f + w] : [e - size * 0.15, f - w, e + size * 0.85, f];
		} else {
			box = [e, f - size * 0.15, e + w, f + size * 0.85];
		}
		runs.push({ str: fixGlyphs(undoubled(it.str, w, size)), box, size, rot });
	}
	dropOverprints(runs);
	stripOverlaps(runs);

	const h: Rule[] = [];
	const v: Rule[] = [];
	let ctm: M = toPage;
	const stack: M[] = [];
	let imageArea = 0;
	const stroke = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
	const fill = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
	const addSeg = (p: [number, number], q: [number, number]) => {
		const dx = Math.abs(p[0] - q[0]);
		const dy = Math.abs(p[1] - q[1]);
		if (dy < 0.8 && dx > 1) h.push({ at: (p[1] + q[1]) / 2, a: Math.min(p[0], q[0]), b: Math.max(p[0], q[0]) });
		else if (dx < 0.8 && dy > 1) v.push({ at: (p[0] + q[0]) / 2, a: Math.min(p[1], q[1]), b: Math.max(p[1], q[1]) });
	};
	for (let i = 0; i < ops.fnArray.length; i++) {
		const fn = ops.fnArray[i];
		const args = ops.argsArray[i] as unknown[];
		if (fn === OPS.save) stack.push(ctm);
		else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
		else if (fn === OPS.transform) ctm = mul(ctm, args as M);
		else if (fn === OPS.paintFormXObjectBegin) {
			stack.push(ctm);
			if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ctm = mul(ctm, Array.from(args[0] as ArrayLike<number>) as M);
		} else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
		else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject || fn === OPS.paintImageXObjectRepeat) {
			// Images are drawn into the unit square mapped by the current transform.
			const p = [apply(ctm, 0, 0), apply(ctm, 1, 0), apply(ctm, 0, 1), apply(ctm, 1, 1)];
			const xs = p.map((q) => q[0]);
			const ys = p.map((q) => q[1]);
			imageArea += (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
		} else if (fn === OPS.constructPath) {
			const paint = args[0] as number;
			const isStroke = stroke.has(paint);
			const isFill = fill.has(paint);
			if (!isStroke && !isFill) continue; // clipping paths and endPath draw nothing
			const data = (args[1] as ArrayLike<number>[] | null)?.[0];
			if (!data) continue;
			// Subpaths as point lists (curves contribute their end points only: rules are straight).
			const subs: { pts: [number, number][]; closed: boolean }[] = [];
			let cur: { pts: [number, number][]; closed: boolean } | null = null;
			for (let k = 0; k < data.length; ) {
				const op = data[k++];
				if (op === 0) {
					cur = { pts: [apply(ctm, data[k], data[k + 1])], closed: false };
					subs.push(cur);
					k += 2;
				} else if (op === 1) {
					cur?.pts.push(apply(ctm, data[k], data[k + 1]));
					k += 2;
				} else if (op === 2) {
					cur?.pts.push(apply(ctm, data[k + 4], data[k + 5]));
					k += 6;
				} else if (op === 3) {
					cur?.pts.push(apply(ctm, data[k + 2], data[k + 3]));
					k += 4;
				} else if (op === 4) {
					if (cur) cur.closed = true;
				} else break;
			}
			for (const s of subs) {
				if (isStroke) {
					for (let k = 1; k < s.pts.length; k++) addSeg(s.pts[k - 1], s.pts[k]);
					if (s.closed && s.pts.length > 2) addSeg(s.pts[s.pts.length - 1], s.pts[0]);
				}
				if (isFill && !isStroke && s.pts.length >= 4) {
					// A thin filled rectangle is a rule (Word, WPS and LibreOffice draw borders so); a large one
					// is a background, whose edges are not rules.
					const xs = s.pts.map((q) => q[0]);
					const ys = s.pts.map((q) => q[1]);
					const [ax, bx, ay, by] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
					// Only the bounding box counts: browsers draw a border side as a trapezoid (mitred corners).
					if (by - ay <= 3 && bx - ax > 3) h.push({ at: (ay + by) / 2, a: ax, b: bx });
					else if (bx - ax <= 3 && by - ay > 3) v.push({ at: (ax + bx) / 2, a: ay, b: by });
				}
			}
		}
	}
	// A rule as long as the page is a page border or a background edge, not a table's.
	const hh = h.filter((r) => r.b - r.a < width * 0.97);
	const vv = v.filter((r) => r.b - r.a < height * 0.97);
	return { width, height, runs, h: hh, v: vv, imageCover: imageArea / (width * height) };
}
