/**
 * `nianbao serve`'s downloads: the Data view's filtered facts as CSV or Parquet, and an SQL console query's whole
 * result as CSV, streamed from native DuckDB to the response chunk by chunk (back-pressure respected, so a
 * download costs one chunk or one Parquet row group of memory whatever its size).
 *
 * A download is never SQL from a URL. A filter download takes the Data view's own URL parameters (province, city,
 * district, towns, from, to, tables, metrics), read by the view's own `readDataFilter` against the server's town
 * list and places, and runs the browser's own export SQL (`csvLinesQuery`, `exportQuery`) and encoders
 * (`csvFromLines`' bytes, `parquetStream`): the same file the browser would have written, byte for byte except
 * the access date in the Parquet citation. A console download is the console's SQL in a JSON POST body, through
 * the same read-only guard as `/query`. Each download has a row cap (checked before the first byte for a filter,
 * by counting) and a time limit; past either once the file has begun, the connection is cut, so no client ever
 * mistakes a partial file for a whole one (curl fails: exit 18, or 52 before the first byte; a browser's fetch fails).
 */
import type { ServerResponse } from 'node:http';
import { JSDuckDBValueConverter, type DuckDBConnection, type DuckDBDataChunk, type DuckDBValue } from '@duckdb/node-api';
import type { Param } from '../lib/db/connector.ts';
import type { Manifest } from '../lib/dataset/schema.ts';
import { loadTowns, type Town } from '../lib/towns.ts';
import { countRows, csvLinesQuery, CSV_HEADER, DATA_COLUMNS, exportQuery, filterOptions, readDataFilter, type FilterOptions } from '../lib/queries/data.ts';
import { BOM, csvLines } from '../lib/export/csv.ts';
import { parquetStream, type ArrowBatch } from '../lib/export/parquet.ts';
import { citationMetadata, exportFileName } from '../lib/export/citation.ts';
import { CSV_TYPE, PARQUET_TYPE } from '../lib/export/download.ts';
import { readLang, type Lang } from '../lib/url-params.ts';
import { connectorOn } from './duckdb-connector.ts';
import { firstLine, GuardError, prepareReadOnly } from './serve-guard.ts';
import { plainColumn } from './serve-arrow.ts';

/** What a request asks to download. */
export type DownloadSpec =
	| { kind: 'filter'; format: 'csv' | 'parquet'; params: URLSearchParams; page: string | null; lang: Lang }
	| { kind: 'sql'; format: 'csv'; sql: string; params: Param[] };

