/**
 * The metric catalog is the one definition of table 三's outcome groups, table 四's group labels and the headline
 * sets: the parser, the Overview, its aggregate tables and the town profile read them from there, so they cannot
 * drift apart.
 */
import { describe, expect, it } from 'vitest';
import { metric, metricsFor, t2RowsWith, t4GroupZh, T4_GROUPS } from '../../../src/lib/catalog/index.ts';
import { OTHER_HANDLING_PARTS, OUTCOMES, SUBTOTAL_OUTCOMES } from '../../../src/lib/catalog/outcomes.ts';
import { OVERVIEW_HEADLINES, TOWN_TRENDS } from '../../../src/lib/catalog/headlines.ts';
import { AGG_METRICS } from '../../../src/lib/db/setup-sql.ts';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { T4, trustReport } from '../../helpers/trust.ts';

describe('table 三 outcome groups', () => {
	it('cover every result row of both templates exactly once, in template order', () => {
		for (const format of ['2019', '2021'] as const) {
			const results = [...new Set(metricsFor(format, '三').map((m) => m.row))].filter(
				(r) => !['new_received', 'carried_over', 'total_processed', 'carried_forward'].includes(r) && !OTHER_HANDLING_PARTS.includes(r)
			);
			expect(OUTCOMES.flatMap((o) => o.rows)).toEqual(results);
		}
	});

	it('name the three parent labels printed without values as the subtotal groups the parser checks (D13)', () => {
		expect(SUBTOTAL_OUTCOMES.map((o) => o.zh)).toEqual(['不予公开', '无法提供', '不予处理']);
		expect(SUBTOTAL_OUTCOMES.find((o) => o.key === 'unable')!.rows).toEqual(['unable_not_held', 'unable_needs_creation', 'unable_unclear_after_correction']);
	});

	it('give （六）其他处理 its three 2021 sub-rows, each only in the 2021 template', () => {
		expect(OTHER_HANDLING_PARTS).toEqual(['other_overdue_correction', 'other_overdue_fee', 'other_other']);
		for (const r of OTHER_HANDLING_PARTS) expect(metric(`t3.${r}.total`)!.formats).toEqual(['2021']);
	});

	it('are what the parser derives （六） from in a 2021 report: the sum of the sub-rows, flagged derived', () => {
		const rows = { other_overdue_correction: ['1', '0', '0', '0', '0', '0', '1'], other_overdue_fee: ['0', '2', '0', '0', '0', '0', '2'], other_other: ['0', '0', '0', '0', '0', '1', '1'] };
		const r = parseReport({ text: trustReport({ t3: { new_received: ['4', '3', '0', '0', '0', '1', '8'], granted: ['2', '1', '0', '0', '0', '0', '3'], unable_not_held: ['1', '0', '0', '0', '0', '0', '1'], ...rows, total_processed: ['4', '3', '0', '0', '0', '1', '8'] } }), fileName: 'other.txt' });
		expect(r.cells.get('t3.other_handling.total')).toMatchObject({ value: 4, flags: ['derived'] });
		expect(r.cells.get('t3.other_handling.commercial_enterprise')).toMatchObject({ value: 2, flags: ['derived'] });
	});

	it('are what the parser checks a printed subtotal row against', () => {
		// A reproduction prints （四）无法提供 with values: 1 0 0 0 0 0 1 is the sum of its sub-rows here.
		const text = trustReport().replace(/(\n[^\n]*本机关不掌握)/, '\n| （四）无法提供 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |$1');
		expect(text).toContain('（四）无法提供 | 1');
		const r = parseReport({ text, fileName: 'subtotal.txt' });
		expect(r.issues.find((i) => i.code === 'subtotal')).toMatchObject({ severity: 'info' });
	});
});

describe('table 四 group labels', () => {
	it('come from the catalog', () => {
		expect(T4_GROUPS.map(t4GroupZh)).toEqual(['行政复议', '行政诉讼·未经复议直接起诉', '行政诉讼·复议后起诉']);
	});

	it('name the repaired group in the parser message with the catalog wording (it said 未经复议直接起诉 before)', () => {
		// 未经复议直接起诉 0 3 0 0 3 printed as "03 | 0 | 0 | 3": exactly one reading satisfies I-4.
		const text = trustReport({ t4: [...T4.slice(0, 5), T4[5] + T4[6], ...T4.slice(7)] });
		const r = parseReport({ text, fileName: 'glued.txt' });
		expect(r.issues.find((i) => i.subject === 'table4' && i.code === 'repaired')?.message).toMatch(/^表四 行政诉讼·未经复议直接起诉 cells are garbled/);
	});
});

describe('headline sets', () => {
	it('are catalog metric ids', () => {
		for (const id of [...OVERVIEW_HEADLINES, ...TOWN_TRENDS]) expect(metric(id), id).toBeDefined();
	});

	it('put the Overview headlines in the aggregate tables and in the town profile trends', () => {
		for (const id of OVERVIEW_HEADLINES) {
			expect(AGG_METRICS).toContain(id);
			expect(TOWN_TRENDS).toContain(id);
		}
	});
});

describe('table 四 printed as separate tables', () => {
	it('names a group whose caption is missing with the catalog label', () => {
		const base = trustReport();
		const head = '结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |';
		const groups = [
			['行政复议', head, '2 | 1 | 0 | 1 | 4 |'],
			['行政诉讼（未经复议直接起诉）', head, '0 | 3 | 0 | 0 | 3 |']
		].map((g) => g.join('\n'));
		const text = base.slice(0, base.indexOf('四、政府信息公开行政复议')) + '四、政府信息公开行政复议、行政诉讼情况\n' + groups.join('\n\n') + '\n' + base.slice(base.indexOf('五、存在的主要问题'));
		const r = parseReport({ text, fileName: 'split.txt' });
		expect(r.cells.get('t4.review.total')).toMatchObject({ value: 4 });
		expect(r.issues.find((i) => i.code === 'split_table')?.message).toMatch(/\(行政诉讼·复议后起诉 not found\)$/);
	});
});

describe('table 二 item-count rows', () => {
	it('are the catalog rows with 上一年项目数量 and 本年增/减 (cross-year check X-2b), and with 处理决定数量 too (§10 soft check)', () => {
		expect(t2RowsWith('prev_year_items', 'items_delta')).toEqual(['admin_license', 'other_mgmt_services', 'admin_penalty', 'admin_coercion', 'admin_fees']);
		expect(t2RowsWith('prev_year_items', 'items_delta', 'decisions')).toEqual(['admin_license', 'other_mgmt_services', 'admin_penalty', 'admin_coercion']);
	});
});
