/**
 * Table 二 (主动公开政府信息情况): finds each row label and takes the values that follow it, as many as
 * the row has columns in the format of its block (templates.md §3.1, §4.1). Values are mapped by their
 * order among value cells, never by grid column (D5); label-with-values cells ("行政许可 97") are split.
 */
import { t2Rows, type Format, type Metric } from '../catalog/index.ts';
import { isValueLike } from './numbers.ts';
import { flagGuessedRows, labelKey, matchRow, signalsIn, T2_LABELS } from './labels.ts';
import { makeCell, pieceOf, splitPieces, type Piece } from './cells.ts';
import type { Token } from './tokens.ts';
import { confirmByCount } from './confirm.ts';
import type { Cell, Issue } from './types.ts';

export interface TableResult {
	cells: Cell[];
	issues: Issue[];
	/** Last row label read, for saying where a cut-off text ends. */
	lastRow: string | null;
	/** The region ended before every row of the table was read. */
	incomplete: boolean;
}

const ROWS: Record<Format, Map<string, Metric[]>> = {
	'2019': new Map(t2Rows('2019').map((r) => [r.row, r.metrics])),
	'2021': new Map(t2Rows('2021').map((r) => [r.row, r.metrics]))
};

/**
 * A short row label (行政许可, 行政处罚, 行政强制: four characters) with one character missing is too short to
 * anchor by itself — 行政处 could be another word. It anchors only where the template's order leaves no doubt:
 * exactly one short row is that label with a character restored, that row comes right after the last row read
 * (in the 2019 or the 2021 order) and has not been read yet. A guess like every typo: values flagged, the label
 * named in a label_typo issue.
 */
function byTemplateOrder(text: string, lastRowId: string | null, seen: Set<string>): ReturnType<typeof matchRow> {
	if (!lastRowId) return null;
	const { numbering, key } = labelKey(text);
	if (numbering || key.length !== 3) return null;
	const fits = T2_LABELS.filter((r) => !r.numbering && r.cores.some((c) => c.length === 4 && [0, 1, 2, 3].some((k) => c.slice(0, k) + c.slice(k + 1) === key)));
	if (fits.length !== 1 || seen.has(fits[0].row)) return null;
	const row = fits[0];
	const follows = (['2019', '2021'] as const).some((f) => {
		const order = [...ROWS[f].keys()];
		const at = order.indexOf(lastRowId);
		return at >= 0 && order[at + 1] === row.row;
	});
	return follows ? { row, rest: '', partial: true, guess: 'typo' } : null;
}

/** One labelled row of table 二 as found, before its values are trusted. */
interface Row2 {
	label: string;
	row: string;
	metrics: Metric[];
	/** Columns of the row (metrics.length). */
	k: number;
	format: Format;
	unitHint: '元' | '万元' | null;
	/** Values written in the label cell ("行政许可 97"). */
	inline: Piece[];
	/** Every value-like cell after the label up to the next non-value cell. */
	run: Piece[];
	/** The text ends inside this row's values (cut off). */
	atEnd: boolean;
	/** Where the label cell ends in the source (span of a column the values cannot reach). */
	labelEnd: number;
}

