/**
 * Validation issues in words a district supervisor can act on. The parser and ingest write each issue in
 * English for developers, with a `code` and a `subject`; this module is the one place that turns any issue into
 * plain Chinese (or plain English): what is wrong, where (table, row, column, from the metric catalog) and what
 * to do about it. Only the language-neutral parts of the message are reused — numbers, years, table names and
 * labels printed in the report — never its sentences. Codes stay in downloads and tooltips.
 *
 * `describeIssue` reports `matched: false` when it met a code or a message wording it does not know; the UI
 * then shows a plain sentence about the kind of issue, and the unit spec (tests/unit/web/issue-describe.test.ts)
 * fails, so a new parser message never reaches the page in English unnoticed.
 */
import { METRICS, T3_COLS, T3_ROWS, T4_RESULTS, metric } from '../catalog/index.ts';
import type { Lang } from '../url-params.ts';

export interface IssueLike {
	code: string;
	subject: string;
	message: string;
	severity?: string;
}

export interface IssueText {
	/** Short name of the kind of issue (filter options, headings). */
	kind: string;
	/** Where in the report: table, row, column (empty when the issue is about the whole document). */
	where: string;
	/** What is wrong, with the figures. */
	what: string;
	/** What the supervisor should do. */
	action: string;
	/** False when the code or the message's wording is not known here (a generic sentence is given instead). */
	matched: boolean;
}

type L = { zh: string; en: string };
const pick = (lang: Lang, l: L) => (lang === 'en' ? l.en : l.zh);

/** Kinds of issue, by code: a short name in both languages. */
const KINDS: Record<string, L> = {
	identity: { zh: '数字不平衡（勾稽关系不成立）', en: 'Numbers do not add up' },
	blanks_inferred: { zh: '空白单元格按 0 读取', en: 'Blank cells read as 0' },
	repaired: { zh: '粘连的数字已拆分', en: 'Run-together numbers separated' },
	ambiguous: { zh: '数字无法唯一确定，已留空', en: 'Unreadable numbers left empty' },
	ambiguous_row: { zh: '一行数字个数不对，已留空', en: 'Row with the wrong number of values left empty' },
	row_incomplete: { zh: '一行的数字不全', en: 'Row with missing values' },
	decisions_equal_items: { zh: '处理决定数可能填成了项目数', en: 'Decisions may be item counts' },
	cross_year: { zh: '与上年报告衔接不上', en: 'Does not follow on from last year' },
	truncated: { zh: '原文不完整（中途截断）', en: 'Report text cut off' },
	table_missing: { zh: '缺少表格', en: 'Table missing' },
	no_year: { zh: '找不到报告年度', en: 'Report year not found' },
	no_org: { zh: '找不到单位名称', en: 'Organisation not found' },
	hybrid_format: { zh: '新旧两版格式混用', en: 'Both template versions mixed' },
	extra_row: { zh: '表中有模板以外的行', en: 'Row not in the template' },
	subtotal: { zh: '表中印有小计行', en: 'Printed subtotal row' },
	rows_placed_by_order: { zh: '无标签的行按顺序归位', en: 'Unlabelled rows placed by order' },
	unlabeled_rows: { zh: '无标签的数字行未能归位', en: 'Unlabelled rows not placed' },
	local_sub_rows: { zh: '表二拆分为地方子项', en: 'Table 2 row split into local sub-rows' },
	encoding: { zh: '文字编码有问题', en: 'Text encoding problem' },
	year_mismatch: { zh: '年度与登记信息不符', en: 'Year differs from the register' },
	empty: { zh: '文件为空', en: 'Empty file' },
	pdf: { zh: 'PDF 文件未能读取', en: 'PDF file not read' },
	image: { zh: '文件是图片', en: 'File is an image' },
	zip: { zh: '压缩包或 Office 文件未能读取', en: 'Archive or Office file not read' },
	ole: { zh: '旧版 Office 文件未能读取', en: 'Legacy Office file not read' },
	binary: { zh: '文件不是文本', en: 'Not a text file' },
	not_a_report: { zh: '不是政务公开年报', en: 'Not an annual report' },
	crash: { zh: '读取时出错', en: 'Reading failed' },
	unconfirmed_position: { zh: '数字所在的列未能确认', en: 'Column of values not confirmed' },
	unreadable_label: { zh: '行标签含无法识别的字符', en: 'Row label with unreadable characters' },
	label_typo: { zh: '行标签与模板差一个字', en: 'Row label one character off the template' },
	needs_review: { zh: '部分数字需人工核对', en: 'Some values need a human look' },
	all_confirmed: { zh: '所有数字位置均已确认', en: 'Every value confirmed' },
	unverified: { zh: '部分数字无法用勾稽关系核验', en: 'Some values could not be checked' },
	implausible: { zh: '数字不合常理', en: 'Implausible value' },
	normalised: { zh: '原文格式已规范化', en: 'Text normalised before reading' },
	split_table: { zh: '表四被拆成几张小表', en: 'Table 4 printed as separate tables' },
	no_values: { zh: '有标题但读不出数字', en: 'Title found but no values' },
	duplicate: { zh: '同一单位同一年度的重复报告', en: 'Duplicate report' },
	sidecar: { zh: '登记表（manifest.csv）有问题', en: 'Problem in the register (manifest.csv)' },
	source_url: { zh: '来源地址不是网址', en: 'Source is not a web address' },
	scanned: { zh: '扫描件，需文字识别', en: 'Scanned pages need OCR' },
	pdf_reader: { zh: 'PDF 读取提示', en: 'PDF reading note' },
	docx_reader: { zh: 'Word 读取提示', en: 'Word reading note' },
	pdf_unruled: { zh: 'PDF 表格无框线，未能可靠读取', en: 'PDF table without ruling lines' },
	encrypted: { zh: 'PDF 有密码保护', en: 'Password-protected PDF' },
	damaged: { zh: '文件已损坏', en: 'Damaged file' },
	no_text: { zh: 'PDF 没有文字层', en: 'PDF without a text layer' },
	no_unicode: { zh: 'PDF 文字无法识别', en: 'PDF text cannot be decoded' },
	doc: { zh: '旧版 Word（.doc）文件', en: 'Legacy Word (.doc) file' },
	file_not_shipped: { zh: 'PDF 原件未随数据集提供', en: 'PDF not shipped with the dataset' }
};

