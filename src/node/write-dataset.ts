/**
 * Writes a dataset folder with real DuckDB: Parquet (zstd; facts sorted by metric and year so filters on
 * them skip row groups), CSV with a UTF-8 BOM so Excel opens Chinese correctly, and manifest.json.
 * Everything is written to a locked temporary folder first and renamed into place (see out-folder.ts), so a
 * failed run loses nothing and a folder that is not a nianbao dataset is never replaced.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { CATALOG_VERSION } from '../lib/catalog/index.ts';
import { csvTextSql } from '../lib/export/csv.ts';
import { claimOutput, type ClaimedOutput } from './out-folder.ts';
import { SCHEMA_VERSION, TABLES, TABLE_NAMES, type Manifest, type TableName } from '../lib/dataset/schema.ts';
import { bakeAggregates } from './bake.ts';
import type { DatasetFile } from '../lib/dataset/files.ts';

export type TableRows = Record<TableName, Record<string, unknown>[]>;

const ORDER: Record<TableName, string> = {
	facts: 'metric, year, report_id',
	reports: 'report_id',
	issues: 'report_id, severity, subject',
	texts: 'report_id'
};

export interface DatasetMeta {
	name: string;
	title: string;
	titleEn?: string;
	synthetic: boolean;
	generator?: Manifest['generator'];
	/** Also write the CSV copies (default). The committed demo skips them to stay small; its manifest then lists csv: "". */
	csv?: boolean;
	/** The report PDFs already copied into the folder's `files/` (ship-files.ts), listed in the manifest. */
	files?: DatasetFile[];
}

/**
 * Streams rows into DuckDB tables as reports are read (so a national batch never sits in JS memory),
 * then exports them in one go. DuckDB spills to a temporary directory beside the output if it must.
 */
export class DatasetWriter {
	private readonly out: string;
	private claim: ClaimedOutput | null = null;
	private tmp = '';
	private con!: DuckDBConnection;
	private appenders = {} as Record<TableName, DuckDBAppender>;
	private counts = {} as Record<TableName, number>;

	constructor(out: string) {
		this.out = out;
	}

	/** The temporary folder being written (empty before `open`). */
	get tmpFolder(): string {
		return this.tmp;
	}

	/** Claims the output folder (throws OutputRefused when it is not ours or is locked) and creates the tables. */
	async open(): Promise<void> {
		this.claim = await claimOutput(this.out);
		this.tmp = this.claim.tmp;
		const db = await DuckDBInstance.create(':memory:', { temp_directory: join(this.tmp, '.spill') });
		this.con = await db.connect();
		for (const name of TABLE_NAMES) {
			await this.con.run(`CREATE TABLE ${name} (${Object.entries(TABLES[name]).map(([c, t]) => `${c} ${t}`).join(', ')})`);
			this.appenders[name] = await this.con.createAppender(name);
			this.counts[name] = 0;
		}
	}

	add(table: TableName, row: object): void {
		appendRow(this.appenders[table], Object.entries(TABLES[table]), row as Record<string, unknown>);
		this.counts[table]++;
	}

	/** Removes reports' facts and texts already added (a duplicate found at the end); returns the facts removed. */
	async dropReports(ids: string[]): Promise<number> {
		if (!ids.length) return 0;
		const list = ids.map((id) => `'${id.replace(/'/g, "''")}'`).join(', ');
		let facts = 0;
		for (const name of ['facts', 'texts'] as const) {
			this.appenders[name].flushSync();
			const n = Number((await this.con.runAndReadAll(`SELECT count(*) FROM ${name} WHERE report_id IN (${list})`)).getRows()[0][0]);
			await this.con.run(`DELETE FROM ${name} WHERE report_id IN (${list})`);
			this.counts[name] -= n;
			if (name === 'facts') facts = n;
		}
		return facts;
	}