export function extractTable2(toks: Token[], [from, to]: [number, number], docFormat: Format): TableResult {
	const cells: Cell[] = [];
	const issues: Issue[] = [];
	const seen = new Set<string>();
	const rows: Row2[] = [];
	let lastRow: string | null = null;
	/** The template row read last (for a short label anchored by the template's order). */
	let lastRowId: string | null = null;
	let headerFrom = from;
	const guessed: { row: string; label: string; guess: 'unreadable' | 'typo' }[] = [];

	for (let i = from; i < to; i++) {
		const t = toks[i];
		if (t.n.startsWith('信息内容')) {
			headerFrom = i;
			continue;
		}
		const m: ReturnType<typeof matchRow> = matchRow(t.text, T2_LABELS) ?? byTemplateOrder(t.text, lastRowId, seen);
		if (!m) continue;
		// The block's own header decides the columns (a body may reuse an old layout in one block).
		const header = toks.slice(headerFrom, i).map((h) => h.n).join('');
		const sig = signalsIn(header);
		const format: Format = sig['2019'] > sig['2021'] ? '2019' : sig['2021'] > sig['2019'] ? '2021' : docFormat;
		const metrics = ROWS[format].get(m.row.row) ?? ROWS[format === '2019' ? '2021' : '2019'].get(m.row.row);
		if (!metrics || seen.has(m.row.row)) continue;
		const unitHint = /万元/.test(header) ? '万元' : /\(单位:元\)|元\)/.test(header) ? '元' : null;

		const inline = inlineValues(t);
		const run: Piece[] = [];
		let j = i + 1;
		if (inline.length === 0) for (; j < to && run.length < metrics.length + 8 && isValueLike(toks[j].text); j++) run.push(pieceOf(toks[j]));
		if (inline.length === 0 && run.length === 0) {
			const sub = subRows(toks, i + 1, to, metrics.length);
			if (sub) {
				seen.add(m.row.row);
				lastRow = t.text;
				lastRowId = m.row.row;
				cells.push(...sumSubRows(metrics, sub.rows));
				issues.push({
					subject: `t2.${m.row.row}`,
					severity: 'info',
					code: 'local_sub_rows',
					message: `表二「${t.text}」 is split into local sub-rows (${sub.rows.map((r) => r.label).join('、')}); their sum is stored`
				});
				i = sub.next - 1;
				continue;
			}
		}
		seen.add(m.row.row);
		lastRow = t.text;
		lastRowId = m.row.row;
		if (m.guess) guessed.push({ row: m.row.row, label: t.text, guess: m.guess });
		rows.push({ label: t.text, row: m.row.row, metrics, k: metrics.length, format, unitHint, inline, run, atEnd: j >= toks.length, labelEnd: t.end });
		i = Math.max(i, j - 1);
	}

	// Which column a value sits in is confirmed by counting its row's cells (confirm.ts): lost or glued
	// cells change the count, and their row's values are then flagged.
	const confirmed = confirmByCount(rows);
	for (const r of rows) {
		const pieces = r.inline.length ? r.inline : r.run.slice(0, r.metrics.length);
		const ok = confirmed.has(r);
		r.metrics.forEach((mt, k) => {
			if (k >= pieces.length) {
				// A column the row's values could not reach (unless the text simply ends here): empty and flagged.
				const at = pieces.length ? pieces[pieces.length - 1].end : r.labelEnd;
				if (!r.atEnd) cells.push({ metric: mt.id, value: null, printed: null, raw: '', start: at, end: at, flags: ['ambiguous'] });
				return;
			}
			const cell = makeCell(mt.id, pieces[k], mt.unit === 'yuan' ? (r.format === '2021' ? r.unitHint ?? '万元' : r.unitHint) : null).cell;
			if (!ok && !cell.flags.includes('unconfirmed_position')) cell.flags.push('unconfirmed_position');
			cells.push(cell);
		});
		const shown = r.inline.length || r.run.filter((p) => p.text.trim() !== '').length;
		if (!ok && (pieces.length < r.metrics.length ? !r.atEnd : true)) {
			issues.push({
				subject: `t2.${r.row}`,
				severity: 'warning',
				code: pieces.length < r.metrics.length ? 'row_incomplete' : 'unconfirmed_position',
				message:
					pieces.length < r.metrics.length
						? `表二「${r.label}」 has ${pieces.length} of ${r.metrics.length} values; which columns they belong to is not confirmed`
						: `表二「${r.label}」 shows ${shown} values in ${r.inline.length || r.run.length} cells for ${r.metrics.length} columns, unlike the table's other rows; values flagged`
			});
		}
	}
	flagGuessedRows('二', guessed, cells, issues);
	return { cells, issues, lastRow, incomplete: false };
}

/** Values written in the label cell itself: "行政许可 97", "规章 0 0 0". */
export function inlineValues(t: Token): Piece[] {
	const parts = splitPieces(t);
	let k = parts.length;
	while (k > 1 && isValueLike(parts[k - 1].text)) k--;
	return k < parts.length && k >= 1 && !isValueLike(parts[0].text) ? parts.slice(k) : [];
}

/** Local variants split a row into sub-rows (Beijing: 其他对外管理服务事项 → 行政检查 / 行政确认). */
function subRows(toks: Token[], from: number, to: number, width: number): { rows: { label: string; values: Piece[] }[]; next: number } | null {
	const rows: { label: string; values: Piece[] }[] = [];
	let i = from;
	while (i < to) {
		const t = toks[i];
		if (isValueLike(t.text)) {
			i++;
			continue;
		}
		if (matchRow(t.text, T2_LABELS) || /^第二十条|^信息内容/.test(t.n) || t.n.length > 20) break;
		const values: Piece[] = [];
		let j = i + 1;
		for (; j < to && values.length < width && isValueLike(toks[j].text); j++) values.push(pieceOf(toks[j]));
		if (values.length < width) break;
		rows.push({ label: t.text, values });
		i = j;
	}
	return rows.length >= 2 ? { rows, next: i } : null;
}

function sumSubRows(metrics: Metric[], rows: { label: string; values: Piece[] }[]): Cell[] {
	return metrics.map((mt, k) => {
		const parts = rows.map((r) => makeCell(mt.id, r.values[k]).cell);
		const known = parts.every((p) => p.value !== null);
		const value = known ? parts.reduce((s, p) => s + (p.value ?? 0), 0) : null;
		const first = rows[0].values[k];
		const last = rows[rows.length - 1].values[k];
		return {
			metric: mt.id,
			value,
			printed: value,
			raw: rows.map((r) => `${r.label}:${r.values[k].text}`).join('; '),
			start: first.start,
			end: last.end,
			flags: known ? ['derived'] : ['derived', 'ambiguous']
		};
	});
}
