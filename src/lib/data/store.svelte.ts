/**
 * The app's one data store. One DuckDB-WASM instance for the whole session; `openDataset` / `openFiles`
 * (re)load it, one load at a time, and bump `dataset.version` when the data changed so views re-run their
 * queries. Views do: `const conn = await db(); const rows = await conn.query(sql, params)`.
 */
import type { Connector } from '../db/connector.ts';
import { createWasmConnector, type WasmConnector } from '../db/wasm.ts';
import type { Loaded } from './load.ts';
import type { TableName } from '../dataset/schema.ts';
import { isPartitioned, partOf } from './partition.ts';
import { RestConnector } from '../db/rest.ts';
import { checkManifest } from './file-checks.ts';
import { fetchJson } from './fetch.ts';
import { dataset, datasetList, defaultDatasetName, MissingDataset, type DatasetInfo } from './dataset-state.svelte.ts';
import { mark, measure } from '../perf.ts';

export { dataset, type DatasetInfo, type DatasetStatus } from './dataset-state.svelte.ts';

/**
 * The loader (Parquet decoding, Arrow, the SQL set-up; with DuckDB-WASM's JS ~0.2 MB gzip) is imported when a
 * load starts, not with the pages: the Overview's first chart is drawn from the baked aggregates and must not
 * wait for it (issue 12). The layout's load starts a load at once, so the download overlaps the first chart's.
 */
const loader = () => import('./load.ts');

let connector: WasmConnector | null = null;
function wasm(): WasmConnector {
	return (connector ??= createWasmConnector());
}

/** The connector (for loaders and benchmarks) without waiting for a dataset. */
export function rawConnector(): WasmConnector {
	return wasm();
}

let generation = 0;
let current: Promise<Connector> | null = null;
/** What `db()` hands out before any load has started: it follows the first load (or the missing-dataset error). */
let started: (p: Promise<Connector>) => void;
const firstLoad = new Promise<Connector>((resolve) => (started = resolve));
// Its failure is reported through `dataset` (like every load's); a page that never asked must not see it as uncaught.
firstLoad.catch(() => {});
/** Every change of the current load goes through here, so the `db()` callers waiting for the first one are told. */
function setCurrent(p: Promise<Connector>): void {
	current = p;
	started(p);
}
let textsP: Promise<Connector> | null = null;
let chain: Promise<unknown> = Promise.resolve();
/** Base URL of the site (SvelteKit `paths.base`), set by the root layout. */
let base = '';

export function setBase(b: string): void {
	base = b;
}

/** The name `begin` gets for the visitor's own files (shown as "your files"). */
const FILES = '\u0000files';
export const LOCAL_FILES = FILES;

export { MissingDataset };

function begin(name: string, run: (isCurrent: () => boolean) => Promise<Loaded>): Promise<Connector> {
	const gen = ++generation;
	const isCurrent = () => gen === generation;
	// The previous dataset's deferred texts load must not hold up this one: release it; it sees it is stale and stops.
	textsWanted?.();
	dataset.name = name;
	dataset.status = 'loading';
	dataset.progress = 0;
	dataset.message = '';
	dataset.error = null;
	dataset.texts = false;
	dataset.aggregates = false;
	dataset.errorKind = null;
	dataset.notes = [];
	aggP = null;
	const p = chain.then(async () => {
		if (!isCurrent()) throw new Error('superseded');
		const loaded = await run(isCurrent);
		if (!isCurrent()) throw new Error('superseded');
		const conn: Connector = loaded.connector ?? wasm();
		if (loaded.connector) dataset.name = loaded.manifest.name;
		dataset.manifest = loaded.manifest;
		dataset.partition = loaded.partition ?? null;
		dataset.summary = loaded.summary ?? null;
		dataset.server = loaded.connector instanceof RestConnector ? loaded.connector.url : null;
		dataset.notes = loaded.notes ?? [];
		dataset.synthetic = loaded.manifest.synthetic;
		dataset.status = 'ready';
		dataset.progress = 1;
		// A province's summary brings the Overview's aggregate tables with it: nothing to build.
		if (loaded.aggregates) {
			dataset.aggregates = true;
			aggP = Promise.resolve();
		}
		dataset.version++;
		// The visitor scoped into another province while this part was loading: load that one next.
		const wanted = isPartitioned(loaded.manifest) ? (partOf(loaded.manifest, wantedPartition)?.province ?? null) : null;
		if (wanted !== null && wanted !== dataset.partition && wanted !== dataset.summary) {
			setTimeout(() => isCurrent() && void scopeDataset(wantedPartition)?.catch(() => {}), 0);
		}
		// Not now: a view's first queries must not queue behind the build. The Overview asks for it once its
		// first figures are drawn; otherwise it starts after an idle moment (and before the report texts).
		setTimeout(() => {
			const go = () => isCurrent() && void aggregates().catch(() => {});
			if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 1000 });
			else go();
		}, 1000);
		textsP = loaded.texts.then(
			() => {
				if (isCurrent()) dataset.texts = true;
				return conn;
			},
			(e) => {
				console.warn('report texts could not be loaded:', e);
				return conn;
			}
		);
		return conn;
	});
	chain = p.then(
		() => textsP,
		() => undefined
	);
	p.catch((e: Error) => {
		if (!isCurrent() || e.message === 'superseded') return;
		dataset.status = 'error';
		dataset.error = e.message;
		dataset.errorKind = e instanceof MissingDataset ? 'missing' : name === FILES ? 'files' : null;
	});
	setCurrent(p);
	return p;
}

