/**
 * Tables printed without ruling lines (a border-less office table, a mirror site's print): their columns are
 * recovered from how values line up across rows and from the header above them, and only trusted on that
 * evidence. Geometry is generated here (PDF user space, y up); the last specs read real PDFs: a generated one
 * and a committed Chromium print whose table 三 lost its borders.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignColumns, type Box, type Chunk, type ColumnLine } from '../../../src/lib/readers/pdf-columns.ts';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { scoreReport } from '../../../src/lib/synth/score.ts';
import type { Truth } from '../../../src/lib/synth/generate.ts';
import { readReportBytes } from '../../../src/node/read.ts';
import { textRunsPdf } from '../../helpers/minipdf.ts';

const SIZE = 10.5;
/** A piece of text at x on the line at y, one character ~SIZE wide (digits half that). */
const at = (x: number, y: number, text: string): Chunk => {
	const w = [...text].reduce((n, ch) => n + (/[0-9.]/.test(ch) ? SIZE / 2 : SIZE), 0);
	return { text, box: [x, y, x + w, y + SIZE] as Box };
};
/** A line whose pieces are also its chunks (wide gaps between them). */
const line = (y: number, ...parts: [number, string][]): ColumnLine => {
	const chunks = parts.map(([x, t]) => at(x, y, t));
	return { page: 1, size: SIZE, box: [Math.min(...chunks.map((c) => c.box[0])), y, Math.max(...chunks.map((c) => c.box[2])), y + SIZE], chunks, pieces: chunks };
};
/** Value columns centred at these x (numbers set centred, as Chromium and WPS print them). */
const COLS = [320, 360, 400, 440];
const centred = (k: number, v: string): [number, string] => [COLS[k] - (v.length * SIZE) / 4, v];
const row = (y: number, label: string, values: (string | null)[]): ColumnLine =>
	line(y, [70, label], ...values.flatMap((v, k) => (v === null ? [] : [centred(k, v)])));
const header = (y: number) => line(y, [70, '项目'], [308, '自然人'], [350, '企业'], [390, '其他'], [430, '总计']);
/** Opens a row: an outline number or one of these labels (the reader passes the template's labels). */
const opens = (t: string) => /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)/.test(t.trim()) || /^总计/.test(t.trim());
const texts = (r: { cells: Chunk[] } | null) => r?.cells.map((c) => c.text);

