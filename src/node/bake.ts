/**
 * Bakes `aggregates.json` and `aggregates/` (contract: src/lib/dataset/aggregates.ts) into a dataset folder at
 * build time: the Overview's figures for every scope and year and the default `/embed` charts, computed by the
 * views' own query modules on native DuckDB — never a second copy of their SQL, so when a view's rule changes
 * (share denominators, year-on-year), the next build bakes the new rule. Split into a small root (the nation,
 * the regions), one file per province (the province, its cities and districts) and town buckets, so that a page
 * fetches only what it draws whatever the dataset's size.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connector, Param } from '../lib/db/connector.ts';
import {
	AGGREGATES_DIR,
	AGGREGATES_FILE,
	AGGREGATES_VERSION,
	BAKE_LEVELS,
	TOWNS_PER_BUCKET,
	partFile,
	tableRows,
	toTable,
	townBucket,
	townsFile,
	type BakeLevel,
	type BakedAggregates,
	type BakedPart,
	type BakedScope,
	type BakedTable,
	type BakedTowns
} from '../lib/dataset/aggregates.ts';
import { REGIONS_SQL, continuityQuery, loadCounts, loadHeadlines, loadOutcomes, sameOrgsQuery, type RegionRow } from '../lib/queries/overview.ts';
import { defaultTownsQuery, outlierQuery } from '../lib/queries/compare.ts';
import { DEFAULT_METRIC } from '../lib/queries/embed.ts';
import { resolveSeries, seriesQuery } from '../lib/queries/series.ts';
import { townKeys, TOWNS_SQL, type TownRow } from '../lib/town-keys.ts';
import type { Scope } from '../lib/url-params.ts';
import { nodeConnector } from './duckdb-connector.ts';
import { loadAnyDataset } from './serve.ts';
import { countedSql } from '../lib/db/sql.ts';

export interface BakeOptions {
	/** Scope levels to bake (default all four; a dataset laid out by province stops at province: its cities and districts come from the rollups). */
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

/** The baked files of a dataset: the root, one part per province, the town buckets. */
export interface BakedFiles {
	root: BakedAggregates;
	parts: BakedPart[];
	buckets: BakedTowns[];
}

/** Every scope of the baked files (root first, then each part's). */
export function allScopes(files: BakedFiles): BakedScope[] {
	return [...files.root.scopes, ...files.parts.flatMap((p) => p.scopes)];
}

/** Compute the baked aggregates of a loaded dataset. */
export async function computeAggregates(conn: Connector, manifest: { name: string; created_at: string; catalog_version: string }, options: BakeOptions = {}): Promise<BakedFiles> {
	const levels = [...(options.levels ?? BAKE_LEVELS)];
	const regions = (await conn.query(REGIONS_SQL)) as unknown as RegionRow[];
	const years = (await conn.query<{ y: number }>(`SELECT DISTINCT year::INTEGER AS y FROM reports WHERE ${countedSql()} ORDER BY 1`)).map((r) => r.y);
	const scopes: BakedScope[] = [];
	for (const { level, scope } of bakeScopes(regions, levels)) scopes.push(await bakeScope(conn, level, scope, years));
	const townRows = (await conn.query(TOWNS_SQL)) as TownRow[];
	// Keys as the whole list gives them (an organisation name two districts share is keyed with its district).
	const keys = townKeys(townRows);
	const keyed = townRows.map((r, i) => ({ ...r, key: keys[i] }));
	const tag = { version: AGGREGATES_VERSION, dataset: manifest.name, dataset_created_at: manifest.created_at };
	/** The keyed town rows of the default towns of some scopes (for `townsOfRows`). */
	const defaultTowns = (ss: readonly BakedScope[]): BakedTable => {
		const want = new Set(ss.flatMap((s) => tableRows<{ org: string; district: string | null }>(s.default_towns).map((t) => JSON.stringify([t.org, t.district]))));
		return toTable(keyed.filter((r) => want.has(JSON.stringify([r.org, r.district ?? null]))));
	};
	const rootScopes = scopes.filter((s) => s.level === 'all');
	const provinces = [...new Set(scopes.filter((s) => s.level !== 'all').map((s) => s.scope.province))];
	const parts: BakedPart[] = provinces.map((province) => {
		const own = scopes.filter((s) => s.level !== 'all' && s.scope.province === province);
		return { ...tag, province, scopes: own, towns: defaultTowns(own) };
	});
	const nBuckets = keyed.length ? Math.ceil(keyed.length / TOWNS_PER_BUCKET) : 0;
	const buckets: BakedTowns[] = Array.from({ length: nBuckets }, (_, b) => ({
		...tag,
		bucket: b,
		towns: toTable(keyed.filter((r) => townBucket(r.org, nBuckets) === b))
	}));
	const root: BakedAggregates = {
		...tag,
		catalog_version: manifest.catalog_version,
		levels,
		years,
		embed_metric: DEFAULT_METRIC,
		regions: toTable(regions as unknown as Record<string, unknown>[]),
		scopes: rootScopes,
		towns: defaultTowns(rootScopes),
		parts: parts.map((p, i) => ({ province: p.province, file: partFile(i), scopes: p.scopes.length })),
		town_buckets: nBuckets
	};
	return { root, parts, buckets };
}

