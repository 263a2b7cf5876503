/**
 * The national layout keeps its promises on a small national set (every ~270th town of the country): every
 * province has its own facts file, the manifest's row and byte ranges are where the rows are (a year read through
 * hyparquet from its byte range holds exactly that year's rows), the rollups add up to the facts, the baked
 * aggregates cover the nation and every province, each province's summary holds exactly what the browser's SQL
 * gives on that province's facts, and `nianbao serve` on the layout answers like native DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { SUMMARY_TABLES, SUMMARY_TABLE_NAMES } from '../../../src/lib/dataset/layout.ts';
import { lit } from '../../../src/lib/db/sql.ts';
import { setupSql } from '../../../src/lib/db/setup-sql.ts';
import { AGGREGATES_FILE, bakedLookup, bakedScope, type BakedAggregates } from '../../../src/lib/dataset/aggregates.ts';
import { readBaked } from '../../../src/node/bake.ts';
import { nodeConnector } from '../../../src/node/duckdb-connector.ts';
import { serve, type RunningServer } from '../../../src/node/serve.ts';
import { RestConnector } from '../../../src/lib/db/rest.ts';
import { loadOverview, REPORT_COUNT_COLUMNS, sameOrgsQuery } from '../../../src/lib/queries/overview.ts';
import { loadIndicators } from '../../../src/lib/queries/indicators.ts';
import { OVERVIEW_RATES } from '../../../src/lib/catalog/headlines.ts';
import { loadSeries } from '../../../src/lib/queries/series.ts';
import { useNationalDataset } from '../../helpers/national-dataset.ts';

describe('the national layout', () => {
	const ds = useNationalDataset(150);
	const dir = ds.dir;

	it('is marked synthetic and has one facts file per province, all 31, whose rows add up', async () => {
		expect(ds.manifest.synthetic).toBe(true);
		expect(ds.manifest.layout).toBe('by-province');
		const provinces = await ds.native.query<{ province: string }>('SELECT DISTINCT province FROM reports ORDER BY 1');
		expect(provinces.length).toBe(31);
		expect(ds.manifest.parts!.map((p) => p.province).sort()).toEqual(provinces.map((p) => p.province));
		for (const p of ds.manifest.parts!) {
			expect(p.file).toMatch(/^facts\/\d{2}\.parquet$/);
			expect(statSync(join(dir, p.file)).size).toBe(p.bytes);
			expect(p.years.reduce((a, y) => a + y.rows, 0)).toBe(p.rows);
			const [{ n }] = await ds.native.query<{ n: number }>('SELECT count(*) AS n FROM facts_r WHERE province = ?', [p.province]);
			expect(n, p.province).toBe(p.rows);
		}
		expect(ds.manifest.tables.facts.rows).toBe(ds.manifest.parts!.reduce((a, p) => a + p.rows, 0));
	});

	it('puts every year where the manifest says: its row range holds that year only, inside its byte range', async () => {
		for (const p of ds.manifest.parts!.slice(0, 4)) {
			const file = await asyncBufferFromFile(join(dir, p.file));
			const meta = await parquetMetadataAsync(file);
			for (const y of p.years) {
				let years: number[] = [];
				await parquetRead({ file, metadata: meta, columns: ['year'], rowStart: y.row_start, rowEnd: y.row_end, compressors, onComplete: (rows: unknown[][]) => (years = rows.map((r) => Number(r[0]))) });
				expect(years.length).toBe(y.rows);
				expect(new Set(years)).toEqual(new Set([y.year]));
				// Every row group that holds rows of the year lies inside the year's byte range.
				let g0 = 0;
				for (const rg of meta.row_groups) {
					const g1 = g0 + Number(rg.num_rows);
					if (g0 < y.row_end && g1 > y.row_start) {
						for (const c of rg.columns) {
							const start = Number(c.meta_data!.dictionary_page_offset ?? c.meta_data!.data_page_offset);
							expect(start).toBeGreaterThanOrEqual(y.byte_start);
							expect(start + Number(c.meta_data!.total_compressed_size)).toBeLessThanOrEqual(y.byte_end);
						}
					}
					g0 = g1;
				}
			}
		}
	});

	it("gives every province a summary equal to the browser's own SQL over that province's facts and reports alone", async () => {
		const biggest = [...ds.manifest.parts!].sort((a, b) => b.rows - a.rows);
		for (const p of [biggest[0], biggest[biggest.length - 1]]) {
			expect(p.summary!.map((f) => f.table)).toEqual(SUMMARY_TABLE_NAMES);
			// The province alone, as the browser holds it once its facts are in: its facts file and its reports.
			const one = await nodeConnector();
			try {
				await one.query(`CREATE TABLE facts AS SELECT * FROM read_parquet(${lit(join(dir, p.file))})`);
				await one.query(`CREATE TABLE reports AS SELECT * FROM read_parquet(${lit(join(dir, 'reports.parquet'))}) WHERE province = ?`, [p.province]);
				await one.query(`CREATE TABLE issues AS SELECT * FROM read_parquet(${lit(join(dir, 'issues.parquet'))}) LIMIT 0`);
				await one.query(`CREATE TABLE texts AS SELECT * FROM read_parquet(${lit(join(dir, 'texts.parquet'))}) LIMIT 0`);
				for (const sql of setupSql()) await one.query(sql);
				for (const f of p.summary!) {
					expect(statSync(join(dir, f.file)).size).toBe(f.bytes);
					const cols = Object.keys(SUMMARY_TABLES[f.table]).join(', ');
					const file = `read_parquet(${lit(join(dir, f.file))})`;
					const [{ n }] = await one.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${file}`);
					expect(n, f.file).toBe(f.rows);
					// Same rows both ways (multiset difference empty in each direction), and same row count.
					const live = f.table;
					const [{ a, b, n: inLive }] = await one.query<{ a: number; b: number; n: number }>(
						`SELECT CAST((SELECT count(*) FROM (SELECT ${cols} FROM ${file} EXCEPT ALL SELECT ${cols} FROM ${live})) AS INTEGER) AS a,
						        CAST((SELECT count(*) FROM (SELECT ${cols} FROM ${live} EXCEPT ALL SELECT ${cols} FROM ${file})) AS INTEGER) AS b,
						        CAST((SELECT count(*) FROM ${live}) AS INTEGER) AS n`
					);
					expect({ table: f.table, a, b, inLive }).toEqual({ table: f.table, a: 0, b: 0, inLive: f.rows });
					expect(f.rows, f.file).toBeGreaterThan(0);
				}
			} finally {
				one.close();
			}
		}
	});

	it("answers the province's Overview, rates and like-for-like change from its summary alone as from every fact", async () => {
		const biggest = [...ds.manifest.parts!].sort((a, b) => b.rows - a.rows)[0];
		// As the browser holds a province scoped into: the summary's tables and no fact, no facts_r, no indicators_r.
		const one = await nodeConnector();
		try {
			for (const f of biggest.summary!) {
				// Of the reports only the columns the browser inserts at scope-in.
				const names = f.table === 'reports' ? REPORT_COUNT_COLUMNS : Object.keys(SUMMARY_TABLES[f.table]);
				const types: Record<string, string> = SUMMARY_TABLES[f.table];
				const cols = names.map((c) => `CAST(${c} AS ${types[c]}) AS ${c}`).join(', ');
				await one.query(`CREATE TABLE ${f.table} AS SELECT ${cols} FROM read_parquet(${lit(join(dir, f.file))})`);
			}
			const regions = await one.query<{ city: string; district: string }>('SELECT DISTINCT city, district FROM reports ORDER BY ALL');
			const scopes = [
				{ province: biggest.province },
				...[...new Set(regions.map((r) => r.city))].map((city) => ({ province: biggest.province, city })),
				...regions.slice(0, 12).map((r) => ({ province: biggest.province, city: r.city, district: r.district }))
			];
			const years = (await one.query<{ y: number }>('SELECT DISTINCT CAST(year AS INTEGER) AS y FROM reports ORDER BY 1')).map((r) => r.y);
			let rates = 0;
			for (const scope of scopes) {
				const k = JSON.stringify(scope);
				expect(await loadOverview(one, scope, 'agg'), k).toEqual(await loadOverview(ds.native, scope, 'facts'));
				const f = { scope, from: years[0], to: years[years.length - 1] };
				const got = await loadIndicators(one, OVERVIEW_RATES, 'all', f, 'agg');
				expect(got, k).toEqual(await loadIndicators(ds.native, OVERVIEW_RATES, 'all', f, 'facts'));
				rates += Object.values(got).flat().filter((r) => r.value !== null).length;
				for (const y of years.slice(1)) {
					const q = [sameOrgsQuery(scope, y, 'agg'), sameOrgsQuery(scope, y, 'facts')];
					expect(await one.query(q[0].sql, q[0].params), `${k} ${y}`).toEqual(await ds.native.query(q[1].sql, q[1].params));
				}
			}
			expect(rates).toBeGreaterThan(0);
			// The summary holds no per-report or per-organisation table the browser would have to take in.
			const [{ n }] = await one.query<{ n: number }>("SELECT CAST(count(*) AS INTEGER) AS n FROM duckdb_tables() WHERE table_name IN ('facts', 'agg_org', 'indicators_r')");
			expect(n).toBe(0);
		} finally {
			one.close();
		}
	});

	it('has rollups per nation, province, city and district that add up to the facts', async () => {
		expect(ds.manifest.rollups!.map((r) => r.level)).toEqual(['nation', 'province', 'city', 'district']);
		const want = await ds.native.query(
			"SELECT year::INTEGER AS year, metric, sum(value) AS value, count(value)::INTEGER AS n FROM facts_r WHERE status <> 'failed' GROUP BY ALL ORDER BY ALL"
		);
		for (const r of ds.manifest.rollups!) {
			const file = join(dir, r.file).replaceAll("'", "''");
			const got = await ds.native.query(`SELECT year, metric, sum(value) AS value, sum(n_values)::INTEGER AS n FROM read_parquet('${file}') GROUP BY ALL ORDER BY ALL`);
			expect(got, r.level).toEqual(want);
			const [{ n }] = await ds.native.query<{ n: number }>(`SELECT count(*) AS n FROM read_parquet('${file}')`);
			expect(n).toBe(r.rows);
		}
	});

	it('bakes the nation (in the root) and every province (each in its own part)', async () => {
		const baked = JSON.parse(readFileSync(join(dir, AGGREGATES_FILE), 'utf8')) as BakedAggregates;
		expect(baked.levels).toEqual(['all', 'province']);
		expect(bakedScope(baked, {})).not.toBeNull();
		const files = await readBaked(dir);
		const lookup = bakedLookup(files.root, files.parts);
		for (const p of ds.manifest.parts!) expect((await lookup.scopeOf({ province: p.province }))?.scope.province, p.province).toBe(p.province);
	});

	describe('served by nianbao serve', () => {
		let server: RunningServer;
		beforeAll(async () => {
			server = await serve({ dir, port: 0, pool: 2 });
		}, 300_000);
		afterAll(() => server?.close());

		it('answers the Overview and a series like native DuckDB, for the nation and a province', async () => {
			const rest = new RestConnector({ url: server.url });
			for (const scope of [{}, { province: ds.manifest.parts![0].province }]) {
				expect(await loadOverview(rest, scope, 'agg')).toEqual(await loadOverview(ds.native, scope, 'agg'));
				expect(await loadSeries(rest, 'n.proactive.items', { scope })).toEqual(await loadSeries(ds.native, 'n.proactive.items', { scope }));
			}
		});
	});
});
