/**
 * What the browser needs to read and draw a report's PDF: the CJK CMaps (a PDF whose 宋体 is not embedded reads
 * no text without them, and the org with them — the files the app serves under /pdfjs/), and the rectangle a
 * reader's box becomes on the drawn page (PDF user space, origin bottom left → CSS pixels from the top left).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readReportBytes, ReadError } from '../../../src/lib/readers/read-bytes.ts';
import type { PdfLib } from '../../../src/lib/readers/pdf.ts';
import { outcomeOf } from '../../../src/lib/local/report-rows.ts';
import { boxRect } from '../../../src/lib/local/pdf-render.ts';
import { pdfAssetOptions } from '../../../src/lib/local/pdf-assets.ts';
import { cjkCmapPdf } from '../../helpers/cjk-cmap-pdf.ts';

const lib = pdfjs as unknown as PdfLib;
const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const ORG = '景山街道办事处';
const pdf = cjkCmapPdf([`${ORG}2022年政府信息公开工作年度报告`, '一、总体情况', `2022年，${ORG}主动公开政府信息228条。`]);

describe('a PDF whose Chinese font is not embedded', () => {
	it('reads no text without the CMaps', async () => {
		await expect(readReportBytes(pdf, { lib, options: {} })).rejects.toBeInstanceOf(ReadError);
	});

	it('reads its org and year with the CMaps the app serves', async () => {
		const d = await readReportBytes(pdf, { lib, options: { cMapUrl: join(pdfjsDir, 'cmaps') + '/', cMapPacked: true } });
		const o = outcomeOf('songti', 'songti.pdf', { decoded: { ...d, sha256: 'x' } });
		expect(o.org).toBe(ORG);
		expect(o.year).toBe(2022);
		// The file PDF.js asks for is one of those the build ships (vite/pdfjs-assets-plugin.ts: cmaps/*.bcmap).
		expect(existsSync(join(pdfjsDir, 'cmaps', 'UniGB-UCS2-H.bcmap'))).toBe(true);
	});

	it('the browser fetches them from the site, under its base path', () => {
		const o = pdfAssetOptions('/nianbao', 'https://example.gov.cn/nianbao/read?lang=en');
		expect(o.cMapUrl).toBe('https://example.gov.cn/nianbao/pdfjs/cmaps/');
		expect(o.standardFontDataUrl).toBe('https://example.gov.cn/nianbao/pdfjs/standard_fonts/');
		expect(o.cMapPacked).toBe(true);
	});
});

describe('a box on the drawn page', () => {
	it('lands where PDF.js draws the cell, in user space and on a page shown rotated', async () => {
		const FIXTURE = 'tests/fixtures/office/110101002-景山街道-2022.writer.pdf';
		const d = await readReportBytes(new Uint8Array(readFileSync(FIXTURE)), { lib, options: {} });
		const o = outcomeOf('j', FIXTURE, { decoded: { ...d, sha256: 'x' } });
		const f = o.facts.find((x) => x.metric === 't2.admin_license.decisions')!;
		const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(FIXTURE)), verbosity: 0 });
		const page = await (await task.promise).getPage(f.page!);
		const vp = page.getViewport({ scale: 1.5 });
		const r = boxRect(vp, [f.box_x0!, f.box_y0!, f.box_x1!, f.box_y1!], false);
		// The run of the printed value, through PDF.js's own viewport transform.
		const run = (await page.getTextContent()).items.find((it) => 'str' in it && it.str.trim() === f.raw) as { transform: number[]; width: number };
		const [x, y] = vp.convertToViewportPoint(run.transform[4] + run.width / 2, run.transform[5] + 2);
		expect(x).toBeGreaterThan(r.left);
		expect(x).toBeLessThan(r.left + r.width);
		expect(y).toBeGreaterThan(r.top);
		expect(y).toBeLessThan(r.top + r.height);
		await task.destroy();
		// A displayed-frame box (a /Rotate page read as shown): y flipped against the drawn height, scaled.
		expect(boxRect({ scale: 2, height: 1190, convertToViewportPoint: () => [NaN, NaN] }, [100, 500, 200, 520], true)).toEqual({ left: 200, top: 150, width: 200, height: 40 });
	});
});