/**
 * Load the dataset folder, compute its aggregates and write `aggregates.json` and `aggregates/` beside its files
 * (an older bake's part files there are replaced); returns the root's size and the files written.
 */
export async function bakeAggregates(dir: string, options: BakeOptions = {}): Promise<{ file: string; bytes: number; scopes: number; files: number; totalBytes: number }> {
	const conn = await nodeConnector();
	try {
		// Compressed in memory, loaded one province at a time: the national dataset (57.5 M facts) would take
		// ~12 GB as plain in-memory tables.
		await conn.query(`ATTACH ':memory:' AS bake (COMPRESS)`);
		await conn.query('USE bake');
		const manifest = await loadAnyDataset(conn, dir, { checkpoint: true });
		const levels = options.levels ?? (manifest.layout === 'by-province' ? (['all', 'province'] as const) : BAKE_LEVELS);
		const baked = await computeAggregates(conn, manifest, { levels });
		const sub = join(dir, AGGREGATES_DIR);
		await mkdir(sub, { recursive: true });
		// An older bake's files go (a bake with fewer provinces or buckets must not leave stale ones); anything
		// else in the folder is not ours and stays.
		for (const f of await readdir(sub)) if (/^(p\d+|towns-\d+)\.json$/.test(f)) await rm(join(sub, f));
		let totalBytes = 0;
		const write = async (name: string, value: unknown) => {
			const text = JSON.stringify(value) + '\n';
			await writeFile(join(dir, name), text);
			totalBytes += Buffer.byteLength(text);
			return Buffer.byteLength(text);
		};
		for (const [i, p] of baked.parts.entries()) await write(partFile(i), p);
		for (const b of baked.buckets) await write(townsFile(b.bucket), b);
		// The root last: a reader that finds it finds its parts.
		const bytes = await write(AGGREGATES_FILE, baked.root);
		return { file: join(dir, AGGREGATES_FILE), bytes, scopes: allScopes(baked).length, files: 1 + baked.parts.length + baked.buckets.length, totalBytes };
	} finally {
		conn.close();
	}
}

/** The baked files of a dataset folder as written by `bakeAggregates` (for tests and tools). */
export async function readBaked(dir: string): Promise<BakedFiles> {
	const json = async <T>(rel: string) => JSON.parse(await readFile(join(dir, rel), 'utf8')) as T;
	const root = await json<BakedAggregates>(AGGREGATES_FILE);
	const parts = await Promise.all(root.parts.map((p) => json<BakedPart>(p.file)));
	const buckets = await Promise.all(Array.from({ length: root.town_buckets }, (_, b) => json<BakedTowns>(townsFile(b))));
	return { root, parts, buckets };
}