/** Every code described here (the unit spec checks the parser emits no other). */
export const DESCRIBED_CODES: readonly string[] = Object.keys(KINDS);

/** The short name of a kind of issue, for filter options; an unknown code gets a neutral name, never the code. */
export function issueKind(code: string, lang: Lang): string {
	const k = KINDS[code];
	return k ? pick(lang, k) : lang === 'en' ? 'Other issue' : '其他问题';
}

// ---- labels from the catalog -------------------------------------------------------------------------------

const TABLE: Record<string, L> = {
	表二: { zh: '表二（主动公开情况）', en: 'table 2 (proactive disclosure)' },
	表三: { zh: '表三（依申请公开情况）', en: 'table 3 (applications)' },
	表四: { zh: '表四（行政复议、行政诉讼）', en: 'table 4 (reviews and lawsuits)' }
};
const tableName = (lang: Lang, t: string) => (TABLE[t] ? pick(lang, TABLE[t]) : t);

const stripEn = (s: string) => s.replace(/ \([^)]*[\u4e00-\u9fff][^)]*\)/g, '').trim();

/** Column of table 三 by its printed name (自然人 … 总计). */
function t3Col(lang: Lang, zh: string): string {
	const c = T3_COLS.find((x) => x.zh === zh);
	if (!c || lang === 'zh') return `“${zh}”`;
	const en = metric(`t3.new_received.${c.key}`)?.labelEn.split(' — ')[1] ?? zh;
	return `“${en}”`;
}

/** A printed label made comparable with the catalog's: no spaces, full-width brackets. */
const norm = (s: string) => s.replace(/\s/g, '').replace(/\(/g, '（').replace(/\)/g, '）');

/** Row of table 三 by its printed label or key (the catalog's label when it is a template row). */
function t3Row(lang: Lang, label: string): string {
	const r = T3_ROWS.find((x) => x.key === label || norm(x.zh) === norm(label));
	if (!r) return `“${label}”`;
	if (lang === 'zh') return `“${r.zh}”`;
	return `“${stripEn(metric(`t3.${r.key}.total`)?.labelEn.replace(/ — total$/, '') ?? r.zh)}”`;
}

/** The template rows of table 三 named in a list printed by the parser (labels may themselves hold 、). */
function t3RowsIn(lang: Lang, list: string): string[] {
	const text = norm(list);
	const found = T3_ROWS.filter((r) => text.includes(norm(r.zh)));
	return found.length ? found.map((r) => t3Row(lang, r.key)) : [`“${list}”`];
}

/** A row of table 二 by its printed label (the catalog's row it starts with), else the label as printed. */
function t2Printed(lang: Lang, label: string): string {
	const m = METRICS.find((x) => x.table === '二' && norm(label).startsWith(norm(x.rowZh)));
	return m ? rowOf(lang, '二', m.row) : `“${label}”`;
}

/** A row of table 二 or 四 by its key (admin_penalty, review …). */
function rowOf(lang: Lang, table: '二' | '四', key: string): string {
	const m = METRICS.find((x) => x.table === table && x.row === key);
	if (!m) return `“${key}”`;
	if (lang === 'zh') return `“${m.rowZh}”`;
	return `“${stripEn(m.labelEn.split(':')[0])}”`;
}

function t4ResultsList(lang: Lang, group: string): string {
	const cols = T4_RESULTS.filter((r) => r !== 'total').map((r) => metric(`t4.${group}.${r}`) ?? METRICS.find((m) => m.table === '四' && m.col === r));
	return cols.map((m) => (lang === 'zh' ? m?.colZh : m?.labelEn.split(': ')[1])).join(lang === 'zh' ? '、' : ', ');
}

const n = (s: string) => s.replace(/^-/, '−');

// ---- one describer per code --------------------------------------------------------------------------------

type Out = Omit<IssueText, 'kind' | 'matched'>;
type Describer = (i: IssueLike, lang: Lang) => Out | null;
const Z = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

const CHECK_SOURCE: L = {
	zh: '请打开原文核对这些数字；若原文如此，请联系填报单位更正并重新发布。',
	en: 'Open the report and check these figures; if the report says so, ask the organisation to correct and republish it.'
};
const CONFIRM: L = {
	zh: '请打开原文确认读出的数字是否正确。',
	en: 'Open the report and confirm that the values read are right.'
};
const READ_BY_HAND: L = {
	zh: '请打开原文人工读取这些数字；若原文本身有误，请联系填报单位更正。',
	en: 'Open the report and read these figures by hand; if the report itself is wrong, ask the organisation to correct it.'
};
const NOTHING: L = { zh: '一般无需处理；如有疑问可查看原文。', en: 'Usually nothing to do; open the report if in doubt.' };
const FULL_TEXT: L = {
	zh: '请找到完整的原文（如原始 PDF 或政府网站上的正式版本）重新导入。',
	en: 'Find the complete report (the original PDF or the official web page) and import it again.'
};

/** Where a problem of the sidecar register sits: its row as a spreadsheet numbers it, when the message names one. */
function registerRow(i: IssueLike, lang: Lang): string {
	const row = /row (\d+)/.exec(i.message);
	return row ? Z(lang, `manifest.csv 第 ${row[1]} 行`, `manifest.csv row ${row[1]}`) : 'manifest.csv';
}

