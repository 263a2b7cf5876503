/**
 * `npm run dataset:national [-- --towns N] [--out datasets/national] [--seed N] [--name national]`: the whole country as a
 * synthetic dataset (`nianbao synth --facts-only`: every province × 2019–2025, marked synthetic, numbers from the
 * value model, no documents), laid out for a browser that reads only what a view needs
 * (src/lib/dataset/layout.ts): facts in one Parquet file per province, rollups per nation / province / city /
 * district, baked aggregates, and a manifest with every part's rows and byte ranges.
 *
 * Without --towns every town and street of the country (~41,000 × 7 years ≈ 57 M facts; measured: ~9 min wall on a shared 2-core machine at load 2–8, 80 min at load 18–36; peak 2.5 GB — see README “The national dataset”).
 * With --towns N, every k-th town of the country, so all provinces stay present at a fraction of the size. The
 * generated facts are kept in `.tmp/national-src-<N>` and reused by the next run with the same arguments.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { CATALOG_VERSION } from '../src/lib/catalog/index.ts';
import { aggregateSql } from '../src/lib/db/setup-sql.ts';
import { indicatorSetupSql } from '../src/lib/queries/indicators.ts';
import { FACTS_ROW_GROUP, ROLLUP_LEVELS, SUMMARY_TABLES, SUMMARY_TABLE_NAMES, type FactsPart, type SummaryFile, type LayoutManifest, type PartYear, type RollupFile, type RollupLevel } from '../src/lib/dataset/layout.ts';
import { SCHEMA_VERSION, TABLES, type Manifest } from '../src/lib/dataset/schema.ts';
import { parseYears } from '../src/lib/synth/generate.ts';
import { selectOrgs, type Org } from '../src/lib/synth/orgs.ts';
import { loadDivisions } from '../src/node/synth/divisions.ts';
import { writeFactsOnly } from '../src/node/synth/facts-only.ts';
import { bakeAggregates } from '../src/node/bake.ts';

export const DEFAULT_SEED = 20190515;
const YEARS = '2019-2025';

/** Every k-th town of the whole country (all of them without `towns`), so a small run still spans every province. */
export function nationalOrgs(towns?: number): Org[] {
	const all = selectOrgs(loadDivisions(), {});
	if (towns === undefined || towns >= all.length) return all;
	return Array.from({ length: towns }, (_, i) => all[Math.floor((i * all.length) / towns)]);
}

function lit(s: string): string {
	return `'${s.replaceAll("'", "''")}'`;
}

async function rows<T>(con: DuckDBConnection, sql: string): Promise<T[]> {
	const r = await con.runAndReadAll(sql);
	return r.getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}

/** Row groups of a Parquet file: rows and the byte range [start, end) their column chunks occupy. */
export async function rowGroupRanges(file: string): Promise<{ rows: number; start: number; end: number }[]> {
	const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
	return meta.row_groups.map((rg) => {
		let start = Infinity;
		let end = 0;
		for (const c of rg.columns) {
			const m = c.meta_data!;
			const s = Number(m.dictionary_page_offset ?? m.data_page_offset);
			start = Math.min(start, s, Number(m.data_page_offset));
			end = Math.max(end, s + Number(m.total_compressed_size));
		}
		return { rows: Number(rg.num_rows), start, end };
	});
}

/** Per year (rows sorted by year): its row range and the byte range of the row groups holding it. */
export function yearRanges(counts: { year: number; n: number }[], groups: { rows: number; start: number; end: number }[]): PartYear[] {
	const out: PartYear[] = [];
	let row = 0;
	for (const { year, n } of counts) {
		const rowStart = row;
		const rowEnd = row + n;
		row = rowEnd;
		let g0 = 0;
		let byteStart = Infinity;
		let byteEnd = 0;
		for (const g of groups) {
			const g1 = g0 + g.rows;
			if (g0 < rowEnd && g1 > rowStart) {
				byteStart = Math.min(byteStart, g.start);
				byteEnd = Math.max(byteEnd, g.end);
			}
			g0 = g1;
		}
		out.push({ year, rows: n, row_start: rowStart, row_end: rowEnd, byte_start: byteStart, byte_end: byteEnd });
	}
	return out;
}

