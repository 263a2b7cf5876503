/**
 * Baked aggregates (`aggregates.json` beside a dataset's Parquet): what the Overview and the default embeds
 * draw, computed at dataset build by the views' own query modules (src/node/bake.ts), so the first chart can be
 * drawn before DuckDB-WASM has started and the switch to live queries changes no number.
 *
 * Per scope (all; each province, city and district present, down to `levels`) it holds the rows of:
 * - `counts`: `reportCountsQuery` (reports and organisations per year and format, per year, in all);
 * - `headlines`: `headlineQuery` (the four headline figures per year);
 * - `outcomes`: `outcomesQuery` (outcome shares per year);
 * - `same_orgs`: `sameOrgsQuery` for every year (like-for-like change);
 * - `trend`: `seriesQuery(DEFAULT_METRIC, {scope})`, the default `/embed` chart;
 * - `default_towns`, `compare` and `outliers`: the default towns of the scope (`defaultTownsQuery`) and their
 *   `/embed?chart=compare` series (`seriesQuery` by town) and outlier rows (`outlierQuery`) for DEFAULT_METRIC;
 * - `continuity`: `continuityQuery(scope, {by: 'metric'})` (which trend years join, the like-for-like links);
 * - `trend_continuity`: `continuityQuery(scope, {by: 'series'})` for DEFAULT_METRIC's series (the embed trend's joins).
 *
 * Split so that a page reads only what it draws (contract version 3):
 * - `aggregates.json` (the root, small whatever the dataset's size): the nation's scope, the region list
 *   (`REGIONS_SQL`), the years, the list of province files and the number of town buckets;
 * - `aggregates/p<i>.json` (`BakedPart`), one per province of the root's `parts`: the scopes of the province and
 *   of its cities and districts, fetched only when a page draws one of them;
 * - `aggregates/towns-<b>.json` (`BakedTowns`): the rows of `TOWNS_SQL` (what an embed checks its `towns=`
 *   against) in `town_buckets` buckets by a hash of the organisation name (`townBucket`), so an embed naming two
 *   towns fetches at most two small files, and one naming none fetches none.
 * Each file with scopes also carries `towns`: the TOWNS_SQL rows (with their URL `key`) of those scopes' default
 * towns, so the default compare chart needs no bucket.
 *
 * Tables are stored column-wise as `{cols, rows}` (rows are arrays in `cols` order) to keep the file small;
 * `tableRows` turns one back into the objects the query returned.
 */
import type { Scope } from '../url-params.ts';
import { inScope } from '../scope.ts';

export const AGGREGATES_FILE = 'aggregates.json';
export const AGGREGATES_VERSION = 3;
/** Folder (beside aggregates.json) of the per-province and town-bucket files. */
export const AGGREGATES_DIR = 'aggregates';
/** Towns per bucket file, about (a national dataset's 40,000 towns: ~100 files of ~20 kB). */
export const TOWNS_PER_BUCKET = 400;

export const BAKE_LEVELS = ['all', 'province', 'city', 'district'] as const;
export type BakeLevel = (typeof BAKE_LEVELS)[number];

/** A query result stored column-wise. */
export interface BakedTable {
	cols: string[];
	rows: unknown[][];
}

export interface BakedScope {
	level: BakeLevel;
	scope: Scope;
	counts: BakedTable;
	headlines: BakedTable;
	outcomes: BakedTable;
	/** Keyed by year. */
	same_orgs: Record<string, BakedTable>;
	trend: BakedTable;
	default_towns: BakedTable;
	compare: BakedTable;
	outliers: BakedTable;
	continuity: BakedTable;
	trend_continuity: BakedTable;
}

export interface BakedAggregates {
	version: number;
	/** The dataset's manifest name and creation time: a stale file is recognisable. */
	dataset: string;
	dataset_created_at: string;
	catalog_version: string;
	/** The levels baked (a national dataset stops at province; its deeper scopes come from the rollups). */
	levels: BakeLevel[];
	years: number[];
	/** The `/embed` default metric the trend and compare tables are for. */
	embed_metric: string;
	/** `REGIONS_SQL` rows (province, city, district, reports). */
	regions: BakedTable;
	/** The nation's scope (a province's and deeper ones are in the parts). */
	scopes: BakedScope[];
	/** `TOWNS_SQL` rows plus `key` (the town's URL key) of the default towns of `scopes`. */
	towns: BakedTable;
	/** One file per province (null: reports without a province) holding its own, its cities' and its districts' scopes. */
	parts: { province: string | null; file: string; scopes: number }[];
	/** How many `aggregates/towns-<b>.json` files the towns are hashed into (0: no towns). */
	town_buckets: number;
}

