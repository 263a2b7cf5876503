/**
 * Table 四 (行政复议、行政诉讼): one data row of 15 values under three header rows (templates.md §3.3).
 * The values are the last run of value cells in the region (header rows end in labels, and rowspan padding
 * gives runs of blank cells before them). A run of one cell with 15 numbers is PDF text (D7).
 * Printed as three small tables (行政复议 / 未经复议直接起诉 / 复议后起诉, each with its own header row), each
 * five-value run is assigned by its caption, never by its order. A row with a value fewer than 15 (a
 * cell lost, or two glued together) is placed only where the I-4 identities pin every value.
 */
import { T4_COLUMNS, T4_GROUPS, t4GroupZh } from '../catalog/index.ts';
import { isValueLike, readCell } from './numbers.ts';
import { makeCell, pieceOf, splitPieces, type Piece } from './cells.ts';
import type { TableResult } from './table2.ts';
import type { Token } from './tokens.ts';
import type { Cell, Issue } from './types.ts';

const WIDTH = T4_COLUMNS.length;

export function extractTable4(toks: Token[], [from, to]: [number, number]): TableResult & { garbled: boolean } {
	const runs: Piece[][] = [];
	let run: Piece[] = [];
	for (let i = from; i < to; i++) {
		if (isValueLike(toks[i].text)) run.push(pieceOf(toks[i]));
		else if (run.length) (runs.push(run), (run = []));
	}
	if (run.length) runs.push(run);
	const filled = runs.filter((r) => r.some((p) => p.text.trim() !== ''));
	const split = byCaption(toks, from, to);
	if (split && !(filled.length && filled[filled.length - 1].length >= WIDTH)) return split;
	let values = filled.length ? filled[filled.length - 1] : runs.filter((r) => r.length >= WIDTH).pop();
	// Pipe rows pad header rows with empty cells ("| |||||"); in the token stream that padding runs straight
	// into the value row. Blank cells in front of a row longer than 15 are padding, not values.
	// Every leading blank goes: a row that then holds 14 values lost a cell and is solved by the identities,
	// never completed with a padding cell.
	if (values && values.length > WIDTH) {
		let k = 0;
		while (k < values.length && values[k].text.trim() === '') k++;
		values = values.slice(k);
	}

	const issues: Issue[] = [];
	const cells: Cell[] = [];
	if (!values) return { cells, issues, lastRow: null, incomplete: true, garbled: false };

	let pieces: Piece[] | null = null;
	let garbled = false;
	const parts = values.flatMap((p) => (p.text.trim() === '' ? [p] : splitPieces(p)));
	if (values.length === WIDTH) {
		pieces = values;
		garbled = values.some((p) => splitPieces(p).length > 1);
	} else if (parts.length === WIDTH) {
		pieces = parts;
	} else if (values.length < WIDTH && parts.length < WIDTH) {
		return { cells: pinned(parts, issues), issues, lastRow: null, incomplete: parts.length < WIDTH - 1, garbled: false };
	} else {
		issues.push({
			subject: 'table4',
			severity: 'warning',
			code: 'ambiguous_row',
			message: `表四 row has ${values.length} cells holding ${parts.length} numbers instead of ${WIDTH}; values left empty`
		});
		T4_COLUMNS.forEach((m, k) => {
			const p = values[Math.min(k, values.length - 1)];
			cells.push({ metric: m.id, value: null, printed: null, raw: values.map((v) => v.text).join(' '), start: p.start, end: p.end, flags: ['ambiguous'] });
		});
		return { cells, issues, lastRow: null, incomplete: false, garbled: true };
	}
	T4_COLUMNS.forEach((m, k) => {
		if (k < pieces!.length) cells.push(makeCell(m.id, pieces![k]).cell);
	});
	return { cells, issues, lastRow: null, incomplete: pieces.length < WIDTH, garbled };
}

/** Which group of table 四 a caption names, if any. */
function groupOf(n: string): number {
	if (n.length > 40) return -1;
	if (n.includes('复议后起诉')) return 2;
	if (n.includes('未经复议') || n.includes('直接起诉')) return 1;
	if (/^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d[.、])?行政复议(?:情况)?$/.test(n)) return 0;
	return -1;
}

/**
 * Table 四 printed as three captioned tables: every run of exactly five value cells that follows a group
 * caption (its header row in between) belongs to that group. Null when the region is not laid out so
 * (fewer than two captioned runs, or a caption seen twice).
 */
