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
 * Once for the dataset: `towns` (the rows of `TOWNS_SQL`) and `regions` (`REGIONS_SQL`), which the embed checks
 * its URL against, so a light embed needs neither DuckDB nor the reports file to validate its parameters.
 *
 * Tables are stored column-wise as `{cols, rows}` (rows are arrays in `cols` order) to keep the file small;
 * `tableRows` turns one back into the objects the query returned.
 */
import type { Scope } from '../url-params.ts';
import { inScope } from '../scope.ts';

export const AGGREGATES_FILE = 'aggregates.json';
export const AGGREGATES_VERSION = 2;

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
	/** `TOWNS_SQL` rows (organisation, district, region, years, reports). */
	towns: BakedTable;
	/** `REGIONS_SQL` rows (province, city, district, reports). */
	regions: BakedTable;
	scopes: BakedScope[];
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
 * The baked entry for a scope: the one of the scope's level whose regions match every level the scope gives
 * (a district named without its city matches when the name is unique). Null when not baked or ambiguous.
 */
export function bakedScope(baked: BakedAggregates, scope: Partial<Scope>): BakedScope | null {
	const level = scopeLevel(scope);
	const hits = baked.scopes.filter((s) => s.level === level && inScope(s.scope, scope));
	return hits.length === 1 ? hits[0] : null;
}
