/**
 * `nianbao serve`: one dataset in native DuckDB, queried over HTTP by `RestConnector` (src/lib/db/rest.ts) with
 * the same SQL the views send to DuckDB-WASM. `POST /query` with `{"sql": "…", "params": […]}` answers an Arrow
 * IPC stream; `GET /health` and `GET /manifest` answer JSON; `GET /files/<sha256>.pdf` sends a report PDF shipped
 * with the dataset (only the files its manifest lists). Errors are JSON `{"error": {"code", "message"}}`.
 *
 * Safe by construction rather than by trust: the dataset is loaded with the browser's own setup SQL, then the
 * database is shut off from the outside (`enable_external_access = false`, no extension install or autoload)
 * and its configuration locked; each request must be one read-only query (src/node/serve-guard.ts) with its
 * values bound as parameters; each query runs under a time limit (interrupted) and a row cap; a small pool of
 * connections runs queries, a bounded queue waits, and beyond it the server answers 503 at once. It listens on
 * 127.0.0.1 unless told otherwise and sends CORS headers only to the origins it is given.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Param } from '../lib/db/connector.ts';
import { ARROW_STREAM } from '../lib/db/rest.ts';
import { isPartFile, type LayoutManifest } from '../lib/dataset/layout.ts';
import type { Manifest } from '../lib/dataset/schema.ts';
import { checkFileList } from '../lib/dataset/files.ts';
import { coreSetupSql, setupSql } from '../lib/db/setup-sql.ts';
import { connectorOn, loadDatasetNative, type NativeConnector } from './duckdb-connector.ts';
import { firstLine, GuardError, prepareReadOnly } from './serve-guard.ts';
import { resultToIpc } from './serve-arrow.ts';
import { DownloadError, downloadFromBody, downloadFromUrl, filterModelCache, serveDownload } from './serve-download.ts';

export interface ServeOptions {
	/** Dataset folder (manifest.json + Parquet). */
	dir: string;
	port?: number;
	host?: string;
	/** Origins allowed to read answers cross-origin (exact, e.g. `https://example.org`), or `*`; none by default. */
	cors?: readonly string[];
	/** Connections running queries at once. */
	pool?: number;
	/** Requests that may wait for a connection; more are answered 503. */
	queue?: number;
	/** Per-query time limit in ms (the query is interrupted). */
	timeoutMs?: number;
	/** Rows a query may return; more is an error (add LIMIT or narrow the filter). */
	maxRows?: number;
	/** DuckDB worker threads (default: DuckDB's, the number of cores). */
	threads?: number;
	/** DuckDB memory limit, e.g. `4GB` (default: DuckDB's, 80% of RAM). */
	memoryLimit?: string;
	/** Largest request body in bytes. */
	maxBody?: number;
	/**
	 * Store `facts_r` (facts joined with their reports and the catalog, a view in the browser) as a table, in the
	 * dataset's row order: queries skip the join, and on a national dataset (rows by province) scoped queries skip
	 * the other provinces' row groups. Costs memory (about the facts once more) and start-up time. Default on.
	 */
	materialize?: boolean;
	/** Rows a download (`/download`: filtered facts or a console query's result) may hold. */
	maxDownloadRows?: number;
	/** Time limit of a whole download in ms (query and transfer). */
	downloadTimeoutMs?: number;
	/** Connections serving downloads at once (a pool of their own, so long downloads never hold up the views). */
	downloadPool?: number;
}

export const SERVE_DEFAULTS = {
	port: 4187,
	host: '127.0.0.1',
	pool: 4,
	queue: 256,
	timeoutMs: 15_000,
	maxRows: 500_000,
	maxBody: 1 << 20,
	materialize: true,
	maxDownloadRows: 5_000_000,
	downloadTimeoutMs: 300_000,
	downloadPool: 2
} as const;

export type ServeErrorCode = 'bad_request' | 'refused' | 'multiple' | 'empty' | 'sql' | 'timeout' | 'row_cap' | 'busy' | 'too_large' | 'not_found' | 'method' | 'media_type' | 'origin' | 'internal';

