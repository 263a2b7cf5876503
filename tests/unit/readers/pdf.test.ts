/**
 * Reading reports as offices publish them: PDFs made by LibreOffice (as Word/WPS export does) and by
 * Chromium's print, and Word files, come out as the same cells as their ground truth, with no silent
 * error; a PDF value keeps its page and box; scanned, encrypted, damaged and legacy files get a message.
 * Fixtures: tests/fixtures/office (made by `nianbao synth --formats docx,pdf`, see its README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { scoreReport } from '../../../src/lib/synth/score.ts';
import type { Truth } from '../../../src/lib/synth/generate.ts';
import { readReportBytes, ReadError } from '../../../src/node/read.ts';
import { encryptedPdf, pagesPdf, textRunsPdf } from '../../helpers/minipdf.ts';

const DIR = 'tests/fixtures/office';
const files = readdirSync(DIR).filter((f) => /\.(pdf|docx)$/.test(f)).sort();
const bytes = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));

async function read(f: string) {
	const d = await readReportBytes(bytes(f));
	const report = parseReport({ text: d.text, fileName: f, tokens: d.tokens, kind: d.kind });
	const truth = JSON.parse(readFileSync(join(DIR, `${f}.truth.json`), 'utf8')) as Truth;
	return { d, report, truth };
}

describe('office fixtures parse to their ground truth', () => {
	it('has PDFs from both producers and Word files', () => {
		expect(files.filter((f) => f.endsWith('.writer.pdf')).length).toBeGreaterThanOrEqual(2);
		expect(files.some((f) => f.endsWith('.chromium.pdf'))).toBe(true);
		expect(files.filter((f) => f.endsWith('.docx')).length).toBeGreaterThanOrEqual(2);
	});

	it.each(files)('%s: every cell exact, or flagged where the report itself does not add up', async (f) => {
		const { d, report, truth } = await read(f);
		expect(d.fileType).toBe(f.endsWith('.docx') ? 'docx' : 'pdf');
		expect(report.meta.org).toBe(truth.org);
		expect(report.meta.year).toBe(truth.year);
		const got = new Map([...report.cells].map(([k, c]) => [k, { value: c.value, flags: c.flags }]));
		const s = scoreReport(truth, got, report.issues.some((i) => i.severity === 'error'));
		expect(s.cells.silent, JSON.stringify(s.wrong)).toBe(0);
		// Only an injected total that does not add up may leave cells wrong (and then flagged).
		if (!truth.faults.some((x) => x.type === 'total_mismatch')) expect(s.wrong).toEqual([]);
		expect(s.cells.exact / (s.cells.exact + s.cells.flagged)).toBeGreaterThan(0.99);
	});
});

describe('PDF provenance', () => {
	it('gives every table value its page and a box on that page, and the span points at the printed text', async () => {
		const f = files.find((x) => x.endsWith('.writer.pdf'))!;
		const { d, report } = await read(f);
		const pages = Math.max(...d.tokens!.map((t) => t.page ?? 0));
		expect(pages).toBeGreaterThanOrEqual(2);
		// Derived cells (2021 （六） sums) span the cells they add up; every other value is one printed cell.
		const tableCells = [...report.cells.values()].filter((c) => /^t[234]\./.test(c.metric) && !c.flags.includes('derived'));
		expect(tableCells.length).toBeGreaterThan(100);
		for (const c of tableCells) {
			expect(c.page).toBeGreaterThanOrEqual(1);
			expect(c.page).toBeLessThanOrEqual(pages);
			const [x0, y0, x1, y1] = c.box!;
			expect(x0).toBeLessThan(x1);
			expect(y0).toBeLessThan(y1);
			expect(x1).toBeLessThanOrEqual(596);
			expect(y1).toBeLessThanOrEqual(842);
			expect(d.text.slice(c.start, c.end)).toBe(c.raw);
		}
		// Tables 三 and 四 lie on different pages here, and their values say so.
		expect(new Set(tableCells.map((c) => c.page)).size).toBeGreaterThanOrEqual(2);
	});

	it('drops page numbers printed between table rows, and reads a vertical merged label as one label', async () => {
		for (const f of files.filter((x) => x.endsWith('.pdf'))) {
			const { d } = await read(f);
			expect(d.text).not.toMatch(/^[-—]\s*\d+\s*[-—]$/m);
			expect(d.text).not.toMatch(/^第\s*\d+\s*页/m);
			expect(d.text).toMatch(/三、本年度办理结果/);
		}
	});
});

describe('a table drawn without ruling lines', () => {
	const row = (y: number, label: string, vals: string[]) => [[72, y, label] as [number, number, string], ...vals.map((v, k) => [300 + k * 60, y, v] as [number, number, string])];
	const pdf = textRunsPdf([[72, 760, 'Annual report'], ...row(700, 'Row one', ['1', '2', '3']), ...row(680, 'Row two', ['4', '', '6']), ...row(660, 'Row three', ['7', '8', '9'])]);

	it('is read one token per column chunk, and the report is put under review (blank cells cannot be placed)', async () => {
		const d = await readReportBytes(pdf);
		expect(d.text).toContain('Row one\t1\t2\t3');
		expect(d.errors).toEqual([expect.stringMatching(/^3 table rows have no ruling lines/)]);
	});
	it('reads a page drawn turned and shown upright by /Rotate in its displayed orientation', async () => {
		const rows = [...row(500, 'Row one', ['1', '2', '3']), ...row(480, 'Row two', ['4', '5', '6']), ...row(460, 'Row three', ['7', '8', '9'])];
		const d = await readReportBytes(textRunsPdf(rows, true));
		expect(d.text).toContain('Row one\t1\t2\t3\nRow two\t4\t5\t6\nRow three\t7\t8\t9');
	});
	it('ruled office PDFs raise no such error', async () => {
		for (const f of files.filter((x) => x.endsWith('.pdf'))) expect((await readReportBytes(bytes(f))).errors).toEqual([]);
	});
});

describe('PDFs that cannot be read say why, per file', () => {
	const code = async (b: Uint8Array) => {
		try {
			await readReportBytes(b);
			return 'read';
		} catch (e) {
			expect(e).toBeInstanceOf(ReadError);
			return `${(e as ReadError).code}: ${(e as Error).message}`;
		}
	};
	it('a scanned PDF (images, no text layer) needs OCR, with its page numbers', async () => {
		expect(await code(pagesPdf(['image', 'image']))).toMatch(/^scanned: scanned — needs OCR: .*pages 1, 2/);
	});
	it('a PDF with some scanned pages is read, with a warning naming those pages', async () => {
		const d = await readReportBytes(pagesPdf(['text', 'image', 'text']));
		expect(d.text).toContain('Annual report page');
		expect(d.warnings).toEqual([expect.stringMatching(/^scanned — needs OCR: page 2 is an image/)]);
	});
	it('a PDF without any text or image has no text layer', async () => {
		expect(await code(pagesPdf(['empty']))).toMatch(/^no_text: .*needs OCR/);
	});
	it('an encrypted PDF asks for an unprotected copy', async () => {
		expect(await code(encryptedPdf())).toMatch(/^encrypted: the PDF is password-protected/);
	});
	it('a damaged PDF says so', async () => {
		expect(await code(new TextEncoder().encode('%PDF-1.7\n1 0 obj garbage'))).toMatch(/^damaged: the PDF is damaged/);
	});
	it('a truncated PDF never passes silently: it fails with a reason or reads with a warning', async () => {
		const whole = bytes(files.find((x) => x.endsWith('.writer.pdf'))!);
		const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
		const r = await readReportBytes(cut).then(
			(d) => d.warnings.join(' '),
			(e: Error) => e.message
		);
		expect(r).toMatch(/truncated|damaged/);
	});
	it('a legacy Word .doc names what to do', async () => {
		const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
		expect(await code(ole)).toMatch(/^doc: .*save it as \.docx or PDF/);
	});
	it('a ZIP that is not a Word file is not taken for one', async () => {
		expect(await code(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('xl/workbook.xml')]))).toMatch(/^zip: /);
	});
});
