/**
 * Table 四 printed as three small tables (行政复议 / 行政诉讼·未经复议直接起诉 / 行政诉讼·复议后起诉), each
 * with its own header row 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计: each is assigned by its caption,
 * never by its order.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { trustReport } from '../../helpers/trust.ts';

const HEAD = '结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |';
const GROUPS = {
	review: ['行政复议', '2 | 1 | 0 | 1 | 4 |'],
	litigation_direct: ['行政诉讼（未经复议直接起诉）', '0 | 3 | 0 | 0 | 3 |'],
	litigation_after_review: ['行政诉讼（复议后起诉）', '1 | 0 | 0 | 0 | 1 |']
} as const;

function splitT4(order: (keyof typeof GROUPS)[]): string {
	const base = trustReport();
	const start = base.indexOf('四、政府信息公开行政复议');
	const end = base.indexOf('五、存在的主要问题');
	const parts = order.map((g) => [GROUPS[g][0], HEAD, GROUPS[g][1]].join('\n'));
	return base.slice(0, start) + '四、政府信息公开行政复议、行政诉讼情况\n' + parts.join('\n\n') + '\n' + base.slice(end);
}

describe('table 四 as three captioned tables', () => {
	it.each([
		[['review', 'litigation_direct', 'litigation_after_review']],
		[['litigation_after_review', 'review', 'litigation_direct']],
		[['litigation_direct', 'litigation_after_review', 'review']]
	] as (keyof typeof GROUPS)[][][])('reads each group by its caption in the order %j', (order) => {
		const r = parseReport({ text: splitT4(order), fileName: 'split.txt' });
		expect(r.cells.get('t4.review.total')).toMatchObject({ value: 4, flags: [] });
		expect(r.cells.get('t4.litigation_direct.corrected')).toMatchObject({ value: 3, flags: [] });
		expect(r.cells.get('t4.litigation_after_review.upheld')).toMatchObject({ value: 1, flags: [] });
		expect(r.issues.some((i) => i.code === 'split_table')).toBe(true);
	});

	it('leaves a group whose caption is missing empty instead of guessing it from the order', () => {
		const text = splitT4(['review', 'litigation_direct', 'litigation_after_review']).replace('行政诉讼（复议后起诉）\n', '');
		const r = parseReport({ text, fileName: 'split.txt' });
		expect(r.cells.get('t4.litigation_after_review.upheld')).toBeUndefined();
		expect(r.cells.get('t4.review.total')!.value).toBe(4);
	});
});
