/**
 * Bakes `aggregates.json` (contract: src/lib/dataset/aggregates.ts) into a dataset folder at build time: the
 * Overview's figures for every scope and year and the default `/embed` charts, computed by the views' own
 * query modules on native DuckDB — never a second copy of their SQL, so when a view's rule changes (share
 * denominators, year-on-year), the next build bakes the new rule.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connector, Param } from '../lib/db/connector.ts';
import {
	AGGREGATES_FILE,
	AGGREGATES_VERSION,
	BAKE_LEVELS,
	toTable,
	type BakeLevel,
	type BakedAggregates,
	type BakedScope
} from '../lib/dataset/aggregates.ts';
import { REGIONS_SQL, continuityQuery, loadCounts, loadHeadlines, loadOutcomes, sameOrgsQuery, type RegionRow } from '../lib/queries/overview.ts';
import { defaultTownsQuery, outlierQuery } from '../lib/queries/compare.ts';
import { DEFAULT_METRIC } from '../lib/queries/embed.ts';
import { resolveSeries, seriesQuery } from '../lib/queries/series.ts';
import { TOWNS_SQL } from '../lib/towns.ts';
import type { Scope } from '../lib/url-params.ts';
import { nodeConnector } from './duckdb-connector.ts';
import { loadAnyDataset } from './serve.ts';
import { countedSql } from '../lib/db/sql.ts';

export interface BakeOptions {
	/** Scope levels to bake (default all four; a national dataset stops at province). */
	levels?: readonly BakeLevel[];
}

type Q = { sql: string; params: Param[] };
const run = (conn: Connector, q: Q) => conn.query(q.sql, q.params);

/** The scopes of the given levels present in the data, in region order (`all` first). */
export function bakeScopes(regions: readonly RegionRow[], levels: readonly BakeLevel[]): { level: BakeLevel; scope: Scope }[] {
	const out: { level: BakeLevel; scope: Scope }[] = [];
	const seen = new Set<string>();
	const add = (level: BakeLevel, scope: Scope) => {
		const k = `${level}|${scope.province}|${scope.city}|${scope.district}`;
		if (!levels.includes(level) || seen.has(k)) return;
		seen.add(k);
		out.push({ level, scope });
	};
	add('all', { province: null, city: null, district: null });
	for (const r of regions) {
		if (r.province) add('province', { province: r.province, city: null, district: null });
		if (r.city) add('city', { province: r.province, city: r.city, district: null });
		if (r.district) add('district', { province: r.province, city: r.city, district: r.district });
	}
	// Keep each level's scopes together (all, provinces, cities, districts) whatever the region order.
	return out.sort((a, b) => BAKE_LEVELS.indexOf(a.level) - BAKE_LEVELS.indexOf(b.level));
}

/** Everything baked for one scope, from the query modules, on a connection holding the dataset. */
export async function bakeScope(conn: Connector, level: BakeLevel, scope: Scope, years: readonly number[]): Promise<BakedScope> {
	const counts = await loadCounts(conn, scope);
	const countRows = [
		...counts.counts.map((c) => ({ ...c, level: 0 })),
		...counts.perYear.map((c) => ({ ...c, format: null, level: 1 })),
		{ year: null, format: null, reports: counts.totals.reports, orgs: counts.totals.orgs, level: 3 }
	];
	const sameOrgs: BakedScope['same_orgs'] = {};
	for (const y of years) sameOrgs[y] = toTable(await run(conn, sameOrgsQuery(scope, y, 'agg')));
	const towns = (await run(conn, defaultTownsQuery(DEFAULT_METRIC, scope))) as { org: string; district: string | null }[];
	const refs = towns.map((t) => ({ org: t.org, district: t.district }));
	return {
		level,
		scope,
		counts: toTable(countRows, ['year', 'format', 'level', 'reports', 'orgs']),
		headlines: toTable(await loadHeadlines(conn, scope, 'agg')),
		outcomes: toTable(await loadOutcomes(conn, scope, 'agg')),
		same_orgs: sameOrgs,
		trend: toTable(await run(conn, seriesQuery(DEFAULT_METRIC, { scope }))),
		default_towns: toTable(towns),
		compare: toTable(refs.length ? await run(conn, seriesQuery(DEFAULT_METRIC, { towns: refs, byTown: true })) : []),
		outliers: toTable(refs.length ? await run(conn, outlierQuery(DEFAULT_METRIC, refs)) : []),
		continuity: toTable(await run(conn, continuityQuery(scope, { by: 'metric', source: 'agg' }))),
		trend_continuity: toTable(await run(conn, continuityQuery(scope, { by: 'series', series: resolveSeries(DEFAULT_METRIC)!.series })))
	};
}

/** Compute the baked aggregates of a loaded dataset. */
export async function computeAggregates(conn: Connector, manifest: { name: string; created_at: string; catalog_version: string }, options: BakeOptions = {}): Promise<BakedAggregates> {
	const levels = [...(options.levels ?? BAKE_LEVELS)];
	const regions = (await conn.query(REGIONS_SQL)) as unknown as RegionRow[];
	const years = (await conn.query<{ y: number }>(`SELECT DISTINCT year::INTEGER AS y FROM reports WHERE ${countedSql()} ORDER BY 1`)).map((r) => r.y);
	const scopes: BakedScope[] = [];
	for (const { level, scope } of bakeScopes(regions, levels)) scopes.push(await bakeScope(conn, level, scope, years));
	return {
		version: AGGREGATES_VERSION,
		dataset: manifest.name,
		dataset_created_at: manifest.created_at,
		catalog_version: manifest.catalog_version,
		levels,
		years,
		embed_metric: DEFAULT_METRIC,
		towns: toTable(await conn.query(TOWNS_SQL)),
		regions: toTable(regions as unknown as Record<string, unknown>[]),
		scopes
	};
}

/** Load the dataset folder, compute its aggregates and write `aggregates.json` beside its files; returns its size. */
export async function bakeAggregates(dir: string, options: BakeOptions = {}): Promise<{ file: string; bytes: number; scopes: number }> {
	const conn = await nodeConnector();
	try {
		// Compressed in memory, loaded one province at a time: the national dataset (57.5 M facts) would take
		// ~12 GB as plain in-memory tables.
		await conn.query(`ATTACH ':memory:' AS bake (COMPRESS)`);
		await conn.query('USE bake');
		const manifest = await loadAnyDataset(conn, dir, { checkpoint: true });
		const baked = await computeAggregates(conn, manifest, options);
		const text = JSON.stringify(baked);
		const file = join(dir, AGGREGATES_FILE);
		await writeFile(file, text + '\n');
		return { file, bytes: Buffer.byteLength(text) + 1, scopes: baked.scopes.length };
	} finally {
		conn.close();
	}
}
