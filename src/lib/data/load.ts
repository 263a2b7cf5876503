/**
 * Loading a dataset into DuckDB-WASM: the shipped ones (`/datasets/<name>/manifest.json` → facts, reports and
 * issues Parquet, texts in the background because they are the biggest and only the profile view reads them)
 * and the user's own Parquet/CSV files dropped on the page. Tables are created from the dataset contract
 * (`TABLES`) so the types are the same whatever the source, then the shared setup SQL (metric catalog table,
 * `facts_r` view) runs. Every failure is a DatasetError naming the file and the problem.
 */
import { TABLES, type Manifest, type TableName } from '../dataset/schema.ts';
import { CATALOG_VERSION } from '../catalog/index.ts';
import { aggregateSql, coreSetupSql, summarySetupSql, SUMMARY_CATALOG_TABLES } from '../db/setup-sql.ts';
import type { WasmConnector } from '../db/wasm.ts';
import { VFS_DIR } from '../db/lockdown.ts';
import { mark, measure } from '../perf.ts';
import { contractTable, numericProblems, typedTable } from './columns.ts';
import { fetchBytes, fetchJson } from './fetch.ts';
import { parquetColumnNames, readParquetColumns, rowGroupRows } from './parquet.ts';
import { DatasetError, REQUIRED, assertColumns, checkManifest, classifyColumns, columnsOf, isParquet } from './file-checks.ts';
import { lit } from '../db/sql.ts';
import { SUMMARY_TABLES, usableSummary, type FactsPart, type LayoutManifest, type SummaryFile } from '../dataset/layout.ts';
import { idsOf, isPartitioned, partOf, rowsIn, rowsWhere, takeRows } from './partition.ts';
import { REPORT_COUNT_COLUMNS } from '../queries/overview.ts';

export interface Progress {
	/** 0..1 over the whole load (texts excluded: they load after the dataset is ready). */
	fraction: number;
	message: string;
}
export type OnProgress = (p: Progress) => void;

export interface Loaded {
	manifest: Manifest & LayoutManifest;
	/** For a dataset laid out by province: the province whose facts were loaded (null: none, national scope). */
	partition?: string | null;
	/**
	 * For a dataset laid out by province: the province whose summary is loaded (its reports and the Overview's
	 * tables, layout.ts) — with or without its facts (`partition`).
	 */
	summary?: string | null;
	/** True when the Overview's aggregate tables came with the load (a province's summary): nothing to build. */
	aggregates?: boolean;
	/** The connector that answers the views (a `nianbao serve` server); DuckDB-WASM when absent. */
	connector?: import('../db/connector.ts').Connector;
	/** Settles when the `texts` table holds the report texts (it exists, empty, from the start). */
	texts: Promise<void>;
	/** Things the visitor should know about how the files were read (e.g. a CSV decoded as GBK). */
	notes?: string[];
}

export interface LoadOptions {
	onProgress?: OnProgress;
	/** Which copy of the tables to read: Parquet (default, smaller) or the CSV copies. */
	format?: 'parquet' | 'csv';
	/** 'background' (default): texts load after `loadDataset` resolves; 'eager': before; 'skip': never. */
	texts?: 'background' | 'eager' | 'skip';
	/** Checked before the background texts are inserted: false when another dataset was opened meanwhile. */
	isCurrent?: () => boolean;
	/**
	 * Called once the dataset is ready; the background texts load starts when it resolves (default: at once).
	 * The store waits until the first charts had their turn, so the texts insert does not queue in front of the
	 * first queries.
	 */
	textsStart?: () => Promise<void>;
	/**
	 * For a dataset laid out by province: the province to load (its facts file, and its rows of reports, issues
	 * and texts); null loads no facts at all (national scope, drawn from the baked aggregates). Ignored for a
	 * dataset in one piece.
	 */
	partition?: string | null;
	/**
	 * For a dataset laid out by province whose parts carry a summary: load the province's summary only (default)
	 * or, with `facts: true`, everything as for a dataset in one piece.
	 */
	facts?: boolean;
}

const MAIN_TABLES: TableName[] = ['facts', 'reports', 'issues'];
/** Share of the progress bar per table (download + decode + insert). */
const WEIGHT: Record<TableName, number> = { facts: 0.75, reports: 0.1, issues: 0.08, texts: 0 };

