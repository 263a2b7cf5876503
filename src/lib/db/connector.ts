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

/** Why a cancellable query stopped early. */
export class QueryCancelled extends Error {
	readonly reason: 'cancelled' | 'timeout';
	readonly afterMs: number;
	constructor(reason: 'cancelled' | 'timeout', afterMs: number) {
		super(reason === 'timeout' ? `query stopped after ${Math.round(afterMs / 1000)} s (time limit)` : 'query cancelled');
		this.name = 'QueryCancelled';
		this.reason = reason;
		this.afterMs = afterMs;
	}
}

export interface CancellableOptions {
	/** Stop the query when it has run this long (ms). */
	timeoutMs?: number;
	/** Stop the query when this signal aborts (a Cancel button). */
	signal?: AbortSignal;
}

/**
 * A connector that can also run one statement so that it can be cancelled or stopped at a time limit, while
 * the views' queries keep running (DuckDB-WASM: a connection of its own, executed in slices). For the SQL console.
 */
export interface CancellableConnector extends Connector {
	queryCancellable<T extends Row = Row>(sql: string, options?: CancellableOptions): Promise<T[]>;
}

export function isCancellable(c: Connector): c is CancellableConnector {
	return typeof (c as Partial<CancellableConnector>).queryCancellable === 'function';
}

/**
 * DuckDB-WASM reports errors of a sent (pending) query as DuckDB's serialised error data —
 * `{"exception_type":"Parser","exception_message":"syntax error…\n\nLINE 4: …","position":"45"}` — where a
 * plain query gives "Parser Error: syntax error…". Return the plain form, so every error reads the same.
 */
export function plainError(e: unknown): unknown {
	const message = e instanceof Error ? e.message : typeof e === 'string' ? e : null;
	if (!message || !message.trimStart().startsWith('{')) return e;
	try {
		const data = JSON.parse(message) as { exception_type?: unknown; exception_message?: unknown };
		if (typeof data.exception_message !== 'string') return e;
		const type = typeof data.exception_type === 'string' && data.exception_type ? `${data.exception_type} Error: ` : '';
		return new Error(`${type}${data.exception_message}`);
	} catch {
		return e;
	}
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
