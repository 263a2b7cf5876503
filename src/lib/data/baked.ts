/**
 * The light data path: a shipped dataset's manifest and baked aggregates (`aggregates.json` and, on demand, the
 * province part or town buckets a chart needs; contract in dataset/aggregates.ts) fetched as JSON, and — only
 * for a chart they do not hold — one series' values read from Parquet with range reads (baked-facts.ts). No
 * DuckDB-WASM, no worker, no report texts: what `/embed` draws from, and what the Overview draws its first
 * figures from while DuckDB starts.
 */
import {
	AGGREGATES_FILE,
	bakedFor,
	bakedScope,
	partOfScope,
	scopeLevel,
	tableRows,
	townBucket,
	townsFile,
	type BakedAggregates,
	type BakedPart,
	type BakedScope,
	type BakedTable,
	type BakedTowns
} from '../dataset/aggregates.ts';
import type { Manifest } from '../dataset/schema.ts';
import { comparePoints, townsOfRows, type ComparePoint, type OutlierRow } from '../queries/compare.ts';
import type { EmbedSpec } from '../queries/embed.ts';
import { trendFromRows, type ContinuityRow, type OutcomeRow, type RegionRow } from '../queries/overview.ts';
import { markBreaks, resolveSeries, type SeriesInfo, type SeriesPoint, type SeriesRow } from '../queries/series.ts';
import { townOfRow, type Town, type TownRow } from '../town-keys.ts';
import type { Scope } from '../url-params.ts';
import { continuityRows, defaultTownRows, outlierRows, parquetLib, readRollupRows, readSeriesFacts, seriesRows, seriesRowsFromRollups, type RollupRow, type SeriesFact } from './baked-facts.ts';
import { isPartitioned } from './partition.ts';
import { inScope } from '../scope.ts';
import { ROLLUP_LEVELS, type LayoutManifest } from '../dataset/layout.ts';
import { datasetList, MissingDataset } from './dataset-state.svelte.ts';
import { fetchEarly } from './early.ts';
import { fetchJson } from './fetch.ts';
import { checkManifest, DatasetError } from './file-checks.ts';

export interface LightDataset {
	name: string;
	/** URL of the dataset folder. */
	url: string;
	manifest: Manifest;
	/** The root file: the nation's and provinces' scopes, the regions, the list of parts. */
	baked: BakedAggregates;
	/** Report years, ascending. */
	years: number[];
	regions: RegionRow[];
	/** The baked entry of a scope: from the root, or from its province's part (fetched once). Null when not baked. */
	scopeOf(scope: Partial<Scope>): Promise<BakedScope | null>;
	/** The default towns of a baked entry, as `Town`s (their rows travel with the entry's file). */
	defaultTowns(entry: BakedScope): Town[];
	/** The towns the keys may name: those of the buckets the keys hash to (an unknown key is simply not among them). */
	townsNamed(keys: readonly string[]): Promise<Town[]>;
	/** Every town of the dataset with its pinyin (all buckets and pinyin-pro: only to suggest what a wrong `towns=` could have been). */
	allTowns(): Promise<Town[]>;
}

/** The parsed `aggregates.json` of a dataset folder, or null when there is none. */
export function fetchBakedJson(url: string): Promise<unknown> {
	return fetchEarly(`${url}/${AGGREGATES_FILE}`)
		.then((r) => (r.ok ? r.json() : null))
		.catch(() => null);
}

/** Baked aggregates' towns (TOWNS_SQL rows with their `key`) as `Town`s, keyed as the whole list keys them (no pinyin). */
function keyedTowns(t: BakedTable): Town[] {
	return tableRows<TownRow & { key: string }>(t).map((r) => townOfRow(r, r.key));
}

const cache = new Map<string, Promise<LightDataset>>();

