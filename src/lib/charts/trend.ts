/**
 * The trend chart: one metric summed over the reports of a scope, per year, as a line that joins only years
 * resting on (nearly) the same organisations and never crosses the 2020/2021 format break. Drawn by the Overview
 * (one per headline figure), the town profile and `/embed?chart=trend`; the data is a series query
 * (queries/series.ts) or the Overview's headline rows, with the continuity rows of queries/overview.ts, shaped
 * by `trendFromRows` / `headlineTrend`.
 */
import * as Plot from '@observablehq/plot';
import type { SeriesPoint } from '$lib/queries/series.ts';
import { t } from '$lib/i18n.svelte.ts';
import { yearFrame, breakMarks, display, fmtValue } from './common.ts';

/** How the data is loaded and shaped (pure, beside its queries and tested there). */
export { headlineTrend, trendFromRows, type Trend } from '$lib/queries/overview.ts';
export { seriesQuery } from '$lib/queries/series.ts';

export interface TrendOptions {
	unit: string;
	/** The metric drawn: its display unit (catalog `unit_zh`/`unit_en`) labels the y axis. */
	metric?: string;
	breakAt: number | null;
	/** Mark this year (the one the page is about). */
	highlight?: number | null;
	/** Per-report values instead of sums. */
	perReport?: boolean;
	height?: number;
}

/** One metric over the years for a scope: a line per segment (never joined across a break) and a dot per year. */
export function trendPlot(points: readonly SeriesPoint[], width: number, o: TrendOptions): Element {
	const data = points.map((p) => ({ ...p, y: display(o.unit, o.perReport ? p.per_report : p.value) }));
	const height = o.height ?? 220;
	const axis = o.unit === 'yuan' || o.perReport ? 'money' : o.unit;
	const { plot, small } = yearFrame({ width, height, years: data.map((d) => d.year), ys: data.map((d) => d.y), unit: o.unit, metric: o.metric, axis, hasBreak: o.breakAt !== null });
	return Plot.plot({
		...plot,
		marks: [
			...breakMarks(o.breakAt, small),
			Plot.lineY(data, { x: 'year', y: 'y', z: 'segment', stroke: '#1f5fa8', strokeWidth: 2, className: 'mk-trend-line' }),
			Plot.dot(data, {
				x: 'year',
				y: 'y',
				fill: (d) => (d.year === o.highlight ? '#b4232c' : '#1f5fa8'),
				r: (d) => (d.year === o.highlight ? 5 : 3.5),
				title: (d) => `${d.year}: ${fmtValue(d.y, o.unit)}（${t('报告', 'reports')} ${d.n_reports}）`,
				className: 'mk-data-point'
			})
		]
	});
}

