/** What the specs of a drawn PDF page share: the CSP messages a page logs, the canvas's ink, where PDF.js prints a number. */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Collect the Content-Security-Policy refusals the page logs (a spec expects none). */
export function watchCsp(page: Page): string[] {
	const csp: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
	});
	return csp;
}

/** Where PDF.js, run here in Node, prints `text` on `pageNo` of `file`: centres of matching runs in CSS px at `cssWidth`. */
export async function printedAt(file: string, pageNo: number, text: string, cssWidth: number): Promise<[number, number][]> {
	const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 });
	const doc = await task.promise;
	const p = await doc.getPage(pageNo);
	const vp = p.getViewport({ scale: cssWidth / p.getViewport({ scale: 1 }).width });
	const items = (await p.getTextContent()).items.filter((it) => 'str' in it && it.str.trim() === text) as { transform: number[]; width: number; height: number }[];
	await task.destroy();
	return items.map((it) => vp.convertToViewportPoint(it.transform[4] + it.width / 2, it.transform[5] + it.height / 3) as [number, number]);
}

/** The share of dark pixels on a drawn canvas: a page with text and rules has some, a blank sheet none. */
export async function inkShare(canvas: Locator): Promise<number> {
	return canvas.evaluate((c: HTMLCanvasElement) => {
		const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
		let dark = 0;
		for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i + 1] < 128 && d[i + 2] < 128) dark++;
		return dark / (d.length / 4);
	});
}
