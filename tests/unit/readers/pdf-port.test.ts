/**
 * PDF.js's API and worker code in one thread, joined by the reader's port: operator lists and text content
 * are handed over without a structured clone (the copy was a fifth of the CPU of reading WPS-style PDFs),
 * everything else is still cloned — and a report reads exactly as over PDF.js's own channel.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
// @ts-expect-error -- pdfjs-dist ships no types for its worker module; only its WorkerMessageHandler export is used.
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { readPdf, type PdfLib } from '../../../src/lib/readers/pdf.ts';
import { portPair } from '../../../src/lib/readers/pdf-port.ts';

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const OPTIONS = { disableFontFace: false, cMapUrl: join(pdfjsDir, 'cmaps') + '/', cMapPacked: true, standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/' };
const received = (port: ReturnType<typeof portPair>[1]) => {
	const got: unknown[] = [];
	port.addEventListener('message', (e) => got.push(e.data));
	return got;
};
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('same-thread port', () => {
	it('delivers an operator list chunk whole although the sender empties its arrays right after sending', async () => {
		const [a, b] = portPair();
		const got = received(b);
		const glyph = { unicode: '总', width: 1000 };
		const chunk = { fnArray: [44, 44], argsArray: [[[glyph]], [[glyph]]], lastChunk: false, length: 2 };
		a.postMessage({ stream: 4, streamId: 1, chunk });
		chunk.fnArray.length = 0;
		chunk.argsArray.length = 0;
		await tick();
		const out = got[0] as { chunk: typeof chunk };
		expect(out.chunk.fnArray).toEqual([44, 44]);
		expect(out.chunk.argsArray).toHaveLength(2);
		// Handed over, not copied: the glyph is the sender's own object.
		expect(out.chunk.argsArray[0][0][0]).toBe(glyph);
	});

	it('still structured-clones every other message', async () => {
		const [a, b] = portPair();
		const got = received(b);
		const data = { action: 'GetPage', data: { pageIndex: 0 } };
		a.postMessage(data);
		data.data.pageIndex = 5;
		await tick();
		expect(got).toEqual([{ action: 'GetPage', data: { pageIndex: 0 } }]);
	});

	it('reads every office fixture PDF to the same tokens as over PDF.js\'s own channel', async () => {
		const withPort = { ...(pdfjs as unknown as PdfLib), WorkerMessageHandler } as PdfLib;
		const withoutPort = { ...(pdfjs as unknown as PdfLib), PDFWorker: undefined } as PdfLib;
		const dir = 'tests/fixtures/office';
		const pdfs = ['110101002-景山街道-2022.writer.pdf', '110101001-东华门街道-2021.chromium.pdf', '110101003-交道口街道-2023.office.pdf'];
		for (const f of pdfs) {
			const data = new Uint8Array(readFileSync(join(dir, f)));
			const a = await readPdf(data, withPort, OPTIONS);
			const b = await readPdf(data, withoutPort, OPTIONS);
			expect(a.tokens?.length, f).toBeGreaterThan(200);
			expect(a).toEqual(b);
		}
	});
});