	/** Exports Parquet, CSV and the manifest, then moves the folder into place. */
	async finish(meta: DatasetMeta): Promise<Manifest> {
		const con = this.con;
		const tables = {} as Manifest['tables'];
		try {
			for (const name of TABLE_NAMES) {
				this.appenders[name].flushSync();
				this.appenders[name].closeSync();
				const parquet = join(this.tmp, `${name}.parquet`);
				const csv = join(this.tmp, `${name}.csv`);
				const select = `SELECT * FROM ${name} ORDER BY ${ORDER[name]}`;
				await con.run(`COPY (${select}) TO '${sqlPath(parquet)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
				const withCsv = meta.csv !== false;
				if (withCsv) {
					// Text that a spreadsheet would run as a formula (=HYPERLINK(…), @SUM, -2+3) gets the apostrophe the
					// dashboard's downloads give it; the Parquet files keep the text as it was.
					const cols = Object.entries(TABLES[name]).map(([c, t]) => (t === 'VARCHAR' ? `${csvTextSql(c)} AS ${c}` : c));
					await con.run(`COPY (SELECT ${cols.join(', ')} FROM ${name} ORDER BY ${ORDER[name]}) TO '${sqlPath(csv)}' (FORMAT csv, HEADER true)`);
					await prependBom(csv);
				}
				const bytes = (await stat(parquet)).size + (withCsv ? (await stat(csv)).size : 0);
				tables[name] = { rows: this.counts[name], parquet: `${name}.parquet`, csv: withCsv ? `${name}.csv` : '', bytes };
			}
			const years = (await con.runAndReadAll(`SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY 1`)).getRows().map(([y]) => Number(y));
			const countBy = async (col: string) =>
				Object.fromEntries(
					(await con.runAndReadAll(`SELECT coalesce(${col}, 'unknown') AS k, count(*)::INTEGER AS n FROM reports GROUP BY 1 ORDER BY 1`)).getRows().map(([k, n]) => [String(k), Number(n)])
				);
			const manifest: Manifest = {
				name: meta.name,
				title: meta.title,
				...(meta.titleEn ? { title_en: meta.titleEn } : {}),
				schema_version: SCHEMA_VERSION,
				catalog_version: CATALOG_VERSION,
				created_at: new Date().toISOString(),
				synthetic: meta.synthetic,
				...(meta.generator ? { generator: meta.generator } : {}),
				tables,
				summary: { reports: this.counts.reports, by_format: await countBy('format'), by_status: await countBy('status'), years },
				...(meta.files?.length ? { files: meta.files } : {})
			};
			await writeFile(join(this.tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
			con.closeSync();
			await rm(join(this.tmp, '.spill'), { recursive: true, force: true });
			await bakeAggregates(this.tmp);
			await this.claim!.commit();
			return manifest;
		} catch (e) {
			await this.abort();
			throw e;
		}
	}

	/** Drops the half-written folder; the previous dataset (if any) is untouched. */
	async abort(): Promise<void> {
		try {
			this.con?.closeSync();
		} catch {
			/* already closed */
		}
		await this.claim?.release();
	}
}

/** Writes whole tables at once (small datasets, tests, generators). */
export async function writeDataset(out: string, rows: { [K in TableName]: object[] }, meta: DatasetMeta): Promise<Manifest> {
	const w = new DatasetWriter(out);
	await w.open();
	try {
		for (const name of TABLE_NAMES) for (const r of rows[name]) w.add(name, r);
	} catch (e) {
		await w.abort();
		throw e;
	}
	return w.finish(meta);
}

/** Excel needs a BOM to read UTF-8; prepend it by streaming so large CSVs never load into memory. */
async function prependBom(path: string): Promise<void> {
	const tmp = `${path}.bom`;
	const out = createWriteStream(tmp);
	out.write(Buffer.from([0xef, 0xbb, 0xbf]));
	await pipeline(createReadStream(path), out);
	await rename(tmp, path);
}

function appendRow(app: DuckDBAppender, cols: [string, string][], r: Record<string, unknown>): void {
	for (const [c, type] of cols) {
		const v = r[c];
		if (v === null || v === undefined) app.appendNull();
		else if (type === 'VARCHAR') app.appendVarchar(String(v));
		else if (type === 'DOUBLE') app.appendDouble(Number(v));
		else if (type === 'INTEGER') app.appendInteger(Number(v));
		else if (type === 'SMALLINT') app.appendSmallInt(Number(v));
		else if (type === 'BOOLEAN') app.appendBoolean(Boolean(v));
		else throw new Error(`unsupported column type ${type}`);
	}
	app.endRow();
}

function sqlPath(p: string): string {
	return p.replace(/'/g, "''");
}