function ident(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

export function createTableSql(table: TableName, name: string = table): string {
	const cols = Object.entries(TABLES[table]).map(([c, t]) => `${ident(c)} ${t}`);
	return `CREATE OR REPLACE TABLE ${ident(name)} (${cols.join(', ')})`;
}

/**
 * The views and derived tables a dataset leaves besides its four tables. `indicators_r` is a view over the facts,
 * or a table when a province's summary was loaded without its facts, so each is dropped as what it is.
 */
async function dropDerived(conn: WasmConnector, names: readonly string[]): Promise<void> {
	const list = names.map(lit).join(', ');
	const found = await conn.query<{ name: string; kind: string }>(
		`SELECT view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE NOT internal AND view_name IN (${list})
		 UNION ALL SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE table_name IN (${list})`
	);
	for (const name of names) for (const f of found.filter((o) => o.name === name)) await conn.query(`DROP ${f.kind} ${ident(f.name)}`);
}

/** Drop what a previous dataset left and create the four empty contract tables. */
async function resetTables(conn: WasmConnector): Promise<void> {
	await conn.invalidate();
	await dropDerived(conn, ['facts_r', 'indicators_r', 'agg_scope', 'agg_org', 'agg_cont', 'agg_ind']);
	for (const t of ['facts', 'reports', 'issues', 'texts'] as TableName[]) await conn.query(createTableSql(t));
}

async function insertColumns(conn: WasmConnector, table: TableName, cols: Record<string, ArrayLike<unknown>>, n: number) {
	if (n === 0) return;
	const arrow = contractTable(table, cols, n);
	await (await conn.getConnection()).insertArrowTable(arrow, { name: table, create: false });
}

/**
 * Check a CSV (already registered in DuckDB's virtual file system as `vfsName`) against the contract and return
 * the statement that appends it to its table, cast to the contract. Reads only the file: no table is touched.
 */
async function prepareCsv(
	conn: WasmConnector,
	file: string,
	table: TableName | null,
	vfsName: string,
	required?: readonly string[]
): Promise<{ table: TableName; sql: string }> {
	const src = `read_csv(${lit(vfsName)}, header = true, all_varchar = true, sample_size = -1)`;
	let described: { column_name: string }[];
	try {
		described = await conn.query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${src}`);
	} catch (e) {
		throw new DatasetError(file, `could not be read as CSV (${(e as Error).message.split('\n')[0]})`);
	}
	const present = described.map((d) => d.column_name.replace(/^\uFEFF/, ''));
	const target = table ?? classifyColumns(file, present);
	assertColumns(file, target, present, required ?? REQUIRED[target]);
	await assertCastable(conn, file, src, target, present, described);
	const select = Object.entries(TABLES[target]).map(([c, t]) => {
		const i = present.indexOf(c);
		if (i < 0) return `NULL::${t} AS ${ident(c)}`;
		const col = ident(described[i].column_name);
		if (t === 'VARCHAR') return `${col} AS ${ident(c)}`;
		return `TRY_CAST(NULLIF(trim(${col}), '') AS ${t}) AS ${ident(c)}`;
	});
	return { table: target, sql: `INSERT INTO ${ident(target)} SELECT ${select.join(', ')} FROM ${src}` };
}

/** Append a CSV (registered as `vfsName`) to its table, cast to the contract. */
async function insertCsv(conn: WasmConnector, file: string, table: TableName | null, vfsName: string, required?: readonly string[]) {
	const prepared = await prepareCsv(conn, file, table, vfsName, required);
	await conn.query(prepared.sql);
	return prepared.table;
}

/**
 * A CSV cell that is not a number where the contract wants one (a year written 二〇二〇, a value "12件") would
 * silently become NULL under TRY_CAST: refuse the file instead, naming the column, an example and the count.
 */
async function assertCastable(
	conn: WasmConnector,
	file: string,
	src: string,
	table: TableName,
	present: string[],
	described: { column_name: string }[]
): Promise<void> {
	const numeric = Object.entries(TABLES[table]).filter(([c, t]) => t !== 'VARCHAR' && present.includes(c));
	if (numeric.length === 0) return;
	const parts = numeric.flatMap(([c, t], i) => {
		const col = ident(described[present.indexOf(c)].column_name);
		const bad = `NULLIF(trim(${col}), '') IS NOT NULL AND TRY_CAST(trim(${col}) AS ${t}) IS NULL`;
		return [`count(*) FILTER (WHERE ${bad}) AS n${i}`, `min(${col}) FILTER (WHERE ${bad}) AS e${i}`];
	});
	const [row] = await conn.query<Record<string, unknown>>(`SELECT ${parts.join(', ')} FROM ${src}`);
	const problems = numeric
		.map(([c, t], i) => ({ c, t, n: Number(row[`n${i}`] ?? 0), e: row[`e${i}`] }))
		.filter((p) => p.n > 0)
		.map((p) => `column ${p.c} needs ${p.t === 'BOOLEAN' ? 'true/false' : 'numbers'} but has ${p.n} other value${p.n > 1 ? 's' : ''} (e.g. "${String(p.e).slice(0, 30)}")`);
	if (problems.length) throw new DatasetError(file, problems.join('; '));
}

/** A contract table's columns from Parquet bytes, checked (a DatasetError names the file otherwise). */
async function readTableBytes(url: string, t: TableName, bytes: Uint8Array) {
	if (!isParquet(bytes)) throw new DatasetError(url, 'not a Parquet file (no PAR1 header and footer)');
	const read = await readParquetColumns(url, bytes, columnsOf(t));
	assertColumns(url, t, read.fileColumns);
	return read;
}

/** Decoded small tables of the dataset by province last opened (per file; another dataset or build evicts them). */
const shared = new Map<string, Promise<Awaited<ReturnType<typeof readTableBytes>>>>();
function sharedRead(url: string, createdAt: string, read: () => Promise<Awaited<ReturnType<typeof readTableBytes>>>) {
	const folder = url.slice(0, url.lastIndexOf('/') + 1);
	const key = `${url}#${createdAt}`;
	for (const k of shared.keys()) if (!k.startsWith(folder) || !k.endsWith(`#${createdAt}`)) shared.delete(k);
	let p = shared.get(key);
	if (!p) {
		p = read();
		shared.set(key, p);
		p.catch(() => shared.delete(key));
	}
	return p;
}

/** The shared setup SQL that views need at once: catalog table and `facts_r`. */
async function runSetup(conn: WasmConnector): Promise<void> {
	for (const sql of coreSetupSql()) await conn.query(sql);
}

/**
 * The Overview's aggregate tables (`agg_scope`, `agg_org`), timed as `dataset:aggregates`. Not part of the
 * load: the store builds them once the first charts' queries are queued (they take a few hundred ms at 1M facts
 * in WASM), and the Overview reads `facts_r` until they exist.
 */
export async function buildAggregates(conn: WasmConnector): Promise<void> {
	const t0 = performance.now();
	for (const sql of aggregateSql()) await conn.query(sql);
	measure('dataset:aggregates', t0);
}

/**
 * Load the dataset whose files are at `baseUrl` (e.g. `/datasets/demo`): manifest, then facts, reports and
 * issues; texts per `options.texts`. Resolves once the dataset can be queried.
 */
export async function loadDataset(conn: WasmConnector, baseUrl: string, options: LoadOptions = {}): Promise<Loaded> {
	const { onProgress, format = 'parquet', texts: textMode = 'background', isCurrent = () => true, textsStart } = options;
	const base = baseUrl.replace(/\/$/, '');
	onProgress?.({ fraction: 0, message: 'manifest.json' });
	const manifestUrl = `${base}/manifest.json`;
	const manifestP = fetchJson(manifestUrl).then((j) => checkManifest(manifestUrl, j));
	// DuckDB starts (fetching and compiling its wasm) while the files are on their way.
	const started = conn.getDuckDB();
	started.catch(() => {});
	const manifest = await manifestP;
	const parted = isPartitioned(manifest);
	const part = parted ? partOf(manifest, options.partition ?? null) : null;
	const partition = part?.province ?? null;
	const summary = part ? usableSummary(part) : null;
	if (summary && !options.facts) return loadSummary(conn, base, manifest, part!, summary, started, onProgress);
	/** Report ids of the province, once its reports are read (issues and texts are kept to them). */
	let partIds: Set<string> | null = null;
	let partIdsReady: (ids: Set<string>) => void = () => {};
	const partIdsP = new Promise<Set<string>>((r) => (partIdsReady = r));
	/** A partitioned dataset's reports, issues and texts, restricted to the loaded province. */
	const restrict = async (t: TableName, columns: Record<string, ArrayLike<unknown>>, n: number) => {
		if (!parted) return { columns, n };
		let rows: number[];
		if (t === 'reports') {
			rows = partition ? rowsWhere(columns.province, n, partition) : [];
			partIds = idsOf(columns.report_id, rows);
			partIdsReady(partIds);
		} else {
			const ids = partIds ?? (await partIdsP);
			rows = ids.size ? rowsIn(columns.report_id, n, ids) : [];
		}
		return { columns: takeRows(columns, rows), n: rows.length };
	};
	// Tables are reset once DuckDB is up; downloads and Parquet decoding do not wait for it.
	const tablesReady = started.then(() => resetTables(conn));
	mark('dataset:load:begin');

	const fileOf = (t: TableName) => {
		if (parted && t === 'facts') return part ? `${base}/${part.file}` : null;
		const entry = manifest.tables[t];
		const name = format === 'csv' ? entry?.csv : entry?.parquet;
		if (!name) return null;
		if (!/^[\w.-]+$/.test(name)) throw new DatasetError(manifestUrl, `bad file name for ${t}: ${name}`);
		return `${base}/${name}`;
	};
	const loadTable = async (t: TableName, report: (f: number) => void) => {
		const url = fileOf(t);
		if (!url) {
			if (parted && t === 'facts') return report(1);
			if (t === 'facts' || t === 'reports') throw new DatasetError(manifestUrl, `lists no ${format} file for ${t}`);
			return;
		}
		// National scope of a dataset by province: DuckDB keeps no rows at all, so nothing is fetched or decoded
		// on the first chart's path (the Overview draws from the bake).
		if (parted && !part) return report(1);
		if (parted && t !== 'facts') {
			// The whole country's reports/issues, decoded once per dataset build and cut to each province scoped into.
			const read = await sharedRead(url, manifest.created_at, () => fetchBytes(url).then((b) => readTableBytes(url, t, b)));
			const { columns, n } = await restrict(t, read.columns, read.numRows);
			report(0.8);
			await tablesReady;
			const t0 = performance.now();
			if (n) await (await conn.getConnection()).insertArrowTable(contractTable(t, columns, n), { name: t, create: false });
			measure(`dataset:insert:${t}`, t0);
			return report(1);
		}
		const bytes = await fetchBytes(url, (l, total) => total && report((0.5 * l) / total));
		report(0.5);
		if (format === 'csv') {
			if (parted) throw new DatasetError(manifestUrl, 'a dataset laid out by province loads from Parquet only');
			await tablesReady;
			const db = await conn.getDuckDB();
			const vfs = `${VFS_DIR}${t}.csv`;
			await db.registerFileBuffer(vfs, bytes);
			try {
				await insertCsv(conn, url, t, vfs, columnsOf(t));
			} finally {
				await db.dropFile(vfs).catch(() => {});
			}
		} else {
			const read = await readTableBytes(url, t, bytes);
			const { columns, n: numRows } = await restrict(t, read.columns, read.numRows);
			const arrow = numRows ? contractTable(t, columns, numRows) : null;
			report(0.8);
			await tablesReady;
			const t0 = performance.now();
			if (arrow) await (await conn.getConnection()).insertArrowTable(arrow, { name: t, create: false });
			measure(`dataset:insert:${t}`, t0);
		}
		report(1);
	};

	// Download all three in parallel; decode and insert as each arrives (inserts are serialised by the worker).
	const shares: Record<string, number> = {};
	const progress = (t: TableName) => (f: number) => {
		shares[t] = f * WEIGHT[t];
		const done = Object.values(shares).reduce((a, b) => a + b, 0);
		onProgress?.({ fraction: Math.min(0.95, done), message: t });
	};
	try {
		await Promise.all([tablesReady, ...MAIN_TABLES.map((t) => loadTable(t, progress(t)))]);
	} finally {
		partIdsReady(new Set()); // a failed reports read must not leave issues waiting
	}

	onProgress?.({ fraction: 0.96, message: 'setup' });
	const setupStart = performance.now();
	await runSetup(conn);
	measure('dataset:setup', setupStart);
	mark('dataset:ready');
	onProgress?.({ fraction: 1, message: 'ready' });

	const loadTexts = async () => {
		const url = fileOf('texts');
		if (!url || !isCurrent() || (parted && !part)) return;
		const bytes = await fetchBytes(url);
		if (!isCurrent()) return;
		if (format === 'csv') {
			const db = await conn.getDuckDB();
			const vfs = `${VFS_DIR}texts.csv`;
			await db.registerFileBuffer(vfs, bytes);
			try {
				await insertCsv(conn, url, 'texts', vfs, columnsOf('texts'));
			} finally {
				await db.dropFile(vfs).catch(() => {});
			}
		} else {
			const read = await readParquetColumns(url, bytes, columnsOf('texts'));
			assertColumns(url, 'texts', read.fileColumns);
			if (!isCurrent()) return;
			const { columns, n } = await restrict('texts', read.columns, read.numRows);
			await insertColumns(conn, 'texts', columns, n);
		}
		mark('dataset:texts');
	};
	if (textMode === 'eager') {
		await loadTexts();
		return { manifest, partition, texts: Promise.resolve() };
	}
	if (textMode === 'skip') return { manifest, partition, texts: Promise.resolve() };
	return { manifest, partition, texts: (textsStart ? textsStart() : Promise.resolve()).then(loadTexts) };
}

/**
 * A province's summary (layout.ts): its reports and the Overview's pre-summed tables `agg_scope`, `agg_cont` and
 * `agg_ind`, computed by the build with the browser's own SQL — a few thousand rows per table besides the reports,
 * where its facts are millions — so the province's Overview and its filters are answered at once and without any
 * fact. `facts` stays empty and `facts_r`/`indicators_r` are not made; `loadProvinceFacts` adds them when a view
 * needs them. The catalog tables are made once a session, while the files are on their way.
 */
async function loadSummary(
	conn: WasmConnector,
	base: string,
	manifest: Manifest & LayoutManifest,
	part: FactsPart,
	files: readonly SummaryFile[],
	started: Promise<unknown>,
	onProgress?: OnProgress
): Promise<Loaded> {
	const tablesReady = started.then(async () => {
		await resetTables(conn);
		const t0 = performance.now();
		const have = await conn.query<{ n: number }>(
			`SELECT CAST(count(*) AS INTEGER) AS n FROM duckdb_tables() WHERE table_name IN (${SUMMARY_CATALOG_TABLES.map(lit).join(', ')})`
		);
		if (Number(have[0]?.n) < SUMMARY_CATALOG_TABLES.length) for (const sql of summarySetupSql()) await conn.query(sql);
		measure('dataset:setup', t0);
	});
	mark('dataset:load:begin');
	let done = 0;
	const load = async (f: SummaryFile) => {
		const url = `${base}/${f.file}`;
		const types: Record<string, string> = SUMMARY_TABLES[f.table];
		const bytes = await fetchBytes(url);
		if (!isParquet(bytes)) throw new DatasetError(url, 'not a Parquet file (no PAR1 header and footer)');
		// Of the reports only what the Overview's counts read (the other columns stay NULL until the facts load):
		// decoding every column of 21,777 reports on the page's thread held it 1-1.6 s at full size under load.
		const wanted = f.table === 'reports' ? REPORT_COUNT_COLUMNS : Object.keys(types);
		const read = await readParquetColumns(url, bytes, wanted);
		const missing = Object.keys(types).filter((c) => !read.fileColumns.includes(c));
		if (missing.length) throw new DatasetError(url, `lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${f.table}`);
		const arrow = read.numRows ? typedTable(types, read.columns, read.numRows) : null;
		await tablesReady;
		const t0 = performance.now();
		if (f.table !== 'reports') {
			await conn.query(`CREATE OR REPLACE TABLE ${ident(f.table)} (${Object.entries(types).map(([c, t]) => `${ident(c)} ${t}`).join(', ')})`);
		}
		if (arrow) await (await conn.getConnection()).insertArrowTable(arrow, { name: f.table, create: false });
		measure(`dataset:insert:${f.table}`, t0);
		onProgress?.({ fraction: (0.9 * ++done) / files.length, message: f.table === 'reports' ? 'reports' : 'summary' });
	};
	await Promise.all([tablesReady, ...files.map(load)]);
	mark('dataset:ready');
	onProgress?.({ fraction: 1, message: 'ready' });
	return { manifest, partition: null, summary: part.province, aggregates: true, texts: Promise.resolve() };
}

/**
 * The facts (and issues, then texts in the background) of the province whose summary DuckDB holds, for the views
 * that need every report's figures. The facts file is decoded and inserted one row group at a time, so the page
 * never holds more than one row group's decoded values; the summary's tables stay (the same rows the facts would
 * give), and `indicators_r` becomes the view over the facts.
 */
export async function loadProvinceFacts(
	conn: WasmConnector,
	baseUrl: string,
	manifest: Manifest & LayoutManifest,
	part: FactsPart,
	options: Pick<LoadOptions, 'onProgress' | 'isCurrent' | 'textsStart'> = {}
): Promise<Loaded> {
	const { onProgress, isCurrent = () => true, textsStart } = options;
	const base = baseUrl.replace(/\/$/, '');
	const t0 = performance.now();
	// The summary inserted only the reports' columns the Overview counts with: now all of them (the same file, cached).
	const reportsFile = usableSummary(part)?.find((f) => f.table === 'reports');
	let ids: Set<string>;
	if (reportsFile) {
		const url = `${base}/${reportsFile.file}`;
		const read = await readTableBytes(url, 'reports', await fetchBytes(url));
		ids = idsOf(read.columns.report_id, Array.from({ length: read.numRows }, (_, i) => i));
		await conn.query('DELETE FROM reports');
		await insertColumns(conn, 'reports', read.columns, read.numRows);
	} else ids = new Set((await conn.query<{ report_id: string }>('SELECT report_id FROM reports')).map((r) => r.report_id));
	const factsUrl = `${base}/${part.file}`;
	const issuesP = (async () => {
		const name = manifest.tables.issues?.parquet;
		if (!name || !/^[\w.-]+$/.test(name)) return;
		const url = `${base}/${name}`;
		const read = await sharedRead(url, manifest.created_at, () => fetchBytes(url).then((b) => readTableBytes(url, 'issues', b)));
		const rows = rowsIn(read.columns.report_id, read.numRows, ids);
		return { columns: takeRows(read.columns, rows), n: rows.length };
	})();
	issuesP.catch(() => {});
	onProgress?.({ fraction: 0, message: 'facts' });
	const bytes = await fetchBytes(factsUrl, (l, total) => total && onProgress?.({ fraction: (0.3 * l) / total, message: 'facts' }));
	if (!isParquet(bytes)) throw new DatasetError(factsUrl, 'not a Parquet file (no PAR1 header and footer)');
	const groups = rowGroupRows(factsUrl, bytes);
	let row = 0;
	const insertT = { ms: 0 };
	for (const [i, n] of groups.entries()) {
		if (!isCurrent()) throw new Error('superseded');
		const read = await readParquetColumns(factsUrl, bytes, columnsOf('facts'), { rowStart: row, rowEnd: row + n });
		if (i === 0) assertColumns(factsUrl, 'facts', read.fileColumns);
		const ti = performance.now();
		if (read.numRows) await (await conn.getConnection()).insertArrowTable(contractTable('facts', read.columns, read.numRows), { name: 'facts', create: false });
		insertT.ms += performance.now() - ti;
		row += n;
		onProgress?.({ fraction: 0.3 + (0.6 * (i + 1)) / groups.length, message: 'facts' });
	}
	measure('dataset:insert:facts', performance.now() - insertT.ms);
	const issues = await issuesP;
	if (issues?.n) await insertColumns(conn, 'issues', issues.columns, issues.n);
	await dropDerived(conn, ['facts_r', 'indicators_r']);
	await runSetup(conn);
	measure('dataset:partition:facts', t0, part.province);
	mark('dataset:ready');
	onProgress?.({ fraction: 1, message: 'ready' });
	const loadTexts = async () => {
		const name = manifest.tables.texts?.parquet;
		if (!name || !/^[\w.-]+$/.test(name) || !isCurrent()) return;
		const url = `${base}/${name}`;
		const read = await readParquetColumns(url, await fetchBytes(url), columnsOf('texts'));
		assertColumns(url, 'texts', read.fileColumns);
		if (!isCurrent()) return;
		const rows = rowsIn(read.columns.report_id, read.numRows, ids);
		await insertColumns(conn, 'texts', takeRows(read.columns, rows), rows.length);
		mark('dataset:texts');
	};
	return { manifest, partition: part.province, summary: part.province, aggregates: true, texts: (textsStart ? textsStart() : Promise.resolve()).then(loadTexts) };
}

/**
 * Decode a dropped text file: UTF-8 (BOM removed) when it is valid UTF-8, else GB18030 — what Excel on Chinese
 * Windows saves a CSV as ("GBK") — with a note saying so. Text that is neither is refused, naming the file.
 */
export function decodeCsvText(file: string, bytes: Uint8Array): { text: string; note: string | null } {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		const gbk = new TextDecoder('gb18030').decode(bytes);
		if (gbk.includes('\uFFFD')) throw new DatasetError(file, 'is neither UTF-8 nor GBK/GB18030 text — save the CSV as UTF-8 and drop it again');
		return {
			text: gbk.charCodeAt(0) === 0xfeff ? gbk.slice(1) : gbk,
			note: `${file}: read as GBK/GB18030 (the encoding Excel uses on Chinese Windows), not UTF-8 — check that the Chinese text looks right`
		};
	}
	return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, note: null };
}

