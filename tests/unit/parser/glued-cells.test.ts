/**
 * Cells glued together (`30` for `3 | 0`, `规章000`): a run of digits is split only when exactly one split
 * satisfies the identities and no part starts with 0 unless it is 0 (flag `repaired`); otherwise the row is
 * flagged. A glued row never passes for a complete one.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { T4, trustReport } from '../../helpers/trust.ts';

const parse = (text: string) => parseReport({ text, fileName: 'glued.txt' });
const glue = (k: number) => trustReport({ t4: [...T4.slice(0, k), T4[k] + T4[k + 1], ...T4.slice(k + 2)] });

describe('two table 四 cells glued into one', () => {
	it('splits "03" (0 | 3) back when that is the only reading I-4 allows, flagged repaired', () => {
		// 未经复议直接起诉 0 3 0 0 3 printed as "03 | 0 | 0 | 3": "03" is no number anyone prints.
		const r = parse(glue(5));
		expect(r.cells.get('t4.litigation_direct.upheld')).toMatchObject({ value: 0 });
		expect(r.cells.get('t4.litigation_direct.corrected')).toMatchObject({ value: 3 });
		expect(r.cells.get('t4.litigation_direct.corrected')!.flags).toContain('repaired');
		expect(r.cells.get('t4.litigation_after_review.total')).toMatchObject({ value: 1, flags: [] });
	});

	it('leaves 行政复议 empty when "21" could be 2 | 1 or a lost total of 26, and keeps the other groups', () => {
		// 21 0 1 4 | 0 3 0 0 3 | 1 0 0 0 1 … also satisfies I-4 as 21 0 1 4 [26]: two readings disagree.
		const r = parse(glue(0));
		for (const k of ['upheld', 'corrected', 'other', 'pending', 'total']) {
			const c = r.cells.get(`t4.review.${k}`)!;
			expect(c.value).toBeNull();
			expect(c.flags).toContain('ambiguous');
		}
		expect(r.cells.get('t4.litigation_direct.total')).toMatchObject({ value: 3, flags: [] });
	});
});

describe('glued cells in table 二', () => {
	it('flags a row of three columns that shows two numbers ("25" glued to "3")', () => {
		const r = parse(trustReport().replace('行政规范性文件 | 4 | 3 | 25 |', '行政规范性文件 | 4 | 325 |'));
		expect(r.cells.get('t2.normative_docs.repealed')).toMatchObject({ value: 325 });
		expect(r.cells.get('t2.normative_docs.repealed')!.flags).toContain('unconfirmed_position');
	});

	it('does not mistake a label glued to its values ("规章 2 1 7") for a glued cell', () => {
		const r = parse(trustReport().replace('规章 | 2 | 1 | 7 |', '规章 2 1 7'));
		expect(['issued', 'repealed', 'valid'].map((k) => r.cells.get(`t2.rules.${k}`)!.value)).toEqual([2, 1, 7]);
		expect(r.cells.get('t2.rules.valid')!.flags).toEqual([]);
	});
});

describe('glued cells in a table 三 row laid out with spacer cells', () => {
	it('flags the row when its count of cells falls short of its neighbours', () => {
		const tab = (label: string, vals: string[]) => [label, ...vals, '', ''].map((c) => `\t${c}`).join('\n');
		const base = trustReport();
		const rows = ['（一）予以公开', '（四）1.本机关不掌握相关政府信息'];
		let text = base;
		text = text.replace('（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |', tab(rows[0], ['2', '1', '0', '0', '00', '3']));
		text = text.replace(/（四）1\.本机关不掌握相关政府信息 \|[^\n]*/, tab('1.本机关不掌握相关政府信息', ['1', '0', '0', '0', '0', '0', '1']));
		const r = parse(text);
		expect(r.cells.get('t3.granted.natural_person')!.flags.some((f) => f === 'unconfirmed_position' || f === 'ambiguous')).toBe(true);
	});
});
