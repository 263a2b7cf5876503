/**
 * The two national templates as the generator lays them out: block titles, header labels and row labels
 * exactly as docs/domain/templates.md §3–§4 give them, each value cell tied to its catalog metric id.
 * Renderers (text, HTML) read only this, so both forms always print the same template.
 */
import type { Format } from '../catalog/index.ts';

export interface T2Block {
	title: string;
	headers: string[];
	rows: { label: string; metrics: string[] }[];
}

const R = (label: string, row: string, cols: string[]) => ({ label, metrics: cols.map((c) => `t2.${row}.${c}`) });
const ITEMS = ['prev_year_items', 'items_delta', 'decisions'];

export const T2_LAYOUT: Record<Format, T2Block[]> = {
	'2019': [
		{ title: '第二十条第（一）项', headers: ['本年新制作数量', '本年新公开数量', '对外公开总数量'], rows: [R('规章', 'rules', ['new_made', 'new_published', 'total_published']), R('规范性文件', 'normative_docs', ['new_made', 'new_published', 'total_published'])] },
		{ title: '第二十条第（五）项', headers: ['上一年项目数量', '本年增/减', '处理决定数量'], rows: [R('行政许可', 'admin_license', ITEMS), R('其他对外管理服务事项', 'other_mgmt_services', ITEMS)] },
		{ title: '第二十条第（六）项', headers: ['上一年项目数量', '本年增/减', '处理决定数量'], rows: [R('行政处罚', 'admin_penalty', ITEMS), R('行政强制', 'admin_coercion', ITEMS)] },
		{ title: '第二十条第（八）项', headers: ['上一年项目数量', '本年增/减'], rows: [R('行政事业性收费', 'admin_fees', ['prev_year_items', 'items_delta'])] },
		{ title: '第二十条第（九）项', headers: ['采购项目数量', '采购总金额'], rows: [R('政府集中采购', 'gov_procurement', ['projects', 'amount_yuan'])] }
	],
	'2021': [
		{ title: '第二十条第（一）项', headers: ['本年制发件数', '本年废止件数', '现行有效件数'], rows: [R('规章', 'rules', ['issued', 'repealed', 'valid']), R('行政规范性文件', 'normative_docs', ['issued', 'repealed', 'valid'])] },
		{ title: '第二十条第（五）项', headers: ['本年处理决定数量'], rows: [R('行政许可', 'admin_license', ['decisions'])] },
		{ title: '第二十条第（六）项', headers: ['本年处理决定数量'], rows: [R('行政处罚', 'admin_penalty', ['decisions']), R('行政强制', 'admin_coercion', ['decisions'])] },
		{ title: '第二十条第（八）项', headers: ['本年收费金额（单位：万元）'], rows: [R('行政事业性收费', 'admin_fees', ['amount_yuan'])] }
	]
};

/** Hubei-style provincial additions (templates.md D10): instructions inside labels and an extra row. */
export const PROVINCIAL = {
	rulesLabel: '规章（设区的市、自治州人民政府应提供相关数据）',
	normativeLabel: '规范性文件（行政机关制定发布的决定、公告、通告、意见、通知等）',
	prevItemsHeader: (year: number) => `上一年项目数量（指${year - 1}年事项数）`,
	deltaHeader: '本年增/减（增用正值表示，减用负值表示，如-8）',
	extraRow: '其他主动公开文件（含以本单位或本单位办公室名义正式签发的主动公开文件）'
};