/** A request that cannot be served as asked; `status` and `code` as the server's other errors. */
export class DownloadError extends Error {
	readonly status: number;
	readonly code: 'bad_request' | 'row_cap' | 'timeout' | 'sql';
	constructor(status: number, code: DownloadError['code'], message: string) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

const FORMATS = ['csv', 'parquet'] as const;

/** The page to cite: an absolute http(s) URL of sane length, else none. */
function pageUrl(v: string | null | undefined): string | null {
	if (!v || v.length > 4000 || /[\u0000-\u001f\u007f]/.test(v)) return null;
	try {
		const u = new URL(v);
		return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
	} catch {
		return null;
	}
}

function formatOf(v: unknown): 'csv' | 'parquet' {
	if (v === undefined || v === null || v === '') return 'csv';
	if (typeof v === 'string' && (FORMATS as readonly string[]).includes(v)) return v as 'csv' | 'parquet';
	throw new DownloadError(400, 'bad_request', `format must be csv or parquet, got "${String(v).slice(0, 40)}"`);
}

/** `GET /download?format=csv|parquet&<the Data view's filter parameters>&lang=&page=`. */
export function downloadFromUrl(url: URL): DownloadSpec {
	const p = url.searchParams;
	return { kind: 'filter', format: formatOf(p.get('format')), params: p, page: pageUrl(p.get('page')), lang: readLang(p) };
}

/**
 * `POST /download` with JSON: `{"format", "filter": "<the filter's URL parameters>", "page", "lang"}` (a filter
 * too long for a URL) or `{"format": "csv", "sql": "…", "params": [...]}` (the SQL console's whole result).
 */
export function downloadFromBody(body: unknown, params: Param[]): DownloadSpec {
	const o = body as { format?: unknown; filter?: unknown; sql?: unknown; page?: unknown; lang?: unknown };
	if (typeof o.sql === 'string') {
		if (formatOf(o.format) !== 'csv') throw new DownloadError(400, 'bad_request', 'a query result downloads as CSV');
		return { kind: 'sql', format: 'csv', sql: o.sql, params };
	}
	if (typeof o.filter !== 'string' || o.filter.length > 200_000) throw new DownloadError(400, 'bad_request', 'body must be JSON with "filter" (URL parameters) or "sql"');
	const p = new URLSearchParams(o.filter);
	return {
		kind: 'filter',
		format: formatOf(o.format),
		params: p,
		page: pageUrl(typeof o.page === 'string' ? o.page : null),
		lang: o.lang === 'en' ? 'en' : 'zh'
	};
}

export interface DownloadContext {
	manifest: Manifest;
	/** The town list and the places/years the filter is checked against (computed once; the dataset is immutable). */
	model(conn: DuckDBConnection): Promise<{ towns: Town[]; options: FilterOptions }>;
	maxRows: number;
	timeoutMs: number;
	/** Headers every answer carries (CORS, no-store, nosniff). */
	headers: Record<string, string>;
	/** The request's own path and query: cited when the client names no page. */
	requestUrl: string;
}

/** Loads the filter model once per server. */
export function filterModelCache(): DownloadContext['model'] {
	let cached: Promise<{ towns: Town[]; options: FilterOptions }> | null = null;
	return (conn) => {
		cached ??= (async () => {
			const c = connectorOn(conn);
			return { towns: await loadTowns(c), options: await filterOptions(c) };
		})();
		cached.catch(() => (cached = null));
		return cached;
	};
}

/** Write with back-pressure; throws once the client has gone (so the query stops fetching). */
async function put(res: ServerResponse, bytes: Uint8Array | string): Promise<void> {
	if (res.destroyed) throw new Error('client went away');
	if (res.write(bytes)) return;
	await new Promise<void>((ok, fail) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', gone);
			ok();
		};
		const gone = () => {
			res.off('drain', done);
			fail(new Error('client went away'));
		};
		res.once('drain', done);
		res.once('close', gone);
	});
}

async function* chunks(conn: DuckDBConnection, sql: string, params: Param[]): AsyncGenerator<DuckDBDataChunk> {
	const prepared = await conn.prepare(sql);
	try {
		if (params.length) prepared.bind(params as DuckDBValue[]);
		const result = await prepared.stream();
		for (;;) {
			const chunk = await result.fetchChunk();
			if (!chunk || chunk.rowCount === 0) return;
			yield chunk;
		}
	} finally {
		prepared.destroySync();
	}
}

/** A chunk of the export query seen as an Arrow batch (columns by name), what `parquetStream` reads. */
function batchOf(chunk: DuckDBDataChunk): ArrowBatch {
	const cols = new Map<string, unknown[]>();
	DATA_COLUMNS.forEach((c, i) => cols.set(c.name, chunk.convertColumnValues(i, JSDuckDBValueConverter)));
	return {
		numRows: chunk.rowCount,
		getChild: (name) => {
			const v = cols.get(name);
			return v ? { get: (i: number) => v[i] } : null;
		}
	};
}

/**
 * Serve one download on `conn` (a pooled connection of the locked database). Errors before the first byte are
 * thrown (the caller answers JSON); after it, the response is destroyed.
 */
