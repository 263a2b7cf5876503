/**
 * Table 四 (行政复议、行政诉讼): one data row of 15 values under three header rows (templates.md §3.3).
 * The values are the last run of value cells in the region (header rows end in labels, and rowspan padding
 * gives runs of blank cells before them). A run of one cell with 15 numbers is PDF text (D7).
 */
import { T4_COLUMNS } from '../catalog/index.ts';
import { isValueLike } from './numbers.ts';
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
	let values = filled.length ? filled[filled.length - 1] : runs.filter((r) => r.length >= WIDTH).pop();
	// Pipe rows pad header rows with empty cells ("| |||||"); in the token stream that padding runs straight
	// into the value row. Blank cells in front of a row longer than 15 are padding, not values.
	if (values && values.length > WIDTH) {
		let k = 0;
		while (values.length - k > WIDTH && values[k].text.trim() === '') k++;
		values = values.slice(k);
	}

	const issues: Issue[] = [];
	const cells: Cell[] = [];
	if (!values) return { cells, issues, lastRow: null, incomplete: true, garbled: false };

	let pieces: Piece[] | null = null;
	let garbled = false;
	const split = values.flatMap((p) => (p.text.trim() === '' ? [p] : splitPieces(p)));
	if (values.length === WIDTH) {
		pieces = values;
		garbled = values.some((p) => splitPieces(p).length > 1);
	} else if (split.length === WIDTH) {
		pieces = split;
	} else if (values.length < WIDTH && split.length < WIDTH) {
		issues.push({ subject: 'table4', severity: 'warning', code: 'row_incomplete', message: `表四 has ${split.length} of ${WIDTH} values` });
		pieces = split;
	} else {
		issues.push({
			subject: 'table4',
			severity: 'warning',
			code: 'ambiguous_row',
			message: `表四 row has ${values.length} cells holding ${split.length} numbers instead of ${WIDTH}; values left empty`
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