describe('columns from x-alignment', () => {
	const table = () => [
		header(700),
		row(680, '一、新收申请', ['1', '0', '2', '3']),
		row(660, '二、上年结转', [null, null, null, '0']),
		row(640, '（一）予以公开', ['12', '0', '333', '345']),
		row(620, '（二）部分公开', ['0', '7', '0', '7'])
	];

	it('a row with blank cells gets an empty cell in each blank column, the value under its own header', () => {
		const out = alignColumns(table(), opens);
		expect(texts(out[2])).toEqual(['二、上年结转', '', '', '', '0']);
		// The blank cell's box is its column's, on the row's line.
		expect(out[2]!.cells[1].box[0]).toBe(COLS[0] - SIZE / 2); // the widest value's left edge ('12')
		expect(out[2]!.cells[1].box[1]).toBe(660);
		expect(texts(out[3])).toEqual(['（一）予以公开', '12', '0', '333', '345']);
		expect(out.slice(1).every((r) => r?.confirmed)).toBe(true);
		expect(out[0]).toBeNull(); // the header stays a text line
	});

	it('numbers of different widths in one column line up by their centre, or by their left or right edge', () => {
		const left = [header(700), line(680, [70, '一、甲'], [308, '1'], [350, '100'], [390, '0'], [430, '101']), line(660, [70, '二、乙'], [308, '25'], [350, '1'], [390, '7'], [430, '33']), line(640, [70, '三、丙'], [430, '0'])];
		const out = alignColumns(left, opens);
		expect(texts(out[3])).toEqual(['三、丙', '', '', '', '0']);
	});

	it('a value between two columns is placed in neither, and the rows after it are not trusted (no header of their own)', () => {
		const rows = table();
		rows[2] = row(660, '二、上年结转', [null, null, null, null]);
		rows[2].chunks.push(at(376, 660, '5'));
		const out = alignColumns(rows, opens);
		expect(out.slice(2)).toEqual([null, null, null]);
	});

	it('a row whose values stand off the columns is not placed', () => {
		const rows = table();
		rows[4] = line(620, [70, '（二）部分公开'], centred(0, '0'), [372, '7'], centred(2, '0'), centred(3, '7'));
		expect(alignColumns(rows, opens)[4]).toBeNull();
	});

	it('needs two full rows to agree before a partial row is placed', () => {
		const rows = [header(700), row(680, '一、新收申请', ['1', '0', '2', '3']), row(660, '二、上年结转', [null, null, null, '0'])];
		expect(alignColumns(rows, opens).every((r) => r === null)).toBe(true);
	});

	it('needs header text over every column', () => {
		const rows = table();
		rows[0] = line(700, [70, '项目'], [308, '自然人'], [350, '企业'], [390, '其他']);
		expect(alignColumns(rows, opens).every((r) => r === null)).toBe(true);
		expect(alignColumns(table().slice(1), opens).every((r) => r === null)).toBe(true);
	});

	it('a header set left in a merged cell names the column whose values are centred under it', () => {
		const rows = [line(700, [70, '信息内容'], [200, '本年处理决定数量']), row(680, '行政许可', [null, '333']), row(660, '行政处罚', [null, '40']), row(640, '行政强制', [null, '0'])];
		const out = alignColumns(rows, opens);
		expect(texts(out[1])).toEqual(['行政许可', '333']);
		expect(out[3]?.confirmed).toBe(true);
	});

	it('a text line in another size, or reaching into the value columns, ends the table', () => {
		const rows = [...table(), line(600, [70, '三、收到和处理政府信息公开申请情况']), row(580, '（三）不予公开', [null, null, null, '1'])];
		rows[5].size = 14;
		const out = alignColumns(rows, opens);
		expect(out[6]).toBeNull(); // a row of a table whose header is the heading: not trusted
		expect(texts(out[4])).toEqual(['（二）部分公开', '0', '7', '0', '7']);
		const prose = [...table(), line(600, [70, '本年度共收到政府信息公开申请三件，均已按期答复，全部办结，未发生行政复议和行政诉讼案件。']), row(580, '（三）不予公开', [null, null, null, '1'])];
		expect(alignColumns(prose, opens)[6]).toBeNull();
	});

	it('a row label with no value on any of its lines is a row of blank cells, and the rows stay unconfirmed (an inference)', () => {
		const rows = [...table().slice(0, 3), line(650, [70, '（一）予以公开']), row(630, '（二）部分公开', ['0', '7', '0', '7'])];
		const out = alignColumns(rows, opens);
		expect(texts(out[2])).toEqual(['二、上年结转', '', '', '', '0']); // values still placed by column
		expect(texts(out[3])).toEqual(['（一）予以公开', '', '', '', '']);
		expect(out.some((r) => r?.confirmed)).toBe(false);
	});

	it('a wrapped label is joined onto the line of its values (on its middle or last line); a group label printed between its sub-rows stays apart; the rows are confirmed', () => {
		const rows = [
			...table(),
			line(600, [70, '（三）不予'], [150, '1.属于国家秘密']),
			line(590, [150, '密级文件']),
			line(580, [320 - SIZE / 4, '0'], [360 - SIZE / 4, '0'], [400 - SIZE / 4, '0'], [440 - SIZE / 4, '0']),
			line(570, [70, '（四）无']),
			line(560, [150, '1.本机关不掌握'], centred(3, '2')),
			line(550, [150, '2.没有现成信息']),
			line(540, [70, '法提供'], [150, '需要另行制作']),
			row(530, '', ['1', '0', '0', '1'])
		];
		const out = alignColumns(rows, opens);
		expect(texts(out[5])).toEqual(['（三）不予']); // the group label stays on its line
		expect(texts(out[6])).toEqual([]); // all of it went into the row label: dropped
		expect(texts(out[7])).toEqual(['1.属于国家秘密密级文件', '0', '0', '0', '0']);
		expect(out[8]).toBeNull();
		expect(texts(out[9])).toEqual(['1.本机关不掌握', '', '', '', '2']);
		expect(texts(out[10])).toEqual([]);
		expect(texts(out[11])).toEqual(['法提供']);
		expect(texts(out[12])).toEqual(['2.没有现成信息需要另行制作', '1', '0', '0', '1']);
		expect([7, 9, 12].every((k) => out[k]!.confirmed)).toBe(true);
	});
});

describe('through the PDF reader', () => {
	it('a generated border-less table: blank cells keep their columns and the report needs no review for it', async () => {
		const x = [300, 360, 420];
		const runs: [number, number, string][] = [
			[72, 760, 'Annual report'],
			[72, 720, 'Item'],
			...x.map((v, k) => [v, 720, ['Made', 'Repealed', 'Valid'][k]] as [number, number, string]),
			...[
				['Row one', '1', '2', '3'],
				['Row two', '4', '', '6'],
				['Row three', '7', '8', '9']
			].flatMap(([label, ...vals], r) => [[72, 700 - r * 20, label] as [number, number, string], ...vals.flatMap((v, k) => (v ? [[x[k], 700 - r * 20, v] as [number, number, string]] : []))])
		];
		const d = await readReportBytes(textRunsPdf(runs));
		expect(d.text).toContain('Row one\t1\t2\t3\nRow two\t4\t\t6\nRow three\t7\t8\t9');
		expect(d.errors).toEqual([]);
	});

	it('a Chromium print whose tables lost their borders: table 三 rows of blank applicant cells come out exact, and the report needs no review', async () => {
		const f = 'tests/fixtures/office/411082001-建设路街道-2021.chromium.pdf';
		const d = await readReportBytes(new Uint8Array(readFileSync(f)));
		const truth = JSON.parse(readFileSync(`${f}.truth.json`, 'utf8')) as Truth & { layout: { unruled: boolean } };
		expect(truth.layout.unruled).toBe(true);
		expect(truth.faults.map((x) => x.type)).toContain('blank_zero');
		expect(d.text).toMatch(/一、本年新收政府信息公开申请数量(\t){7}0\n/);
		expect(d.errors).toEqual([]);
		const report = parseReport({ text: d.text, fileName: f, tokens: d.tokens, kind: d.kind });
		const got = new Map([...report.cells].map(([k, c]) => [k, { value: c.value, flags: c.flags }]));
		const s = scoreReport(truth, got, report.issues.some((i) => i.severity === 'error'));
		expect(s.wrong).toEqual([]);
		expect(report.cells.get('t3.new_received.natural_person')).toMatchObject({ value: 0 });
		// A blank cell keeps the page and box of its column on its row's line.
		expect(report.cells.get('t3.new_received.natural_person')?.page).toBe(2);
	});
});