class HttpError extends Error {
	readonly status: number;
	readonly code: ServeErrorCode;
	constructor(status: number, code: ServeErrorCode, message: string) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

/** Host names that mean this machine. */
export const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

const GUARD_STATUS: Record<GuardError['code'], number> = { refused: 403, multiple: 400, empty: 400, sql: 400 };

/** Connections and the queue in front of them. */
class Pool {
	private readonly idle: DuckDBConnection[];
	private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
	private readonly maxQueue: number;
	running = 0;
	served = 0;
	rejected = 0;

	constructor(connections: DuckDBConnection[], maxQueue: number) {
		this.idle = [...connections];
		this.maxQueue = maxQueue;
	}

	get queued(): number {
		return this.waiting.length;
	}

	async use<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
		let conn = this.idle.pop();
		if (!conn) {
			if (this.waiting.length >= this.maxQueue) {
				this.rejected++;
				throw new HttpError(503, 'busy', `the server is busy (${this.waiting.length} queries waiting); retry shortly`);
			}
			conn = await new Promise<DuckDBConnection>((res) => this.waiting.push(res));
		}
		this.running++;
		try {
			return await fn(conn);
		} finally {
			this.running--;
			this.served++;
			const next = this.waiting.shift();
			if (next) next(conn);
			else this.idle.push(conn);
		}
	}
}

export interface RunningServer {
	/** Base URL, e.g. `http://127.0.0.1:4187`. */
	url: string;
	port: number;
	manifest: Manifest & LayoutManifest;
	stats(): { running: number; queued: number; served: number; rejected: number };
	close(): Promise<void>;
}

function sqlPath(p: string): string {
	return `'${p.replaceAll("'", "''")}'`;
}

/** A dataset folder's manifest (with the layout fields of a partitioned one). */
export function readManifest(dir: string): Manifest & LayoutManifest {
	const manifestFile = join(dir, 'manifest.json');
	if (!existsSync(manifestFile)) throw new Error(`${manifestFile}: missing; not a dataset folder`);
	return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest & LayoutManifest;
}

/**
 * Load a dataset folder into a native connection with the shared setup SQL: one facts.parquet
 * (`loadDatasetNative`), or facts by province (`layout: "by-province"`, src/lib/dataset/layout.ts). With
 * `checkpoint` (the server's compressed in-memory database), each province is checkpointed once inserted, so it is
 * held compressed and only one province is ever uncompressed in memory (57.5 M facts in a few GB, see README).
 */
export async function loadAnyDataset(conn: NativeConnector, dir: string, opts: { checkpoint?: boolean } = {}): Promise<Manifest & LayoutManifest> {
	const manifest = readManifest(dir);
	if (manifest.layout === 'by-province' && manifest.parts?.length) {
		const files = manifest.parts.map((p) => {
			if (!isPartFile(p.file)) throw new Error(`${join(dir, 'manifest.json')}: bad part file name ${p.file}`);
			return sqlPath(join(dir, p.file));
		});
		for (const t of ['reports', 'issues', 'texts']) {
			await conn.query(`CREATE OR REPLACE TABLE ${t} AS SELECT * FROM read_parquet(${sqlPath(join(dir, `${t}.parquet`))})`);
		}
		if (opts.checkpoint) {
			await conn.query(`CREATE OR REPLACE TABLE facts AS SELECT * FROM read_parquet(${files[0]}) LIMIT 0`);
			for (const f of files) {
				await conn.query(`INSERT INTO facts SELECT * FROM read_parquet(${f})`);
				await conn.query('CHECKPOINT');
			}
		} else await conn.query(`CREATE OR REPLACE TABLE facts AS SELECT * FROM read_parquet([${files.join(', ')}])`);
		for (const sql of setupSql()) await conn.query(sql);
	} else {
		await loadDatasetNative(conn, dir);
	}
	if (opts.checkpoint) await conn.query('CHECKPOINT');
	return manifest;
}

const FACTS_R_VIEW = /^CREATE OR REPLACE VIEW facts_r AS/;
const FACTS_FROM = /\bFROM facts f\b/;

/**
 * `facts_r`'s rows stored as a table (from the shared setup SQL's own definition of the view), in a schema of
 * its own, and `facts_r` a plain view of it: the same columns and rows, and the same schema listing in the SQL
 * console as in the browser. On a dataset by province, one province at a time, each checkpointed (compressed)
 * before the next, in the dataset's province order.
 */
