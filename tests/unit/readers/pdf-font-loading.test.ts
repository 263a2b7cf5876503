/**
 * The PDF reader needs each glyph's character and width, never its outline: it tells PDF.js's font loader that
 * a font is bound, so PDF.js does not fall back to building and sending the outline of every glyph of every
 * embedded font (the fallback it takes where no document can install a font face: Node, the report worker).
 * Pinned here because the loader is PDF.js's own object: an upgrade that moves it would only make reading slower.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { skipFontFaces } from '../../../src/lib/readers/pdf.ts';

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const OPTIONS = { verbosity: 0, isEvalSupported: false, disableFontFace: false, cMapUrl: join(pdfjsDir, 'cmaps') + '/', cMapPacked: true, standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/' };
const LIBREOFFICE = 'tests/fixtures/office/110101002-景山街道-2022.writer.pdf';

/** Names of the glyph outlines PDF.js holds for the document after reading page 1's operator list. */
async function outlinesAfterPage1(skip: boolean): Promise<{ skipped: boolean; outlines: string[]; fonts: number }> {
	const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(LIBREOFFICE)), ...OPTIONS });
	const doc = await task.promise;
	const skipped = skip ? skipFontFaces(doc) : false;
	const page = await doc.getPage(1);
	await page.getOperatorList();
	// Let the loader's answer (and any fallback it asks for) travel to the worker and back.
	for (let k = 0; k < 20; k++) await new Promise((r) => setTimeout(r, 5));
	const ids = [...(page.commonObjs as unknown as Iterable<[string, unknown]>)].map(([id]) => id);
	await task.destroy();
	return { skipped, outlines: ids.filter((id) => id.includes('_path_')), fonts: ids.filter((id) => !id.includes('_path_')).length };
}

describe('PDF font loading', () => {
	it('PDF.js, left alone in Node, builds the outline of every glyph of an embedded font', async () => {
		const r = await outlinesAfterPage1(false);
		expect(r.fonts).toBeGreaterThan(0);
		expect(r.outlines.length).toBeGreaterThan(50);
	});

	it('with the reader\'s font loader no outline is built, and the fonts still arrive', async () => {
		const r = await outlinesAfterPage1(true);
		expect(r.skipped).toBe(true);
		expect(r.fonts).toBeGreaterThan(0);
		expect(r.outlines).toEqual([]);
	});
});
