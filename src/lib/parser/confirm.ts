/**
 * The trust rule's column test (templates.md §11): a row's values are in known columns only when they can
 * be counted against the columns. A row is confirmed when its run of cells (up to the next label) holds k
 * cells followed only by blank padding, and either its k-th cell is printed (then k real cells precede
 * any padding: none was lost) or its padding is what the table's other rows with k columns show (grid
 * layouts — pipe rows, HTML, tab cells with spacer lines — pad rows alike, so a lost cell shows as one
 * padding cell fewer); the table's last row may run into the blank padding at the table's end. Anything
 * else — fewer cells than columns, a printed value where padding belongs, a blank k-th cell with the wrong
 * padding — means a cell was lost or two were glued, and the row's values are not trusted.
 */
import type { Piece } from './cells.ts';

export interface CountedRow {
	/** Columns the row has. */
	k: number;
	/** Values written in the label cell itself; when present they alone are counted. */
	inline: Piece[];
	/** Every value-like cell after the label up to the next non-value cell. */
	run: Piece[];
}

const blank = (p: Piece) => p.text.trim() === '';

export function confirmByCount<R extends CountedRow>(rows: R[]): Set<R> {
	const out = new Set<R>();
	const pads = new Map<number, Map<number, number>>();
	for (const r of rows) {
		if (r.inline.length || r.run.length < r.k || !r.run.slice(r.k).every(blank)) continue;
		const m = pads.get(r.k) ?? pads.set(r.k, new Map()).get(r.k)!;
		m.set(r.run.length - r.k, (m.get(r.run.length - r.k) ?? 0) + 1);
	}
	const padOf = (k: number) => [...(pads.get(k) ?? new Map<number, number>())].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
	rows.forEach((r, idx) => {
		if (r.inline.length) {
			if (r.inline.length === r.k) out.add(r);
			return;
		}
		if (r.run.length < r.k || !r.run.slice(r.k).every(blank)) return;
		const pad = r.run.length - r.k;
		const expected = padOf(r.k);
		const last = idx === rows.length - 1;
		// A printed k-th value means k real cells before any padding: nothing was lost before it.
		if (!blank(r.run[r.k - 1]) || pad === expected || (last && pad > expected)) out.add(r);
	});
	return out;
}