async function materializeFactsR(conn: NativeConnector, dir: string, manifest: LayoutManifest): Promise<void> {
	const view = coreSetupSql().find((s) => FACTS_R_VIEW.test(s));
	if (!view) throw new Error('setup SQL has no facts_r view to materialise');
	const select = view.replace(FACTS_R_VIEW, '');
	await conn.query('CREATE SCHEMA IF NOT EXISTS serve');
	const parts = manifest.layout === 'by-province' ? (manifest.parts ?? []) : [];
	if (!parts.length) await conn.query(`CREATE OR REPLACE TABLE serve.facts_r AS ${select}`);
	else {
		// Each province's rows from its own file (the facts table holds the same rows): one pass over each file
		// instead of a scan of every fact per province.
		if (!FACTS_FROM.test(select)) throw new Error('setup SQL: facts_r no longer reads "FROM facts f"; update materializeFactsR');
		await conn.query(`CREATE OR REPLACE TABLE serve.facts_r AS SELECT * FROM (${select}) LIMIT 0`);
		for (const p of parts) {
			await conn.query(`INSERT INTO serve.facts_r ${select.replace(FACTS_FROM, `FROM read_parquet(${sqlPath(join(dir, p.file))}) f`)}`);
			await conn.query('CHECKPOINT');
		}
	}
	await conn.query('CHECKPOINT');
	await conn.query('CREATE OR REPLACE VIEW facts_r AS SELECT * FROM serve.facts_r');
}

/**
 * The server's database: in memory, compressed (DuckDB compresses an in-memory database attached with COMPRESS
 * when it is checkpointed; 3–4× less memory than a plain in-memory table here), and the only database there is.
 */
export const SERVE_DB = 'nianbao';

/** Load the dataset, then shut the database off from files, URLs and extensions, for good. */
async function openDataset(dir: string, opts: ServeOptions): Promise<{ instance: DuckDBInstance; manifest: Manifest & LayoutManifest }> {
	readManifest(dir);
	const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };
	if (opts.threads) config.threads = String(opts.threads);
	if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
	const instance = await DuckDBInstance.create(':memory:', config);
	const conn = connectorOn(await instance.connect());
	try {
		await conn.query(`ATTACH ':memory:' AS ${SERVE_DB} (COMPRESS)`);
		await conn.query(`USE ${SERVE_DB}`);
		await conn.query('DETACH memory');
		const manifest = await loadAnyDataset(conn, dir, { checkpoint: true });
		if (opts.materialize !== false) await materializeFactsR(conn, dir, manifest);
		// From here on nothing may reach a file, a URL or an extension, and nothing may change that.
		await conn.query('SET enable_external_access = false');
		await conn.query('SET allow_community_extensions = false');
		await conn.query('SET lock_configuration = true');
		conn.connection.closeSync();
		return { instance, manifest };
	} catch (e) {
		conn.close();
		instance.closeSync();
		throw e;
	}
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > max) throw new HttpError(413, 'too_large', `request body over ${max} bytes`);
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function parseQuery(body: string): { sql: string; params: Param[] } {
	let j: unknown;
	try {
		j = JSON.parse(body);
	} catch {
		throw new HttpError(400, 'bad_request', 'body must be JSON: {"sql": "...", "params": [...]}');
	}
	const o = j as { sql?: unknown; params?: unknown };
	if (!o || typeof o !== 'object' || typeof o.sql !== 'string') throw new HttpError(400, 'bad_request', 'body must be JSON with a string "sql"');
	const params = o.params ?? [];
	if (!Array.isArray(params) || params.length > 10_000) throw new HttpError(400, 'bad_request', '"params" must be an array (at most 10,000 values)');
	for (const [i, p] of params.entries()) {
		const ok = p === null || typeof p === 'string' || typeof p === 'boolean' || (typeof p === 'number' && Number.isFinite(p));
		if (!ok) throw new HttpError(400, 'bad_request', `params[${i}] must be a string, a finite number, a boolean or null`);
	}
	return { sql: o.sql, params: params as Param[] };
}