/** Open a shipped dataset the light way: manifest and baked root, fetched together (cached per dataset). */
export function openLight(base: string, name: string): Promise<LightDataset> {
	let p = cache.get(name);
	if (!p) {
		p = loadLight(base, name);
		cache.set(name, p);
		p.catch(() => cache.delete(name));
	}
	return p;
}

async function loadLight(base: string, name: string): Promise<LightDataset> {
	const url = `${base}/datasets/${encodeURIComponent(name)}`;
	const manifestUrl = `${url}/manifest.json`;
	const json = fetchBakedJson(url); // in parallel with the manifest
	let manifest: Manifest;
	try {
		manifest = checkManifest(manifestUrl, await fetchJson(manifestUrl));
	} catch (e) {
		const list = await datasetList(base).catch(() => null);
		if (list && !list.some((d) => d.name === name)) throw new MissingDataset(name, list.map((d) => d.name));
		throw e;
	}
	const root = (await json) as BakedAggregates | null;
	if (!root || !bakedFor(root, manifest)) throw new DatasetError(`${url}/${AGGREGATES_FILE}`, 'missing or not baked from this build of the dataset — run `npm run dataset:bake`');
	const baked = root;
	/** One baked file of this build, fetched once; a stale or missing one is an error naming it. */
	const files = new Map<string, Promise<unknown>>();
	const file = <T>(rel: string): Promise<T> => {
		let f = files.get(rel);
		if (!f) {
			f = fetchJson(`${url}/${rel}`).then((j) => {
				if (!bakedFor(j as BakedPart, manifest)) throw new DatasetError(`${url}/${rel}`, 'not baked from this build of the dataset — run `npm run dataset:bake`');
				return j;
			});
			files.set(rel, f);
			f.catch(() => files.delete(rel));
		}
		return f as Promise<T>;
	};
	// Default towns by [org, district], from the root and every part read so far.
	const defaults = new Map<string, Town>();
	const addDefaults = (t: BakedTable) => {
		for (const town of keyedTowns(t)) defaults.set(JSON.stringify([town.org, town.district]), town);
	};
	addDefaults(baked.towns);
	const bucketTowns = (b: number) => file<BakedTowns>(townsFile(b)).then((x) => keyedTowns(x.towns));
	const regions = tableRows<RegionRow>(baked.regions);
	return {
		name,
		url,
		manifest,
		baked,
		years: baked.years,
		regions,
		async scopeOf(scope) {
			const part = partOfScope(baked, scope);
			if (!part) return bakedScope(baked, scope);
			const p = await file<BakedPart>(part.file);
			addDefaults(p.towns);
			return bakedScope(p, scope);
		},
		defaultTowns(entry) {
			return townsOfRows(tableRows<{ org: string; district: string | null }>(entry.default_towns), [...defaults.values()]);
		},
		async townsNamed(keys) {
			const n = baked.town_buckets;
			if (!n || keys.length === 0) return [];
			// A key is the organisation's name, or `name@district` when two districts share the name: try both.
			const buckets = new Set(keys.flatMap((k) => [k, k.slice(0, Math.max(0, k.lastIndexOf('@')))].filter(Boolean).map((o) => townBucket(o, n))));
			return (await Promise.all([...buckets].map(bucketTowns))).flat();
		},
		async allTowns() {
			const [{ buildTowns }, ...buckets] = await Promise.all([
				import('../towns.ts'),
				...Array.from({ length: baked.town_buckets }, (_, b) => file<BakedTowns>(townsFile(b)))
			]);
			const rows = buckets.flatMap((x) => tableRows<TownRow & { key: string }>(x.towns));
			return buildTowns(rows).map((t, i) => ({ ...t, key: rows[i].key }));
		}
	};
}

/** What an embed draws: the rows its shared plot builder takes. */
export type EmbedData =
	| { kind: 'trend'; spec: EmbedSpec; points: SeriesPoint[]; breakAt: number | null }
	| { kind: 'compare' | 'heatmap'; spec: EmbedSpec; points: ComparePoint[]; breakAt: number | null }
	| { kind: 'outcomes'; spec: EmbedSpec; rows: OutcomeRow[] };

