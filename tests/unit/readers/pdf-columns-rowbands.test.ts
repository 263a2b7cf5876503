/**
 * Row bands in tables printed without rules: a cell whose text wraps prints its value a line below the row's
 * other values (in a row centred vertically, that line still overlaps the row's own), and an undrawn space in a
 * cell moves its digits off the column's centre. Such a value is placed in its row and column only where the
 * geometry confirms it; otherwise the table stays under review. The geometry is real: the lines of table 三 of two
 * Chromium prints with the `fullwidth` fault (`　0`, `０`, `0&nbsp;` cells), as the PDF reader hands them over
 * (tests/fixtures/pdf-columns/*.table3.json, each with its `source`); the last specs move one value of it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignColumns, type AlignedRow, type Box, type Chunk, type ColumnLine } from '../../../src/lib/readers/pdf-columns.ts';

type Raw = [string, number, number, number, number];
const chunk = ([text, ...box]: Raw): Chunk => ({ text, box: box as Box });
function table3(name: string, table = 'table3'): ColumnLine[] {
	const j = JSON.parse(readFileSync(`tests/fixtures/pdf-columns/${name}.chromium.${table}.json`, 'utf8')) as { lines: { page: number; size: number; box: Box; chunks: Raw[]; pieces: Raw[] }[] };
	return j.lines.map((l) => ({ page: l.page, size: l.size, box: l.box, chunks: l.chunks.map(chunk), pieces: l.pieces.map(chunk) }));
}
/** Opens a row: an outline number (the reader also passes the template's labels; every row of table 三 has one). */
const opens = (t: string) => /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)/.test(t.trim());
/** The aligned row whose label cell starts with `label`: its label and its seven value cells. */
function rowOf(out: (AlignedRow | null)[], label: string): { label: string; values: Chunk[]; confirmed: boolean } {
	const row = out.find((r) => r?.cells.some((c) => c.text.startsWith(label)));
	if (!row) throw new Error(`no aligned row for ${label}`);
	const at = row.cells.findIndex((c) => c.text.startsWith(label));
	return { label: row.cells[at].text, values: row.cells.slice(at + 1), confirmed: row.confirmed };
}
const T3_ROWS = 25;

