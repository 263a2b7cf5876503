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
import { undoubled } from '../../../src/lib/readers/pdf-page.ts';

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
		expect(files.filter((f) => f.endsWith('.office.pdf')).length).toBeGreaterThanOrEqual(5);
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
			// (a text layer in traditional characters says 辦理結果). Without rules there is no merged cell to hold
			// the vertical label together: a border-less print keeps its characters as label lines.
			const unruled = (JSON.parse(readFileSync(join(DIR, `${f}.truth.json`), 'utf8')) as { layout?: { unruled?: boolean } }).layout?.unruled;
			if (!unruled) expect(d.text).toMatch(/三、本年度(?:办理结果|辦理結果)/);
		}
	});
});

describe('WPS/Word-style PDFs (a glyph per show operation, CID font with a ToUnicode map)', () => {
	type Layout = import('../../../src/lib/synth/pdf-office.ts').PdfOfficeStyle;
	const office = files.filter((f) => f.endsWith('.office.pdf'));
	const layout = (f: string) => (JSON.parse(readFileSync(join(DIR, `${f}.truth.json`), 'utf8')) as { layout: Layout }).layout;
	const withTrait = (p: (l: Layout) => boolean) => office.filter((f) => p(layout(f)));

	it('the fixtures hold the traits: unmapped glyphs, radicals, traditional text, both landscape kinds, split rows, repeated headers', () => {
		for (const p of [(l: Layout) => l.unmapped, (l: Layout) => l.radicals, (l: Layout) => l.traditional, (l: Layout) => l.landscapeT3 === 'rotate', (l: Layout) => l.landscapeT3 === 'wide', (l: Layout) => l.splitRows && l.repeatHeader, (l: Layout) => l.borders === 'double', (l: Layout) => l.glyphs === 'tj-array'])
			expect(withTrait(p).length).toBeGreaterThanOrEqual(1);
	});

	it('a label glyph without a Unicode mapping anchors its row by the only match, and the row\'s values are flagged, not guessed', async () => {
		for (const f of withTrait((l) => l.unmapped)) {
			const { d, report, truth } = await read(f);
			expect(d.text).toMatch(/[\ue000-\uf8ff]/);
			expect(report.issues.some((i) => i.code === 'unreadable_label' && i.subject === 't3.unable_not_held')).toBe(true);
			const c = report.cells.get('t3.unable_not_held.total')!;
			expect(c.value).toBe(truth.values['t3.unable_not_held.total']);
			expect(c.flags).toContain('ambiguous');
			expect(report.needsReview).toBeGreaterThan(0);
		}
	});

	it('a text layer in traditional characters is read through OpenCC, the spans on the PDF\'s own text', async () => {
		for (const f of withTrait((l) => l.traditional)) {
			const { d, report, truth } = await read(f);
			expect(d.text).toMatch(/開/);
			expect(report.issues.find((i) => i.code === 'normalised')?.message).toMatch(/OpenCC/);
			const c = report.cells.get('t3.new_received.total')!;
			expect([c.value, d.text.slice(c.start, c.end)]).toEqual([truth.values['t3.new_received.total'], c.raw]);
		}
	});

	it('table 三 on a page turned by /Rotate is read as displayed: its boxes lie in the landscape page', async () => {
		for (const f of withTrait((l) => l.landscapeT3 === 'rotate')) {
			const { report } = await read(f);
			const c = report.cells.get('t3.new_received.total')!;
			expect(c.box![2]).toBeGreaterThan(600);
			expect(c.box![3]).toBeLessThan(596);
		}
	});

	it('fake bold (each glyph drawn twice a third of a point apart, glyph by glyph or line by line) is read once', async () => {
		const bold = withTrait((l) => l.fakeBold);
		expect(new Set(bold.map((f) => layout(f).glyphs))).toEqual(new Set(['each', 'tj-array']));
		for (const f of bold) {
			const { d, report } = await read(f);
			expect(d.text).not.toMatch(/总总计计|自自然然|（（七七））/);
			expect(d.text).toMatch(/（七）总计/);
			expect(report.cells.get('t3.total_processed.total')!.flags).not.toContain('ambiguous');
		}
	});

	it('a run whose characters each appear twice is one drawn twice only when it is half as wide as they are', () => {
		// 10.5 pt digits are about 5.25 pt wide: a bold "1" drawn twice spans 5.55 pt, a printed "11" 10.5 pt.
		expect(undoubled('11', 5.55, 10.5)).toBe('1');
		expect(undoubled('11', 10.5, 10.5)).toBe('11');
		expect(undoubled('总总计计', 21.3, 10.5)).toBe('总计');
		expect(undoubled('常常', 21, 10.5)).toBe('常常');
		expect(undoubled('12', 5.55, 10.5)).toBe('12');
	});

	it('a row of blank values cut by the page break inside its wrapped label is one row again (the group label after the break too)', async () => {
		for (const f of office.filter((x) => /交道口街道-2023|体育馆路街道-2023/.test(x))) {
			const { d, report } = await read(f);
			expect(d.text).toMatch(/1\.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请/);
			expect(report.cells.get('t3.other_overdue_correction.total')).toMatchObject({ value: 0 });
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