/** `aggregates/p<i>.json`: one province's scope and its cities' and districts' scopes. */
export interface BakedPart {
	version: number;
	dataset: string;
	dataset_created_at: string;
	province: string | null;
	scopes: BakedScope[];
	/** As `BakedAggregates.towns`, for these scopes. */
	towns: BakedTable;
}

/** `aggregates/towns-<b>.json`: the `TOWNS_SQL` rows whose organisation hashes to bucket `b`. */
export interface BakedTowns {
	version: number;
	dataset: string;
	dataset_created_at: string;
	bucket: number;
	towns: BakedTable;
}

/** The bucket of an organisation name (FNV-1a over its UTF-16 code units): every town of one name shares a bucket. */
export function townBucket(org: string, buckets: number): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < org.length; i++) {
		h ^= org.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h % buckets;
}

/** File names (relative to the dataset folder) of a bucket and of a province part. */
export const townsFile = (bucket: number) => `${AGGREGATES_DIR}/towns-${bucket}.json`;
export const partFile = (index: number) => `${AGGREGATES_DIR}/p${index}.json`;

/** Whether a file name is one of the bake's (no path tricks): `aggregates/p3.json`, `aggregates/towns-12.json`. */
export function isAggregatesFile(file: string): boolean {
	return /^aggregates\/(p\d+|towns-\d+)\.json$/.test(file);
}

/** Whether a baked file belongs to this build of the dataset (same manifest name and time, this contract version). */
export function bakedFor(b: { version?: unknown; dataset?: unknown; dataset_created_at?: unknown } | null, manifest: { name: string; created_at: string }): boolean {
	return !!b && b.version === AGGREGATES_VERSION && b.dataset === manifest.name && b.dataset_created_at === manifest.created_at;
}

export function toTable(rows: readonly Record<string, unknown>[], cols?: string[]): BakedTable {
	const c = cols ?? (rows.length ? Object.keys(rows[0]) : []);
	return { cols: c, rows: rows.map((r) => c.map((k) => r[k] ?? null)) };
}

export function tableRows<T = Record<string, unknown>>(t: BakedTable): T[] {
	return t.rows.map((r) => Object.fromEntries(t.cols.map((c, i) => [c, r[i]])) as T);
}

/** The deepest level a scope names. */
export function scopeLevel(scope: Partial<Scope>): BakeLevel {
	return scope.district ? 'district' : scope.city ? 'city' : scope.province ? 'province' : 'all';
}

/**
 * The baked entry for a scope among `scopes` (the root's, or the root's and a part's): the one of the scope's
 * level whose regions match every level the scope gives (a district named without its city matches when the
 * name is unique). Null when not baked or ambiguous.
 */
export function bakedScope(baked: { scopes: readonly BakedScope[] }, scope: Partial<Scope>): BakedScope | null {
	const level = scopeLevel(scope);
	const hits = baked.scopes.filter((s) => s.level === level && inScope(s.scope, scope));
	return hits.length === 1 ? hits[0] : null;
}

/**
 * The province part that holds a province, city or district scope: the part of the scope's province, or — a
 * district or city named without its province — of the province the region list gives it when that is unique.
 * Null for the nation (in the root) and for a scope no part can hold.
 */
export function partOfScope(baked: BakedAggregates, scope: Partial<Scope>): BakedAggregates['parts'][number] | null {
	const level = scopeLevel(scope);
	if (level === 'all') return null;
	const regions = tableRows<{ province: string | null; city: string | null; district: string | null }>(baked.regions);
	const provinces = new Set(regions.filter((r) => inScope(r, scope)).map((r) => r.province));
	if (provinces.size !== 1) return null;
	const [p] = provinces;
	return baked.parts.find((x) => x.province === p) ?? null;
}

/** A lookup over baked files already in hand (the root and its parts): as `LightDataset.scopeOf`, without fetching. */
export function bakedLookup(root: BakedAggregates, parts: readonly BakedPart[]): { scopeOf(scope: Partial<Scope>): Promise<BakedScope | null> } {
	return {
		scopeOf: async (scope) => {
			const part = partOfScope(root, scope);
			if (!part) return bakedScope(root, scope);
			const p = parts[root.parts.indexOf(part)];
			return p ? bakedScope(p, scope) : null;
		}
	};
}