export async function serveDownload(conn: DuckDBConnection, spec: DownloadSpec, ctx: DownloadContext, res: ServerResponse): Promise<void> {
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		conn.interrupt();
	}, ctx.timeoutMs);
	// A client that leaves mid-download stops the query too.
	const stop = () => {
		if (!res.writableFinished) conn.interrupt();
	};
	res.once('close', stop);
	// Closed however the download ends, so its prepared statement never outlives it.
	let it: AsyncGenerator<DuckDBDataChunk> | null = null;
	const begin = (type: string, fileName: string, extra: Record<string, string> = {}) =>
		res.writeHead(200, {
			...ctx.headers,
			'Content-Type': type,
			'Content-Disposition': `attachment; filename="${fileName}"`,
			'Access-Control-Expose-Headers': 'Content-Disposition, X-Row-Count',
			...extra
		});
	try {
		if (spec.kind === 'filter') {
			const model = await ctx.model(conn);
			const f = readDataFilter(spec.params, model.towns, model.options);
			const n = await countRows(connectorOn(conn), f);
			if (n > ctx.maxRows) {
				throw new DownloadError(422, 'row_cap', `the filter selects ${n.toLocaleString('en')} rows, more than this server's download limit of ${ctx.maxRows.toLocaleString('en')}; narrow the region, years or metrics`);
			}
			const rows = { 'X-Row-Count': String(n) };
			if (spec.format === 'csv') {
				const q = csvLinesQuery(f);
				const stream = (it = chunks(conn, q.sql, q.params));
				// The first chunk before the headers: a failing query still gets a JSON error, not a cut file.
				const first = await stream.next();
				begin(CSV_TYPE, exportFileName(ctx.manifest, 'facts', 'csv'), rows);
				await put(res, BOM + CSV_HEADER);
				const write = (chunk: DuckDBDataChunk) => put(res, (chunk.getColumnValues(0) as string[]).join(''));
				if (!first.done) await write(first.value);
				for await (const chunk of stream) await write(chunk);
			} else {
				const q = exportQuery(f);
				const meta = citationMetadata(ctx.manifest, spec.page ?? ctx.requestUrl, new Date(), spec.lang);
				const stream = (it = chunks(conn, q.sql, q.params));
				const first = await stream.next();
				begin(PARQUET_TYPE, exportFileName(ctx.manifest, 'facts', 'parquet'), rows);
				async function* batches(): AsyncGenerator<ArrowBatch> {
					if (first.done) return;
					yield batchOf(first.value);
					for await (const chunk of stream) yield batchOf(chunk);
				}
				await parquetStream(batches(), DATA_COLUMNS, meta, { write: (bytes) => put(res, bytes) });
			}
		} else {
			const prepared = await prepareReadOnly(conn, spec.sql);
			try {
				if (prepared.parameterCount !== spec.params.length) {
					throw new DownloadError(400, 'bad_request', `the query has ${prepared.parameterCount} parameters but ${spec.params.length} were given`);
				}
				if (spec.params.length) prepared.bind(spec.params as DuckDBValue[]);
				const result = await prepared.stream();
				const names = result.deduplicatedColumnNames();
				const types = names.map((_, i) => result.columnTypeId(i));
				let chunk = await result.fetchChunk();
				begin(CSV_TYPE, exportFileName(ctx.manifest, 'sql', 'csv'));
				await put(res, BOM + csvLines([names]));
				let total = 0;
				while (chunk && chunk.rowCount > 0) {
					total += chunk.rowCount;
					if (total > ctx.maxRows) throw new DownloadError(422, 'row_cap', `more than ${ctx.maxRows} rows`);
					const c = chunk;
					const cols = types.map((t, i) => plainColumn(t, c.convertColumnValues(i, JSDuckDBValueConverter)));
					const rows = Array.from({ length: c.rowCount }, (_, r) => cols.map((col) => col[r]));
					await put(res, csvLines(rows));
					chunk = await result.fetchChunk();
				}
			} finally {
				prepared.destroySync();
			}
		}
		if (timedOut) throw new DownloadError(504, 'timeout', 'time limit');
		res.end();
	} catch (e) {
		if (!res.headersSent) {
			if (timedOut) throw new DownloadError(504, 'timeout', `the download took longer than ${ctx.timeoutMs / 1000} s (this server's limit) and was stopped; narrow the filter`);
			// A console query that fails as it runs is the query's fault (DuckDB's message), as on /query.
			if (spec.kind === 'sql' && !(e instanceof DownloadError) && !(e instanceof GuardError)) throw new DownloadError(400, 'sql', firstLine(e));
			throw e;
		}
		// The file has begun: cut the connection, so the client sees an incomplete transfer, never a short file.
		res.destroy();
	} finally {
		clearTimeout(timer);
		res.off('close', stop);
		await it?.return(undefined).catch(() => {});
	}
}