const DESCRIBERS: Record<string, Describer> = {
	identity(i, lang) {
		const m = /^(表[三四]) (I-\S+) fails for (.+?): (.+) = (-?\d+) ≠ (.+) = (-?\d+)$/.exec(i.message);
		if (!m) return null;
		const [, table, id, where, leftShow, left, rightShow, right] = m;
		const action = pick(lang, CHECK_SOURCE);
		const both = (s: string) => (/^Σ/.test(s) ? '' : ` (${s.split(' + ').map(n).join(' + ')})`);
		const bothZh = (s: string) => (/^Σ/.test(s) ? '' : `（${s.split(' + ').map(n).join(' + ')}）`);
		if (id === 'I-3a') {
			return {
				where: Z(lang, `${tableName(lang, table)} ${t3Col(lang, where)}列`, `${tableName(lang, table)}, column ${t3Col(lang, where)}`),
				what: Z(
					lang,
					`本年新收加上年结转为 ${n(left)}${bothZh(leftShow)}，但办理总数加结转下年度为 ${n(right)}${bothZh(rightShow)}，两者应相等。`,
					`Received this year plus carried over is ${n(left)}${both(leftShow)}, but handled plus carried forward is ${n(right)}${both(rightShow)}; they should be equal.`
				),
				action
			};
		}
		if (id === 'I-3b') {
			return {
				where: Z(lang, `${tableName(lang, table)} ${t3Col(lang, where)}列`, `${tableName(lang, table)}, column ${t3Col(lang, where)}`),
				what: Z(
					lang,
					`“（七）总计”为 ${n(left)}，但（一）至（六）各项办理结果之和为 ${n(right)}，两者应相等。`,
					`Total handled (row 7) is ${n(left)}, but the outcomes (rows 1–6) add up to ${n(right)}; they should be equal.`
				),
				action
			};
		}
		if (id === 'I-3c') {
			return {
				where: Z(lang, `${tableName(lang, table)} ${t3Row(lang, where)}行`, `${tableName(lang, table)}, row ${t3Row(lang, where)}`),
				what: Z(
					lang,
					`该行“总计”为 ${n(left)}，但各类申请人之和为 ${n(right)}，两者应相等。`,
					`The row's total is ${n(left)}, but its applicant columns add up to ${n(right)}; they should be equal.`
				),
				action
			};
		}
		if (id === 'I-4') {
			return {
				where: Z(lang, `${tableName(lang, table)} ${rowOf(lang, '四', where)}`, `${tableName(lang, table)}, ${rowOf(lang, '四', where)}`),
				what: Z(
					lang,
					`“总计”为 ${n(left)}，但${t4ResultsList(lang, where)}之和为 ${n(right)}，两者应相等。`,
					`The total is ${n(left)}, but ${t4ResultsList(lang, where)} add up to ${n(right)}; they should be equal.`
				),
				action
			};
		}
		return null;
	},

	blanks_inferred(i, lang) {
		let m = /^表三 blank cells read as 0(?: and (\d+) blank totals computed from their rows)?: every identity then holds$/.exec(i.message);
		if (m) {
			return {
				where: tableName(lang, '表三'),
				what: Z(
					lang,
					`表中的空白单元格按 0 读取${m[1] ? `，另有 ${m[1]} 个空白的“总计”按该行各项算出` : ''}；这样所有数字都能对上。`,
					`Blank cells were read as 0${m[1] ? `, and ${m[1]} blank total${m[1] === '1' ? ' was' : 's were'} computed from ${m[1] === '1' ? 'its row' : 'their rows'}` : ''}; with that, every figure adds up.`
				),
				action: pick(lang, NOTHING)
			};
		}
		m = /^表三 blank cells of (.+) read as 0: that column's identities then hold$/.exec(i.message);
		if (m) {
			const cols = m[1].split('、').map((c) => t3Col(lang, c));
			return {
				where: Z(lang, `${tableName(lang, '表三')} ${cols.join('、')}列`, `${tableName(lang, '表三')}, column${cols.length > 1 ? 's' : ''} ${cols.join(', ')}`),
				what: Z(lang, '这些列的空白单元格按 0 读取；这样该列的数字能对上。', 'Blank cells of these columns were read as 0; with that, the column adds up.'),
				action: pick(lang, NOTHING)
			};
		}
		return null;
	},

	repaired(i, lang) {
		let m = /^表四 (\S+) cells are garbled \((.*)\); exactly one reading satisfies I-4 and was kept: (.*)$/.exec(i.message);
		if (m) {
			const group = METRICS.find((x) => x.table === '四' && (x.rowZh.endsWith(m![1]) || x.row === m![1]))?.row ?? m[1];
			return {
				where: Z(lang, `${tableName(lang, '表四')} ${rowOf(lang, '四', group)}`, `${tableName(lang, '表四')}, ${rowOf(lang, '四', group)}`),
				what: Z(
					lang,
					`这几格的数字粘连在一起（原文：${m[2]}）；只有一种拆分能使总计等于各项之和，已采用：${m[3]}。`,
					`These cells run together (printed: ${m[2]}); only one way of splitting them makes the total equal the sum, and it was kept: ${m[3]}.`
				),
				action: pick(lang, CONFIRM)
			};
		}
		m = /^表四 has (\d+) of (\d+) values \(a cell lost or two glued together\): (\d+) way\(s\) of restoring it satisfy I-4; they agree on every column$/.exec(i.message);
		if (m) {
			return {
				where: tableName(lang, '表四'),
				what: Z(
					lang,
					`表四只读出 ${m[1]} 个数字（应有 ${m[2]} 个，丢了一格或两个数字粘在一起）；有 ${m[3]} 种补全方式能使总计等于各项之和，且各列结果一致，已采用。`,
					`Table 4 shows ${m[1]} of ${m[2]} values (a cell lost or two run together); ${m[3]} ways of restoring it make the totals add up and they agree on every column, so it was restored.`
				),
				action: pick(lang, CONFIRM)
			};
		}
		m = /^表三「(.+)」 garbled cells resolved by I-3c$/.exec(i.message);
		if (m) {
			return {
				where: Z(lang, `${tableName(lang, '表三')} ${t3Row(lang, m[1])}行`, `${tableName(lang, '表三')}, row ${t3Row(lang, m[1])}`),
				what: Z(lang, '该行有数字粘连在一起；已按“总计等于各类申请人之和”拆分。', 'Numbers in this row run together; they were split so that the total equals the sum of the applicant columns.'),
				action: pick(lang, CONFIRM)
			};
		}
		m = /^表三「(.+)」 has eight numbers; (\d+) joins satisfy I-3c/.exec(i.message) ?? /^表三「(.+)」 has eight numbers; (.*)$/.exec(i.message);
		if (m) {
			return {
				where: Z(lang, `${tableName(lang, '表三')} ${t3Row(lang, m[1])}行`, `${tableName(lang, '表三')}, row ${t3Row(lang, m[1])}`),
				what: Z(
					lang,
					'该行印有八个数字（应为七个），一个数字被拆成了两个；只有一种合并能使各项数字对上，已采用。',
					'This row prints eight numbers for seven columns (one number was split in two); only one way of joining them makes the figures add up, and it was kept.'
				),
				action: pick(lang, CONFIRM)
			};
		}
		return null;
	},

	ambiguous(i, lang) {
		let m = /^(表四|t3 (.+)) cells are garbled and no single reading satisfies the identities; values left empty$/.exec(i.message);
		if (m) {
			const where = m[2]
				? Z(lang, `${tableName(lang, '表三')} ${t3Row(lang, m[2])}行`, `${tableName(lang, '表三')}, row ${t3Row(lang, m[2])}`)
				: tableName(lang, '表四');
			return {
				where,
				what: Z(lang, '数字粘连在一起，且无法唯一确定如何拆分；这些单元格已留空，不计入统计。', 'Numbers run together and cannot be split in one certain way; the cells were left empty and are not counted.'),
				action: pick(lang, READ_BY_HAND)
			};
		}
		m = /^表三「(.+)」 has eight numbers for seven columns; values left empty$/.exec(i.message);
		if (m) {
			return {
				where: Z(lang, `${tableName(lang, '表三')} ${t3Row(lang, m[1])}行`, `${tableName(lang, '表三')}, row ${t3Row(lang, m[1])}`),
				what: Z(lang, '该行印有八个数字（应为七个），无法确定哪两个应合并；该行已留空，不计入统计。', 'This row prints eight numbers for seven columns and it is not certain which two belong together; the row was left empty and is not counted.'),
				action: pick(lang, READ_BY_HAND)
			};
		}
		return null;
	},

	ambiguous_row(i, lang) {
		const m = /^表四 row has (\d+) cells holding (\d+) numbers instead of (\d+); values left empty$/.exec(i.message);
		if (!m) return null;
		return {
			where: tableName(lang, '表四'),
			what: Z(
				lang,
				`一行有 ${m[1]} 个单元格、共 ${m[2]} 个数字，而应为 ${m[3]} 个；无法确定对应关系，已留空。`,
				`A row has ${m[1]} cell${m[1] === '1' ? '' : 's'} holding ${m[2]} numbers instead of ${m[3]}; they cannot be matched to columns and were left empty.`
			),
			action: pick(lang, READ_BY_HAND)
		};
	},

	row_incomplete(i, lang) {
		const m = /^(表[二三四])(?:「(.+)」)? has (\d+) of (\d+) values(.*)$/.exec(i.message);
		if (!m) return null;
		const row = m[2] ? (m[1] === '表三' ? t3Row(lang, m[2]) : m[1] === '表二' ? t2Printed(lang, m[2]) : `“${m[2]}”`) : '';
		const restore = /^ \(a cell lost or two glued together\): (\d+) way\(s\) of restoring it satisfy I-4; (\d+) columns they disagree on are left empty$/.exec(m[5]);
		return {
			where: row ? Z(lang, `${tableName(lang, m[1])} ${row}行`, `${tableName(lang, m[1])}, row ${row}`) : tableName(lang, m[1]),
			what: restore
				? Z(
						lang,
						`这一行只读出 ${m[3]} 个数字（应有 ${m[4]} 个，丢了一格或两个数字粘在一起）；有 ${restore[1]} 种补全方式都能使总计等于各项之和，其中 ${restore[2]} 列各方式结果不同，已留空。`,
						`Only ${m[3]} of ${m[4]} values were found (a cell lost or two run together); ${restore[1]} ways of restoring the row make the totals add up, and the ${restore[2]} columns they disagree on are left empty.`
					)
				: Z(
						lang,
						`这一行只读出 ${m[3]} 个数字（应有 ${m[4]} 个）；缺少的单元格没有数值，数字归入哪一列可能有误。`,
						`Only ${m[3]} of ${m[4]} values were found in this row; the missing cells are empty and the columns of the others may be off.`
					),
			action: pick(lang, READ_BY_HAND)
		};
	},

	decisions_equal_items(i, lang) {
		const m = /^处理决定数量 (-?\d+) equals 上一年项目数量 (-?\d+) \+ 本年增\/减 (-?\d+)/.exec(i.message);
		if (!m) return null;
		const row = /^t2\.([^.]+)\./.exec(i.subject)?.[1] ?? '';
		return {
			where: Z(lang, `${tableName(lang, '表二')} ${rowOf(lang, '二', row)}行`, `${tableName(lang, '表二')}, row ${rowOf(lang, '二', row)}`),
			what: Z(
				lang,
				`“处理决定数量”${n(m[1])} 恰好等于“上一年项目数量”${n(m[2])} 加“本年增/减”${n(m[3])}：可能填的是本年项目数，而不是处理决定数。`,
				`Decisions (${n(m[1])}) equal last year's items (${n(m[2])}) plus this year's change (${n(m[3])}): the cell may hold this year's item count rather than decisions.`
			),
			action: Z(lang, '请向填报单位核实该数字。', 'Check this figure with the organisation.')
		};
	},

	cross_year(i, lang) {
		let m = /^上年结转 \((.+)\) is (-?\d+) in (\d{4}) but (\d{4})'s report carried (-?\d+) forward$/.exec(i.message);
		if (m) {
			return {
				where: Z(lang, `${tableName(lang, '表三')} “二、上年结转”行 ${t3Col(lang, m[1])}列`, `${tableName(lang, '表三')}, row “carried over”, column ${t3Col(lang, m[1])}`),
				what: Z(
					lang,
					`${m[3]} 年报告的上年结转为 ${n(m[2])}，但 ${m[4]} 年报告结转下年度的是 ${n(m[5])}，两者应相等。`,
					`The ${m[3]} report carries over ${n(m[2])}, but the ${m[4]} report carried ${n(m[5])} forward; they should be equal.`
				),
				action: Z(lang, '请对照两年的原文核对；若原文如此，请联系填报单位说明或更正。', 'Compare both years’ reports; if they say so, ask the organisation to explain or correct.')
			};
		}
		m = /^现行有效件数 of (\w+) is (-?\d+); (\d{4})'s (-?\d+) \+ (-?\d+) issued − (-?\d+) repealed = (-?\d+)$/.exec(i.message);
		if (m) {
			return {
				where: Z(lang, `${tableName(lang, '表二')} ${rowOf(lang, '二', m[1])}行“现行有效件数”`, `${tableName(lang, '表二')}, row ${rowOf(lang, '二', m[1])}, in force`),
				what: Z(
					lang,
					`现行有效件数为 ${n(m[2])}，而 ${m[3]} 年的 ${n(m[4])} 件加本年制发 ${n(m[5])} 件、减废止 ${n(m[6])} 件应为 ${n(m[7])}。`,
					`In force: ${n(m[2])}, but ${m[3]}'s ${n(m[4])} plus ${n(m[5])} issued minus ${n(m[6])} repealed makes ${n(m[7])}.`
				),
				action: Z(lang, '请对照两年的原文核对；差异可能来自清理或统计口径变化，必要时请填报单位说明。', 'Compare both years’ reports; the difference may come from a clean-up or a change of counting; ask the organisation if needed.')
			};
		}
		m = /^上一年项目数量 of (\w+) is (-?\d+); (\d{4})'s (-?\d+) ([+−]) (\d+) = (-?\d+)$/.exec(i.message);
		if (m) {
			return {
				where: Z(lang, `${tableName(lang, '表二')} ${rowOf(lang, '二', m[1])}行“上一年项目数量”`, `${tableName(lang, '表二')}, row ${rowOf(lang, '二', m[1])}, last year's items`),
				what: Z(
					lang,
					`上一年项目数量为 ${n(m[2])}，而 ${m[3]} 年报告的 ${n(m[4])} ${m[5]} ${m[6]} 应为 ${n(m[7])}。`,
					`Last year's items: ${n(m[2])}, but the ${m[3]} report's ${n(m[4])} ${m[5]} ${m[6]} makes ${n(m[7])}.`
				),
				action: Z(lang, '请对照两年的原文核对，必要时请填报单位说明。', 'Compare both years’ reports; ask the organisation if needed.')
			};
		}
		return null;
	},

	truncated(i, lang) {
		const m = /^text ends at character (\d+)(?: after (表.)(?:「(.+?)」)?)? \(last text: (.*)\); later cells are missing$/.exec(i.message);
		if (!m) return null;
		const [, at, table, row, last] = m;
		const rowText = row ? (table === '表三' ? t3Row(lang, row) : table === '表二' ? t2Printed(lang, row) : `“${row}”`) : '';
		return {
			where: table
				? Z(lang, `${tableName(lang, table)}${rowText ? ` ${rowText}行` : ''}之后`, `after ${tableName(lang, table)}${rowText ? `, row ${rowText}` : ''}`)
				: Z(lang, '全文', 'whole report'),
			what: Z(
				lang,
				`原文在第 ${at} 个字处中断，最后的文字是 ${last}；其后的表格和数字缺失。`,
				`The text stops at character ${at}, ending in ${last}; the tables and figures after it are missing.`
			),
			action: pick(lang, FULL_TEXT)
		};
	},

	table_missing(i, lang) {
		const m = /^(表.) was not found in the report$/.exec(i.message);
		if (!m) return null;
		return {
			where: tableName(lang, m[1]),
			what: Z(lang, `报告中没有找到${m[1]}，它的数字都缺失。`, `${tableName('en', m[1]).replace(/^t/, 'T')} was not found in the report; all its figures are missing.`),
			action: Z(lang, '请查看原文：若确实缺表，请联系填报单位补全；若表格是图片，需人工录入。', 'Check the report: if the table is really missing, ask the organisation to complete it; if it is an image, enter it by hand.')
		};
	},

	no_year: (i, lang) =>
		i.message === 'report year not found in the title or text'
			? { where: Z(lang, '标题', 'title'), what: Z(lang, '标题和正文中都找不到报告年度。', 'The report year was found neither in the title nor in the text.'), action: Z(lang, '请在登记信息中补上年度后重新导入。', 'Add the year to the register and import again.') }
			: null,

	no_org: (i, lang) =>
		i.message === 'organisation not found in the title'
			? { where: Z(lang, '标题', 'title'), what: Z(lang, '标题中找不到单位名称。', 'The organisation was not found in the title.'), action: Z(lang, '请在登记信息中补上单位名称后重新导入。', 'Add the organisation to the register and import again.') }
			: null,

	hybrid_format: (i, lang) =>
		/^labels of both the 2019 and the 2021 format appear/.test(i.message)
			? {
					where: Z(lang, '表二至表四', 'tables 2–4'),
					what: Z(lang, '表格中同时出现 2019 版和 2021 版模板的行名，无法确定采用的是哪一版。', 'Row labels of both the 2019 and the 2021 template appear; which one was used is unclear.'),
					action: Z(lang, '请查看原文确认采用的模板；混用时请联系填报单位按现行模板更正。', 'Check which template the report used; if it mixes them, ask the organisation to follow the current one.')
				}
			: null,

	extra_row(i, lang) {
		const m = /^表三 has a row the national template does not: 「(.+)」 (.*); kept out of the metrics$/.exec(i.message);
		if (!m) return null;
		return {
			where: Z(lang, `${tableName(lang, '表三')} “${m[1]}”行`, `${tableName(lang, '表三')}, row “${m[1]}”`),
			what: Z(lang, `这一行不在全国统一模板中（数字：${m[2]}），未计入统计。`, `This row is not in the national template (figures: ${m[2]}); it is not counted.`),
			action: pick(lang, NOTHING)
		};
	},

	subtotal(i, lang) {
		let m = /^表三 prints a subtotal row 「(.+)」 that differs from its sub-rows in (.+)$/.exec(i.message);
		if (m) {
			const cols = m[2].split('、').map((c) => t3Col(lang, c));
			return {
				where: Z(lang, `${tableName(lang, '表三')} “${m[1]}”行`, `${tableName(lang, '表三')}, row “${m[1]}”`),
				what: Z(lang, `报告印有小计行，但它在 ${cols.join('、')}列与其下各项之和不符。`, `The report prints a subtotal row that differs from the sum of its sub-rows in ${cols.join(', ')}.`),
				action: pick(lang, CHECK_SOURCE)
			};
		}
		m = /^表三 prints a subtotal row 「(.+)」; it matches its sub-rows and is not stored$/.exec(i.message);
		if (m) {
			return {
				where: Z(lang, `${tableName(lang, '表三')} “${m[1]}”行`, `${tableName(lang, '表三')}, row “${m[1]}”`),
				what: Z(lang, '报告印有小计行（模板中没有），它与其下各项之和一致，不单独计入。', 'The report prints a subtotal row (not in the template); it equals its sub-rows and is not stored separately.'),
				action: pick(lang, NOTHING)
			};
		}
		return null;
	},

	rows_placed_by_order(i, lang) {
		const m = /^表三 layout is shuffled: (\d+) rows without labels were placed on (.+?) by their order; check against the source/.exec(i.message);
		if (!m) return null;
		const rows = t3RowsIn(lang, m[2]);
		return {
			where: Z(lang, `${tableName(lang, '表三')} ${rows.join('、')}行`, `${tableName(lang, '表三')}, rows ${rows.join(', ')}`),
			what: Z(lang, `表格排版错乱：有 ${m[1]} 行数字没有行名，已按顺序放到这些行。`, `The table layout is broken: ${m[1]} rows of numbers had no labels and were placed on these rows by their order.`),
			action: pick(lang, CONFIRM)
		};
	},

	unlabeled_rows(i, lang) {
		const m = /^表三 has (\d+) rows of numbers without labels but (\d+) rows without numbers; they were not placed$/.exec(i.message);
		if (!m) return null;
		return {
			where: tableName(lang, '表三'),
			what: Z(lang, `有 ${m[1]} 行数字没有行名，而缺数字的行有 ${m[2]} 行，无法对应；这些数字未计入。`, `${m[1]} rows of numbers have no labels but ${m[2]} rows have no numbers; they could not be matched and are not counted.`),
			action: pick(lang, READ_BY_HAND)
		};
	},

	local_sub_rows(i, lang) {
		const m = /^表二「(.+)」 is split into local sub-rows \((.+)\); their sum is stored$/.exec(i.message);
		if (!m) return null;
		return {
			where: Z(lang, `${tableName(lang, '表二')} ${t2Printed(lang, m[1])}行`, `${tableName(lang, '表二')}, row ${t2Printed(lang, m[1])}`),
			what: Z(lang, `报告把这一行拆成了地方子项（${m[2]}），已按其合计计入。`, `The report splits this row into local sub-rows (${m[2]}); their sum is stored.`),
			action: pick(lang, NOTHING)
		};
	},

	encoding(i, lang) {
		const charset = /declares (?:charset )?(\S+) but its bytes are (?:UTF-8|not)/.exec(i.message);
		const bad = /^(\d+) byte sequences could not be decoded/.exec(i.message);
		if (!charset && !bad) return null;
		return {
			where: Z(lang, '全文', 'whole report'),
			what: bad
				? Z(lang, `有 ${bad[1]} 处文字无法解码（编码混杂或损坏），可能出现乱码。`, `${bad[1]} byte sequences could not be decoded (mixed or damaged encoding); some text may be garbled.`)
				: Z(lang, '网页声明的文字编码与实际不符，已按实际编码读取。', 'The page declares a different text encoding than it uses; it was read with the one it uses.'),
			action: bad ? pick(lang, CONFIRM) : pick(lang, NOTHING)
		};
	},

	unreadable_label(i, lang) {
		const m = /^(表[二三])「(.+)」 has characters the PDF's font does not map/.exec(i.message);
		if (!m) return null;
		const key = i.subject.split('.')[1] ?? '';
		const row = m[1] === '表三' ? t3Row(lang, key) : rowOf(lang, '二', key);
		return {
			where: Z(lang, `${tableName(lang, m[1])} ${row}行`, `${tableName(lang, m[1])}, row ${row}`),
			what: Z(lang, `PDF 字体未给出部分字符的文字（显示为 □：「${m[2]}」），该行按唯一可能的模板行读取，数字已标注。`, `The PDF's font does not map some characters of the label (shown as □: “${m[2]}”); the row was read as the only template row it can be, and its values are marked.`),
			action: pick(lang, READ_BY_HAND)
		};
	},

	label_typo(i, lang) {
		const m = /^(表[二三])「(.+)」 differs from the template's label by one character/.exec(i.message);
		if (!m) return null;
		const key = i.subject.split('.')[1] ?? '';
		const row = m[1] === '表三' ? t3Row(lang, key) : rowOf(lang, '二', key);
		return {
			where: Z(lang, `${tableName(lang, m[1])} ${row}行`, `${tableName(lang, m[1])}, row ${row}`),
			what: Z(lang, `行标签「${m[2]}」与模板相差一个字（漏字、多字或错字），按唯一可能的模板行读取，数字已标注。`, `The row label “${m[2]}” is one character off the template's (missing, extra or wrong); it was read as the only template row it can be, and its values are marked.`),
			action: pick(lang, READ_BY_HAND)
		};
	},

	unconfirmed_position(i, lang) {
		const m = /^(表[二三四])「(.+)」 shows (\d+) values in (\d+) cells/.exec(i.message);
		if (!m) return null;
		const row = m[1] === '表三' ? t3Row(lang, m[2]) : `“${m[2]}”`;
		return {
			where: Z(lang, `${tableName(lang, m[1])} ${row}行`, `${tableName(lang, m[1])}, row ${row}`),
			what: Z(lang, `这一行有 ${m[4]} 个单元格、${m[3]} 个数字，与表中其他行的列数不同（可能丢了一格或两个数字粘在一起），这些数字所在的列未能确认，已标注。`, `This row shows ${m[3]} values in ${m[4]} cells, unlike the table's other rows (a cell lost or two run together); which column each value belongs to is not confirmed, and they are marked.`),
			action: pick(lang, READ_BY_HAND)
		};
	},

	needs_review(i, lang) {
		const m = /^(\d+) of (\d+) values need a human look/.exec(i.message);
		if (!m) return null;
		return {
			where: Z(lang, '全文', 'whole report'),
			what: Z(lang, `读出的 ${m[2]} 个数字中有 ${m[1]} 个位置未能确认、勾稽关系不成立或无法核验，已在数字旁标注。`, `${m[1]} of the ${m[2]} values read have an unconfirmed position, a broken or unchecked identity, or an uncertain reading; they are marked next to each number.`),
			action: Z(lang, '请打开原文核对带标注的数字。', 'Open the report and check the marked values.')
		};
	},

	all_confirmed(i, lang) {
		const m = /^every value read \((\d+)\)/.exec(i.message);
		if (!m) return null;
		return {
			where: Z(lang, '全文', 'whole report'),
			what: Z(lang, `读出的 ${m[1]} 个数字位置均已确认，并与相关勾稽关系一致。`, `Every value read (${m[1]}) has a confirmed position and agrees with its identities.`),
			action: pick(lang, NOTHING)
		};
	},

	unverified(i, lang) {
		const m = /^(\d+) values of tables/.exec(i.message);
		if (!m) return null;
		return {
			where: Z(lang, '表三、表四', 'tables 3 and 4'),
			what: Z(lang, `有 ${m[1]} 个数字无法用勾稽关系核验（与其相加的单元格空白、无法读取或缺失）。`, `${m[1]} values could not be checked by any identity (the cells they add up with are blank, unreadable or missing).`),
			action: pick(lang, CONFIRM)
		};
	},

	implausible(i, lang) {
		const m = /^「(.*)」: /.exec(i.message);
		if (!m) return null;
		const label = metric(i.subject);
		return {
			where: label ? Z(lang, `“${label.rowZh}${label.colZh ? ' · ' + label.colZh : ''}”`, `“${label.labelEn}”`) : Z(lang, '表格', 'table'),
			what: Z(lang, `读出的“${m[1]}”不合常理（如负数、小数或位数过多的件数），已标为存疑。`, `The value “${m[1]}” is implausible (a negative, fractional or overlong count) and is marked suspect.`),
			action: pick(lang, CHECK_SOURCE)
		};
	},

	normalised(_i, lang) {
		return {
			where: Z(lang, '全文', 'whole report'),
			what: Z(lang, '读取前已将原文规范化（如繁体转简体、全角数字、页码页脚、多余空白），数字未改变。', 'The text was normalised before reading (traditional characters, full-width digits, page footers, stray spaces); no number was changed.'),
			action: pick(lang, NOTHING)
		};
	},

	split_table(i, lang) {
		const m = /^表四 is printed as (\d+) separate tables/.exec(i.message);
		if (!m) return null;
		const missing = /\((.+) not found\)/.exec(i.message);
		return {
			where: tableName(lang, '表四'),
			what: missing
				? Z(lang, `表四被拆成 ${m[1]} 张小表，已按各自标题读取；缺少：${missing[1]}。`, `Table 4 is printed as ${m[1]} separate tables, each read by its caption; missing: ${missing[1]}.`)
				: Z(lang, `表四被拆成 ${m[1]} 张小表，已按各自标题读取。`, `Table 4 is printed as ${m[1]} separate tables, each read by its caption.`),
			action: missing ? pick(lang, READ_BY_HAND) : pick(lang, NOTHING)
		};
	},

	no_values(_i, lang) {
		return {
			where: Z(lang, '全文', 'whole report'),
			what: Z(lang, '找到了年报标题，但读不出任何表格数字或正文数字（表格缺失或排版丢失）。', 'The title was found but no table cell or narrative figure could be read (tables missing or layout lost).'),
			action: pick(lang, FULL_TEXT)
		};
	},

	duplicate(i, lang) {
		const m = /^(.+): a second report of (.+) (\d{4}); (.+) was kept/.exec(i.message);
		if (!m) return null;
		return {
			where: Z(lang, '整份文件', 'whole file'),
			what: Z(lang, `这是 ${m[2]} ${m[3]} 年的第二份报告，已保留 ${m[4]}，本份数字未计入。`, `This is a second report of ${m[2]} ${m[3]}; ${m[4]} was kept and this copy's values are left out.`),
			action: Z(lang, '请确认保留的是正式版本；如不是，请移除另一份后重新导入。', 'Check that the kept copy is the official one; if not, remove the other and import again.')
		};
	},

	sidecar(i, lang) {
		return {
			where: registerRow(i, lang),
			what: Z(lang, '登记表中这一行有问题（缺列、重复、文件不存在、年度或路径无效），已忽略该行的内容。', 'This register row has a problem (missing column, duplicate, missing file, bad year or path); its contents were ignored.'),
			action: Z(lang, '请更正 manifest.csv 后重新导入。', 'Correct manifest.csv and import again.')
		};
	},

	source_url(i, lang) {
		return {
			where: registerRow(i, lang),
			what: Z(lang, '登记的来源不是 http(s) 网址，不作为链接保存。', 'The registered source is not an http(s) address; it is not stored as a link.'),
			action: Z(lang, '如有原文网址，请填入 manifest.csv 的来源（source）列。', 'If the report has a web address, put it in the source column of manifest.csv.')
		};
	},

	scanned(i, lang) {
		const pages = /pages? ([\d, –-]+)/.exec(i.message);
		return {
			where: pages ? Z(lang, `第 ${pages[1].trim()} 页`, `page ${pages[1].trim()}`) : Z(lang, '整份文件', 'whole file'),
			what: Z(lang, '这些页是扫描图片，没有文字层，其中的表格未能读取。', 'These pages are scanned images without a text layer; their tables were not read.'),
			action: Z(lang, '请找到可复制文字的版本（网页或原始 PDF），或先做文字识别（OCR）后再导入。', 'Find a version with selectable text (web page or original PDF), or run OCR first, then import again.')
		};
	},

	pdf_reader(_i, lang) {
		return {
			where: Z(lang, '整份文件', 'whole file'),
			what: Z(lang, 'PDF 文件不完整或有页面无法读取，部分文字可能缺失。', 'The PDF is incomplete or a page could not be read; some text may be missing.'),
			action: pick(lang, FULL_TEXT)
		};
	},

	docx_reader(_i, lang) {
		return {
			where: Z(lang, '整份文件', 'whole file'),
			what: Z(lang, 'Word 文件中有部分内容未能转换，部分文字可能缺失。', 'Part of the Word file could not be converted; some text may be missing.'),
			action: pick(lang, CONFIRM)
		};
	},

	pdf_unruled(_i, lang) {
		return {
			where: Z(lang, '表格', 'tables'),
			what: Z(lang, 'PDF 中的表格没有框线，部分数字所在的行或列无法可靠确定（例如整行留空的行只能从行名推断），相关数字已标注或留空。', 'A table in the PDF has no ruling lines, so the row or column of some values could not be confirmed (a row left wholly blank, for one, is known only from its label); those values are marked or left empty.'),
			action: pick(lang, READ_BY_HAND)
		};
	},

	file_not_shipped(_i, lang) {
		return {
			where: Z(lang, '整份文件', 'whole file'),
			what: Z(lang, '这份报告的 PDF 原件未能复制到数据集的 files/ 文件夹（读取后文件被改动或无法读取），数据看板只能显示读取出的文字，无法显示原页面。', "The report's PDF could not be copied into the dataset's files/ folder (it changed after it was read, or could not be read); the dashboard shows the text read instead of the page."),
			action: Z(lang, '数字不受影响。如需在看板中查看原页面，请重新导入数据集。', 'The values are not affected. To see the page in the dashboard, ingest the dataset again.')
		};
	},

	year_mismatch(i, lang) {
		const m = /^manifest says (\d{4}), the report's title says (\d{4})$/.exec(i.message);
		if (!m) return null;
		return {
			where: Z(lang, '标题', 'title'),
			what: Z(lang, `登记信息中的年度是 ${m[1]}，报告标题写的是 ${m[2]}。`, `The register gives ${m[1]}, the report's title says ${m[2]}.`),
			action: Z(lang, '请确认正确年度，并更正登记信息或报告。', 'Confirm the right year and correct the register or the report.')
		};
	}
};