/** Run one guarded query on a pooled connection under the time limit and row cap; Arrow IPC bytes. */
async function runQuery(conn: DuckDBConnection, sql: string, params: Param[], timeoutMs: number, maxRows: number): Promise<Uint8Array> {
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		conn.interrupt();
	}, timeoutMs);
	try {
		const prepared = await prepareReadOnly(conn, sql);
		try {
			if (prepared.parameterCount !== params.length) {
				throw new HttpError(400, 'sql', `the query has ${prepared.parameterCount} parameter${prepared.parameterCount === 1 ? '' : 's'} but ${params.length} value${params.length === 1 ? ' was' : 's were'} given`);
			}
			if (params.length) prepared.bind(params as DuckDBValue[]);
			const reader = await prepared.streamAndReadUntil(maxRows + 1);
			if (reader.currentRowCount > maxRows) {
				throw new HttpError(422, 'row_cap', `the result has more than ${maxRows.toLocaleString('en')} rows (this server's limit); add LIMIT or narrow the filter`);
			}
			return resultToIpc(reader);
		} finally {
			prepared.destroySync();
		}
	} catch (e) {
		if (timedOut) throw new HttpError(504, 'timeout', `the query ran longer than ${timeoutMs / 1000} s (this server's limit) and was stopped`);
		if (e instanceof HttpError) throw e;
		if (e instanceof GuardError) throw new HttpError(GUARD_STATUS[e.code], e.code, e.message);
		throw new HttpError(400, 'sql', firstLine(e));
	} finally {
		clearTimeout(timer);
	}
}