/** Where an embed's data came from (for the benchmark and tests). */
export type EmbedSource = 'baked' | 'parquet' | 'rollups';

/**
 * The data of one checked embed: from the baked aggregates when they hold it (the default metric's charts,
 * outcome shares, the default towns), else from the series' facts read from Parquet. Same rows either way.
 */
export async function embedData(ds: LightDataset, spec: EmbedSpec): Promise<{ data: EmbedData; source: EmbedSource }> {
	const info = resolveSeries(spec.metric);
	if (!info) throw new Error(`unknown metric: ${spec.metric}`);
	const bakedMetric = info.series === resolveSeries(ds.baked.embed_metric)?.series;
	// The scope's baked entry (a province's part is fetched for it) only when the chart can draw from it.
	const scoped = spec.chart === 'outcomes' || bakedMetric ? await ds.scopeOf(spec.scope) : null;
	const yearOk = (y: number) => (spec.from === null || y >= spec.from) && (spec.to === null || y <= spec.to);
	// Year limits filter whole year groups (and the outlier statistics are per year), so filtering baked rows is the same.
	const bakedSeries = scoped && bakedMetric ? scoped : null;

	if (spec.chart === 'outcomes') {
		if (!scoped) throw new Error('this scope is not in the baked aggregates');
		return { data: { kind: 'outcomes', spec, rows: tableRows<OutcomeRow>(scoped.outcomes).filter((r) => yearOk(r.year)) }, source: 'baked' };
	}
	if (spec.chart === 'trend') {
		let rows: SeriesRow[];
		let cont: ContinuityRow[];
		let source: EmbedSource = 'baked';
		if (bakedSeries) {
			rows = tableRows<SeriesRow>(bakedSeries.trend).filter((r) => yearOk(r.year));
			cont = tableRows<ContinuityRow>(bakedSeries.trend_continuity);
		} else if (isPartitioned(ds.manifest as Manifest & LayoutManifest)) {
			// A dataset by province has no one facts file: the sums come from the rollup of the scope's level. They
			// cannot say which organisations reported each year, so no two years are joined by a line (dots only).
			rows = seriesRowsFromRollups(await rollupRows(ds, spec.scope), info, { scope: spec.scope, from: spec.from, to: spec.to });
			cont = [];
			source = 'rollups';
		} else {
			const facts = await seriesFacts(ds, info);
			rows = seriesRows(facts, info, { scope: spec.scope, from: spec.from, to: spec.to });
			cont = continuityRows(facts, info.series, spec.scope);
			source = 'parquet';
		}
		// As on the Overview: the line joins only years resting on (nearly) the same organisations.
		const s = trendFromRows(rows, info.grade, cont, info.series);
		return { data: { kind: 'trend', spec, points: s.points, breakAt: s.breakAt }, source };
	}

	if (isPartitioned(ds.manifest as Manifest & LayoutManifest) && !(spec.towns.length === 0 && bakedSeries && spec.values === 'abs')) {
		throw new Error('this chart needs the facts of single towns, which a dataset laid out by province does not give an embed yet — open it in the full dashboard');
	}
	const byLine = (r: SeriesRow) => `${r.org}\u0000${r.district ?? ''}`;
	let rows: SeriesRow[];
	let outliers: OutlierRow[];
	let chosen: Town[] = spec.towns;
	let source: EmbedSource = 'baked';
	if (chosen.length === 0 && bakedSeries && spec.values === 'abs') {
		chosen = ds.defaultTowns(bakedSeries);
		rows = tableRows<SeriesRow>(bakedSeries.compare).filter((r) => yearOk(r.year));
		outliers = tableRows<OutlierRow>(bakedSeries.outliers).filter((r) => yearOk(r.year));
	} else {
		const facts = await seriesFacts(ds, info);
		if (chosen.length === 0) {
			const rows = defaultTownRows(facts, spec.scope);
			chosen = townsOfRows(rows, await ds.townsNamed(rows.map((r) => r.org)));
		}
		rows = seriesRows(facts, info, { towns: chosen, byTown: true, from: spec.from, to: spec.to });
		outliers = outlierRows(facts, info, chosen, { from: spec.from, to: spec.to, mode: spec.values });
		source = 'parquet';
	}
	const s = markBreaks(rows, info.grade, byLine);
	return { data: { kind: spec.chart, spec, points: comparePoints(s.points, outliers, chosen, spec.values), breakAt: s.breakAt }, source };
}

