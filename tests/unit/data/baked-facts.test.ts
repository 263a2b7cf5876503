/**
 * The light embed's Parquet path evaluates the views' series queries in JS: on the shipped datasets, for metrics
 * of every grade, scopes and picked towns, it gives exactly the rows DuckDB gives for the same query modules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { continuityRows, defaultTownRows, outlierRows, readColumns, readSeriesFacts, seriesRows, type SeriesFact } from '../../../src/lib/data/baked-facts.ts';
import { seriesQuery, resolveSeries, type SeriesInfo } from '../../../src/lib/queries/series.ts';
import { continuityQuery, REGIONS_SQL, type RegionRow } from '../../../src/lib/queries/overview.ts';
import { defaultTownsQuery, outlierQuery } from '../../../src/lib/queries/compare.ts';
import { loadTowns } from '../../../src/lib/towns.ts';
import { METRICS } from '../../../src/lib/catalog/index.ts';
import type { Scope } from '../../../src/lib/url-params.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));
const fileReader = async (path: string, columns: string[]) => {
	const b = readFileSync(path);
	return readColumns(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, columns);
};
/** One metric of each grade, plus the embed default and a penalty count. */
const PICKED = [
	'n.proactive.items',
	't2.admin_penalty.decisions',
	...(['A', 'B', 'C', 'X'] as const).map((g) => METRICS.find((m) => m.grade === g && m.id.startsWith('t3'))?.id).filter((x): x is string => !!x)
];
const sortRows = <T>(rows: T[]) => [...rows].map((r) => JSON.stringify(r)).sort();
const norm = (rows: readonly Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

describe.each(DATASETS)('the Parquet path of %s', (dir) => {
	let conn: NativeConnector;
	let scopes: Partial<Scope>[];
	let townSets: { org: string; district: string | null }[][];
	const facts = new Map<string, { info: SeriesInfo; rows: SeriesFact[] }>();
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, dir);
		const regions = (await conn.query(REGIONS_SQL)) as unknown as RegionRow[];
		const r = regions.find((x) => x.district) ?? regions[0];
		scopes = [{}, { province: r.province }, { province: r.province, city: r.city, district: r.district }];
		const towns = await loadTowns(conn);
		townSets = [towns.slice(0, 3), towns.slice(-4)].map((ts) => ts.map(({ org, district }) => ({ org, district })));
		for (const id of PICKED) {
			const info = resolveSeries(id)!;
			facts.set(id, { info, rows: await readSeriesFacts(`${dir}/facts.parquet`, `${dir}/reports.parquet`, info.members.map((m) => m.id), fileReader) });
		}
	}, 120_000);
	afterAll(() => conn?.close());
	const q = (x: { sql: string; params: unknown[] }) => conn.query(x.sql, x.params as never).then(norm);

	it('reads only the facts of the series asked for', () => {
		for (const [id, f] of facts) expect(f.rows.length, id).toBeGreaterThan(0);
	});

	it('gives the series of every scope, and per picked town between years, as seriesQuery', async () => {
		for (const [id, { info, rows }] of facts) {
			for (const scope of scopes) expect(seriesRows(rows, info, { scope }), `${id} ${JSON.stringify(scope)}`).toEqual(await q(seriesQuery(id, { scope })));
			for (const towns of townSets) {
				const filter = { towns, byTown: true, from: 2020, to: 2024 };
				expect(seriesRows(rows, info, filter), id).toEqual(await q(seriesQuery(id, filter)));
			}
		}
	});

	it('gives the continuity, default towns and outliers as their queries', async () => {
		for (const [id, { info, rows }] of facts) {
			for (const scope of scopes) {
				expect(continuityRows(rows, info.series, scope), id).toEqual(await q(continuityQuery(scope, { by: 'series', series: info.series })));
				expect(defaultTownRows(rows, scope), id).toEqual(await q(defaultTownsQuery(id, scope)));
			}
			for (const towns of [...townSets, defaultTownRows(rows, {})]) {
				for (const mode of ['abs', 'report'] as const) {
					const live = await q(outlierQuery(id, towns, { mode }));
					const js = outlierRows(rows, info, towns, { mode });
					expect(sortRows(js.map((r) => ({ ...r, z: r.z === null ? null : Number(r.z.toFixed(9)) }))), `${id} ${mode}`).toEqual(
						sortRows(live.map((r) => ({ ...r, z: r.z === null ? null : Number((r.z as number).toFixed(9)) })))
					);
				}
			}
		}
	});
});
