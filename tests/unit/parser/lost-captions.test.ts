/**
 * Wrong or lost captions and labels: block captions that lost their numeral (第二十条第项), outline
 * numbers dropped from labels, a blank row label where a label should be. Values are anchored by the row
 * labels and the column count that can be trusted; what cannot be anchored is flagged or left empty.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { trustReport } from '../../helpers/trust.ts';

const parse = (text: string) => parseReport({ text, fileName: 'captions.txt' });

describe('captions that lost their numeral', () => {
	it('still starts table 二 at 第二十条第项, so prose above it stays narrative', () => {
		const text = trustReport()
			.replace(/第二十条第\(([一二三四五六七八九十])\)项/g, '第二十条第项')
			.replace('二、主动公开政府信息情况', '二、主动公开政府信息情况\n主动公开重点领域信息6条。');
		const r = parse(text);
		expect(r.cells.get('t2.normative_docs.valid')).toMatchObject({ value: 25, flags: [] });
		expect(r.cells.get('n.proactive.items')!.value).toBe(67);
	});
});

describe('a partial narrative figure', () => {
	it('is flagged when it wins only for want of the total', () => {
		const text = trustReport().replace('我镇累计主动公开政府信息67条。', '我镇主动公开重点领域信息6条，主动公开财政信息3条。');
		const c = parse(text).cells.get('n.proactive.items')!;
		expect(c.flags).toContain('ambiguous');
	});

	it('is trusted when the phrase names the total', () => {
		expect(parse(trustReport()).cells.get('n.proactive.items')!.flags).toEqual([]);
	});
});

describe('a blank row label', () => {
	it('never gives the unlabelled row to a neighbour (总计 blanked)', () => {
		const r = parse(trustReport().replace('（七）总计 |', ' |'));
		const tp = r.cells.get('t3.total_processed.total');
		if (tp && tp.value !== null) expect(tp.flags).toContain('ambiguous');
		expect(r.cells.get('t3.unable_not_held.total')!.value).toBe(1);
	});

	it('leaves a table 二 row without its label unread', () => {
		const r = parse(trustReport().replace('规章 | 2 | 1 | 7 |', ' | 2 | 1 | 7 |'));
		expect(r.cells.get('t2.rules.issued')).toBeUndefined();
		expect(r.cells.get('t2.normative_docs.issued')).toMatchObject({ value: 4, flags: [] });
	});
});