describe('row bands: values wrapped below their row in a table printed without rules', () => {
	it('a wrapped `　0` joins the row whose band it overlaps, in the column that row left blank; merged and off-centre values are placed; every row confirmed', () => {
		const lines = table3('430529203-兰蓉乡-2023');
		const out = alignColumns(lines, opens);
		// 4.保护第三方合法权益: six values on the row's line, the total a line lower (7.5 pt), overlapping it by 3 pt.
		const wrapped = lines.findIndex((l) => l.chunks.length === 1 && l.chunks[0].text === '0' && l.box[1] > 505 && l.box[1] < 506);
		const row = rowOf(out, '4.保护第三方合法权益');
		expect(row.values.map((c) => c.text)).toEqual(['0', '0', '0', '0', '0', '0', '0']);
		expect(row.values[6].box).toEqual(lines[wrapped].chunks[0].box);
		expect(row.confirmed).toBe(true);
		expect(out[wrapped]?.cells).toEqual([]); // its value went into its row: the line is dropped
		// The same above the page break: the last line of a wrapped label carries the total (具已获取信息 … 0).
		expect(rowOf(out, '5.要求行政机关确认或重新出具已获取信息').values.map((c) => c.text)).toEqual(['０', '0', '0', '0', '０', '0', '0']);
		// `０ 0`: a full-width digit and the next cell's digit closer than the chunk gap, read as the two cells.
		expect(rowOf(out, '（一）予以公开').values.map((c) => c.text)).toEqual(['0', '0', '0', '0', '0', '０', '0']);
		// `　0` that fits its cell: printed half an ideographic space right of the column's centre, still its column.
		const moved = rowOf(out, '二、上年结转政府信息公开申请数量').values[0];
		expect(moved.box[0]).toBeCloseTo(340.5, 1);
		expect(rowOf(out, '一、本年新收政府信息公开申请数量').values[0].box[0]).toBeCloseTo(335.3, 1);
		// Every row of the table has its seven cells and is confirmed; the one blank is the total of （七）总计,
		// whose wrapped `0` fell into the page's bottom margin (dropped by the reader as a page number).
		const rows = out.filter((r) => r?.cells.some((c) => opens(c.text) && r.cells.length >= 8));
		expect(rows).toHaveLength(T3_ROWS);
		expect(rows.every((r) => r!.confirmed)).toBe(true);
		const blanks = rows.flatMap((r) => r!.cells.slice(-7).filter((c) => c.text === '').map(() => r!.cells.find((c) => opens(c.text))!.text));
		expect(blanks).toEqual(['（七）总计']);
	});

	it('vertical group labels beside the wrapped lines stay where they are; two wrapped cells of one row both join it', () => {
		const lines = table3('450332103-嘉会镇-2023');
		const out = alignColumns(lines, opens);
		const rows = out.filter((r) => r?.cells.some((c) => opens(c.text) && r.cells.length >= 8));
		expect(rows).toHaveLength(T3_ROWS);
		expect(rows.every((r) => r!.cells.slice(-7).every((c) => c.text !== '') && r!.confirmed)).toBe(true);
		// 2.重复申请: its natural-person and legal-service cells wrapped onto one line 7.5 pt lower.
		const repeat = rowOf(out, '2.重复申请');
		const [y0, y1] = [repeat.values[1].box[1], repeat.values[0].box[1]];
		expect(y0 - y1).toBeCloseTo(7.5, 1);
		expect(repeat.values[5].box[1]).toBe(y1);
		// 4.保护第三方合法权益: its 其他 cell wrapped onto the line of the vertical label's `︶`, which stays a line of its own.
		const k = lines.findIndex((l) => l.chunks[0].text === '︶' && l.chunks.length === 2);
		expect(out[k]?.cells.map((c) => c.text)).toEqual(['︶']);
		expect(rowOf(out, '4.保护第三方合法权益').values[5].box).toEqual(lines[k].chunks[1].box);
		// No value is left in a row without a label.
		expect(out.filter((r) => r?.cells.some((c) => /\d/.test(c.text))).every((r) => r!.cells.some((c) => opens(c.text)))).toBe(true);
	});

	it('values moved both ways by undrawn spaces (`　0` right of the centre, `0&nbsp;` left of it) stay one table across a page break', () => {
		const lines = table3('330783001-吴宁街道-2019');
		const out = alignColumns(lines, opens);
		const rows = out.filter((r) => r?.cells.some((c) => opens(c.text) && r.cells.length >= 8));
		expect(rows).toHaveLength(23); // the 2019 template's table 三, whose （六）其他处理 is one row
		expect(rows.every((r) => r!.cells.slice(-7).every((c) => c.text !== '') && r!.confirmed)).toBe(true);
		// 4.保护第三方合法权益 ends page 2; 5.属于三类内部事务信息 opens page 3 (its label wrapped around its values).
		const fifth = rowOf(out, '5.属于三类内部事务信息');
		expect(fifth.values[0].box[1]).toBeGreaterThan(700);
		// The 法人或其他组织·科研机构 column: a value 5.2 pt right of the centre on page 2, one 1.3 pt left of it on page 3.
		expect(rowOf(out, '一、本年新收').values[2].box[0] - rowOf(out, '二、上年结转').values[2].box[0]).toBeCloseTo(5.2, 1);
		expect(rowOf(out, '6.属于四类过程性信息').values[3].box[0] - fifth.values[3].box[0]).toBeCloseTo(1.3, 0);
		expect(rowOf(out, '2.重复申请').values.map((c) => c.text)).toEqual(['0', '0', '0', '0', '0', '0', '0']);
	});

	it('a value line a whole line below its row (no vertical overlap) is not joined: it stays a row, and no row of the table is confirmed', () => {
		const lines = table3('430529203-兰蓉乡-2023');
		const k = lines.findIndex((l) => l.chunks.length === 1 && l.chunks[0].text === '0' && l.box[1] > 505 && l.box[1] < 506);
		const down = (b: Box): Box => [b[0], b[1] - 4, b[2], b[3] - 4];
		lines[k] = { ...lines[k], box: down(lines[k].box), chunks: lines[k].chunks.map((c) => ({ ...c, box: down(c.box) })), pieces: lines[k].pieces.map((c) => ({ ...c, box: down(c.box) })) };
		const out = alignColumns(lines, opens);
		expect(rowOf(out, '4.保护第三方合法权益').values[6].text).toBe('');
		expect(out[k]?.cells.map((c) => c.text)).toEqual(['', '', '', '', '', '', '0']);
		expect(out.some((r) => r?.confirmed && r.cells.some((c) => /\d/.test(c.text)))).toBe(false);
	});

	it('a wrapped value in a column its row already holds is not joined (a cell holds one value), and no row is confirmed', () => {
		const lines = table3('430529203-兰蓉乡-2023');
		const k = lines.findIndex((l) => l.chunks.length === 1 && l.chunks[0].text === '0' && l.box[1] > 505 && l.box[1] < 506);
		const left = (b: Box): Box => [b[0] - 23.1, b[1], b[2] - 23.1, b[3]]; // onto the column of 其他 (x 495.7)
		lines[k] = { ...lines[k], chunks: lines[k].chunks.map((c) => ({ ...c, box: left(c.box) })), pieces: lines[k].pieces.map((c) => ({ ...c, box: left(c.box) })) };
		const out = alignColumns(lines, opens);
		expect(rowOf(out, '4.保护第三方合法权益').values.map((c) => c.text)).toEqual(['0', '0', '0', '0', '0', '0', '']);
		expect(out.some((r) => r?.confirmed && r.cells.some((c) => /\d/.test(c.text)))).toBe(false);
	});

	it('a value off its column by more than an undrawn space fits no column: its row and the rows after it are not trusted', () => {
		const lines = table3('430529203-兰蓉乡-2023');
		const k = lines.findIndex((l) => l.chunks[0].text.startsWith('二、上年结转'));
		const right = (b: Box): Box => (b[0] > 300 && b[0] < 345 ? [b[0] + 5, b[1], b[2] + 5, b[3]] : b); // 0.98 em off centre
		lines[k] = { ...lines[k], chunks: lines[k].chunks.map((c) => ({ ...c, box: right(c.box) })), pieces: lines[k].pieces.map((c) => ({ ...c, box: right(c.box) })) };
		const out = alignColumns(lines, opens);
		expect(out.slice(k).every((r) => r === null)).toBe(true);
	});

	it('a table whose cells are all blank prints only its labels (no value line, no columns): each template row comes out unconfirmed, never as nothing', () => {
		const lines = table3('130827107-亮甲台镇-2020');
		expect(lines.some((l) => l.chunks.some((c) => /\d/.test(c.text) && !/[\u4e00-\u9fff]/.test(c.text)))).toBe(false);
		const out = alignColumns(lines, opens);
		const at = (label: string) => out[lines.findIndex((l) => l.chunks.some((c) => c.text.startsWith(label)))];
		for (const label of ['一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '（一）予以公开', '1.属于国家秘密', '（七）总计', '四、结转下年度继续办理']) {
			expect(at(label)).toMatchObject({ confirmed: false });
			expect(at(label)!.cells.map((c) => c.text).join('')).toContain(label);
		}
		expect(out.some((r) => r?.confirmed)).toBe(false);
		// The heading and the header are not rows.
		expect(at('三、收到和处理政府信息公开申请情况')).toBeNull();
		expect(at('申请人情况')).toBeNull();
	});

	it('cells printing `0` over `0` on three lines (table 四): the line of their upper digits is not a table of its own, and nothing there is confirmed', () => {
		const lines = table3('430529203-兰蓉乡-2021', 'table4');
		const values = lines.filter((l) => l.chunks.every((c) => /^[0-9 ]+$/.test(c.text)));
		expect(values.map((l) => l.chunks.length)).toEqual([4, 11, 4]); // upper digits, the row (`0 0` cells as one chunk), lower digits
		const out = alignColumns(lines, opens);
		expect(out.some((r) => r?.confirmed)).toBe(false);
	});

	it('cells set at the top (as Word and WPS set them): a value wrapped a line under its row, at the pitch of the table\'s wrapped labels, joins it — two rows stand a cell padding further apart', () => {
		const lines = table3('450332103-嘉会镇-2023', 'table3-top');
		const out = alignColumns(lines, opens);
		const rows = out.filter((r) => r?.cells.some((c) => opens(c.text) && r.cells.length >= 8));
		expect(rows).toHaveLength(T3_ROWS);
		expect(rows.every((r) => r!.cells.slice(-7).every((c) => c.text !== '') && r!.confirmed)).toBe(true);
		// 4.保护第三方合法权益: its 其他 cell a line (15.75 pt) under the row's values, no longer overlapping them.
		const k = lines.findIndex((l) => l.chunks[0].text === '︶' && l.chunks.length === 2);
		const row = rowOf(out, '4.保护第三方合法权益');
		expect(row.values[5].box).toEqual(lines[k].chunks[1].box);
		expect(row.values[0].box[1] - row.values[5].box[1]).toBeCloseTo(15.75, 1);
		expect(row.values[0].box[1] - row.values[5].box[3]).toBeGreaterThan(0);
	});

	it('cells set at the top: a value line as far under its row as the next row would be is not joined, and no row is confirmed', () => {
		const lines = table3('450332103-嘉会镇-2023', 'table3-top');
		const k = lines.findIndex((l) => l.chunks[0].text === '︶' && l.chunks.length === 2);
		const down = (c: Chunk): Chunk => (/\d/.test(c.text) ? { ...c, box: [c.box[0], c.box[1] - 3, c.box[2], c.box[3] - 3] } : c); // 18.75 pt under: a row's pitch
		lines[k] = { ...lines[k], chunks: lines[k].chunks.map(down), pieces: lines[k].pieces.map(down) };
		const out = alignColumns(lines, opens);
		expect(rowOf(out, '4.保护第三方合法权益').values[5].text).toBe('');
		expect(out.some((r) => r?.confirmed && r.cells.some((c) => /\d/.test(c.text)))).toBe(false);
	});

	it('a row label drawn closer to the first value than the chunk gap: that chunk is read as its runs, the label left to the label, the value in its column', () => {
		const lines = table3('360732216-鼎龙乡-2020', 'table3-top');
		const k = lines.findIndex((l) => l.chunks[0].text === '4.无正当理由大量反复０');
		expect(k).toBeGreaterThan(0); // the label and the full-width ０ 15.4 pt apart, under the 15.75 pt chunk gap
		const out = alignColumns(lines, opens);
		const row = rowOf(out, '4.无正当理由大量反复申请');
		expect(row.values.map((c) => c.text)).toEqual(['０', '0', '0', '0', '0', '0', '0']);
		expect(row.values[0].box[0]).toBeCloseTo(311.05, 1);
		expect(row.confirmed).toBe(true);
		expect(out.flatMap((r) => r?.cells ?? []).some((c) => c.text.includes('反复０'))).toBe(false);
	});
});