/** One checked file, ready to be appended to its table. */
interface StagedFile {
	name: string;
	table: TableName;
	insert: () => Promise<void>;
	cleanup: () => Promise<void>;
}

/**
 * Check the user's files (Parquet or CSV of the dataset schema, any names) without touching the loaded
 * dataset: each file's table is told by its columns, every file is read and validated, facts are required.
 * Resolves with what `loadFiles` needs to append them; a bad file rejects with a DatasetError naming it,
 * and whatever dataset is open stays as it is.
 */
export async function checkFiles(conn: WasmConnector, files: readonly File[], onProgress?: OnProgress): Promise<{ staged: StagedFile[]; notes: string[] }> {
	if (files.length === 0) throw new DatasetError('(no file)', 'drop at least one Parquet or CSV file');
	const db = await conn.getDuckDB();
	const staged: StagedFile[] = [];
	const notes: string[] = [];
	const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
	try {
		for (const [i, file] of files.entries()) {
			onProgress?.({ fraction: (0.6 * i) / files.length, message: file.name });
			const bytes = new Uint8Array(await file.arrayBuffer());
			if (isParquet(bytes)) {
				const table = classifyColumns(file.name, parquetColumnNames(file.name, bytes));
				const { numRows, fileColumns, columns } = await readParquetColumns(file.name, bytes, columnsOf(table));
				assertColumns(file.name, table, fileColumns, REQUIRED[table]);
				const problems = numericProblems(table, columns, numRows);
				if (problems.length) throw new DatasetError(file.name, problems.join('; '));
				staged.push({ name: file.name, table, insert: () => insertColumns(conn, table, columns, numRows), cleanup: async () => {} });
			} else if (/\.parquet$/i.test(file.name)) {
				throw new DatasetError(
					file.name,
					`is not a Parquet file (no PAR1 header and footer${looksLikeText(bytes) ? '; it holds text' : ''}) — export it again as Parquet, or as CSV`
				);
			} else if (looksLikeText(bytes)) {
				const vfs = `${VFS_DIR}upload-${run}-${i}.csv`;
				const { text, note } = decodeCsvText(file.name, bytes);
				if (note) notes.push(note);
				await db.registerFileText(vfs, text);
				const cleanup = async () => void (await db.dropFile(vfs).catch(() => null));
				try {
					const prepared = await prepareCsv(conn, file.name, null, vfs);
					staged.push({ name: file.name, table: prepared.table, insert: async () => void (await conn.query(prepared.sql)), cleanup });
				} catch (e) {
					await cleanup();
					throw e;
				}
			} else {
				throw new DatasetError(file.name, 'is neither a Parquet file nor a CSV text file');
			}
		}
		if (!staged.some((s) => s.table === 'facts')) {
			throw new DatasetError(
				files.map((f) => f.name).join(', '),
				`no facts table among the files — a facts file needs the columns ${REQUIRED.facts.join(', ')}`
			);
		}
	} catch (e) {
		await Promise.all(staged.map((s) => s.cleanup()));
		throw e;
	}
	return { staged, notes };
}

