/**
 * The `Connector` of a `nianbao serve` server (src/node/serve.ts): each query is one HTTP POST of
 * `{"sql", "params"}` to `<base>/query`, answered with an Arrow IPC stream (or a JSON error), after Mosaic's REST
 * connector. Browser-safe (fetch + apache-arrow only), so a view gets the same plain rows from the server as from
 * DuckDB-WASM or native DuckDB: BIGINT/HUGEINT/DECIMAL as JS numbers, strings, booleans, null.
 */
import { plainValue, type Connector, type Param, type Row } from './connector.ts';

/** The content type of a query's answer (Arrow IPC stream format). */
export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** A query the server refused or could not run; `code` says which (see `ServeErrorCode` in src/node/serve.ts). */
export class RestQueryError extends Error {
	readonly status: number;
	readonly code: string;
	constructor(message: string, status: number, code: string) {
		super(message);
		this.name = 'RestQueryError';
		this.status = status;
		this.code = code;
	}
}

export interface RestOptions {
	/** The server's base URL, e.g. `http://127.0.0.1:4187` or `/api` behind a reverse proxy. */
	url: string;
	/** Abort a request after this many milliseconds (the server has its own per-query limit too). */
	timeoutMs?: number;
	/** A fetch to use instead of the global one (tests, instrumentation). */
	fetch?: typeof fetch;
}

export class RestConnector implements Connector {
	readonly url: string;
	private readonly timeoutMs: number | undefined;
	private readonly fetchFn: typeof fetch;

	constructor(options: RestOptions) {
		this.url = options.url.replace(/\/+$/, '');
		this.timeoutMs = options.timeoutMs;
		this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
	}

	async query<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
		const res = await this.fetchFn(`${this.url}/query`, {
			method: 'POST',
			mode: 'cors',
			credentials: 'omit',
			headers: { 'Content-Type': 'application/json', Accept: ARROW_STREAM },
			body: JSON.stringify({ sql, params }),
			signal: this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined
		});
		if (!res.ok) throw await errorOf(res);
		return await arrowRows<T>(new Uint8Array(await res.arrayBuffer()));
	}
}

/**
 * Decode an Arrow IPC stream into plain row objects (columns in order; a repeated name keeps the last column).
 * Arrow is imported on first use: the store imports this module with every page, the first chart needs none of it.
 */
export async function arrowRows<T extends Row = Row>(bytes: Uint8Array): Promise<T[]> {
	const { tableFromIPC } = await import('apache-arrow');
	const table = tableFromIPC(bytes);
	const n = table.numRows;
	const rows: Row[] = Array.from({ length: n }, () => ({}));
	table.schema.fields.forEach((field, i) => {
		const col = table.getChildAt(i);
		if (!col) return;
		for (let r = 0; r < n; r++) rows[r][field.name] = plainValue(col.get(r));
	});
	return rows as T[];
}

/** A failed response as an error: the server's JSON message, or the status and the start of a proxy's page. */
export async function errorOf(res: Response, what: 'query' | 'download' = 'query'): Promise<RestQueryError> {
	const text = await res.text().catch(() => '');
	try {
		const j = JSON.parse(text) as { error?: { code?: string; message?: string } };
		if (j.error?.message) return new RestQueryError(j.error.message, res.status, j.error.code ?? 'error');
	} catch {
		/* not JSON: a proxy's error page */
	}
	return new RestQueryError(`${what} failed with HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, res.status, 'http');
}

/** Convenience: a connector for a server URL. */
export function restConnector(url: string, options: Omit<RestOptions, 'url'> = {}): RestConnector {
	return new RestConnector({ url, ...options });
}
