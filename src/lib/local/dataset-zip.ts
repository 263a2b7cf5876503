/**
 * The reports read in the browser as a dataset one can ship or ingest again: a ZIP holding one folder
 * `<name>/` with facts, reports, issues and texts as Parquet and as CSV (UTF-8 BOM, formula cells neutralised —
 * the rule of the ingest writer's CSV) and `manifest.json` (same shape as `nianbao ingest` writes, schema and
 * catalog version). Unzipped, the folder is a dataset `nianbao serve` and the dashboard load; the ZIP itself can
 * be dropped on the dashboard, which opens its Parquet tables (`datasetZipTables`). Zipped with fflate: Parquet
 * stored (it is compressed already), CSV and JSON deflated. Parquet here is snappy (hyparquet-writer has no zstd
 * encoder), where ingest writes zstd; both read the same. The PDFs of the reports read go in as `files/<sha256>.pdf`
 * and in `manifest.files`, exactly as `nianbao ingest` ships them (dataset/files.ts), so the Town profile draws
 * their pages wherever the ZIP is opened: unzipped and hosted or served, or dropped whole (`datasetZipTables`
 * hands them to `onPdfs`).
 */
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { CATALOG_VERSION } from '../catalog/index.ts';
import { SCHEMA_VERSION, TABLES, type Manifest, type TableName } from '../dataset/schema.ts';
import { isFilePath, pdfPath, type DatasetFile } from '../dataset/files.ts';
import { toCsv } from '../export/csv.ts';
import { toParquet, type ParquetColumn, type ParquetColumnType } from '../export/parquet.ts';

const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Row order of each table, as the ingest writer sorts them (facts by metric so filters prune row groups). */
const ORDER: Record<TableName, readonly string[]> = {
	facts: ['metric', 'year', 'report_id'],
	reports: ['report_id'],
	issues: ['report_id', 'severity', 'subject'],
	texts: ['report_id']
};

const PARQUET_TYPE: Record<string, ParquetColumnType> = { VARCHAR: 'STRING', SMALLINT: 'INT32', INTEGER: 'INT32', DOUBLE: 'DOUBLE', BOOLEAN: 'BOOLEAN' };

function columns(table: TableName): ParquetColumn[] {
	return Object.entries(TABLES[table]).map(([name, type]) => {
		const t = PARQUET_TYPE[type as string];
		if (!t) throw new Error(`${table}.${name}: no Parquet type for ${type}`);
		return { name, type: t };
	});
}

function compare(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return 1;
	if (b === null || b === undefined) return -1;
	return a < b ? -1 : 1;
}

function sorted(table: TableName, rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
	const keys = ORDER[table];
	return [...rows].sort((x, y) => {
		for (const k of keys) {
			const c = compare(x[k], y[k]);
			if (c) return c;
		}
		return 0;
	});
}

export type DatasetRows = { [T in TableName]: readonly Record<string, unknown>[] };

/** A dataset name: letters, digits, `.`, `_`, `-` (what the dashboard and `?ds=` accept). */
export function datasetName(s: string): string {
	return s.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 60) || 'reports';
}

/** A report's PDF for the ZIP: its bytes and their SHA-256 (`reports.sha256` of the report). */
export interface ZipPdf {
	report_id: string;
	sha256: string;
	data: Uint8Array;
}

