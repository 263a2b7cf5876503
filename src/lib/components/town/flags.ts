/**
 * Value flags in the reader's language: a short badge text and the explanation (English from the dataset
 * contract's FLAGS, Chinese written here), shared by the badges and the source panel.
 */
import { FLAGS, type Flag } from '$lib/dataset/schema.ts';
import { t } from '$lib/i18n.svelte.ts';

const ZH: Record<Flag, [string, string]> = {
	blank: ['空', '原表空白'],
	inferred_zero: ['推0', '空白单元格按勾稽关系计为 0'],
	inferred: ['推算', '空白单元格由勾稽关系推算'],
	not_applicable: ['不适用', '原表标注不适用（-、/、无）'],
	ambiguous: ['存疑', '原文字迹混乱，读数不确定'],
	repaired: ['修复', '混乱单元格：只有一种读法满足勾稽关系'],
	derived: ['计算', '由其他单元格计算，原表未列'],
	uncertain_unit: ['单位?', '金额未注明单位，单位为推定'],
	unit_in_cell: ['含单位', '单元格内写有单位'],
	suspect: ['可疑', '该值违反勾稽关系'],
	unconfirmed_position: ['位置?', '该行数值个数与表格列数不符，无法确认此值属于哪一列'],
	unverified: ['未核', '无法用勾稽关系核对此值（相关单元格空白、混乱或缺失）']
};
const SHORT_EN: Record<Flag, string> = {
	blank: 'blank',
	inferred_zero: '→0',
	inferred: 'inferred',
	not_applicable: 'n/a',
	ambiguous: 'ambiguous',
	repaired: 'repaired',
	derived: 'derived',
	uncertain_unit: 'unit?',
	unit_in_cell: 'unit',
	suspect: 'suspect',
	unconfirmed_position: 'column?',
	unverified: 'unchecked'
};

export function flagShort(f: Flag): string {
	return t(ZH[f][0], SHORT_EN[f]);
}

export function flagText(f: Flag): string {
	return t(ZH[f][1], FLAGS[f]);
}
