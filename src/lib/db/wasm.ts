/**
 * DuckDB-WASM in a Web Worker behind the `Connector` interface the views query through. The wasm and worker
 * files are bundled by Vite (`?url`) and served by the app itself — no CDN, works offline. Start-up is lazy
 * and guarded by one promise (as in Mosaic's wasmConnector), so the first query, the dataset loader and any
 * number of concurrent callers share a single instance. Queries with params run as prepared statements, so
 * values from URLs are bound, never pasted into SQL.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { Table } from 'apache-arrow';
import { plainError, plainValue, QueryCancelled, type CancellableConnector, type CancellableOptions, type Param, type Row } from './connector.ts';
import { mark, measure } from '../perf.ts';
import { LOCKDOWN_SQL } from './lockdown.ts';
import { STORAGE_SQL, USE_SQL } from './storage.ts';

const BUNDLES: duckdb.DuckDBBundles = {
	mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
	eh: { mainModule: ehWasm, mainWorker: ehWorker }
};

/**
 * The DuckDB worker, started so that V8 can cache the compiled wasm between visits: the stock worker pipes the
 * wasm download through a TransformStream (for progress events) into a synthetic Response, and a synthetic
 * Response is never code-cached — so every visit recompiled 34 MB. Hiding TransformStream makes the worker use
 * `instantiateStreaming(fetch(url))`, which Chromium caches. The bootstrap also starts fetching and compiling
 * the wasm (`compileStreaming`, code-cached the same way) before the 0.8 MB worker script is loaded and before
 * the INSTANTIATE message arrives; the worker's own instantiateStreaming then instantiates that module (its
 * fetch of the same URL is answered with an empty Response, so the file is downloaded once). If the early
 * compile fails, the worker's stock path runs. (The worker script itself is unchanged and is still served by
 * the app; it is loaded with importScripts from this bootstrap.)
 */
function cachingWorker(workerUrl: string, wasmUrl: string): Worker {
	const abs = new URL(workerUrl, location.href).href;
	const wasm = JSON.stringify(wasmUrl);
	const boot = `self.TransformStream = undefined;
const wasmUrl = ${wasm}, realFetch = self.fetch.bind(self), realIS = WebAssembly.instantiateStreaming.bind(WebAssembly);
const early = WebAssembly.compileStreaming(realFetch(wasmUrl, { credentials: 'same-origin' }));
early.catch(() => {});
let handed = false;
self.fetch = (input, init) => {
	const url = typeof input === 'string' ? input : input instanceof Request ? input.url : String(input);
	if (!handed && url === wasmUrl) { handed = true; return Promise.resolve(new Response(null)); }
	return realFetch(input, init);
};
WebAssembly.instantiateStreaming = (source, imports) => {
	WebAssembly.instantiateStreaming = realIS;
	return early.then(
		(module) => WebAssembly.instantiate(module, imports).then((instance) => ({ module, instance })),
		() => realIS(realFetch(wasmUrl, { credentials: 'same-origin' }), imports)
	);
};
importScripts(${JSON.stringify(abs)});`;
	try {
		return new Worker(URL.createObjectURL(new Blob([boot], { type: 'text/javascript' })));
	} catch {
		return new Worker(workerUrl); // blob: workers disallowed (CSP): the stock path still works
	}
}

/**
 * How long the worker runs a sent (cancellable) query before it answers a poll and takes the next message: the
 * views' queries on the main connection run between two slices, and a cancel arrives within one slice.
 */
const POLL_MS = 50;

export interface WasmConnector extends CancellableConnector {
	/** The database (starting it if needed), for loaders: insertArrowTable, registerFileBuffer… */
	getDuckDB(): Promise<duckdb.AsyncDuckDB>;
	/** The one shared connection. */
	getConnection(): Promise<duckdb.AsyncDuckDBConnection>;
	/** A connection of its own (exports), on the dataset's database; the caller closes it. */
	openConnection(): Promise<duckdb.AsyncDuckDBConnection>;
	/** Run a query and keep the Arrow result (for exports and large results). */
	queryArrow(sql: string, params?: readonly Param[]): Promise<Table>;
	/** Forget prepared statements (call after replacing tables; DDL through `query` does it itself). */
	invalidate(): Promise<void>;
	/** Start-up time in ms once started (instantiate + open + connect). */
	readonly startupMs: number | null;
	/** Terminate the worker; the next query starts a fresh instance. */
	close(): Promise<void>;
}

/** A further connection: on the dataset's (compressed) database, not the empty default one. */
async function connectTo(db: duckdb.AsyncDuckDB): Promise<duckdb.AsyncDuckDBConnection> {
	const conn = await db.connect();
	await conn.query(USE_SQL);
	return conn;
}

/** Arrow table → plain-object rows (numbers, strings, booleans, null). */
export function arrowToRows<T extends Row = Row>(table: Table): T[] {
	const fields = table.schema.fields.map((f) => f.name);
	const cols = fields.map((_, i) => table.getChildAt(i)!);
	const n = table.numRows;
	const rows = new Array<T>(n);
	for (let r = 0; r < n; r++) {
		const row: Row = {};
		for (let c = 0; c < fields.length; c++) {
			const v = cols[c].get(r);
			row[fields[c]] = v !== null && typeof v === 'object' && 'toJSON' in v && !(v instanceof Date) ? (v as { toJSON(): unknown }).toJSON() : plainValue(v);
		}
		rows[r] = row as T;
	}
	return rows;
}