/** The ZIP of the dataset made of `rows` (with the PDFs of its reports, stored once per content), and its manifest. */
export function datasetZip(rows: DatasetRows, meta: { name: string; title: string; createdAt?: Date }, pdfs: readonly ZipPdf[] = []): { zip: Uint8Array; manifest: Manifest } {
	const name = datasetName(meta.name);
	const files: Zippable = {};
	const tables = {} as Manifest['tables'];
	for (const t of TABLE_NAMES) {
		const cols = columns(t);
		const data = sorted(t, rows[t]);
		const parquet = new Uint8Array(toParquet(data, cols));
		const csv = strToU8(toCsv(data, cols.map((c) => c.name)));
		files[`${t}.parquet`] = [parquet, { level: 0 }];
		files[`${t}.csv`] = [csv, { level: 6 }];
		tables[t] = { rows: data.length, parquet: `${t}.parquet`, csv: `${t}.csv`, bytes: parquet.length + csv.length };
	}
	const count = (col: string) => {
		const out: Record<string, number> = {};
		for (const r of rows.reports) {
			const k = String(r[col] ?? 'unknown');
			out[k] = (out[k] ?? 0) + 1;
		}
		return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
	};
	const years = [...new Set(rows.reports.map((r) => r.year).filter((y): y is number => typeof y === 'number'))].sort((a, b) => a - b);
	const manifest: Manifest = {
		name,
		title: meta.title,
		schema_version: SCHEMA_VERSION,
		catalog_version: CATALOG_VERSION,
		created_at: (meta.createdAt ?? new Date()).toISOString(),
		synthetic: false,
		tables,
		summary: { reports: rows.reports.length, by_format: count('format'), by_status: count('status'), years }
	};
	const shipped = new Map<string, DatasetFile>();
	for (const p of pdfs) {
		const path = pdfPath(p.sha256);
		const known = shipped.get(path);
		if (known) {
			if (!known.reports.includes(p.report_id)) known.reports.push(p.report_id);
			continue;
		}
		shipped.set(path, { path, bytes: p.data.length, sha256: p.sha256, type: 'pdf', reports: [p.report_id] });
		// Stored: a PDF's streams are compressed already.
		files[path] = [p.data, { level: 0 }];
	}
	if (shipped.size) manifest.files = [...shipped.values()].map((f) => ({ ...f, reports: f.reports.sort() })).sort((a, b) => a.path.localeCompare(b.path));
	files['manifest.json'] = [strToU8(JSON.stringify(manifest, null, 2) + '\n'), { level: 6 }];
	const mtime = meta.createdAt ?? new Date();
	return { zip: zipSync({ [name]: files }, { mtime }), manifest };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Receives the report PDFs of a dropped dataset ZIP (`files/<sha256>.pdf` → bytes). */
export type OnPdfs = (pdfs: [sha256: string, data: Blob][]) => void;

/**
 * A dropped ZIP that is a nianbao dataset (a `manifest.json` with `schema_version` and `tables`, beside
 * Parquet tables) → its Parquet tables as files for the dataset loader; null for any other file (a Word
 * document is a ZIP too). CSV copies are left out: the Parquet files carry the same rows, typed. Its report
 * PDFs (`files/<sha256>.pdf`) go to `onPdfs`.
 */
export async function datasetZipTables(file: File, onPdfs?: OnPdfs): Promise<File[] | null> {
	const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
	if (!ZIP_MAGIC.every((b, i) => head[i] === b)) return null;
	let entries: Record<string, Uint8Array>;
	try {
		const bytes = new Uint8Array(await file.arrayBuffer());
		const names: string[] = [];
		unzipSync(bytes, { filter: (f) => (names.push(f.name), false) });
		const manifest = names.find((n) => /(?:^|\/)manifest\.json$/.test(n));
		if (!manifest) return null;
		const dir = manifest.slice(0, -'manifest.json'.length);
		const wanted = (n: string) => /^[\w.-]+\.parquet$/.test(n) || (!!onPdfs && isFilePath(n));
		entries = unzipSync(bytes, { filter: (f) => f.name === manifest || (f.name.startsWith(dir) && wanted(f.name.slice(dir.length))) });
		const m = JSON.parse(new TextDecoder().decode(entries[manifest])) as Partial<Manifest>;
		if (typeof m.schema_version !== 'number' || !m.tables) return null;
		delete entries[manifest];
	} catch {
		return null;
	}
	const pdfs: [string, Blob][] = [];
	for (const [n, data] of Object.entries(entries)) {
		const m = /(?:^|\/)files\/([0-9a-f]{64})\.pdf$/.exec(n);
		if (!m) continue;
		pdfs.push([m[1], new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/pdf' })]);
		delete entries[n];
	}
	if (pdfs.length) onPdfs?.(pdfs);
	const out = Object.entries(entries).map(([n, data]) => new File([data as Uint8Array<ArrayBuffer>], n.split('/').pop()!, { type: 'application/vnd.apache.parquet' }));
	return out.length ? out : null;
}

/** Dropped files with every dataset ZIP replaced by its Parquet tables (its PDFs to `onPdfs`). */
export async function expandDatasetZips(files: readonly File[], onPdfs?: OnPdfs): Promise<File[]> {
	const out: File[] = [];
	for (const f of files) out.push(...((await datasetZipTables(f, onPdfs).catch(() => null)) ?? [f]));
	return out;
}