/**
 * Replace the loaded dataset with the user's checked files (see `checkFiles`): reports are synthesised from
 * facts.report_id when absent; issues and texts stay empty when absent.
 */
export async function loadFiles(
	conn: WasmConnector,
	files: readonly File[],
	options: LoadOptions & { checked?: Awaited<ReturnType<typeof checkFiles>> } = {}
): Promise<Loaded> {
	const { onProgress } = options;
	const { staged, notes } = options.checked ?? (await checkFiles(conn, files, onProgress));
	try {
		await resetTables(conn);
		for (const [i, s] of staged.entries()) {
			onProgress?.({ fraction: 0.6 + (0.3 * i) / staged.length, message: s.name });
			await s.insert();
		}
	} finally {
		await Promise.all(staged.map((s) => s.cleanup()));
	}
	if (!staged.some((s) => s.table === 'reports')) await conn.query(synthesiseReportsSql());
	onProgress?.({ fraction: 0.95, message: 'setup' });
	await runSetup(conn);
	const manifest = await localManifest(conn, files.map((f) => f.name));
	onProgress?.({ fraction: 1, message: 'ready' });
	mark('dataset:ready');
	return { manifest, texts: Promise.resolve(), notes };
}

/** Minimal report rows, one per facts.report_id: the id doubles as the organisation name. */
export function synthesiseReportsSql(): string {
	const expr: Record<string, string> = {
		report_id: 'report_id',
		org: 'report_id',
		year: 'min(year)',
		source_file: 'report_id',
		sha256: "''",
		status: "'ok'",
		truncated: 'false',
		n_values: 'count(*)',
		n_errors: '0',
		n_warnings: '0',
		n_infos: '0'
	};
	const cols = Object.entries(TABLES.reports).map(([c, t]) => `CAST(${expr[c] ?? 'NULL'} AS ${t})`);
	return `INSERT INTO reports SELECT ${cols.join(', ')} FROM facts WHERE report_id IS NOT NULL GROUP BY report_id`;
}