/** Generate (or reuse) the facts-only source for this selection. */
async function source(towns: number | undefined, seed: number, cache = '.tmp'): Promise<string> {
	const dir = resolve(cache, `national-src-${towns ?? 'all'}-${seed}`);
	if (existsSync(join(dir, 'manifest.json'))) {
		process.stderr.write(`reusing ${dir}\n`);
		return dir;
	}
	const orgs = nationalOrgs(towns);
	const t0 = performance.now();
	const m = await writeFactsOnly(orgs, {
		out: dir,
		seed,
		years: parseYears(YEARS),
		name: 'national',
		args: `--facts-only --years ${YEARS} --seed ${seed} ${towns === undefined ? '(every town and street)' : `--towns ${towns} (every ${(41_000 / towns).toFixed(1)}th town of the country)`}`,
		onOrg: (done, total) => done % 5000 === 0 && process.stderr.write(`  ${done}/${total} organisations\n`)
	});
	process.stderr.write(`generated ${m.tables.facts.rows.toLocaleString('en')} facts in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
	return dir;
}

export interface NationalOptions {
	out: string;
	towns?: number;
	seed?: number;
	/** Where the generated facts are kept for the next run (default `.tmp`). */
	cache?: string;
	/** The dataset's name in its manifest (default `national`; the e2e build uses its own). */
	name?: string;
}

export async function buildNational(opts: NationalOptions): Promise<Manifest & LayoutManifest> {
	const seed = opts.seed ?? DEFAULT_SEED;
	const src = await source(opts.towns, seed, opts.cache);
	const srcManifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8')) as Manifest;
	const target = resolve(opts.out);
	const tmp = `${target}.tmp-${process.pid}`;
	await rm(tmp, { recursive: true, force: true });
	await mkdir(join(tmp, 'facts'), { recursive: true });
	await mkdir(join(tmp, 'rollups'), { recursive: true });
	const t0 = performance.now();
	// A file-backed database keeps memory bounded at national size.
	const db = await DuckDBInstance.create(join(tmp, '.build.duckdb'), { memory_limit: '2GB', temp_directory: join(tmp, '.spill') });
	const con = await db.connect();
	try {
		const codes = new Map(loadDivisions().provinces.map((p) => [p.name, p.code.slice(0, 2)]));
		const file = (n: string) => lit(join(src, `${n}.parquet`));
		await con.run(`CREATE TABLE reports AS SELECT * FROM read_parquet(${file('reports')})`);
		await con.run(`CREATE TABLE pcode (province VARCHAR, code VARCHAR)`);
		await con.run(`INSERT INTO pcode VALUES ${[...codes].map(([n, c]) => `(${lit(n)}, ${lit(c)})`).join(', ')}`);
		const factCols = Object.keys(TABLES.facts).map((c) => `f.${c}`).join(', ');
		await con.run(`CREATE TABLE facts_sorted AS
SELECT ${factCols}, r.province FROM read_parquet(${file('facts')}) f JOIN reports r USING (report_id)
ORDER BY r.province, f.year, f.metric, f.report_id`);
		const provinces = await rows<{ province: string; n: number }>(con, 'SELECT province, count(*) AS n FROM facts_sorted GROUP BY 1 ORDER BY 1');
		const parts: FactsPart[] = [];
		for (const { province, n } of provinces) {
			const code = codes.get(province);
			if (!code || !/^\d{2}$/.test(code)) throw new Error(`no division code for province "${province}"`);
			const rel = `facts/${code}.parquet`;
			const out = join(tmp, rel);
			const where = `province = ${lit(province)}`;
			await con.run(`COPY (SELECT ${Object.keys(TABLES.facts).join(', ')} FROM facts_sorted WHERE ${where} ORDER BY year, metric, report_id)
TO ${lit(out)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${FACTS_ROW_GROUP})`);
			const counts = await rows<{ year: number; n: number }>(con, `SELECT year::INTEGER AS year, count(*) AS n FROM facts_sorted WHERE ${where} GROUP BY 1 ORDER BY 1`);
			const groups = await rowGroupRanges(out);
			parts.push({ province, file: rel, rows: n, bytes: (await stat(out)).size, row_groups: groups.length, years: yearRanges(counts, groups) });
			process.stderr.write(`  ${rel} ${province}: ${n.toLocaleString('en')} facts, ${groups.length} row groups\n`);
		}
		const tables = {} as Manifest['tables'];
		const copy = async (name: 'reports' | 'issues' | 'texts', select: string) => {
			const out = join(tmp, `${name}.parquet`);
			await con.run(`COPY (${select}) TO ${lit(out)} (FORMAT parquet, COMPRESSION zstd)`);
			tables[name] = { rows: srcManifest.tables[name].rows, parquet: `${name}.parquet`, csv: '', bytes: (await stat(out)).size };
		};
		await copy('reports', 'SELECT * FROM reports ORDER BY province, city, district, year, report_id');
		await copy('issues', `SELECT * FROM read_parquet(${file('issues')})`);
		await copy('texts', `SELECT * FROM read_parquet(${file('texts')})`);
		tables.facts = { rows: parts.reduce((a, p) => a + p.rows, 0), parquet: '', csv: '', bytes: parts.reduce((a, p) => a + p.bytes, 0) };

		// Each province's summary (layout.ts): the Overview's tables computed by the browser's own SQL over the
		// province's facts, so the province's Overview and its filters never need the facts themselves.
		await con.run(`CREATE VIEW facts AS SELECT ${Object.keys(TABLES.facts).join(', ')} FROM facts_sorted`);
		for (const sql of [...indicatorSetupSql(), ...aggregateSql()]) await con.run(sql);
		for (const part of parts) {
			const code = part.file.slice('facts/'.length, -'.parquet'.length);
			part.summary = [];
			for (const table of SUMMARY_TABLE_NAMES) {
				const rel = `rollups/${code}-${table}.parquet`;
				const cols = Object.entries(SUMMARY_TABLES[table]).map(([c, t]) => `CAST(${c} AS ${t}) AS ${c}`);
				const order = table === 'reports' ? 'city, district, org, year, report_id' : table === 'agg_ind' ? 'city, district, indicator, year' : 'city, district, year, metric';
				const sql = `SELECT ${cols.join(', ')} FROM ${table} WHERE province = ${lit(part.province)}`;
				await con.run(`COPY (${sql} ORDER BY ${order}) TO ${lit(join(tmp, rel))} (FORMAT parquet, COMPRESSION zstd)`);
				const [{ n }] = await rows<{ n: number }>(con, `SELECT count(*) AS n FROM (${sql})`);
				part.summary.push({ table, file: rel, rows: n, bytes: (await stat(join(tmp, rel))).size } satisfies SummaryFile);
			}
		}

		// Rollups: one pass with grouping sets, then one file per level.
		const keys: Record<RollupLevel, string[]> = { nation: [], province: ['province'], city: ['province', 'city'], district: ['province', 'city', 'district'] };
		await con.run(`CREATE TABLE rollup AS
SELECT r.province, r.city, r.district, CAST(f.year AS INTEGER) AS year, r.format, f.metric,
  sum(f.value) AS value, CAST(count(f.value) AS INTEGER) AS n_values, CAST(count(*) AS INTEGER) AS n_rows,
  CAST(GROUPING(r.province, r.city, r.district) AS INTEGER) AS g
FROM facts_sorted f JOIN reports r USING (report_id)
WHERE r.status <> 'failed' AND f.year IS NOT NULL
GROUP BY GROUPING SETS (${ROLLUP_LEVELS.map((l) => `(${[...keys[l].map((k) => `r.${k}`), 'f.year', 'r.format', 'f.metric'].join(', ')})`).join(', ')})`);
		const rollups: RollupFile[] = [];
		for (const level of ROLLUP_LEVELS) {
			const k = keys[level];
			const g = ['province', 'city', 'district'].reduce((acc, col, i) => acc | ((k.includes(col) ? 0 : 1) << (2 - i)), 0);
			const rel = `rollups/${level}.parquet`;
			const cols = [...k, 'year', 'format', 'metric', 'value', 'n_values', 'n_rows'];
			await con.run(`COPY (SELECT ${cols.join(', ')} FROM rollup WHERE g = ${g} ORDER BY ${[...k, 'year', 'metric', 'format'].join(', ')})
TO ${lit(join(tmp, rel))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${FACTS_ROW_GROUP})`);
			const [{ n }] = await rows<{ n: number }>(con, `SELECT count(*) AS n FROM rollup WHERE g = ${g}`);
			rollups.push({ level, file: rel, rows: n, bytes: (await stat(join(tmp, rel))).size });
		}
		const manifest: Manifest & LayoutManifest = {
			name: opts.name ?? 'national',
			title: `全国 模拟数据 · 各省 乡镇街道 2019-2025`,
			title_en: 'Synthetic national data · towns and streets of every province, 2019-2025 (not read from documents)',
			schema_version: SCHEMA_VERSION,
			catalog_version: CATALOG_VERSION,
			created_at: new Date().toISOString(),
			synthetic: true,
			generator: srcManifest.generator,
			tables,
			summary: srcManifest.summary,
			layout: 'by-province',
			parts,
			rollups
		};
		await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
		con.closeSync();
		await rm(join(tmp, '.build.duckdb'), { force: true });
		await rm(join(tmp, '.build.duckdb.wal'), { force: true });
		await rm(join(tmp, '.spill'), { recursive: true, force: true });
		// Provinces and the nation only: deeper scopes of a province come from its rollups (all 340 cities would be MBs).
		await bakeAggregates(tmp, { levels: ['all', 'province'] });
		await mkdir(dirname(target), { recursive: true });
		await rm(target, { recursive: true, force: true });
		await rename(tmp, target);
		process.stderr.write(`laid out in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
		return manifest;
	} catch (e) {
		try {
			con.closeSync();
		} catch {
			/* closed */
		}
		await rm(tmp, { recursive: true, force: true });
		throw e;
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { values } = parseArgs({ options: { towns: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, name: { type: 'string' } } });
	const int = (name: string, s: string | undefined) => {
		if (s === undefined) return undefined;
		if (!/^\d+$/.test(s) || Number(s) < 1) throw new Error(`--${name} must be a positive whole number, got "${s}"`);
		return Number(s);
	};
	if (values.name !== undefined && !/^[\w.-]+$/.test(values.name)) throw new Error(`--name must be letters, digits, . _ or -, got "${values.name}"`);
	const m = await buildNational({ out: values.out ?? 'datasets/national', towns: int('towns', values.towns), seed: int('seed', values.seed), name: values.name });
	const mb = (b: number) => (b / 1e6).toFixed(1);
	process.stdout.write(
		`wrote ${values.out ?? 'datasets/national'}: ${m.tables.facts.rows.toLocaleString('en')} facts, ${m.tables.reports.rows.toLocaleString('en')} reports, ` +
			`${m.parts?.length} province files (${mb(m.tables.facts.bytes)} MB), rollups ${m.rollups?.map((r) => `${r.level} ${r.rows.toLocaleString('en')} rows`).join(', ')}\n`
	);
}
