/** Row-label matching driven by the catalog (templates.md D9, D10, D13, D18). */
import { describe, expect, it } from 'vitest';
import { matchRow, T2_LABELS, T3_LABELS } from '../../../src/lib/parser/labels.ts';

const t3 = (s: string) => matchRow(s, T3_LABELS)?.row.row ?? null;
const t2 = (s: string) => matchRow(s, T2_LABELS)?.row.row ?? null;

describe('row labels', () => {
	it('builds its labels from the catalog, both formats included', () => {
		expect(T2_LABELS.find((r) => r.row === 'normative_docs')!.cores).toEqual(['规范性文件', '行政规范性文件']);
		expect(T3_LABELS).toHaveLength(26);
	});
	it('matches with full-width or half-width brackets and stray spaces (D4, D9)', () => {
		expect(t3('（二）部分公开（区分处理的，只计这一情形，不计其他情形）')).toBe('partially_granted');
		expect(t3('(二)部分公开(区分处理的,只计这一情形,不计其他情形)')).toBe('partially_granted');
		expect(t3('3.危及“三安全一稳定”')).toBe('denied_three_safety_one_stability');
		expect(t3('3. 危及"三安全 一稳定"')).toBe('denied_three_safety_one_stability');
	});
	it('accepts provincial instructions appended to a label (D10)', () => {
		expect(t2('规章（设区的市、自治州人民政府应提供相关数据）')).toBe('rules');
		expect(t2('规范性文件(行政机关制定发布的决定、公告…)')).toBe('normative_docs');
	});
	it('never matches the generic words 其他 and 总计 without their outline number (D18)', () => {
		expect(t3('其他')).toBeNull();
		expect(t3('总计')).toBeNull();
		expect(t3('3.其他')).toBe('other_other');
		expect(t3('（七）总计')).toBe('total_processed');
		expect(t3('（七）合计')).toBe('total_processed');
	});
	it('tells 重复申请 from 无正当理由大量反复申请', () => {
		expect(t3('2.重复申请')).toBe('not_processed_repeat');
		expect(t3('4.无正当理由大量反复申请')).toBe('not_processed_massive_repeated');
	});
	it('accepts "，" for "、" in the （六） sub-rows (D13)', () => {
		expect(t3('1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请')).toBe('other_overdue_correction');
	});
	it('matches a label cut by a PDF line break only when asked and only when unique', () => {
		expect(matchRow('1.本机关不掌握相关政', T3_LABELS)).toBeNull();
		expect(matchRow('1.本机关不掌握相关政', T3_LABELS, true)?.row.row).toBe('unable_not_held');
	});
	it('does not take a parent label for a row', () => {
		expect(t3('（三）不予公开')).toBeNull();
		expect(t3('三、本年度办理结果')).toBeNull();
	});
});
