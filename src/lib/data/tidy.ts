/**
 * The few table reshapes the views do on small, already-queried row sets (tens to thousands of rows): group
 * and pivot, group and sum, sort by several keys. They replace arquero, which compiles every expression with
 * `new Function` and so cannot run under the app's Content-Security-Policy (no 'unsafe-eval'). Empty input
 * gives empty output (arquero threw "Invalid column reference" on an empty table).
 */

type Key = string | number | boolean | null | undefined;

/** A stable string for a group's key values (distinguishes null from "null"). */
function groupKey(values: readonly Key[]): string {
	return JSON.stringify(values);
}

/**
 * Group `rows` by `keys` and spread `column`'s values into columns: one output row per group with the key
 * fields and, per distinct value of `column` (as a string), `value(rows of the group with that value)`.
 * Groups and pivot columns keep the order in which they first appear.
 */
export function pivot<T extends Record<string, unknown>, V>(
	rows: readonly T[],
	keys: readonly (keyof T & string)[],
	column: keyof T & string,
	value: (cell: T[]) => V
): { rows: Record<string, unknown>[]; columns: string[] } {
	const groups = new Map<string, { head: T; cells: Map<string, T[]> }>();
	const columns: string[] = [];
	const seen = new Set<string>();
	for (const r of rows) {
		const k = groupKey(keys.map((c) => r[c] as Key));
		let g = groups.get(k);
		if (!g) groups.set(k, (g = { head: r, cells: new Map() }));
		const col = String(r[column]);
		if (!seen.has(col)) {
			seen.add(col);
			columns.push(col);
		}
		const cell = g.cells.get(col);
		if (cell) cell.push(r);
		else g.cells.set(col, [r]);
	}
	const out: Record<string, unknown>[] = [];
	for (const { head, cells } of groups.values()) {
		const o: Record<string, unknown> = {};
		for (const c of keys) o[c] = head[c];
		for (const [col, cell] of cells) o[col] = value(cell);
		out.push(o);
	}
	return { rows: out, columns };
}

/** Sum `fields` per group of `key(row)`; groups in order of first appearance. */
export function sumBy<T, F extends string>(rows: readonly T[], key: (r: T) => string, fields: Record<F, (r: T) => number>): { key: string; sums: Record<F, number> }[] {
	const groups = new Map<string, Record<F, number>>();
	const names = Object.keys(fields) as F[];
	for (const r of rows) {
		const k = key(r);
		let s = groups.get(k);
		if (!s) groups.set(k, (s = Object.fromEntries(names.map((n) => [n, 0])) as Record<F, number>));
		for (const n of names) s[n] += Number(fields[n](r)) || 0;
	}
	return [...groups].map(([k, sums]) => ({ key: k, sums }));
}

/** Compare two values as a table sort does: numbers numerically, text by code point, null/undefined last. */
export function compareValues(a: unknown, b: unknown): number {
	const an = a === null || a === undefined;
	const bn = b === null || b === undefined;
	if (an || bn) return an === bn ? 0 : an ? 1 : -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = String(a);
	const sb = String(b);
	return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A copy of `rows` sorted by each key in turn (`desc` reverses that key; nulls stay last). Stable. */
export function orderBy<T>(rows: readonly T[], ...keys: { get: (r: T) => unknown; desc?: boolean }[]): T[] {
	return [...rows].sort((x, y) => {
		for (const k of keys) {
			const a = k.get(x);
			const b = k.get(y);
			const nulls = (a === null || a === undefined) !== (b === null || b === undefined);
			const c = compareValues(a, b);
			if (c !== 0) return k.desc && !nulls ? -c : c;
		}
		return 0;
	});
}
