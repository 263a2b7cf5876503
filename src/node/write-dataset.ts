/**
 * Writes a dataset folder with real DuckDB: Parquet (zstd; facts sorted by metric and year so filters on
 * them skip row groups), CSV with a UTF-8 BOM so Excel opens Chinese correctly, and manifest.json.
 * Everything is written to a temporary folder first and renamed into place, so a failed run loses nothing.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBAppender } from '@duckdb/node-api';
import { CATALOG_VERSION } from '../lib/catalog/index.ts';
import { SCHEMA_VERSION, TABLES, TABLE_NAMES, type Manifest, type TableName } from '../lib/dataset/schema.ts';

export type TableRows = Record<TableName, Record<string, unknown>[]>;

const ORDER: Record<TableName, string> = {
	facts: 'metric, year, report_id',
	reports: 'report_id',
	issues: 'report_id, severity, subject',
	texts: 'report_id'
};

export async function writeDataset(
	out: string,
	rows: TableRows | { [K in TableName]: object[] },
	meta: { name: string; title: string; synthetic: boolean; generator?: Manifest['generator'] }
): Promise<Manifest> {
	const target = resolve(out);
	const tmp = `${target}.tmp-${process.pid}`;
	await rm(tmp, { recursive: true, force: true });
	await mkdir(tmp, { recursive: true });
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	const tables = {} as Manifest['tables'];
	try {
		for (const name of TABLE_NAMES) {
			const cols = Object.entries(TABLES[name]);
			await con.run(`CREATE TABLE ${name} (${cols.map(([c, t]) => `${c} ${t}`).join(', ')})`);
			const app = await con.createAppender(name);
			for (const r of (rows as TableRows)[name]) appendRow(app, cols, r);
			app.flushSync();
			app.closeSync();
			const parquet = join(tmp, `${name}.parquet`);
			const csv = join(tmp, `${name}.csv`);
			const select = `SELECT * FROM ${name} ORDER BY ${ORDER[name]}`;
			await con.run(`COPY (${select}) TO '${sqlPath(parquet)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
			await con.run(`COPY (${select}) TO '${sqlPath(csv)}' (FORMAT csv, HEADER true)`);
			await writeFile(csv, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(csv)]));
			const bytes = (await stat(parquet)).size + (await stat(csv)).size;
			tables[name] = { rows: (rows as TableRows)[name].length, parquet: `${name}.parquet`, csv: `${name}.csv`, bytes };
		}
		const summary = (
			await con.runAndReadAll(`SELECT
				count(*)::INTEGER AS reports,
				coalesce(list_sort(list(DISTINCT year) FILTER (WHERE year IS NOT NULL)), []) AS years
				FROM reports`)
		).getRowObjectsJson()[0] as { reports: number; years: number[] };
		const countBy = async (col: string) =>
			Object.fromEntries(
				(await con.runAndReadAll(`SELECT coalesce(${col}, 'unknown') AS k, count(*)::INTEGER AS n FROM reports GROUP BY 1 ORDER BY 1`)).getRows().map(([k, n]) => [String(k), Number(n)])
			);
		const manifest: Manifest = {
			name: meta.name,
			title: meta.title,
			schema_version: SCHEMA_VERSION,
			catalog_version: CATALOG_VERSION,
			created_at: new Date().toISOString(),
			synthetic: meta.synthetic,
			...(meta.generator ? { generator: meta.generator } : {}),
			tables,
			summary: { reports: summary.reports, by_format: await countBy('format'), by_status: await countBy('status'), years: summary.years.map(Number) }
		};
		await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
		con.closeSync();
		await mkdir(dirname(target), { recursive: true });
		const old = `${target}.old-${process.pid}`;
		const existed = await stat(target).then(() => true, () => false);
		if (existed) await rename(target, old);
		await rename(tmp, target);
		if (existed) await rm(old, { recursive: true, force: true });
		return manifest;
	} catch (e) {
		await rm(tmp, { recursive: true, force: true });
		throw e;
	}
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
