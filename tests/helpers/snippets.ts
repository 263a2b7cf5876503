/**
 * Realistic report snippets for the deviation tests: the seed report (a real 2019-format page) edited
 * in place, and a pipe-row 2021-format report laid out like the corpus's Guangdong and Hebei pages.
 */
import { T3_ROWS, T3_COLS } from '../../src/lib/catalog/index.ts';
import { corpusText } from './corpus.ts';

export const SEED = corpusText('000-xianxiangzhen-2020.txt');

/** The seed's garbled table-四 value row, exactly as printed (after the last header cell 总计). */
export const SEED_T4 = SEED.slice(SEED.lastIndexOf('\t总计\n') + '\t总计\n'.length, SEED.indexOf('\n\n\n五、'));

/** The seed with one exact passage replaced (throws if the passage is not there, so tests cannot rot). */
export function seedWith(...edits: [string, string][]): string {
	let s = SEED;
	for (const [from, to] of edits) {
		if (!s.includes(from)) throw new Error(`seed has no passage ${JSON.stringify(from.slice(0, 40))}`);
		s = s.replace(from, to);
	}
	return s;
}

/** A tab-flattened table-三 row of the seed, for replacement. */
export function seedT3Row(label: string, values: string[]): string {
	return `\t${label}\n${values.map((v) => `\t${v}`).join('\n')}`;
}

const ZERO7 = ['0', '0', '0', '0', '0', '0', '0'];

/** A 2021-format report flattened to pipe rows; `t3` overrides rows by key, `t4` the 15 values. */
export function pipeReport2021(o: { org?: string; year?: number; t2?: Record<string, string[]>; t3?: Record<string, string[]>; t4?: string[]; extraT3?: string[] } = {}): string {
	const t2 = { rules: ['0', '0', '0'], normative_docs: ['1', '0', '5'], admin_license: ['12'], admin_penalty: ['3'], admin_coercion: ['0'], admin_fees: ['0'], ...o.t2 };
	const rows2021 = T3_ROWS.filter((r) => r.formats.includes('2021'));
	const label = (key: string) => {
		const r = rows2021.find((x) => x.key === key)!;
		return r.zh.replace(/^（[一二三四五六七]）(?=\d)/, '');
	};
	const lines = [
		`${o.org ?? '湖东镇'}${o.year ?? 2022}年政府信息公开工作年度报告`,
		'一、总体情况',
		`${o.year ?? 2022}年，我镇累计主动公开政府信息67条。`,
		'二、主动公开政府信息情况',
		'第二十条第(一)项 |',
		'信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |',
		`规章 | ${t2.rules.join(' | ')} |`,
		`行政规范性文件 | ${t2.normative_docs.join(' | ')} |`,
		'第二十条第(五)项 |',
		'信息内容 | 本年处理决定数量 |',
		`行政许可 | ${t2.admin_license[0]} |`,
		'第二十条第(六)项 |',
		'信息内容 | 本年处理决定数量 |',
		`行政处罚 | ${t2.admin_penalty[0]} |`,
		`行政强制 | ${t2.admin_coercion[0]} |`,
		'第二十条第(八)项 |',
		'信息内容 | 本年收费金额(单位:万元) |',
		`行政事业性收费 | ${t2.admin_fees[0]} |`,
		'三、收到和处理政府信息公开申请情况',
		'(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |',
		`${T3_COLS.map((c) => c.zh).join(' | ')} |`
	];
	for (const r of rows2021) {
		lines.push(`${label(r.key)} | ${(o.t3?.[r.key] ?? ZERO7).join(' | ')} |`);
		if (r.key === 'denied_admin_query' && o.extraT3) lines.push(o.extraT3.join(' | ') + ' |');
	}
	lines.push('四、政府信息公开行政复议、行政诉讼情况');
	lines.push('行政复议 | 行政诉讼 |');
	lines.push('结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |');
	lines.push('结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |');
	lines.push(`${(o.t4 ?? new Array(15).fill('0')).join(' | ')} |`);
	lines.push('五、存在的主要问题及改进情况', '无。', '六、其他需要报告的事项', '本年度未收取信息处理费。');
	return lines.join('\n');
}
