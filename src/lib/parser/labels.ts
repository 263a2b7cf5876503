/**
 * Row-label matchers for tables 二 and 三, derived from the catalog's Chinese row labels (so the catalog
 * drives the parser). Labels are compared without outline numbering, whitespace or punctuation, by their
 * leading core text, because provinces append instructions to labels (D10) and PDFs cut them (D7).
 */
import { METRICS, type Format } from '../catalog/index.ts';
import { norm, splitNumbering } from './normalize.ts';

export interface RowLabel {
	table: '二' | '三';
	row: string;
	/** Accepted label cores (punctuation-free), e.g. 规范性文件 and 行政规范性文件. */
	cores: string[];
	/** For generic words (其他, 总计) the outline number must match too (D18). */
	numbering?: RegExp;
	/** Formats in which the row holds values. */
	formats: Format[];
}

const PUNCT = /[、,，.。;；:：!?！？'"“”‘’()（）\[\]【】《》<>\-_—/／]/g;

/** Label key: normalised, numbering stripped, punctuation dropped. */
export function labelKey(s: string): { numbering: string; key: string } {
	const { numbering, rest } = splitNumbering(norm(s));
	return { numbering, key: rest.replace(PUNCT, '') };
}

/** Core of a catalog row label: its text without numbering and without a trailing parenthetical. */
function coreOf(rowZh: string): { numbering: string; core: string } {
	const { numbering, rest } = splitNumbering(norm(rowZh));
	const paren = rest.indexOf('(');
	return { numbering, core: (paren > 0 ? rest.slice(0, paren) : rest).replace(PUNCT, '') };
}

// Words that are also column headers or other rows: they need their outline number (templates.md D18).
const GENERIC: Record<string, RegExp> = { 其他: /3[.、]$/, 总计: /\(七\)$/ };
const ALIASES: Record<string, string[]> = { total_processed: ['合计'] };

function build(table: '二' | '三'): RowLabel[] {
	const rows = new Map<string, RowLabel>();
	for (const m of METRICS) {
		if (m.table !== table) continue;
		const { core } = coreOf(m.rowZh);
		let r = rows.get(m.row);
		if (!r) {
			r = { table, row: m.row, cores: [], formats: [] };
			if (GENERIC[core]) r.numbering = GENERIC[core];
			rows.set(m.row, r);
		}
		if (!r.cores.includes(core)) r.cores.push(core);
		for (const a of ALIASES[m.row] ?? []) if (!r.cores.includes(a)) r.cores.push(a);
		for (const f of m.formats) if (!r.formats.includes(f) && m.kind === 'reported') r.formats.push(f);
		if (m.kind === 'reported/derived' && !r.formats.includes('2019')) r.formats.push('2019');
	}
	return [...rows.values()];
}

export const T2_LABELS = build('二');
export const T3_LABELS = build('三');

/**
 * Finds the row a cell labels. `allowPrefix` also accepts a cut-off label (a PDF line break) when it is a
 * long enough prefix of exactly one row's core. Returns the matched row and the text after the label core.
 */
type Match = { row: RowLabel; rest: string; partial: boolean } | null;
const memo = new Map<readonly RowLabel[], Map<string, Match>>();

export function matchRow(cellText: string, labels: readonly RowLabel[], allowPrefix = false): Match {
	// Every token is tested against the labels several times (segmenting, extracting): memoise.
	let m = memo.get(labels);
	if (!m) memo.set(labels, (m = new Map()));
	const k = allowPrefix ? '\u0001' + cellText : cellText;
	let hit = m.get(k);
	if (hit === undefined) {
		if (m.size > 20000) m.clear();
		hit = matchRowUncached(cellText, labels, allowPrefix);
		m.set(k, hit);
	}
	return hit;
}

function matchRowUncached(cellText: string, labels: readonly RowLabel[], allowPrefix: boolean): Match {
	if (cellText.length > 160) return null;
	const { numbering, key } = labelKey(cellText);
	if (key === '') return null;
	let best: { row: RowLabel; rest: string; partial: boolean; len: number } | null = null;
	for (const row of labels) {
		for (const core of row.cores) {
			if (row.numbering) {
				if ((key === core || key.startsWith(core)) && row.numbering.test(numbering) && /^[\d\s]*$/.test(key.slice(core.length)))
					return { row, rest: key.slice(core.length), partial: false };
				continue;
			}
			if (key.startsWith(core) && (!best || core.length > best.len)) best = { row, rest: key.slice(core.length), partial: false, len: core.length };
		}
	}
	if (best) return best;
	if (allowPrefix && key.length >= 5) {
		const hits = labels.filter((r) => !r.numbering && r.cores.some((c) => c.startsWith(key)));
		if (hits.length === 1) return { row: hits[0], rest: '', partial: true };
	}
	return null;
}

/** Signals of each format in the table labels (templates.md §1); compared on normalised text. */
export const FORMAT_SIGNALS: Record<Format, string[]> = {
	'2019': ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '其他对外管理服务事项', '第二十条第(九)项', '政府集中采购', '采购项目数量', '采购总金额'],
	'2021': ['本年制发件数', '本年废止件数', '现行有效件', '本年处理决定数量', '本年收费金额', '逾期不补正', '逾期未按收费通知要求缴纳费用']
};

/** Which format's signals appear in a piece of normalised text. */
export function signalsIn(n: string): Record<Format, number> {
	return {
		'2019': FORMAT_SIGNALS['2019'].filter((s) => n.includes(s)).length,
		'2021': FORMAT_SIGNALS['2021'].filter((s) => n.includes(s)).length
	};
}