const factsCache = new Map<string, Promise<SeriesFact[]>>();

/** One series' facts of a dataset, read once from its Parquet with range reads. */
/**
 * Starts reading from Parquet what `embedData` will read for this embed URL when the bake cannot answer it (a
 * metric the bake does not hold; towns picked by hand or values per report), from the page's `load`, so that the
 * range reads run while the page mounts; they land in the cache `embedData` reads. A wrong parameter reads nothing
 * (the page then lists the problem).
 */
export function prefetchEmbedFacts(ds: LightDataset, params: URLSearchParams): void {
	const chart = params.get('chart') ?? 'trend';
	const info = resolveSeries(params.get('metric') ?? ds.baked.embed_metric);
	if (!info || chart === 'outcomes' || isPartitioned(ds.manifest as Manifest & LayoutManifest)) return;
	const baked = info.series === resolveSeries(ds.baked.embed_metric)?.series;
	const picked = params.has('towns') || (params.get('values') ?? 'abs') !== 'abs';
	if (!baked || (chart !== 'trend' && picked)) seriesFacts(ds, info).catch(() => {});
}

function seriesFacts(ds: LightDataset, info: SeriesInfo): Promise<SeriesFact[]> {
	const key = `${ds.url}\u0000${info.series}`;
	let p = factsCache.get(key);
	if (!p) {
		const file = (t: 'facts' | 'reports') => {
			const name = ds.manifest.tables[t]?.parquet;
			if (!name || !/^[\w.-]+$/.test(name)) throw new DatasetError(`${ds.url}/manifest.json`, `lists no Parquet file for ${t}`);
			return `${ds.url}/${name}`;
		};
		p = readSeriesFacts(file('facts'), file('reports'), info.members.map((m) => m.id));
		factsCache.set(key, p);
		p.catch(() => factsCache.delete(key));
	}
	return p;
}

const rollupCache = new Map<string, Promise<RollupRow[]>>();

/**
 * The rollup rows of a scope on a dataset laid out by province: the file of the scope's level (nation, province,
 * city, district), only the row groups of the scope's province (the region list gives the province of a city or
 * district named alone).
 */
function rollupRows(ds: LightDataset, scope: Partial<Scope>): Promise<RollupRow[]> {
	const level = ROLLUP_LEVELS[['all', 'province', 'city', 'district'].indexOf(scopeLevel(scope))];
	const file = (ds.manifest as Manifest & LayoutManifest).rollups?.find((r) => r.level === level)?.file;
	if (!file) return Promise.reject(new DatasetError(`${ds.url}/manifest.json`, `lists no ${level} rollup`));
	const provinces = [...new Set(ds.regions.filter((r) => inScope(r, scope)).map((r) => r.province))];
	const province = level === 'nation' || provinces.length !== 1 ? null : provinces[0];
	const key = `${ds.url}\u0000${file}\u0000${province}`;
	let p = rollupCache.get(key);
	if (!p) {
		p = parquetLib()
			.then(({ asyncBufferFromUrl }) => asyncBufferFromUrl({ url: `${ds.url}/${file}` }))
			.then((buf) => readRollupRows(buf, province));
		rollupCache.set(key, p);
		p.catch(() => rollupCache.delete(key));
	}
	return p;
}
