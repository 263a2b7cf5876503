/**
 * The one interface every view queries through (after Mosaic's `Connector`): DuckDB-WASM in the browser,
 * native DuckDB in tests and benchmarks. Views build SQL with placeholders (`?`) and pass values as params,
 * so nothing from a URL is ever pasted into SQL.
 */

export type Row = Record<string, unknown>;
export type Param = string | number | boolean | null;

export interface Connector {
	/**
	 * Run one statement; rows come back as plain objects with JS numbers (BIGINT/HUGEINT/DECIMAL converted),
	 * strings, booleans and null.
	 */
	query<T extends Row = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
}

/** Normalise a value from either DuckDB client into a plain JS value. */
export function plainValue(v: unknown): unknown {
	if (typeof v === 'bigint') return Number(v);
	if (v === null || v === undefined) return null;
	if (typeof v === 'object') {
		// DECIMAL / HUGEINT wrappers of both clients stringify to their exact decimal text.
		const ctor = (v as object).constructor?.name ?? '';
		if (/Decimal|HugeInt|Int128/i.test(ctor)) return Number(String(v));
		if (v instanceof Date) return v.toISOString();
	}
	return v;
}
