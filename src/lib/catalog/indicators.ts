/**
 * The indicator catalog: rates supervisors and transparency evaluators judge a body by, each defined once as a
 * ratio of sums of catalog metrics. SQL (`indicator_parts` / `indicators_r` in db/setup-sql.ts), the rank view,
 * downloads and labels all read these definitions; docs/domain/indicators.md cites where each comes from.
 *
 * A typed module rather than a CSV + generator like metrics.csv: a formula is two lists of metric ids, which a
 * CSV cell could only hold as a mini-language to parse, and here the compiler and a unit test check every id
 * against the metric catalog. Nothing needs generating, since browser and Node import TypeScript directly.
 */
import { metric, type Format } from './index.ts';

/** `percent`: 100 × Σ numerator / Σ denominator, shown with %; `per100`: the same scale, read "per 100 applications". */
export type IndicatorUnit = 'percent' | 'per100';

export interface Indicator {
	/** Stable id with the `r.` prefix. */
	id: string;
	zh: string;
	en: string;
	/** Catalog metric ids summed for the numerator and for the denominator (a metric may be in both). */
	numerator: readonly string[];
	denominator: readonly string[];
	unit: IndicatorUnit;
	/** Below this Σ denominator the value is not shown ("样本不足"): a town with 3 applications has no meaningful rate. */
	minDenominator: number;
	/** Report formats the formula is valid for (the ids exist in both templates with the same meaning). */
	formats: readonly Format[];
	/** Whether a higher value is the better one (for the rank view's default order); null when neither is. */
	higherIsBetter: boolean | null;
	/** One sentence shown wherever the indicator appears (tooltip, table header, download metadata). */
	definitionZh: string;
	definitionEn: string;
	/** Where the definition comes from (short citation; full references in docs/domain/indicators.md). */
	source: string;
}

const BOTH: readonly Format[] = ['2019', '2021'];
/** 表三 （七）总计, 总计 column: every application handled this year. */
const HANDLED = ['t3.total_processed.total'];
const DENIED = [
	't3.denied_state_secret.total',
	't3.denied_law_prohibited.total',
	't3.denied_three_safety_one_stability.total',
	't3.denied_third_party_rights.total',
	't3.denied_internal_affairs.total',
	't3.denied_process_info.total',
	't3.denied_enforcement_case_file.total',
	't3.denied_admin_query.total'
];
const UNABLE = ['t3.unable_not_held.total', 't3.unable_needs_creation.total', 't3.unable_unclear_after_correction.total'];
/** Decided cases of one group of table 四: 结果维持 + 结果纠正 + 其他结果 (尚未审结 left out). */
const decided = (group: string) => [`t4.${group}.upheld`, `t4.${group}.corrected`, `t4.${group}.other`];
const LITIGATION = ['litigation_direct', 'litigation_after_review'];
const TEMPLATE = '国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式 表三/表四';

