/**
 * The light data path: a shipped dataset's manifest and baked aggregates (`aggregates.json`, contract in
 * dataset/aggregates.ts) fetched as JSON, and — only for a chart they do not hold — one series' facts read
 * from Parquet with range reads (baked-facts.ts). No DuckDB-WASM, no worker, no report texts: what `/embed`
 * draws from, and what the Overview draws its first figures from while DuckDB starts.
 */
import { AGGREGATES_FILE, AGGREGATES_VERSION, bakedScope, tableRows, type BakedAggregates } from '../dataset/aggregates.ts';
import type { Manifest } from '../dataset/schema.ts';
import { comparePoints, townsOfRows, type ComparePoint, type OutlierRow } from '../queries/compare.ts';
import type { EmbedSpec } from '../queries/embed.ts';
import { trendFromRows, type ContinuityRow, type OutcomeRow, type RegionRow } from '../queries/overview.ts';
import { markBreaks, resolveSeries, type SeriesInfo, type SeriesPoint, type SeriesRow } from '../queries/series.ts';
import { buildTowns, type Town } from '../towns.ts';
import { continuityRows, defaultTownRows, outlierRows, readSeriesFacts, seriesRows, type SeriesFact } from './baked-facts.ts';
import { datasetList, MissingDataset } from './dataset-state.svelte.ts';
import { fetchJson } from './fetch.ts';
import { checkManifest, DatasetError } from './file-checks.ts';

export interface LightDataset {
	name: string;
	/** URL of the dataset folder. */
	url: string;
	manifest: Manifest;
	baked: BakedAggregates;
	towns: Town[];
	/** Report years, ascending. */
	years: number[];
	regions: RegionRow[];
}

/**
 * The baked aggregates of a dataset when they belong to it (same manifest name and creation time, current
 * contract version), else null: a stale or missing file is never drawn from.
 */
export async function fetchBaked(url: string, manifest: Manifest, json: Promise<unknown> = fetchBakedJson(url)): Promise<BakedAggregates | null> {
	const b = (await json) as BakedAggregates | null;
	return b && b.version === AGGREGATES_VERSION && b.dataset === manifest.name && b.dataset_created_at === manifest.created_at ? b : null;
}

/** The parsed `aggregates.json` of a dataset folder, or null when there is none. */
export function fetchBakedJson(url: string): Promise<unknown> {
	return fetch(`${url}/${AGGREGATES_FILE}`)
		.then((r) => (r.ok ? r.json() : null))
		.catch(() => null);
}

const cache = new Map<string, Promise<LightDataset>>();

/** Open a shipped dataset the light way: manifest and baked aggregates (cached per dataset). */
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
	const baked = await fetchBaked(url, manifest, json);
	if (!baked) throw new DatasetError(`${url}/${AGGREGATES_FILE}`, 'missing or not baked from this build of the dataset — run `npm run dataset:bake`');
	// The town list (pinyin for every town: 10,000 on a quarter of the country) is built when an embed first
	// asks for it, not on the Overview's path to its first chart.
	let towns: Town[] | null = null;
	let years: number[] | null = null;
	const townList = (): Town[] => (towns ??= buildTowns(tableRows(baked.towns)));
	const light: LightDataset = {
		name,
		url,
		manifest,
		baked,
		get towns() {
			return townList();
		},
		get years() {
			return (years ??= [...new Set(townList().flatMap((t) => t.years))].sort((a, b) => a - b));
		},
		regions: tableRows<RegionRow>(baked.regions)
	};
	return light;
}

/** What an embed draws: the rows its shared plot builder takes. */
export type EmbedData =
	| { kind: 'trend'; spec: EmbedSpec; points: SeriesPoint[]; breakAt: number | null }
	| { kind: 'compare' | 'heatmap'; spec: EmbedSpec; points: ComparePoint[]; breakAt: number | null }
	| { kind: 'outcomes'; spec: EmbedSpec; rows: OutcomeRow[] };

/** Where an embed's data came from (for the benchmark and tests). */
export type EmbedSource = 'baked' | 'parquet';

/**
 * The data of one checked embed: from the baked aggregates when they hold it (the default metric's charts,
 * outcome shares, the default towns), else from the series' facts read from Parquet. Same rows either way.
 */
export async function embedData(ds: LightDataset, spec: EmbedSpec): Promise<{ data: EmbedData; source: EmbedSource }> {
	const info = resolveSeries(spec.metric);
	if (!info) throw new Error(`unknown metric: ${spec.metric}`);
	const scoped = bakedScope(ds.baked, spec.scope);
	const yearOk = (y: number) => (spec.from === null || y >= spec.from) && (spec.to === null || y <= spec.to);
	// Year limits filter whole year groups (and the outlier statistics are per year), so filtering baked rows is the same.
	const bakedSeries = scoped && info.series === resolveSeries(ds.baked.embed_metric)?.series ? scoped : null;

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

	const byLine = (r: SeriesRow) => `${r.org}\u0000${r.district ?? ''}`;
	let rows: SeriesRow[];
	let outliers: OutlierRow[];
	let chosen: Town[] = spec.towns;
	let source: EmbedSource = 'baked';
	if (chosen.length === 0 && bakedSeries && spec.values === 'abs') {
		chosen = townsOfRows(tableRows<{ org: string; district: string | null }>(bakedSeries.default_towns), ds.towns);
		rows = tableRows<SeriesRow>(bakedSeries.compare).filter((r) => yearOk(r.year));
		outliers = tableRows<OutlierRow>(bakedSeries.outliers).filter((r) => yearOk(r.year));
	} else {
		const facts = await seriesFacts(ds, info);
		if (chosen.length === 0) chosen = townsOfRows(defaultTownRows(facts, spec.scope), ds.towns);
		rows = seriesRows(facts, info, { towns: chosen, byTown: true, from: spec.from, to: spec.to });
		outliers = outlierRows(facts, info, chosen, { from: spec.from, to: spec.to, mode: spec.values });
		source = 'parquet';
	}
	const s = markBreaks(rows, info.grade, byLine);
	return { data: { kind: spec.chart, spec, points: comparePoints(s.points, outliers, chosen, spec.values), breakAt: s.breakAt }, source };
}

const factsCache = new Map<string, Promise<SeriesFact[]>>();

/** One series' facts of a dataset, read once from its Parquet with range reads. */
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
