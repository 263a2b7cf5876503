/**
 * Drawing a report's PDF page in the browser with PDF.js, and where a value's cell sits on it. PDF.js is loaded
 * only when a page is drawn (it is large), with its own worker from the app's files (`workerSrc`, same origin:
 * `worker-src 'self'`; PDF.js 6 compiles nothing with eval, so the CSP holds), and the CMaps and standard fonts the app serves
 * (pdf-assets.ts), so a PDF whose 宋体 is not embedded is drawn with its characters.
 *
 * A box (`facts.page`, `box_x0…box_y1`) is in PDF user space, origin at the bottom left — or, for a page the
 * reader took as displayed because of its /Rotate, in the displayed page (readers/pdf-page.ts `readsDisplayed`
 * tells which, from the same page), so the rectangle drawn is where the reader measured the cell.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { readsDisplayed } from '../readers/pdf-page.ts';
import { pdfAssetOptions } from './pdf-assets.ts';

export type Box = readonly [number, number, number, number];

/** A rectangle on the drawn page, in CSS pixels from its top left. */
export interface Rect {
	left: number;
	top: number;
	width: number;
	height: number;
}

/** What `boxRect` needs of a PDF.js viewport. */
export interface ViewportLike {
	scale: number;
	height: number;
	convertToViewportPoint(x: number, y: number): number[];
}

/** Where a reader's box is on a page drawn with `viewport`. */
export function boxRect(viewport: ViewportLike, box: Box, displayed: boolean): Rect {
	if (displayed) {
		const s = viewport.scale;
		return { left: box[0] * s, top: viewport.height - box[3] * s, width: (box[2] - box[0]) * s, height: (box[3] - box[1]) * s };
	}
	const [a, b] = viewport.convertToViewportPoint(box[0], box[1]);
	const [c, d] = viewport.convertToViewportPoint(box[2], box[3]);
	return { left: Math.min(a, c), top: Math.min(b, d), width: Math.abs(c - a), height: Math.abs(d - b) };
}

type Pdfjs = typeof import('pdfjs-dist');
let lib: Promise<Pdfjs> | null = null;

/** PDF.js for the page's thread, with its worker (loaded once, on first use). */
function pdfjs(): Promise<Pdfjs> {
	return (lib ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([m, worker]) => {
		m.GlobalWorkerOptions.workerSrc = worker.default;
		return m;
	}));
}

/** An open PDF; `close` frees it (and its worker's copy). */
export interface OpenPdf {
	doc: PDFDocumentProxy;
	close(): Promise<void>;
}

/** Open a PDF (a kept file or a fetched one); the caller closes it. */
export async function openPdf(data: Blob | ArrayBuffer, base: string): Promise<OpenPdf> {
	const m = await pdfjs();
	const bytes = new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data);
	const task = m.getDocument({ data: bytes, verbosity: 0, ...pdfAssetOptions(base, location.href) });
	try {
		return { doc: await task.promise, close: () => task.destroy() };
	} catch (e) {
		await task.destroy().catch(() => {});
		throw e;
	}
}

export interface DrawnPage {
	/** CSS size of the drawn page. */
	width: number;
	height: number;
	/** The boxes given, as rectangles on the drawn page. */
	rects: Rect[];
}

/**
 * Draw page `pageNo` into `canvas` at `cssWidth` CSS pixels wide (sharp at the device's pixel ratio) and place
 * `boxes` on it. A newer call on the same canvas cancels the one still drawing (`signal`).
 */
export async function drawPage(doc: PDFDocumentProxy, pageNo: number, canvas: HTMLCanvasElement, cssWidth: number, boxes: readonly Box[], signal: AbortSignal): Promise<DrawnPage | null> {
	const page: PDFPageProxy = await doc.getPage(pageNo);
	const base = page.getViewport({ scale: 1 });
	const scale = cssWidth / base.width;
	const viewport = page.getViewport({ scale });
	const ratio = Math.min(window.devicePixelRatio || 1, 3);
	const pixels = page.getViewport({ scale: scale * ratio });
	// Only a rotated page can have its boxes in the displayed frame; its text content tells (as the reader did).
	const displayed = page.rotate % 360 !== 0 && readsDisplayed(page, (await page.getTextContent()).items);
	if (signal.aborted) return null;
	canvas.width = Math.floor(pixels.width);
	canvas.height = Math.floor(pixels.height);
	canvas.style.width = `${viewport.width}px`;
	canvas.style.height = `${viewport.height}px`;
	const task = page.render({ canvas, viewport: pixels });
	signal.addEventListener('abort', () => task.cancel(), { once: true });
	try {
		await task.promise;
	} catch (e) {
		if (signal.aborted) return null;
		throw e;
	}
	return { width: viewport.width, height: viewport.height, rects: boxes.map((b) => boxRect(viewport, b, displayed)) };
}