const onProgress = (gen: number) => (pr: { fraction: number; message: string }) => {
	if (gen !== generation) return;
	dataset.progress = pr.fraction;
	dataset.message = pr.message;
};

/** Resolved by `dbWithTexts()` when a view needs the report texts now. */
let textsWanted: (() => void) | null = null;

/**
 * When the background texts load starts: once a view asks for the texts, else after the first charts had time
 * to query (1.5 s, then an idle moment), so the texts insert never queues in front of the first queries.
 */
function textsStart(): Promise<void> {
	return new Promise<void>((resolve) => {
		textsWanted = resolve;
		setTimeout(() => {
			if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 2000 });
			else resolve();
		}, 1500);
	});
}

/**
 * The province the views are scoped to (`?province=`), set by the layout: a dataset laid out by province loads
 * that province's facts (none at national scope); a dataset in one piece ignores it.
 */
let wantedPartition: string | null = null;

/** Load a shipped dataset by name (no-op when it is already the current one). */
export function openDataset(name: string): Promise<Connector> {
	if (current && dataset.name === name && dataset.status !== 'error') return current;
	return begin(name, async (isCurrent) => {
		try {
			return await (await loader()).loadDataset(wasm(), `${base}/datasets/${encodeURIComponent(name)}`, {
				onProgress: onProgress(generation),
				isCurrent,
				textsStart,
				partition: wantedPartition
			});
		} catch (e) {
			// Not shipped: say so (rather than "manifest.json: HTTP 404" and advice about CSV columns).
			const list = await datasets().catch(() => null);
			if (list && !list.some((d) => d.name === name)) throw new MissingDataset(name, list.map((d) => d.name));
			throw e;
		}
	});
}

/**
 * Scope the open dataset to a province (null: national). For a dataset laid out by province whose DuckDB holds
 * another province (or none), that province is loaded, replacing the previous one: its summary (its reports and
 * the Overview's tables, src/lib/dataset/layout.ts) when the build wrote one — the facts follow when a view asks
 * `db()` for them — else its facts file with its reports, issues and texts. Views re-query when
 * `dataset.version` changes. Other datasets: nothing happens.
 */
export function scopeDataset(province: string | null): Promise<Connector> | null {
	wantedPartition = province;
	const m = dataset.manifest;
	if (!m || !isPartitioned(m) || dataset.status === 'loading' || dataset.status === 'error') return null;
	const want = partOf(m, province)?.province ?? null;
	// Back at national scope the loaded province stays (the Overview draws the nation from the baked
	// aggregates; the other views ask for a province): scoping into it again costs nothing.
	if (want === null || want === dataset.partition || want === dataset.summary) return null;
	const name = dataset.name;
	const t0 = performance.now();
	return begin(name, async (isCurrent) => {
		const loaded = await (await loader()).loadDataset(wasm(), `${base}/datasets/${encodeURIComponent(name)}`, {
			onProgress: onProgress(generation),
			isCurrent,
			textsStart,
			partition: want
		});
		measure('dataset:partition', t0, want);
		return loaded;
	});
}

/**
 * Answer the views from a `nianbao serve` server (its URL chosen by src/lib/db/server-choice.ts) instead of
 * DuckDB-WASM: its manifest is the dataset's, the server holds every fact (a dataset by province too), and its
 * aggregate tables exist from start-up. DuckDB-WASM is not started.
 */
export function openServer(url: string): Promise<Connector> {
	if (current && dataset.server === url && dataset.status !== 'error') return current;
	return begin(dataset.name || 'server', async () => {
		const rest = new RestConnector({ url, timeoutMs: 120_000 });
		const manifestUrl = `${url}/manifest`;
		const { layout: _l, parts: _p, rollups: _r, ...manifest } = checkManifest(manifestUrl, await fetchJson(manifestUrl));
		mark('dataset:ready');
		return { manifest, connector: rest, texts: Promise.resolve() };
	});
}

/** A `?server=` the page may not use: say so, and use nothing (the visitor picks the browser engine or the site's server). */
export function showRefusedServer(message: string): void {
	generation++;
	const refused = Promise.reject(new Error('server refused'));
	refused.catch(() => {});
	setCurrent(refused);
	dataset.manifest = null;
	dataset.server = null;
	dataset.status = 'error';
	dataset.errorKind = 'server';
	dataset.error = message;
}

