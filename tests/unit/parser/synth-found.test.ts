/**
 * Parser bugs found by the synthetic accuracy bench (bench/accuracy.bench.ts), each pinned on a minimal
 * realistic snippet so it cannot come back.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { pipeReport2021, seedWith } from '../../helpers/snippets.ts';

const parse = (text: string) => parseReport({ text, fileName: 'snippet.txt' });

describe('table 四 in pipe rows', () => {
	it('does not take the blank padding of the header row ("| |||||") as values', () => {
		const text = [
			'某某镇2024年政府信息公开工作年度报告',
			'四、政府信息公开行政复议、行政诉讼情况',
			'行政复议 | 行政诉讼 |',
			'结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |',
			'结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | |||||',
			'2 | 1 | 0 | 0 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |',
			'五、存在的主要问题及改进情况',
			'无。'
		].join('\n');
		const r = parse(text);
		expect(r.cells.get('t4.review.upheld')).toMatchObject({ value: 2, flags: [] });
		expect(r.cells.get('t4.review.total')!.value).toBe(3);
		expect(r.cells.get('t4.litigation_after_review.corrected')!.value).toBe(1);
		expect(r.issues.filter((i) => i.subject === 'table4')).toEqual([]);
	});
});

describe('the 2021 （六）其他处理 aggregate', () => {
	it('is flagged suspect when a sub-row it sums breaks an identity (a misprinted 总计)', () => {
		// （六）3.其他 prints 总计 3 while its applicant cells add up to 1: I-3c fails on that row.
		const t3: Record<string, string[]> = {
			new_received: ['1', '0', '0', '0', '0', '0', '1'],
			other_other: ['1', '0', '0', '0', '0', '0', '3'],
			total_processed: ['1', '0', '0', '0', '0', '0', '1']
		};
		const r = parseReport({ text: pipeReport2021({ t3 }), fileName: 'x.txt' });
		expect(r.cells.get('t3.other_other.total')!.flags).toContain('suspect');
		const agg = r.cells.get('t3.other_handling.total')!;
		expect(agg.value).toBe(3);
		expect(agg.flags).toEqual(['derived', 'suspect']);
	});
	it('stays plainly derived when its sub-rows are sound', () => {
		const t3: Record<string, string[]> = {
			new_received: ['1', '0', '0', '0', '0', '0', '1'],
			other_other: ['1', '0', '0', '0', '0', '0', '1'],
			total_processed: ['1', '0', '0', '0', '0', '0', '1']
		};
		const r = parseReport({ text: pipeReport2021({ t3 }), fileName: 'x.txt' });
		expect(r.cells.get('t3.other_handling.total')).toMatchObject({ value: 1, flags: ['derived'] });
	});
});

describe('the 2021 （六）其他处理 aggregate of unknown sub-rows', () => {
	it('is emitted empty and flagged ambiguous, not silently dropped, when a sub-row cell stays blank', () => {
		// The blank cannot be read as 0: its row prints 总计 2 while the other cells hold 1.
		const t3: Record<string, string[]> = {
			new_received: ['1', '1', '0', '0', '0', '0', '2'],
			other_other: ['\u00a0', '1', '0', '0', '0', '0', '2'],
			total_processed: ['1', '1', '0', '0', '0', '0', '2']
		};
		const r = parseReport({ text: pipeReport2021({ t3 }), fileName: 'x.txt' });
		expect(r.cells.get('t3.other_other.natural_person')!.value).toBeNull();
		expect(r.cells.get('t3.other_handling.natural_person')).toMatchObject({ value: null, flags: ['derived', 'ambiguous'] });
		expect(r.cells.get('t3.other_handling.commercial_enterprise')).toMatchObject({ value: 1, flags: ['derived'] });
	});
});

describe('table 三 copied one cell per paragraph', () => {
	const report = (blank: string) =>
		[
			'某某镇2022年政府信息公开工作年度报告',
			'三、收到和处理政府信息公开申请情况',
			'(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)',
			'申请人情况',
			'自然人',
			'法人或其他组织',
			'总计',
			'商业企业',
			'科研机构',
			'社会公益组织',
			'法律服务机构',
			'其他',
			'一、本年新收政府信息公开申请数量',
			'2',
			...Array(5).fill(blank),
			'2',
			'二、上年结转政府信息公开申请数量',
			...Array(7).fill('0'),
			'四、政府信息公开行政复议、行政诉讼情况'
		].join('\n\n');

	it('keeps a paragraph holding only NBSP as a blank cell, so later values stay in their columns', () => {
		const r = parseReport({ text: report('\u00a0'), fileName: 'x.txt' });
		expect(r.cells.get('t3.new_received.natural_person')!.value).toBe(2);
		expect(r.cells.get('t3.new_received.commercial_enterprise')).toMatchObject({ value: 0, flags: ['blank', 'inferred_zero'] });
		expect(r.cells.get('t3.new_received.total')).toMatchObject({ value: 2, flags: [] });
	});
	it('flags the values of a row that came out short (blank cells lost) as ambiguous instead of trusting their position', () => {
		const r = parseReport({ text: report(''), fileName: 'x.txt' });
		expect(r.issues.some((i) => i.code === 'row_incomplete' && i.subject === 't3.new_received')).toBe(true);
		expect(r.cells.get('t3.new_received.commercial_enterprise')!.flags).toContain('ambiguous');
		expect(r.cells.get('t3.new_received.natural_person')!.flags).toContain('ambiguous');
	});
});

describe('the §10 soft check (处理决定数量 = 上一年项目数量 + 本年增/减)', () => {
	it('stays quiet when every item was dropped and no decision was made (0 = 1 − 1 says nothing)', () => {
		const r = parseReport({ text: seedWith(['\t行政处罚\n\t21\n\t-7\n\t14', '\t行政处罚\n\t1\n\t-1\n\t0']), fileName: 'x.txt' });
		expect(r.cells.get('t2.admin_penalty.decisions')!.value).toBe(0);
		expect(r.issues.some((i) => i.code === 'decisions_equal_items')).toBe(false);
	});
});

describe('table 四 repair, group by group', () => {
	it('repairs a doubled group although another group prints a total that does not add up', () => {
		// Review: 1+0+0+0 printed with 总计 3 (misprint). Direct litigation as in the Xianxiang page (D6):
		// 维持 "0 0", 纠正 "1", 总计 "11".
		const t4 = ['1', '0', '0', '0', '3', '0 0', '1', '0', '0', '11', '0', '0', '0', '0', '0'];
		const r = parseReport({ text: pipeReport2021({ t4 }), fileName: 'x.txt' });
		expect(r.cells.get('t4.litigation_direct.total')).toMatchObject({ value: 1, flags: ['ambiguous', 'repaired'] });
		expect(r.cells.get('t4.review.upheld')).toMatchObject({ value: 1, flags: ['suspect'] });
		expect(r.cells.get('t4.review.total')).toMatchObject({ value: 3, flags: ['suspect'] });
		expect(r.cells.get('t4.litigation_after_review.total')).toMatchObject({ value: 0, flags: [] });
	});
	it('keeps the clean numbers of a group no reading can save, flagged, and empties only its garbled cells', () => {
		// Review: "1 1" could be 1 or 11, but 总计 5 fits neither.
		const t4 = ['1 1', '0', '0', '0', '5', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'];
		const r = parseReport({ text: pipeReport2021({ t4 }), fileName: 'x.txt' });
		expect(r.cells.get('t4.review.upheld')).toMatchObject({ value: null });
		expect(r.cells.get('t4.review.upheld')!.flags).toContain('ambiguous');
		expect(r.cells.get('t4.review.total')).toMatchObject({ value: 5 });
		expect(r.cells.get('t4.review.total')!.flags).toContain('ambiguous');
		expect(r.cells.get('t4.litigation_direct.total')).toMatchObject({ value: 0, flags: [] });
	});
});

describe('table 四 doubled without any space ("00", "11")', () => {
	it('treats "00" as a sign of doubling, so an "11" that also fits literally is flagged, not trusted', () => {
		// 复议 维持 "11" and 总计 "11" hold literally (11 = 11) and doubled (1 = 1): no way to tell.
		const t4 = ['11', '0', '0', '0', '11', '0', '0', '0', '00', '00', '0', '0', '1', '0', '11'];
		const r = parseReport({ text: pipeReport2021({ t4 }), fileName: 'x.txt' });
		expect(r.cells.get('t4.review.total')!.flags).toContain('ambiguous');
		expect(r.cells.get('t4.review.total')!.value).toBeNull();
		expect(r.cells.get('t4.litigation_after_review.total')).toMatchObject({ value: 1, flags: ['ambiguous', 'repaired'] });
		expect(r.cells.get('t4.litigation_direct.total')!.value).toBe(0);
	});
});

describe('n.proactive.items among partial figures', () => {
	const prose = (...sentences: string[]) => ['某某镇2023年政府信息公开工作年度报告', '一、总体情况', ...sentences, '二、主动公开政府信息情况'].join('\n\n');
	it('takes the stated total, not a topic figure quoted before it', () => {
		const r = parseReport({ text: prose('聚焦群众关切，主动公开财政预决算信息12条。', '2023年，共主动公开政府信息166条，内容涵盖机构职能、政策文件等方面。'), fileName: 'x.txt' });
		expect(r.cells.get('n.proactive.items')!.value).toBe(166);
	});
	it('prefers 政府信息 to a website total that counts news as well', () => {
		const r = parseReport({ text: prose('网站全年累计发布信息2139条，其中动态类信息1744条。', '通过部门网站当年发布政府信息393件，其中包括政策文件21件。'), fileName: 'x.txt' });
		expect(r.cells.get('n.proactive.items')!.value).toBe(393);
	});
});

describe('a number split over two cells (D8) in padded Markdown rows', () => {
	it('joins the split cells when the row ends in empty padding cells', () => {
		const text = [
			'某某街道2024年政府信息公开工作年度报告',
			'三、收到和处理政府信息公开申请情况',
			'| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | | | |',
			'|---|---|---|---|---|---|---|---|---|---|',
			'| 自然人 | 法人或其他组织 | 总计 | | | | | | | |',
			'| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | | | | | |',
			'| 一、本年新收政府信息公开申请数量 | 1 | 3 | 0 | 0 | 0 | 0 | 0 | 13 | | |',
			'| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | | |',
			'四、政府信息公开行政复议、行政诉讼情况'
		].join('\n');
		const r = parseReport({ text, fileName: 'x.md' });
		expect(r.cells.get('t3.new_received.natural_person')).toMatchObject({ value: 13 });
		expect(r.cells.get('t3.new_received.natural_person')!.flags).toContain('repaired');
		expect(r.cells.get('t3.new_received.total')!.value).toBe(13);
	});
});

describe('a split number that two joins explain', () => {
	it('is resolved by the column identities when the row identity alone cannot tell', () => {
		// （七）总计 prints "1 | 1 | 0 | 0 | 0 | 0 | 0 | 11": 11+0… and 1+10… both satisfy I-3c, but the
		// 自然人 column (一 11 + 二 0 = 七 ? + 四 0) says 11.
		const t3: Record<string, string[]> = {
			new_received: ['11', '0', '0', '0', '0', '0', '11'],
			granted: ['11', '0', '0', '0', '0', '0', '11'],
			total_processed: ['1', '1', '0', '0', '0', '0', '0', '11']
		};
		const r = parseReport({ text: pipeReport2021({ t3 }), fileName: 'x.txt' });
		expect(r.cells.get('t3.total_processed.natural_person')).toMatchObject({ value: 11 });
		expect(r.cells.get('t3.total_processed.natural_person')!.flags).toContain('repaired');
		expect(r.cells.get('t3.total_processed.commercial_enterprise')!.value).toBe(0);
		expect(r.issues.some((i) => i.code === 'repaired' && /column identities/.test(i.message))).toBe(true);
	});
});

describe('blank zeros when another column breaks an identity', () => {
	it('reads the blanks of each sound column as 0; a blank 总计 then follows from its row', () => {
		// 二、上年结转 is left entirely blank (zero row); （七）总计 misprints its 总计 (5 for 2).
		const B = '\u00a0';
		const t3: Record<string, string[]> = {
			new_received: ['2', '0', '0', '0', '0', '0', '2'],
			carried_over: [B, B, B, B, B, B, B],
			granted: ['2', '0', '0', '0', '0', '0', '2'],
			total_processed: ['2', '0', '0', '0', '0', '0', '5']
		};
		const r = parseReport({ text: pipeReport2021({ t3 }), fileName: 'x.txt' });
		expect(r.cells.get('t3.carried_over.natural_person')).toMatchObject({ value: 0, flags: ['blank', 'inferred_zero'] });
		expect(r.cells.get('t3.carried_over.other_org')).toMatchObject({ value: 0, flags: ['blank', 'inferred_zero'] });
		// Its own row then says 总计 = 0; the 总计 column, broken by the misprint, marks it suspect.
		expect(r.cells.get('t3.carried_over.total')).toMatchObject({ value: 0, flags: ['blank', 'inferred_zero', 'suspect'] });
		expect(r.cells.get('t3.total_processed.total')!.flags).toContain('suspect');
	});
});
