/**
 * `synth --facts-only`: a loadable dataset straight from the value model, for performance benchmarks at
 * national scale (40,000 towns × 7 years ≈ 280,000 reports, tens of millions of facts). No documents are
 * rendered or parsed, so these numbers are *not* ingest output: the manifest says synthetic and names the
 * generator. Same columns and sort order as src/node/write-dataset.ts; Parquet only (CSV at this size
 * would help nobody), issues and texts present but empty.
 */
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { claimOutput } from '../out-folder.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { CATALOG_VERSION, metric } from '../../lib/catalog/index.ts';
import { SCHEMA_VERSION, TABLES, TABLE_NAMES, type Manifest, type TableName } from '../../lib/dataset/schema.ts';
import { levelOf } from '../../lib/parser/meta.ts';
import { GENERATOR_NAME } from '../../lib/synth/generate.ts';
import { simulateOrg } from '../../lib/synth/model.ts';
import type { Org } from '../../lib/synth/orgs.ts';

const ORDER: Record<TableName, string> = { facts: 'metric, year, report_id', reports: 'report_id', issues: 'report_id, severity, subject', texts: 'report_id' };

export interface FactsOnlyOptions {
	out: string;
	seed: number;
	years: number[];
	name: string;
	args: string;
	onOrg?: (done: number, total: number) => void;
}

export async function writeFactsOnly(orgs: Org[], opts: FactsOnlyOptions): Promise<Manifest> {
	// Locked temporary folder; only a missing, empty or nianbao dataset folder is ever replaced (out-folder.ts).
	const claim = await claimOutput(opts.out);
	const tmp = claim.tmp;
	// Up to ~2 million facts DuckDB works in memory (fastest); beyond, a file-backed database keeps memory
	// bounded (a national set is ~58 million facts: 1.8 GB peak instead of ~9 GB).
	const small = orgs.length * opts.years.length <= 10_000;
	const dbFile = join(tmp, '.build.duckdb');
	const db = await DuckDBInstance.create(small ? ':memory:' : dbFile, { temp_directory: join(tmp, '.spill'), ...(small ? {} : { memory_limit: '1GB' }) });
	const con = await db.connect();
	try {
		for (const name of TABLE_NAMES) await con.run(`CREATE TABLE ${name} (${Object.entries(TABLES[name]).map(([c, t]) => `${c} ${t}`).join(', ')})`);
		const facts = await con.createAppender('facts');
		const reports = await con.createAppender('reports');
		const units = new Map<string, string>();
		const unitOf = (id: string) => units.get(id) ?? (units.set(id, metric(id)?.unit ?? 'count'), units.get(id)!);
		let nFacts = 0;
		let nReports = 0;
		orgs.forEach((org, i) => {
			for (const { year, format, values } of simulateOrg(org, opts.years, opts.seed)) {
				const id = `${org.code}-${org.place}-${year}`;
				for (const [m, v] of Object.entries(values)) {
					facts.appendVarchar(id);
					facts.appendSmallInt(year);
					facts.appendVarchar(m);
					facts.appendDouble(v);
					facts.appendVarchar(unitOf(m));
					facts.appendVarchar(m.startsWith('t3.other_handling.') && format === '2021' ? 'derived' : '');
					facts.appendVarchar(String(v));
					// span_start, span_end and the PDF provenance (page, box): no document behind these facts.
					for (let k = 0; k < 7; k++) facts.appendNull();
					facts.endRow();
					nFacts++;
				}
				const n = Object.keys(values).length;
				const row: (string | number | boolean | null)[] = [id, org.name, levelOf(org.name), org.province, org.city, org.district, year, null, format, `${id}.synthetic`, null, null, null, '', 'ok', false, n, 0, 0, 0, null];
				Object.values(TABLES.reports).forEach((type, k) => {
					const v = row[k];
					if (v === null) reports.appendNull();
					else if (type === 'VARCHAR') reports.appendVarchar(String(v));
					else if (type === 'SMALLINT') reports.appendSmallInt(Number(v));
					else if (type === 'INTEGER') reports.appendInteger(Number(v));
					else reports.appendBoolean(Boolean(v));
				});
				reports.endRow();
				nReports++;
			}
			opts.onOrg?.(i + 1, orgs.length);
		});
		facts.flushSync();
		facts.closeSync();
		reports.flushSync();
		reports.closeSync();
		const counts: Record<TableName, number> = { facts: nFacts, reports: nReports, issues: 0, texts: 0 };
		const tables = {} as Manifest['tables'];
		for (const name of TABLE_NAMES) {
			const file = join(tmp, `${name}.parquet`);
			await con.run(`COPY (SELECT * FROM ${name} ORDER BY ${ORDER[name]}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
			tables[name] = { rows: counts[name], parquet: `${name}.parquet`, csv: '', bytes: (await stat(file)).size };
		}
		const byFormat = Object.fromEntries((await con.runAndReadAll(`SELECT format, count(*)::INTEGER FROM reports GROUP BY 1 ORDER BY 1`)).getRows().map(([k, n]) => [String(k), Number(n)]));
		const manifest: Manifest = {
			name: opts.name,
			title: `${opts.name} (synthetic facts, not read from documents)`,
			schema_version: SCHEMA_VERSION,
			catalog_version: CATALOG_VERSION,
			created_at: new Date().toISOString(),
			synthetic: true,
			generator: { name: `${GENERATOR_NAME} --facts-only`, seed: opts.seed, args: opts.args },
			tables,
			summary: { reports: nReports, by_format: byFormat, by_status: { ok: nReports }, years: opts.years }
		};
		await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
		con.closeSync();
		await rm(join(tmp, '.spill'), { recursive: true, force: true });
		await rm(dbFile, { force: true });
		await rm(`${dbFile}.wal`, { force: true });
		await claim.commit();
		return manifest;
	} catch (e) {
		try {
			con.closeSync();
		} catch {
			/* already closed */
		}
		await claim.release();
		throw e;
	}
}