export function createWasmConnector(options: { logger?: boolean } = {}): WasmConnector {
	let started: Promise<{ db: duckdb.AsyncDuckDB; conn: duckdb.AsyncDuckDBConnection; worker: Worker }> | null = null;
	let startupMs: number | null = null;

	async function start() {
		mark('duckdb:start:begin');
		const bundle = await duckdb.selectBundle(BUNDLES);
		// Absolute URL: the bootstrap worker's base is a blob: URL.
		const wasmUrl = new URL(bundle.mainModule, location.href).href;
		const worker = cachingWorker(bundle.mainWorker!, wasmUrl);
		const logger = options.logger ? new duckdb.ConsoleLogger() : new duckdb.VoidLogger();
		const db = new duckdb.AsyncDuckDB(logger, worker);
		await db.instantiate(wasmUrl, bundle.pthreadWorker);
		measure('duckdb:instantiate', 'duckdb:start:begin');
		await db.open({
			query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true, queryPollingInterval: POLL_MS }
		});
		const conn = await db.connect();
		for (const sql of [...STORAGE_SQL, ...LOCKDOWN_SQL]) await conn.query(sql);
		startupMs = measure('duckdb:start', 'duckdb:start:begin');
		return { db, conn, worker };
	}

	function ready() {
		if (!started) {
			started = start();
			// A failed start (e.g. wasm blocked) must not poison later attempts.
			started.catch(() => (started = null));
		}
		return started;
	}

	/**
	 * Prepared statements by SQL text: a view re-runs the same statements with new parameters on every filter
	 * change, so planning happens once. Emptied whenever the schema may have changed (DDL, a new dataset).
	 */
	const prepared = new Map<string, Promise<duckdb.AsyncPreparedStatement>>();
	const PREPARED_MAX = 64;
	async function invalidate() {
		const all = [...prepared.values()];
		prepared.clear();
		await Promise.all(all.map((p) => p.then((s) => s.close()).catch(() => {})));
	}
	function statement(conn: duckdb.AsyncDuckDBConnection, sql: string) {
		let p = prepared.get(sql);
		if (p) {
			prepared.delete(sql); // re-insert: most recently used last
		} else {
			p = conn.prepare(sql);
			p.catch(() => prepared.delete(sql));
			if (prepared.size >= PREPARED_MAX) {
				const [oldest, old] = prepared.entries().next().value!;
				prepared.delete(oldest);
				old.then((s) => s.close()).catch(() => {});
			}
		}
		prepared.set(sql, p);
		return p;
	}

	async function queryArrow(sql: string, params?: readonly Param[]): Promise<Table> {
		const { conn } = await ready();
		const t0 = performance.now();
		try {
			if (!params || params.length === 0) {
				if (/^\s*(create|drop|alter|attach|detach|use|insert|copy|load)\b/i.test(sql)) await invalidate();
				return await conn.query(sql);
			}
			return await (await statement(conn, sql)).query(...params);
		} finally {
			// One measure per query (worker round trip included), so the benchmark can split a redraw into SQL and drawing.
			measure('duckdb:query', t0, sql.slice(0, 200));
		}
	}

	/** The console's own connection (a sent query occupies its connection until it is fetched or cancelled). */
	let side: Promise<duckdb.AsyncDuckDBConnection> | null = null;
	let sideBusy: Promise<unknown> = Promise.resolve();

	async function queryCancellable<T extends Row = Row>(sql: string, { timeoutMs, signal }: CancellableOptions = {}): Promise<T[]> {
		const { db } = await ready();
		const conn = await (side ??= connectTo(db));
		// One sent query at a time on this connection: wait for the previous one to settle.
		const previous = sideBusy;
		let release!: () => void;
		sideBusy = new Promise<void>((r) => (release = r));
		await previous.catch(() => {});
		const t0 = performance.now();
		let stopped: QueryCancelled | null = null;
		const stop = (reason: 'cancelled' | 'timeout') => {
			if (stopped) return;
			stopped = new QueryCancelled(reason, performance.now() - t0);
			void conn.cancelSent().catch(() => {});
		};
		const onAbort = () => stop('cancelled');
		signal?.addEventListener('abort', onAbort);
		const timer = timeoutMs ? setTimeout(() => stop('timeout'), timeoutMs) : null;
		try {
			if (signal?.aborted) throw new QueryCancelled('cancelled', 0);
			const reader = await conn.send(sql);
			const batches = [];
			for await (const batch of reader) {
				if (stopped) break;
				batches.push(batch);
			}
			if (stopped) throw stopped;
			return arrowToRows<T>(new Table(reader.schema, batches));
		} catch (e) {
			throw stopped ?? plainError(e);
		} finally {
			if (timer) clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			release();
		}
	}

	return {
		queryCancellable,
		get startupMs() {
			return startupMs;
		},
		async getDuckDB() {
			return (await ready()).db;
		},
		async getConnection() {
			return (await ready()).conn;
		},
		async openConnection() {
			return connectTo((await ready()).db);
		},
		queryArrow,
		invalidate,
		async query<T extends Row = Row>(sql: string, params?: readonly Param[]): Promise<T[]> {
			return arrowToRows<T>(await queryArrow(sql, params));
		},
		async close() {
			if (!started) return;
			const s = await started.catch(() => null);
			started = null;
			side = null;
			prepared.clear();
			if (!s) return;
			await s.conn.close().catch(() => {});
			await s.db.terminate().catch(() => {});
		}
	};
}
