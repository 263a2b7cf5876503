/**
 * Which rows of a long list to put in the DOM: those in the visible part of the page plus a margin above and below
 * (the /read list of 200 files re-laid out and repainted every row on each update; only the rows in view are drawn
 * now). Rows may differ in height (a status with reasons, a card per file on a phone): heights measured once drawn
 * are used, the average of the measured ones for the rest, and the rows not drawn become two spacers so the
 * scroll bar and the page's length stay right.
 */

export interface RowWindow {
	/** First row drawn (index into the list). */
	start: number;
	/** One past the last row drawn. */
	end: number;
	/** Height of the rows above `start`, and below `end`, in px (the spacers). */
	before: number;
	after: number;
}

/**
 * Offsets of each row's top in px from the list's top (length n + 1: the last is the list's height), from the
 * measured heights (undefined: not measured yet, counted as `estimate`).
 */
export function rowOffsets(heights: readonly (number | undefined)[], estimate: number): Float64Array {
	const off = new Float64Array(heights.length + 1);
	for (let k = 0; k < heights.length; k++) off[k + 1] = off[k] + (heights[k] ?? estimate);
	return off;
}

/** Index of the row that holds position `y` (px from the list's top), clamped to the list. */
function rowAt(off: Float64Array, y: number): number {
	let lo = 0;
	let hi = off.length - 2;
	if (hi < 0) return 0;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (off[mid] <= y) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/**
 * The rows to draw for a view from `top` to `bottom` (px from the list's top; negative when the list starts below
 * the view's top), with `margin` px drawn beyond each edge so a scroll or a Tab to the next link finds it there.
 */
export function rowWindow(off: Float64Array, top: number, bottom: number, margin: number): RowWindow {
	const n = off.length - 1;
	const total = off[n] ?? 0;
	if (n <= 0 || bottom + margin < 0 || top - margin > total) {
		// The list is out of view: draw the first rows (or the last) so the page is never empty where it starts.
		const start = n > 0 && top - margin > total ? Math.max(0, n - 1) : 0;
		const end = Math.min(n, start + 1);
		return { start, end, before: off[start] ?? 0, after: total - (off[end] ?? 0) };
	}
	const start = rowAt(off, Math.max(0, top - margin));
	const end = Math.min(n, rowAt(off, Math.max(0, bottom + margin)) + 1);
	return { start, end, before: off[start], after: total - off[end] };
}