/** `?ds=` held something that cannot be a dataset name (`../../etc`, markup…): the same message as an unknown one. */
export function showMissingDataset(raw: string): void {
	generation++;
	const missing = Promise.reject(new Error('no dataset'));
	missing.catch(() => {});
	setCurrent(missing);
	dataset.name = '';
	dataset.manifest = null;
	dataset.synthetic = false;
	dataset.status = 'error';
	dataset.errorKind = 'missing';
	datasets().then(
		(list) => (dataset.error = new MissingDataset(raw, list.map((d) => d.name)).message),
		() => (dataset.error = new MissingDataset(raw, []).message)
	);
	dataset.error = new MissingDataset(raw, []).message;
}

/**
 * Open the user's own files (Parquet/CSV). They are checked first while the open dataset stays on screen;
 * a bad file leaves it as it is and sets `dataset.dropError` (naming the file and the problem).
 */
export async function openFiles(files: File[]): Promise<Connector | null> {
	dataset.dropError = null;
	let checked: Awaited<ReturnType<typeof import('./load.ts').checkFiles>>;
	try {
		// After any load in progress, so the check does not race a dataset being replaced.
		await chain;
		checked = await (await loader()).checkFiles(wasm(), files);
	} catch (e) {
		dataset.dropError = e instanceof Error ? e.message : String(e);
		return null;
	}
	return begin(FILES, async () => (await loader()).loadFiles(wasm(), files, { onProgress: onProgress(generation), checked }));
}

/** Show rows built in the browser (the report files the visitor opened) as the dataset, replacing the open one. */
export function openRows(rows: { [T in TableName]: Record<string, unknown>[] }, title: string): Promise<Connector> {
	return begin(FILES, async () => (await loader()).loadRows(wasm(), rows, title, onProgress(generation)));
}

export function dismissDropError(): void {
	dataset.dropError = null;
}

/**
 * Resolves with the connector once the current dataset is ready (rejects with its load error), with every fact
 * of the scope loaded: on a dataset by province whose DuckDB holds a province's summary only, this starts the
 * load of that province's facts (`loadProvinceFacts`) and resolves when they are in.
 */
export function db(): Promise<Connector> {
	return settled(true);
}

/**
 * Resolves with the connector once the current dataset is ready, without asking for a province's facts: for
 * the Overview (and its rate figures), which a province's summary answers.
 */
export function summaryDb(): Promise<Connector> {
	return settled(false);
}

/** The current load's connector; follows a load that replaced it meanwhile, and starts the facts load if asked. */
async function settled(facts: boolean): Promise<Connector> {
	for (;;) {
		const p = current ?? firstLoad;
		let c: Connector;
		try {
			c = await p;
		} catch (e) {
			if (p !== (current ?? firstLoad)) continue;
			throw e;
		}
		if (p !== (current ?? firstLoad)) continue;
		if (facts && needsFacts()) {
			void provinceFacts().catch(() => {});
			continue;
		}
		return c;
	}
}

/** DuckDB holds a province's summary and not yet its facts. */
function needsFacts(): boolean {
	return isPartitioned(dataset.manifest) && dataset.status === 'ready' && !!dataset.summary && dataset.partition !== dataset.summary;
}

/** Load the facts of the province whose summary DuckDB holds (a load like any other: progress, `dataset.version`). */
function provinceFacts(): Promise<Connector> {
	const manifest = dataset.manifest!;
	const part = partOf(manifest, dataset.summary)!;
	const name = dataset.name;
	const t0 = performance.now();
	return begin(name, async (isCurrent) => {
		const loaded = await (await loader()).loadProvinceFacts(wasm(), `${base}/datasets/${encodeURIComponent(name)}`, manifest, part, {
			onProgress: onProgress(generation),
			isCurrent,
			textsStart
		});
		measure('dataset:partition', t0, part.province);
		return loaded;
	});
}

let aggP: Promise<void> | null = null;

/**
 * Builds the current dataset's aggregate tables once (the first call; later calls share it) and sets
 * `dataset.aggregates`. Views that can use them check `dataset.aggregates` and read `facts_r` until then.
 */
export function aggregates(): Promise<void> {
	if (aggP) return aggP;
	const gen = generation;
	const p = summaryDb().then(async () => {
		if (gen !== generation) return;
		// A server built its aggregate tables at start-up (the shared setup SQL).
		if (!dataset.server) await (await loader()).buildAggregates(wasm());
		if (gen === generation) dataset.aggregates = true;
	});
	p.catch((e) => {
		console.warn('aggregate tables could not be built:', e);
		if (aggP === p) aggP = null;
	});
	return (aggP = p);
}

/** Resolves once the report texts are loaded too (the profile view's source highlighting needs them). */
export async function dbWithTexts(): Promise<Connector> {
	await db();
	textsWanted?.();
	for (;;) {
		const p = textsP;
		const c = await (p ?? db());
		if (p === textsP) return c;
	}
}

/** The shipped datasets (from `/datasets/index.json`). */
export function datasets(): Promise<DatasetInfo[]> {
	return datasetList(base);
}

/** The dataset opened when the URL names none: `demo` when shipped, else `real`, else the first. */
export function defaultDataset(): Promise<string> {
	return defaultDatasetName(base);
}