/** Files that could not be read at all (ingest errors): the kind says what; the action is the same. */
const UNREADABLE: Record<string, L> = {
	empty: { zh: '文件是空的，没有任何内容。', en: 'The file is empty.' },
	pdf: { zh: '文件是 PDF，未能读出其中的文字。', en: 'The file is a PDF whose text could not be read.' },
	image: { zh: '文件是图片（可能是扫描件），其中的表格无法直接读取。', en: 'The file is an image (probably a scan); its tables cannot be read directly.' },
	zip: { zh: '文件是压缩包或 Word/Excel 文档，未能读取。', en: 'The file is an archive or a Word/Excel document and could not be read.' },
	ole: { zh: '文件是旧版 Office（DOC/XLS）文档，未能读取。', en: 'The file is a legacy Office (DOC/XLS) document and could not be read.' },
	binary: { zh: '文件不是文本或网页。', en: 'The file is not text or a web page.' },
	not_a_report: { zh: '文件中找不到年报标题、表格或数字，看起来不是政府信息公开工作年度报告。', en: 'No annual-report title, tables or figures were found: this does not look like an annual disclosure report.' },
	crash: { zh: '读取这份文件时程序出错。', en: 'The program failed while reading this file.' },
	encrypted: { zh: 'PDF 设有密码，无法读取。', en: 'The PDF is password-protected and cannot be read.' },
	damaged: { zh: '文件已损坏或格式不对，无法打开。', en: 'The file is damaged or not of its type and cannot be opened.' },
	no_text: { zh: 'PDF 没有文字层（文字以图形绘制），需要文字识别（OCR）。', en: 'The PDF has no text layer (its text is drawn as outlines); it needs OCR.' },
	no_unicode: { zh: 'PDF 的字体无法对应到汉字，文字层无法识别，需要文字识别（OCR）。', en: 'The PDF fonts do not map to characters; its text layer is unreadable and needs OCR.' },
	doc: { zh: '文件是旧版 Word（.doc）文档；请用 Word 或 WPS 另存为 .docx 或 PDF。', en: 'The file is a legacy Word (.doc) document; save it as .docx or PDF in Word or WPS.' }
};
for (const code of Object.keys(UNREADABLE)) {
	DESCRIBERS[code] = (_i, lang) => ({
		where: Z(lang, '整份文件', 'whole file'),
		what: pick(lang, UNREADABLE[code]),
		action: Z(lang, '请找到这份年报的文字版（网页或可复制文字的 PDF）重新导入。', 'Find a text version of the report (web page or a PDF with selectable text) and import it again.')
	});
}

/** Any issue in plain words, in `lang`. Never returns English sentences for zh. */
export function describeIssue(issue: IssueLike, lang: Lang): IssueText {
	const d = DESCRIBERS[issue.code]?.(issue, lang) ?? null;
	if (d) return { kind: issueKind(issue.code, lang), ...d, matched: true };
	return {
		kind: issueKind(issue.code, lang),
		where: '',
		what: Z(lang, '读取这份报告时发现一个问题（详细说明暂无中文版本）。', 'A problem was found while reading this report.'),
		action: Z(lang, '请打开原文核对。', 'Open the report and check.'),
		matched: false
	};
}

/** One line for lists and CSV: "where：what" (zh) / "where: what" (en). */
export function issueSentence(issue: IssueLike, lang: Lang): string {
	const d = describeIssue(issue, lang);
	return d.where ? `${d.where}${lang === 'en' ? ': ' : '：'}${d.what}` : d.what;
}
