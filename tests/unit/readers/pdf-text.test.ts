/**
 * One pass per page: the text layer rebuilt from the operator list (pdf-text.ts) is PDF.js's own text layer —
 * the same items, split at the same places, with the same text, widths and positions — on every page of the
 * committed fixtures of every producer (LibreOffice, Chromium's print with its Type 3 fonts, WPS/Word-style with a
 * glyph per show operation, TJ kerning, fake bold, /Rotate and vertical labels), so the reader gives the same
 * tokens read either way; and what the operator list cannot tell (right-to-left text, turned Type 3 text: the
 * edge-case fixtures in tests/fixtures/pdf-text) is left to PDF.js, page by page, with the same result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
// @ts-expect-error -- pdfjs-dist ships no types for its worker module; only its WorkerMessageHandler export is used.
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { readPdf, skipFontFaces, type PdfLib } from '../../../src/lib/readers/pdf.ts';
import { portPair } from '../../../src/lib/readers/pdf-port.ts';
import { fromFloat32, textFromOps, type TextItem, type TextOps } from '../../../src/lib/readers/pdf-text.ts';

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const OPTIONS = { disableFontFace: false, cMapUrl: join(pdfjsDir, 'cmaps') + '/', cMapPacked: true, standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/' };
const LIB = { ...(pdfjs as unknown as PdfLib), WorkerMessageHandler } as PdfLib;
const OPS = pdfjs.OPS as unknown as TextOps;
const DIR = 'tests/fixtures/office';
const PDFS = readdirSync(DIR).filter((f) => f.endsWith('.pdf')).sort();
const normalizeUnicode = (pdfjs as unknown as { normalizeUnicode: (s: string) => string }).normalizeUnicode;

/** Each page's items both ways: rebuilt from the operator list, and PDF.js's getTextContent. */
async function bothWays(file: string): Promise<{ ours: TextItem[] | null; theirs: TextItem[] }[]> {
	const [api, workerSide] = portPair();
	WorkerMessageHandler.initializeFromPort(workerSide);
	const worker = (pdfjs as unknown as { PDFWorker: { create(p: object): { destroy(): void } } }).PDFWorker.create({ port: api, verbosity: 0 });
	const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(join(DIR, file))), verbosity: 0, isEvalSupported: false, fontExtraProperties: true, ...OPTIONS, worker } as unknown as Parameters<typeof pdfjs.getDocument>[0]);
	const doc = await task.promise;
	skipFontFaces(doc);
	const out = [];
	for (let p = 1; p <= doc.numPages; p++) {
		const page = await doc.getPage(p);
		const ops = await page.getOperatorList();
		const objs = page.commonObjs as unknown as { has(id: string): boolean; get(id: string): unknown };
		const ours = textFromOps(ops, OPS, (id) => (objs.has(id) ? objs.get(id) : null), page.view, normalizeUnicode);
		const theirs = (await page.getTextContent()).items.filter((i) => 'str' in i) as unknown as TextItem[];
		out.push({ ours, theirs });
	}
	await task.destroy();
	worker.destroy();
	return out;
}

/**
 * The first item where the two differ in what the reader reads of them: text and line end exactly, width and
 * position (transform a, b, e, f) within 1e-4 pt (a text matrix reaches the operator list as a 32-bit float: see
 * fromFloat32). Type 3 heights (c, d) are left out: PDF.js does not say how it sized them, and the reader does not
 * use them. -1 when none.
 */
function firstDifference(a: TextItem[], b: TextItem[]): number {
	const near = (x: number, y: number) => Math.abs(x - y) < 1e-4;
	for (let k = 0; k < Math.max(a.length, b.length); k++) {
		const [x, y] = [a[k], b[k]];
		if (!x || !y || x.str !== y.str || x.hasEOL !== y.hasEOL || !near(x.width, y.width) || ![0, 1, 4, 5].every((j) => near(x.transform[j], y.transform[j]))) return k;
	}
	return -1;
}