export const T3_COLUMNS = ['natural_person', 'commercial_enterprise', 'research_institution', 'public_interest_org', 'legal_service_org', 'other_org', 'total'] as const;
export const T3_APPLICANTS = T3_COLUMNS.slice(0, 6);
export const T3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const T3_HEADER = { applicant: '申请人情况', natural: '自然人', legal: '法人或其他组织', total: '总计', legalCols: ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'] };

/** One table-三 data row: its group label (a rowspan in the template), its own label and its row key. */
export interface T3Row {
	group: string | null;
	label: string;
	key: string;
}

const OUTCOME_PREFIX: T3Row[] = [
	{ group: null, label: '（一）予以公开', key: 'granted' },
	{ group: null, label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', key: 'partially_granted' },
	{ group: '（三）不予公开', label: '1.属于国家秘密', key: 'denied_state_secret' },
	{ group: '（三）不予公开', label: '2.其他法律行政法规禁止公开', key: 'denied_law_prohibited' },
	{ group: '（三）不予公开', label: '3.危及“三安全一稳定”', key: 'denied_three_safety_one_stability' },
	{ group: '（三）不予公开', label: '4.保护第三方合法权益', key: 'denied_third_party_rights' },
	{ group: '（三）不予公开', label: '5.属于三类内部事务信息', key: 'denied_internal_affairs' },
	{ group: '（三）不予公开', label: '6.属于四类过程性信息', key: 'denied_process_info' },
	{ group: '（三）不予公开', label: '7.属于行政执法案卷', key: 'denied_enforcement_case_file' },
	{ group: '（三）不予公开', label: '8.属于行政查询事项', key: 'denied_admin_query' },
	{ group: '（四）无法提供', label: '1.本机关不掌握相关政府信息', key: 'unable_not_held' },
	{ group: '（四）无法提供', label: '2.没有现成信息需要另行制作', key: 'unable_needs_creation' },
	{ group: '（四）无法提供', label: '3.补正后申请内容仍不明确', key: 'unable_unclear_after_correction' },
	{ group: '（五）不予处理', label: '1.信访举报投诉类申请', key: 'not_processed_petition_complaint' },
	{ group: '（五）不予处理', label: '2.重复申请', key: 'not_processed_repeat' },
	{ group: '（五）不予处理', label: '3.要求提供公开出版物', key: 'not_processed_publication' },
	{ group: '（五）不予处理', label: '4.无正当理由大量反复申请', key: 'not_processed_massive_repeated' },
	{ group: '（五）不予处理', label: '5.要求行政机关确认或重新出具已获取信息', key: 'not_processed_confirm_or_reissue' }
];

/** The outcome rows under 三、本年度办理结果 (everything but 一、二 and 四). */
export function t3OutcomeRows(format: Format): T3Row[] {
	const other: T3Row[] =
		format === '2019'
			? [{ group: null, label: '（六）其他处理', key: 'other_handling' }]
			: [
					{ group: '（六）其他处理', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', key: 'other_overdue_correction' },
					{ group: '（六）其他处理', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', key: 'other_overdue_fee' },
					{ group: '（六）其他处理', label: '3.其他', key: 'other_other' }
				];
	return [...OUTCOME_PREFIX, ...other, { group: null, label: '（七）总计', key: 'total_processed' }];
}

export const T3_TOP = { new_received: '一、本年新收政府信息公开申请数量', carried_over: '二、上年结转政府信息公开申请数量', outcomes: '三、本年度办理结果', carried_forward: '四、结转下年度继续办理' };

/** Outcome row keys summed into （七）总计 (I-3b). */
export function t3SummedKeys(format: Format): string[] {
	return t3OutcomeRows(format)
		.map((r) => r.key)
		.filter((k) => k !== 'total_processed');
}

export const T4_GROUP_KEYS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
export const T4_RESULT_KEYS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export const T4_METRICS: string[] = T4_GROUP_KEYS.flatMap((g) => T4_RESULT_KEYS.map((r) => `t4.${g}.${r}`));
export const T4_HEADER = { review: '行政复议', litigation: '行政诉讼', direct: '未经复议直接起诉', after: '复议后起诉', results: ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] };

export const SECTION = {
	one: '一、总体情况',
	two: '二、主动公开政府信息情况',
	three: '三、收到和处理政府信息公开申请情况',
	four: '四、政府信息公开行政复议、行政诉讼情况',
	five: '五、存在的主要问题及改进情况',
	six: '六、其他需要报告的事项'
};

/** Every metric id the template prints for a format (tables 二, 三, 四), in reading order. */
export function printedMetrics(format: Format): string[] {
	const t2 = T2_LAYOUT[format].flatMap((b) => b.rows.flatMap((r) => r.metrics));
	const rows = ['new_received', 'carried_over', ...t3OutcomeRows(format).map((r) => r.key), 'carried_forward'];
	const t3 = rows.flatMap((r) => T3_COLUMNS.map((c) => `t3.${r}.${c}`));
	return [...t2, ...t3, ...T4_METRICS];
}
