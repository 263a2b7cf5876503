/**
 * The Embed route's contract: which URL parameters make one chart, and their validation against the catalog
 * and the open dataset. A district portal pastes the URL into an <iframe>, so every mistake must come back as a
 * friendly list of what is allowed instead of an empty frame, and nothing from the URL ever reaches SQL
 * unchecked (towns, years and regions are looked up in the data; metrics in the catalog).
 */
import { isMetricId, METRICS } from '../catalog/index.ts';
import { resolveTownKeys, type Town } from '../town-keys.ts';
import { echo, joinList, readList, type Scope } from '../url-params.ts';
import type { RegionRow } from './overview.ts';

export const EMBED_CHARTS = ['trend', 'compare', 'heatmap', 'outcomes'] as const;
export type EmbedChart = (typeof EMBED_CHARTS)[number];
export const EMBED_VIEWS = ['lines', 'multiples'] as const;
export const EMBED_VALUES = ['abs', 'report'] as const;
export { DEFAULT_CHART_METRIC as DEFAULT_METRIC } from '../catalog/headlines.ts';
import { DEFAULT_CHART_METRIC as DEFAULT_METRIC } from '../catalog/headlines.ts';
export const MAX_TOWNS = 12;

export interface EmbedSpec {
	chart: EmbedChart;
	metric: string;
	/** Towns given in the URL (empty: the view picks defaults for the scope). */
	towns: Town[];
	from: number | null;
	to: number | null;
	scope: Scope;
	view: (typeof EMBED_VIEWS)[number];
	values: (typeof EMBED_VALUES)[number];
}

export interface EmbedProblem {
	param: string;
	value: string;
	/** Allowed values (possibly the first few of a long list). */
	allowed: string[];
	/** How many allowed values there are in all. */
	total: number;
}

export interface EmbedContext {
	towns: readonly Town[];
	/**
	 * The town search (towns.ts `searchTowns`) for suggestions when a town is unknown; without it none are
	 * made. Passed in so that the light embed loads the pinyin search only when a `towns=` is wrong.
	 */
	search?: (towns: readonly Town[], query: string, limit: number) => Town[];
	years: readonly number[];
	regions: readonly RegionRow[];
}

const SHOW = 12;
/** Unknown towns listed one by one (with suggestions); more are summed up in one line. */
const MAX_UNKNOWN_SHOWN = 5;

/** The allowed values most like the one given come first (longest common prefix, then the list's own order). */
function problem(param: string, value: string, all: readonly string[], first: readonly string[] = []): EmbedProblem {
	const common = (a: string) => {
		let i = 0;
		while (i < a.length && i < value.length && a[i] === value[i]) i++;
		return i;
	};
	const ranked = all
		.map((a, i) => ({ a, i, c: first.includes(a) ? Infinity : common(a) }))
		.sort((x, y) => y.c - x.c || x.i - y.i)
		.map((x) => x.a);
	return { param, value: echo(value), allowed: ranked.slice(0, SHOW), total: all.length };
}

function uniq(xs: readonly (string | null)[]): string[] {
	return [...new Set(xs.filter((x): x is string => !!x))];
}

/** Read and check the embed parameters. Problems are listed all at once so one fix round is enough. */
export function validateEmbed(p: URLSearchParams, ctx: EmbedContext): { spec: EmbedSpec | null; problems: EmbedProblem[] } {
	const problems: EmbedProblem[] = [];

	const chartRaw = p.get('chart') ?? 'trend';
	const chart = (EMBED_CHARTS as readonly string[]).includes(chartRaw) ? (chartRaw as EmbedChart) : null;
	if (!chart) problems.push(problem('chart', chartRaw, EMBED_CHARTS));

	const metricRaw = p.get('metric') ?? DEFAULT_METRIC;
	if (!isMetricId(metricRaw)) problems.push(problem('metric', metricRaw, METRICS.map((m) => m.id)));

	const keys = readList(p, 'towns');
	const { found, unknown } = resolveTownKeys(ctx.towns, keys);
	// Suggestions for the first few unknown towns; a URL with thousands gets one line for the rest.
	for (const k of unknown.slice(0, MAX_UNKNOWN_SHOWN)) {
		const like = (ctx.search?.(ctx.towns, k.replace(/(人民政府|办事处)$/, ''), SHOW) ?? []).map((t) => t.key);
		problems.push(problem('towns', k, ctx.towns.map((t) => t.key), like));
	}
	if (unknown.length > MAX_UNKNOWN_SHOWN) problems.push(problem('towns', `… +${unknown.length - MAX_UNKNOWN_SHOWN}`, ctx.towns.map((t) => t.key)));
	if (found.length > MAX_TOWNS) problems.push(problem('towns', `${found.length}`, [`≤ ${MAX_TOWNS}`]));

	const yearOf = (key: 'from' | 'to'): number | null => {
		const raw = p.get(key);
		if (raw === null || raw === '') return null;
		const y = /^\d{4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
		if (!ctx.years.includes(y)) {
			problems.push(problem(key, raw, ctx.years.map(String)));
			return null;
		}
		return y;
	};
	let from = yearOf('from');
	let to = yearOf('to');
	if (from !== null && to !== null && from > to) [from, to] = [to, from];

	const scope: Scope = { province: null, city: null, district: null };
	for (const level of ['province', 'city', 'district'] as const) {
		const v = p.get(level)?.trim();
		if (!v) continue;
		const fits = ctx.regions.filter(
			(r) =>
				(level === 'province' || !scope.province || r.province === scope.province) &&
				(level !== 'district' || !scope.city || r.city === scope.city)
		);
		const options = uniq(fits.map((r) => r[level]));
		if (!options.includes(v)) problems.push(problem(level, v, options));
		else scope[level] = v;
	}

	const viewRaw = p.get('view') ?? 'lines';
	if (!(EMBED_VIEWS as readonly string[]).includes(viewRaw)) problems.push(problem('view', viewRaw, EMBED_VIEWS));
	const valuesRaw = p.get('values') ?? 'abs';
	if (!(EMBED_VALUES as readonly string[]).includes(valuesRaw)) problems.push(problem('values', valuesRaw, EMBED_VALUES));

	if (problems.length || !chart) return { spec: null, problems };
	return {
		spec: {
			chart,
			metric: metricRaw,
			towns: found,
			from,
			to,
			scope,
			view: viewRaw as EmbedSpec['view'],
			values: valuesRaw as EmbedSpec['values']
		},
		problems
	};
}

/** The embed URL parameters of a chart (what Chart.svelte's "copy embed code" writes), without empty values. */
export function embedParams(spec: Partial<Omit<EmbedSpec, 'towns'>> & { towns?: readonly { key: string }[] }): Record<string, string> {
	const out: Record<string, string> = {};
	if (spec.chart) out.chart = spec.chart;
	if (spec.metric && spec.chart !== 'outcomes') out.metric = spec.metric;
	if (spec.towns?.length) out.towns = joinList(spec.towns.map((t) => t.key));
	if (spec.from != null) out.from = String(spec.from);
	if (spec.to != null) out.to = String(spec.to);
	for (const level of ['province', 'city', 'district'] as const) {
		const v = spec.scope?.[level];
		if (v) out[level] = v;
	}
	if (spec.view && spec.view !== 'lines') out.view = spec.view;
	if (spec.values && spec.values !== 'abs') out.values = spec.values;
	return out;
}