function byCaption(toks: Token[], from: number, to: number): (TableResult & { garbled: boolean }) | null {
	const groups = new Map<number, Piece[]>();
	let caption = -1;
	let dup = false;
	for (let i = from; i < to; i++) {
		const g = groupOf(toks[i].n);
		if (g >= 0) {
			caption = g;
			continue;
		}
		if (!isValueLike(toks[i].text)) continue;
		const run: Piece[] = [];
		let j = i;
		for (; j < to && isValueLike(toks[j].text); j++) run.push(pieceOf(toks[j]));
		i = j - 1;
		// Trailing blank cells are a pipe row's padding.
		while (run.length > 5 && run[run.length - 1].text.trim() === '') run.pop();
		if (caption < 0 || run.length !== 5 || !run.some((p) => p.text.trim() !== '')) continue;
		if (groups.has(caption)) dup = true;
		groups.set(caption, run);
		caption = -1;
	}
	if (groups.size < 2) return null;
	const issues: Issue[] = [];
	const cells: Cell[] = [];
	const NAMES = T4_GROUPS.map((g) => t4GroupZh(g) ?? g);
	if (dup) {
		issues.push({ subject: 'table4', severity: 'warning', code: 'ambiguous_row', message: '表四 is printed as separate tables and one group caption appears twice; values left empty' });
		T4_COLUMNS.forEach((m) => cells.push({ metric: m.id, value: null, printed: null, raw: '', start: toks[from].start, end: toks[from].start, flags: ['ambiguous'] }));
		return { cells, issues, lastRow: null, incomplete: false, garbled: true };
	}
	for (const [g, run] of groups) run.forEach((p, k) => cells.push(makeCell(T4_COLUMNS[g * 5 + k].id, p).cell));
	const missing = [0, 1, 2].filter((g) => !groups.has(g));
	issues.push({
		subject: 'table4',
		severity: missing.length ? 'warning' : 'info',
		code: 'split_table',
		message: `表四 is printed as ${groups.size} separate tables; each was read by its caption${missing.length ? ` (${missing.map((g) => NAMES[g]).join('、')} not found)` : ''}`
	});
	return { cells, issues, lastRow: null, incomplete: missing.length > 0, garbled: false };
}

/**
 * A row of 14 values (one cell lost, or two glued into one): every way to restore 15 — an unknown cell
 * inserted at each position (the identity of its group then says its value), or a multi-digit cell split in
 * two (no part starting with 0 unless it is 0) — is tried against the three I-4 identities. A column whose
 * value is the same in every reading that satisfies them is pinned and kept (flagged `inferred` and `ambiguous`
 * where it was lost, `repaired` where it was split out of a glued cell); a column the readings disagree on stays
 * empty and is flagged. Shorter rows are placed by order, every value flagged `unconfirmed_position`.
 */
