/**
 * One province of a dataset laid out by province (`manifest.layout = "by-province"`, src/lib/dataset/layout.ts):
 * which facts file holds it, and the rows of the small tables (reports, issues, texts) that belong to it. The
 * browser's DuckDB holds one province at a time (or none, at national scope, where the Overview draws from the
 * baked aggregates), so a visitor downloads the facts of the province they scope into and nothing else.
 */
import type { FactsPart, LayoutManifest } from '../dataset/layout.ts';
import type { ColumnValues } from './columns.ts';

/** True for a manifest whose facts are split into one file per province. */
export function isPartitioned(m: LayoutManifest | null | undefined): boolean {
	return m?.layout === 'by-province' && !!m.parts?.length;
}

/** The facts part of a province (by its name, as in `reports.province` and the `?province=` scope), or null. */
export function partOf(m: LayoutManifest, province: string | null): FactsPart | null {
	if (!province) return null;
	return m.parts?.find((p) => p.province === province) ?? null;
}

/**
 * Whether DuckDB, holding province `held` of a dataset (its summary or its facts), can answer a query over
 * `scope`: every scope of an unsplit dataset; in a dataset by province only scopes inside the held province.
 */
export function holdsScope(m: LayoutManifest | null | undefined, held: string | null, scope: { province?: string | null }): boolean {
	if (!isPartitioned(m)) return true;
	return !!held && scope.province === held;
}

const encoder = new TextEncoder();

function sameBytes(v: unknown, want: Uint8Array, text: string): boolean {
	if (typeof v === 'string') return v === text;
	if (!(v instanceof Uint8Array) || v.length !== want.length) return false;
	for (let i = 0; i < v.length; i++) if (v[i] !== want[i]) return false;
	return true;
}

/** The row indexes where a string column (UTF-8 bytes or JS strings) equals `text`. */
export function rowsWhere(col: ColumnValues | undefined, n: number, text: string): number[] {
	const want = encoder.encode(text);
	const out: number[] = [];
	if (!col) return out;
	for (let i = 0; i < n; i++) if (sameBytes(col[i], want, text)) out.push(i);
	return out;
}

/** The row indexes whose string column holds one of `keys` (UTF-8 bytes or JS strings). */
export function rowsIn(col: ColumnValues | undefined, n: number, keys: ReadonlySet<string>): number[] {
	const out: number[] = [];
	if (!col) return out;
	const dec = new TextDecoder();
	for (let i = 0; i < n; i++) {
		const v = col[i];
		const s = typeof v === 'string' ? v : v instanceof Uint8Array ? dec.decode(v) : null;
		if (s !== null && keys.has(s)) out.push(i);
	}
	return out;
}

/** The same columns restricted to the given rows (in order). */
export function takeRows(cols: Record<string, ColumnValues>, rows: readonly number[]): Record<string, ColumnValues> {
	const out: Record<string, ColumnValues> = {};
	for (const [name, values] of Object.entries(cols)) {
		const ctor = ArrayBuffer.isView(values) && !(values instanceof DataView) ? (values.constructor as new (n: number) => { [i: number]: unknown; length: number }) : null;
		const taken = ctor ? new ctor(rows.length) : new Array<unknown>(rows.length);
		for (let i = 0; i < rows.length; i++) taken[i] = values[rows[i]];
		out[name] = taken as ColumnValues;
	}
	return out;
}

/** The report ids of the given rows of a `report_id` column, as strings. */
export function idsOf(col: ColumnValues | undefined, rows: readonly number[]): Set<string> {
	const dec = new TextDecoder();
	const out = new Set<string>();
	if (!col) return out;
	for (const i of rows) {
		const v = col[i];
		if (typeof v === 'string') out.add(v);
		else if (v instanceof Uint8Array) out.add(dec.decode(v));
	}
	return out;
}
