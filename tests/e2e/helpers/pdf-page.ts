/** What the specs of a drawn PDF page share: the CSP messages a page logs, the canvas's ink, where PDF.js prints a number. */
import { expect, type Locator, type Page } from '@playwright/test';
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

/**
 * The page is drawn (it has ink) with one outlined box, the size of a cell, and the number `value` — where PDF.js
 * prints it on that page of `file` — lies inside the box.
 */
export async function expectBoxOnNumber(page: Page, file: string, value: string): Promise<void> {
	const canvas = page.getByTestId('pdf-canvas');
	await expect(canvas).toHaveAttribute('data-drawn', 'true', { timeout: 20_000 });
	expect(await inkShare(canvas), 'the page is drawn, not blank').toBeGreaterThan(0.005);
	const mark = page.getByTestId('pdf-highlight');
	await expect(mark).toHaveCount(1);
	const pageNo = Number(await canvas.getAttribute('data-page'));
	const c = (await canvas.boundingBox())!;
	const m = (await mark.boundingBox())!;
	// A cell, not the page or a block of rows (table 二's value cells span up to three columns).
	expect(m.width).toBeLessThan(c.width * 0.6);
	expect(m.height).toBeLessThan(c.height * 0.1);
	const at = await printedAt(file, pageNo, value, c.width);
	expect(at.length, `"${value}" printed on page ${pageNo}`).toBeGreaterThan(0);
	const inside = at.filter(([x, y]) => x >= m.x - c.x && x <= m.x - c.x + m.width && y >= m.y - c.y && y <= m.y - c.y + m.height);
	expect(inside.length, `a "${value}" inside the outlined box ${JSON.stringify(m)} (canvas at ${c.x},${c.y}; runs at ${JSON.stringify(at)})`).toBeGreaterThan(0);
}