async function localManifest(conn: WasmConnector, names: string[]): Promise<Manifest> {
	const count = async (t: TableName) => Number((await conn.query<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0].n);
	const years = (await conn.query<{ year: number }>('SELECT DISTINCT year FROM facts WHERE year IS NOT NULL ORDER BY year')).map((r) => r.year);
	const tables = {} as Manifest['tables'];
	for (const t of ['facts', 'reports', 'issues', 'texts'] as TableName[]) tables[t] = { rows: await count(t), parquet: '', csv: '', bytes: 0 };
	return {
		name: 'local',
		title: names.join(', '),
		schema_version: 1,
		catalog_version: CATALOG_VERSION,
		created_at: new Date().toISOString(),
		synthetic: false,
		tables,
		summary: { reports: tables.reports.rows, by_format: {}, by_status: {}, years }
	};
}

/** Heuristic: no NUL bytes in the first 4 KB. */
function looksLikeText(bytes: Uint8Array): boolean {
	const n = Math.min(bytes.length, 4096);
	for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
	return n > 0;
}

/** Rows per insert in loadRows (and report texts per insert). */
const ROWS_SLICE = 4000;
const ROWS_TEXTS_SLICE = 10;

/**
 * Replace the loaded dataset with rows built in the browser (the visitor's report files, read by the report
 * worker): the same contract tables, Arrow insert and setup SQL as a dropped Parquet dataset.
 */
