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
/** `guess`: the label was anchored though it is not the template's — unreadable glyphs, or a one-character typo. */
type Match = { row: RowLabel; rest: string; partial: boolean; guess?: 'unreadable' | 'typo' } | null;

/**
 * A glyph the file could not map to a character: private-use code points (a font without a ToUnicode map),
 * U+FFFD, control characters. It can stand for any character, so a label holding one is anchored only by a
 * unique match and its values are flagged.
 */
export const UNREADABLE = /[\ue000-\uf8ff\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\udb80-\udbff][\udc00-\udfff]/;
const UNREADABLE_G = new RegExp(UNREADABLE.source, 'g');
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
	if (UNREADABLE.test(key)) return byWildcard(key, labels);
	if (allowPrefix && key.length >= 5) {
		const hits = labels.filter((r) => !r.numbering && r.cores.some((c) => c.startsWith(key)));
		if (hits.length === 1) return { row: hits[0], rest: '', partial: true };
	}
	return byOneEdit(key, labels);
}

/**
 * A label typed with one character missing, extra or wrong (本机关不掌相关政府信息): anchored when exactly one
 * template row's core (five characters or more) is one edit from the label's start; the match is a guess.
 */
function byOneEdit(key: string, labels: readonly RowLabel[]): Match {
	const fits = new Map<RowLabel, number>();
	for (const row of labels) {
		if (row.numbering) continue;
		for (const core of row.cores) {
			if (core.length < 5) continue;
			for (const len of [core.length, core.length - 1, core.length + 1]) {
				if (len > key.length || !oneEdit(key.slice(0, len), core)) continue;
				if (!fits.has(row)) fits.set(row, len);
				break;
			}
		}
	}
	if (fits.size !== 1) return null;
	const [[row, len]] = [...fits];
	return { row, rest: key.slice(len), partial: true, guess: 'typo' };
}

/** Whether two strings differ by exactly one inserted, deleted or replaced character. */
function oneEdit(a: string, b: string): boolean {
	if (a === b || Math.abs(a.length - b.length) > 1) return false;
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
	return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * A label with unreadable glyphs: each one stands for one character of a row's core. Anchored only when
 * exactly one row fits, at least two thirds of its core are read, and the match says it was a guess.
 */
function byWildcard(key: string, labels: readonly RowLabel[]): Match {
	// A surrogate pair (supplementary private use) is one glyph: one placeholder character.
	const k = key.replace(UNREADABLE_G, '\ue000');
	// An outline number garbled by the glyph ("(\ue000)予以公开") leaves its junk before the core.
	const junk = /^[\ue000\d()一二三四五六七八九十.、]{1,4}/.exec(k)?.[0].length ?? 0;
	const starts = junk ? [0, junk] : [0];
	const fits = new Map<RowLabel, { len: number; at: number }>();
	for (const row of labels) {
		if (row.numbering) continue;
		for (const core of row.cores) {
			for (const at of starts) {
				if (k.length - at < core.length) continue;
				let unknown = 0;
				let ok = true;
				for (let i = 0; i < core.length && ok; i++) {
					const c = k[at + i];
					if (c === '\ue000') unknown++;
					else ok = c === core[i];
				}
				if (!ok || unknown === 0 || unknown * 3 > core.length) continue;
				const prev = fits.get(row);
				if (!prev || core.length > prev.len) fits.set(row, { len: core.length, at });
			}
		}
	}
	if (fits.size === 0) return null;
	const ranked = [...fits].sort((a, b) => b[1].len - a[1].len);
	// Two rows fitting equally well (1.其他 / 3.其他 with a lost number) cannot be told apart.
	if (ranked.length > 1 && ranked[1][1].len === ranked[0][1].len) return null;
	const [row, f] = ranked[0];
	return { row, rest: k.slice(f.at + f.len), partial: true, guess: 'unreadable' };
}

/**
 * Values of rows whose label was anchored through unreadable glyphs or a one-character typo: flagged `ambiguous`, with one issue
 * per row naming the label as printed (never a silent guess).
 */
export function flagGuessedRows(table: '二' | '三', guessed: { row: string; label: string; guess: 'unreadable' | 'typo' }[], cells: { metric: string; flags: string[] }[], issues: { subject: string; severity: 'info' | 'warning' | 'error'; code: string; message: string }[]): void {
	const prefix = table === '二' ? 't2' : 't3';
	for (const g of guessed) {
		for (const c of cells) if (c.metric.startsWith(`${prefix}.${g.row}.`) && !c.flags.includes('ambiguous')) c.flags.push('ambiguous');
		issues.push(
			g.guess === 'typo'
				? { subject: `${prefix}.${g.row}`, severity: 'warning', code: 'label_typo', message: `表${table}「${g.label}」 differs from the template's label by one character: read as the only row it can be, values flagged` }
				: {
						subject: `${prefix}.${g.row}`,
						severity: 'warning',
						code: 'unreadable_label',
						message: `表${table}「${g.label.replace(UNREADABLE_G, '□')}」 has characters the PDF's font does not map (□): read as the only row it can be, values flagged`
					}
		);
	}
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