describe('the text layer rebuilt from the operator list', () => {
	it('has a fixture of each producer', () => {
		for (const kind of ['.writer.pdf', '.chromium.pdf', '.office.pdf']) expect(PDFS.some((f) => f.endsWith(kind)), kind).toBe(true);
	});

	it.each(PDFS)('%s: every page gives PDF.js\'s own items, none left to PDF.js', async (file) => {
		const pages = await bothWays(file);
		expect(pages.length).toBeGreaterThan(0);
		pages.forEach(({ ours, theirs }, k) => {
			expect(ours, `page ${k + 1} fell back`).not.toBeNull();
			expect(theirs.length).toBeGreaterThan(10);
			const at = firstDifference(ours!, theirs);
			expect(at, `page ${k + 1}, item ${at}: ${JSON.stringify(ours![at])} ≠ ${JSON.stringify(theirs[at])}`).toBe(-1);
		});
	});

	it.each(PDFS)('%s: read in one pass, the reader gives the very tokens and text of two passes', async (file) => {
		const data = new Uint8Array(readFileSync(join(DIR, file)));
		const counts = { ops: 0, pdfjs: 0 };
		const one = await readPdf(data, LIB, OPTIONS, { counts });
		const two = await readPdf(data, LIB, OPTIONS, { onePass: false });
		expect(counts.pdfjs).toBe(0);
		expect(counts.ops).toBe(one.pages);
		expect(one).toEqual(two);
	});

	it.each([
		['edge.writer.pdf', 1, 1],
		['edge.chromium.pdf', 0, 2]
	])('%s: pages it cannot follow (right-to-left text, Type 3 glyphs turned) are left to PDF.js, and the reader reads the same', async (file, ops, pdfjsPages) => {
		const data = new Uint8Array(readFileSync(join('tests/fixtures/pdf-text', file)));
		const counts = { ops: 0, pdfjs: 0 };
		// With its glyph programs PDF.js may size a Type 3 font by its glyphs' boxes without saying so.
		const one = await readPdf(data, LIB, OPTIONS, { counts, keepGlyphPrograms: true });
		expect(counts).toEqual({ ops, pdfjs: pdfjsPages });
		expect(one.tokens?.length).toBeGreaterThan(5);
		expect(one).toEqual(await readPdf(data, LIB, OPTIONS, { onePass: false, keepGlyphPrograms: true }));
	});

	it('follows turned Type 3 text read without glyph programs, where PDF.js can size the font only by its box', async () => {
		const data = new Uint8Array(readFileSync(join('tests/fixtures/pdf-text', 'edge.chromium.pdf')));
		const counts = { ops: 0, pdfjs: 0 };
		const one = await readPdf(data, LIB, OPTIONS, { counts });
		expect(counts).toEqual({ ops: 1, pdfjs: 1 });
		expect(one).toEqual(await readPdf(data, LIB, OPTIONS, { onePass: false, keepGlyphPrograms: true }));
	});

	it('leaves a page to PDF.js when the glyphs came as copies without their Unicode class', () => {
		const font = { name: 'SimSun', vertical: false, isType3Font: false, fontMatrix: [0.001, 0, 0, 0.001, 0, 0] };
		const glyph = { unicode: '总', width: 1000, isSpace: false };
		const ops = { fnArray: [OPS.beginText, OPS.setFont, OPS.setTextMatrix, OPS.showText, OPS.endText], argsArray: [null, ['f1', 12], [new Float32Array([1, 0, 0, 1, 72, 700])], [[glyph]], null] };
		expect(textFromOps(ops, OPS, () => font, [0, 0, 595, 842], normalizeUnicode)).toBeNull();
		const withClass = { ...glyph, category: { isWhitespace: false, isZeroWidthDiacritic: false, isInvisibleFormatMark: false } };
		const items = textFromOps({ ...ops, argsArray: [null, ['f1', 12], [new Float32Array([1, 0, 0, 1, 72, 700])], [[withClass]], null] }, OPS, () => font, [0, 0, 595, 842], normalizeUnicode);
		expect(items).toEqual([{ str: '总', width: 12, height: 12, transform: [12, 0, 0, 12, 72, 700], hasEOL: false }]);
	});

	it('takes a text matrix kept as a 32-bit float for the decimal the PDF wrote', () => {
		expect(fromFloat32(Math.fround(56.8))).toBe(56.8);
		expect(fromFloat32(Math.fround(292.17188))).toBe(292.17188);
		expect(fromFloat32(Math.fround(0.1))).toBe(0.1);
		expect(fromFloat32(9.921875)).toBe(9.921875);
		expect(fromFloat32(770)).toBe(770);
	});
});