function pinned(parts: Piece[], issues: Issue[]): Cell[] {
	const cells: Cell[] = [];
	const nums = parts.map((p) => readCell(p.text));
	const numeric = nums.every((r) => r.kind === 'number' || r.kind === 'blank');
	type Slot = { value: number; piece: Piece; how: '' | 'inferred' | 'repaired' };
	const readings: Slot[][] = [];
	if (parts.length === WIDTH - 1 && numeric) {
		const val = (k: number) => {
			const r = nums[k];
			return r.kind === 'number' ? r.value : 0;
		};
		const holdsAll = (row: number[]) => [0, 1, 2].every((g) => row[g * 5] + row[g * 5 + 1] + row[g * 5 + 2] + row[g * 5 + 3] === row[g * 5 + 4]);
		// A lost cell at position p.
		for (let p = 0; p < WIDTH; p++) {
			const row = [...parts.slice(0, p).map((_, k) => val(k)), NaN, ...parts.slice(p).map((_, k) => val(p + k))];
			const g = Math.floor(p / 5);
			const others = [0, 1, 2, 3, 4].filter((k) => g * 5 + k !== p).map((k) => row[g * 5 + k]);
			row[p] = p % 5 === 4 ? others.reduce((a, b) => a + b, 0) : others[3] - (others[0] + others[1] + others[2]);
			if (!Number.isInteger(row[p]) || row[p] < 0 || !holdsAll(row)) continue;
			const at = parts[Math.min(p, parts.length - 1)];
			const empty: Piece = { text: '', start: p < parts.length ? at.start : at.end, end: p < parts.length ? at.start : at.end };
			readings.push(row.map((v, k) => ({ value: v, piece: k === p ? empty : parts[k < p ? k : k - 1], how: k === p ? 'inferred' : '' })));
		}
		// Two cells glued into one: "30" for 3 | 0, "110" for 1 | 10 or 11 | 0.
		parts.forEach((piece, q) => {
			const d = piece.text.trim();
			if (!/^\d{2,}$/.test(d)) return;
			for (let cut = 1; cut < d.length; cut++) {
				const a = d.slice(0, cut);
				const b = d.slice(cut);
				if ((a.length > 1 && a[0] === '0') || (b.length > 1 && b[0] === '0')) continue;
				const row = [...parts.slice(0, q).map((_, k) => val(k)), Number(a), Number(b), ...parts.slice(q + 1).map((_, k) => val(q + 1 + k))];
				if (!holdsAll(row)) continue;
				const pa: Piece = { text: a, start: piece.start, end: piece.end };
				const pb: Piece = { text: b, start: piece.start, end: piece.end };
				readings.push(row.map((v, k) => ({ value: v, piece: k === q ? pa : k === q + 1 ? pb : parts[k < q ? k : k - 1], how: k === q || k === q + 1 ? 'repaired' : '' })));
			}
		});
	}
	if (readings.length === 0) {
		issues.push({
			subject: 'table4',
			severity: 'warning',
			code: 'row_incomplete',
			message: `表四 has ${parts.length} of ${WIDTH} values${parts.length === WIDTH - 1 ? ' and no way of restoring the lost cell satisfies I-4' : ''}; which columns they belong to is not confirmed`
		});
		T4_COLUMNS.forEach((m, k) => {
			if (k >= parts.length) {
				const at = parts.length ? parts[parts.length - 1].end : 0;
				if (parts.length) cells.push({ metric: m.id, value: null, printed: null, raw: '', start: at, end: at, flags: ['ambiguous'] });
				return;
			}
			const { cell } = makeCell(m.id, parts[k]);
			if (!cell.flags.includes('unconfirmed_position')) cell.flags.push('unconfirmed_position');
			cells.push(cell);
		});
		return cells;
	}
	// A group that may hold the lost cell used its identity to restore it: nothing checks its printed cells.
	const consumed = new Set(readings.flatMap((r) => r.flatMap((x, k) => (x.how === 'inferred' ? [Math.floor(k / 5)] : []))));
	let open = 0;
	T4_COLUMNS.forEach((m, k) => {
		const vs = new Set(readings.map((r) => r[k].value));
		const first = readings[0][k];
		if (vs.size > 1) {
			open++;
			cells.push({ metric: m.id, value: null, printed: null, raw: first.piece.text, start: first.piece.start, end: first.piece.end, flags: ['ambiguous'] });
			return;
		}
		// The same value in every reading; which printed cell it came from may differ (equal neighbours).
		// Printed in some reading, lost in another, the same value in all: the printed reading confirms it.
		const lost = readings.every((r) => r[k].how === 'inferred');
		const glued = !lost && readings.every((r) => r[k].how !== '');
		const from = readings.find((r) => r[k].how === '')?.[k] ?? first;
		// A lost cell's value comes from its group's identity alone, which then cannot check it: flagged.
		const flags: Cell['flags'] = lost ? ['inferred', 'ambiguous'] : glued ? ['repaired'] : [];
		if (!lost && consumed.has(Math.floor(k / 5))) flags.push('unconfirmed_position');
		// A printed blank stays a blank (null, `blank`): whether it means 0 is the identities' call later.
		if (!lost && !glued && from.piece.text.trim() === '') {
			const { cell } = makeCell(m.id, from.piece);
			for (const f of flags) if (!cell.flags.includes(f)) cell.flags.push(f);
			cells.push(cell);
			return;
		}
		cells.push({ metric: m.id, value: first.value, printed: lost ? null : first.value, raw: lost ? '' : from.piece.text, start: from.piece.start, end: from.piece.end, flags });
	});
	issues.push({
		subject: 'table4',
		severity: 'warning',
		code: open ? 'row_incomplete' : 'repaired',
		message: `表四 has ${parts.length} of ${WIDTH} values (a cell lost or two glued together): ${readings.length} way(s) of restoring it satisfy I-4${open ? `; ${open} columns they disagree on are left empty` : '; they agree on every column'}`
	});
	return cells;
}