export async function loadRows(conn: WasmConnector, rows: { [T in TableName]: Record<string, unknown>[] }, title: string, onProgress?: OnProgress): Promise<Loaded> {
	await resetTables(conn);
	for (const t of ['facts', 'reports', 'issues', 'texts'] as TableName[]) {
		onProgress?.({ fraction: 0.2 + 0.7 * (['facts', 'reports', 'issues', 'texts'].indexOf(t) / 4), message: t });
		const list = rows[t];
		// In slices, each its own task: the Arrow columns of 200 reports' facts built in one go held the page's
		// thread ~300 ms (bench:read trace); a report's text is long, so fewer of them per slice.
		const step = t === 'texts' ? ROWS_TEXTS_SLICE : ROWS_SLICE;
		for (let k = 0; k < list.length; k += step) {
			if (k > 0) await new Promise((r) => setTimeout(r, 0));
			const part = list.slice(k, k + step);
			const cols: Record<string, unknown[]> = {};
			for (const c of Object.keys(TABLES[t])) cols[c] = part.map((r) => r[c] ?? null);
			await insertColumns(conn, t, cols, part.length);
		}
	}
	onProgress?.({ fraction: 0.95, message: 'setup' });
	await runSetup(conn);
	const manifest = await localManifest(conn, [title]);
	onProgress?.({ fraction: 1, message: 'ready' });
	mark('dataset:ready');
	return { manifest, texts: Promise.resolve() };
}