/** Start a server on the dataset; resolves once it listens (port 0 = any free port). */
export async function serve(options: ServeOptions): Promise<RunningServer> {
	// Options given as undefined (absent command-line flags) keep their defaults.
	const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ServeOptions;
	const o = { ...SERVE_DEFAULTS, ...given };
	const dir = resolve(o.dir);
	const { instance, manifest } = await openDataset(dir, o);
	// A new connection has no default database (the empty `memory` one is detached): each uses the dataset's.
	const connect = async () => {
		const c = await instance.connect();
		await c.run(`USE ${SERVE_DB}`);
		return c;
	};
	const connections = await Promise.all(Array.from({ length: Math.max(1, o.pool) }, connect));
	const pool = new Pool(connections, o.queue);
	const downloadConnections = await Promise.all(Array.from({ length: Math.max(1, o.downloadPool) }, connect));
	const downloads = new Pool(downloadConnections, 16);
	const filterModel = filterModelCache();
	const cors = new Set(o.cors ?? []);
	const manifestJson = JSON.stringify(manifest);
	/** The shipped report PDFs by URL path (`/files/<sha256>.pdf`): nothing else of the folder is ever read. */
	const shipped = new Set(checkFileList(manifest.files).map((f) => `/${f.path}`));

	const corsHeaders = (req: IncomingMessage): Record<string, string> => {
		const origin = req.headers.origin;
		if (!origin || !(cors.has('*') || cors.has(origin))) return {};
		return { 'Access-Control-Allow-Origin': cors.has('*') ? '*' : origin, Vary: 'Origin' };
	};
	const send = (req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Uint8Array, extra: Record<string, string> = {}) => {
		res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...corsHeaders(req), ...extra });
		res.end(body);
	};
	const fail = (req: IncomingMessage, res: ServerResponse, e: unknown) => {
		const err =
			e instanceof HttpError ? e
			: e instanceof DownloadError ? new HttpError(e.status, e.code, e.message)
			: e instanceof GuardError ? new HttpError(GUARD_STATUS[e.code], e.code, e.message)
			: new HttpError(500, 'internal', firstLine(e));
		const extra: Record<string, string> = err.status === 503 ? { 'Retry-After': '1' } : {};
		send(req, res, err.status, 'application/json; charset=utf-8', JSON.stringify({ error: { code: err.code, message: err.message } }), extra);
	};

	// Bound to loopback, answer only requests addressed to loopback: a page on another site that rebinds its own
	// DNS name to 127.0.0.1 would otherwise count as same-origin. (A reverse proxy's proxy_pass keeps Host = the
	// upstream address, 127.0.0.1:port, by default.)
	const loopbackOnly = LOOPBACK_HOST.test(o.host);
	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
		if (loopbackOnly && !LOOPBACK_HOST.test(hostName)) throw new HttpError(403, 'origin', `Host ${req.headers.host ?? '(none)'} is not this loopback server`);
		const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '') || '/';
		if (req.method === 'OPTIONS') {
			const h = corsHeaders(req);
			if (!h['Access-Control-Allow-Origin']) throw new HttpError(403, 'origin', 'this origin may not query the server (see --cors)');
			res.writeHead(204, { ...h, 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type, Accept', 'Access-Control-Max-Age': '600' });
			res.end();
			return;
		}
		if (path === '/query') {
			if (req.method !== 'POST') throw new HttpError(405, 'method', 'POST a JSON body {"sql", "params"} to /query');
			// JSON only: a cross-site page cannot send it without a CORS preflight, which unlisted origins fail.
			if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'media_type', 'Content-Type must be application/json');
			const { sql, params } = parseQuery(await readBody(req, o.maxBody));
			const bytes = await pool.use((conn) => runQuery(conn, sql, params, o.timeoutMs, o.maxRows));
			send(req, res, 200, ARROW_STREAM, bytes);
			return;
		}
		if (path === '/download') {
			let spec;
			if (req.method === 'POST') {
				if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'media_type', 'Content-Type must be application/json');
				const text = await readBody(req, o.maxBody);
				let body: unknown;
				try {
					body = JSON.parse(text);
				} catch {
					throw new HttpError(400, 'bad_request', 'body must be JSON: {"format", "filter"} or {"sql", "params"}');
				}
				const params = typeof (body as { sql?: unknown })?.sql === 'string' ? parseQuery(text).params : [];
				spec = downloadFromBody(body ?? {}, params);
			} else if (req.method === 'GET') spec = downloadFromUrl(new URL(req.url ?? '/', 'http://x'));
			else throw new HttpError(405, 'method', 'GET /download?format=csv|parquet&<filter> or POST JSON');
			const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...corsHeaders(req) };
			const ctx = { manifest, model: filterModel, maxRows: o.maxDownloadRows, timeoutMs: o.downloadTimeoutMs, headers, requestUrl: req.url ?? '/download' };
			await downloads.use((conn) => serveDownload(conn, spec, ctx, res));
			return;
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method', `${req.method} is not supported`);
		if (path === '/health') {
			send(req, res, 200, 'application/json; charset=utf-8', JSON.stringify({ ok: true, dataset: manifest.name, facts: manifest.tables?.facts?.rows ?? null, ...stats() }));
		} else if (path === '/manifest') {
			send(req, res, 200, 'application/json; charset=utf-8', manifestJson);
		} else if (shipped.has(path)) {
			let pdf: Uint8Array;
			try {
				pdf = await readFile(join(dir, path.slice(1)));
			} catch {
				throw new HttpError(404, 'not_found', `${path} is listed in the manifest but missing from the dataset folder`);
			}
			// Named by its content: it never changes, so it may be cached for good.
			send(req, res, 200, 'application/pdf', pdf, { 'Cache-Control': 'public, max-age=31536000, immutable' });
		} else throw new HttpError(404, 'not_found', `no such endpoint ${path}: POST /query, GET|POST /download, GET /health, GET /manifest, GET /files/<sha256>.pdf (a PDF the manifest lists)`);
	};

	const stats = () => ({ running: pool.running, queued: pool.queued, served: pool.served, rejected: pool.rejected });
	const server: Server = createServer((req, res) => {
		handle(req, res).catch((e) => fail(req, res, e));
	});
	// Idle keep-alive sockets live longer than a client or proxy keeps them (nginx: 60 s), so the client side always
	// closes first: a client whose event loop lags (decoding a large answer) would otherwise reuse a socket the server
	// had just closed and see "fetch failed" — 8 of 627 requests in the first full-country load test.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	await new Promise<void>((res, rej) => {
		server.once('error', rej);
		server.listen(o.port, o.host, () => res());
	});
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : o.port;
	const host = o.host.includes(':') ? `[${o.host}]` : o.host;
	return {
		url: `http://${host}:${port}`,
		port,
		manifest,
		stats,
		async close() {
			await new Promise<void>((res) => {
				server.close(() => res());
				server.closeAllConnections();
			});
			for (const c of [...connections, ...downloadConnections]) c.closeSync();
			instance.closeSync();
		}
	};
}