export const INDICATORS: readonly Indicator[] = [
	{
		id: 'r.disclosure_rate',
		zh: '公开率',
		en: 'Disclosure rate',
		numerator: ['t3.granted.total', 't3.partially_granted.total'],
		denominator: HANDLED,
		unit: 'percent',
		minDenominator: 10,
		formats: BOTH,
		higherIsBetter: true,
		definitionZh: '予以公开与部分公开之和占办理结果总计（表三（七）总计）的比例。',
		definitionEn: 'Applications granted in full or in part, as a share of all applications handled (table 3, (7) total).',
		source: `${TEMPLATE}；中国社会科学院法学研究所 政府透明度指数 依申请公开板块`
	},
	{
		id: 'r.denial_rate',
		zh: '不予公开率',
		en: 'Denial rate',
		numerator: DENIED,
		denominator: HANDLED,
		unit: 'percent',
		minDenominator: 10,
		formats: BOTH,
		higherIsBetter: false,
		definitionZh: '不予公开（表三（三）1–8 项）之和占办理结果总计的比例。',
		definitionEn: 'Applications denied (table 3, (3) items 1–8), as a share of all applications handled.',
		source: `${TEMPLATE}；《政府信息公开条例》第十四至十六条（不予公开的情形）`
	},
	{
		id: 'r.unable_rate',
		zh: '无法提供率',
		en: 'Unable-to-provide rate',
		numerator: UNABLE,
		denominator: HANDLED,
		unit: 'percent',
		minDenominator: 10,
		formats: BOTH,
		higherIsBetter: null,
		definitionZh: '无法提供（表三（四）1–3 项：本机关不掌握、没有现成信息需另行制作、补正后仍不明确）之和占办理结果总计的比例。',
		definitionEn: 'Applications answered "cannot provide" (table 3, (4) items 1–3: not held, would need creating, unclear after correction), as a share of all handled.',
		source: `${TEMPLATE}；《政府信息公开条例》第三十六条第（四）（五）项、第三十八条`
	},
	{
		id: 'r.carry_forward_rate',
		zh: '结转率',
		en: 'Carry-forward rate',
		numerator: ['t3.carried_forward.total'],
		denominator: ['t3.new_received.total', 't3.carried_over.total'],
		unit: 'percent',
		minDenominator: 10,
		formats: BOTH,
		higherIsBetter: false,
		definitionZh: '结转下年度继续办理的申请占本年新收与上年结转申请之和的比例。',
		definitionEn: 'Applications carried forward to next year, as a share of applications received this year plus those carried over from last year.',
		source: `${TEMPLATE}（表三 一、二、四 行；“第一项加第二项之和，等于第三项加第四项之和”）；《政府信息公开条例》第三十三条（答复期限）`
	},
	{
		id: 'r.review_correction_rate',
		zh: '复议纠错率',
		en: 'Review correction rate',
		numerator: ['t4.review.corrected'],
		denominator: decided('review'),
		unit: 'percent',
		minDenominator: 5,
		formats: BOTH,
		higherIsBetter: false,
		definitionZh: '行政复议结果纠正的案件占已审结案件（结果维持 + 结果纠正 + 其他结果）的比例，尚未审结的不计。',
		definitionEn: 'Administrative reviews that corrected the body, as a share of decided reviews (upheld + corrected + other result); pending cases are left out.',
		source: `${TEMPLATE}；司法部《行政复议工作白皮书》纠错率 = 纠正件数 / 审结件数`
	},
	{
		id: 'r.litigation_correction_rate',
		zh: '诉讼纠错率',
		en: 'Litigation correction rate',
		numerator: LITIGATION.map((g) => `t4.${g}.corrected`),
		denominator: LITIGATION.flatMap(decided),
		unit: 'percent',
		minDenominator: 5,
		formats: BOTH,
		higherIsBetter: false,
		definitionZh: '行政诉讼（未经复议直接起诉与复议后起诉两类合计）结果纠正的案件占已审结案件的比例。',
		definitionEn: 'Lawsuits (both kinds: without and after prior review) that corrected the body, as a share of decided lawsuits.',
		source: `${TEMPLATE}；司法部《行政复议工作白皮书》纠错率口径（纠正 / 审结）`
	},
	{
		id: 'r.dispute_rate',
		zh: '复议诉讼率',
		en: 'Dispute rate',
		numerator: ['t4.review.total', ...LITIGATION.map((g) => `t4.${g}.total`)],
		denominator: HANDLED,
		unit: 'per100',
		minDenominator: 10,
		formats: BOTH,
		higherIsBetter: false,
		definitionZh: '每办理 100 件申请，引起的行政复议与两类行政诉讼（总计）件数。',
		definitionEn: 'Administrative reviews and lawsuits of both kinds (totals) per 100 applications handled.',
		source: `${TEMPLATE}；《政府信息公开条例》第五十条第（三）项、第五十一条`
	}
];

const byId = new Map(INDICATORS.map((i) => [i.id, i]));

export function indicator(id: string): Indicator | undefined {
	return byId.get(id);
}

export function isIndicatorId(id: string): boolean {
	return byId.has(id);
}

/** Every metric id an indicator reads (numerator and denominator, each once). */
export function indicatorMetrics(ind: Indicator): string[] {
	return [...new Set([...ind.numerator, ...ind.denominator])];
}

/** Ids the formula names that are missing from the metric catalog or from one of its formats (should be none). */
export function indicatorProblems(ind: Indicator): string[] {
	const out: string[] = [];
	for (const id of indicatorMetrics(ind)) {
		const m = metric(id);
		if (!m) out.push(`${ind.id}: ${id} is not in the metric catalog`);
		else for (const f of ind.formats) if (!m.formats.includes(f)) out.push(`${ind.id}: ${id} does not exist in the ${f} format`);
	}
	return out;
}

/** 100 for both units: percent and per-100-applications are the same scale, read differently. */
export const INDICATOR_SCALE = 100;

/**
 * The value of a ratio of sums, or null when the denominator is below the indicator's minimum (or zero).
 * The one place the minimum-denominator rule is applied in TypeScript; the SQL builders apply the same rule.
 */
export function indicatorValue(ind: Indicator, numerator: number | null, denominator: number | null): number | null {
	if (numerator === null || denominator === null || denominator <= 0 || denominator < ind.minDenominator) return null;
	return (INDICATOR_SCALE * numerator) / denominator;
}
