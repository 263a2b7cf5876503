/**
 * The compare chart: chosen towns' values of one metric over the years, as lines in one panel or as small
 * multiples (Compare and `/embed?chart=compare`). Lines are split per town and per segment, so a B/C series never
 * joins the 2019-format and 2021-format values; outliers get a red ring and a label. The data is `loadCompare`
 * (queries/compare.ts) or, in an embed, the same rows from the baked aggregates or Parquet (data/baked.ts); the
 * heat map (heatmap.ts) draws the same points.
 */
import * as Plot from '@observablehq/plot';
import type { ComparePoint } from '$lib/queries/compare.ts';
import { t } from '$lib/i18n.svelte.ts';
/** How the data is loaded and shaped (pure, beside its queries and tested there). */
export { comparePoints, defaultTownsQuery, loadCompare, rankTowns } from '$lib/queries/compare.ts';
import { PLOT_STYLE, yearFrame, breakMarks, display, fmtValue, padYears, room, unitText, yDomain, yearTicks } from './common.ts';

export interface CompareOptions {
	unit: string;
	/** The metric drawn: its display unit (catalog `unit_zh`/`unit_en`) labels the y axis or colour legend. */
	metric?: string;
	breakAt: number | null;
	height?: number;
	/** The whole figure must fit this height (embeds): panels and rows are sized to it. */
	fitHeight?: number;
}

const axisUnit = (unit: string) => (unit === 'yuan' ? 'money' : unit);

/** The points with their displayed value and the key of their line (town and segment). */
export function withY(points: readonly ComparePoint[], unit: string) {
	return points.map((p) => ({ ...p, y: display(unit, p.shown), line: `${p.town}\u0000${p.segment}` }));
}

/** A point's tooltip: town, year, value, and its z-score and outlier mark when it has them. */
export function tip(d: ComparePoint & { y: number }, unit: string): string {
	const z = d.z === null ? '' : ` · z=${d.z.toFixed(1)}`;
	const flag = d.outlier ? ` · ${t('离群', 'outlier')}` : '';
	return `${d.name} ${d.year}: ${fmtValue(d.y, unit)}${z}${flag}`;
}

/** All towns in one panel, one colour each, with a legend. */
export function linesPlot(points: readonly ComparePoint[], width: number, o: CompareOptions): Element {
	const data = withY(points, o.unit);
	const height = o.fitHeight ?? o.height ?? 320;
	const ys = data.map((d) => d.y);
	const { plot, small } = yearFrame({ width, height, years: data.map((d) => d.year), ys, unit: o.unit, metric: o.metric, axis: axisUnit(o.unit), hasBreak: o.breakAt !== null });
	return Plot.plot({
		...plot,
		color: { legend: true, domain: [...new Set(data.map((d) => d.name))] },
		marks: [
			...breakMarks(o.breakAt, small),
			Plot.lineY(data, { x: 'year', y: 'y', z: 'line', stroke: 'name', strokeWidth: 2, className: 'mk-town-line' }),
			Plot.dot(data, { x: 'year', y: 'y', fill: 'name', r: 3.5, title: (d) => tip(d, o.unit), className: 'mk-data-point' }),
			// Outlier labels only where there is room for them (the red rings stay).
			...outlierMarks(data, !small)
		]
	});
}

/** One small panel per town, sharing the y scale so heights compare. */
export function multiplesPlot(points: readonly ComparePoint[], width: number, o: CompareOptions): Element {
	const data = withY(points, o.unit);
	const years = data.map((d) => d.year);
	const towns = [...new Set(data.map((d) => d.name))];
	let cols = Math.max(1, Math.min(towns.length, Math.floor(width / (o.fitHeight ? 150 : 220))));
	if (o.fitHeight) {
		// A frame of fixed height (an embed): rather than cut panels off at the bottom, spread the towns over more
		// columns (each at least 70 px wide) until the rows fit at 50 px; past that, the panels get shorter.
		const fitRows = Math.max(1, Math.floor((o.fitHeight - 40) / 50));
		const maxCols = Math.max(1, Math.floor((width - 56) / 70));
		cols = Math.min(towns.length, Math.max(cols, Math.min(maxCols, Math.ceil(towns.length / fitRows))));
	}
	const rows = Math.ceil(towns.length / cols);
	const panelHeight = o.fitHeight ? (o.fitHeight - 40) / rows : (o.height ?? 150);
	const panelWidth = (width - 56) / cols;
	// Room above the data for the town's name in each panel (it must not sit on a point).
	const values = data.map((d) => d.y);
	const top = Math.max(0, ...values);
	const cell = (name: string) => towns.indexOf(name);
	// Every mark of a town goes to that town's panel: column, then row, in the order the towns came.
	const panel = {
		fx: (d: { name: string }) => cell(d.name) % cols,
		fy: (d: { name: string }) => Math.floor(cell(d.name) / cols)
	};
	return Plot.plot({
		width,
		height: rows * panelHeight + 40,
		style: PLOT_STYLE,
		marginLeft: 56,
		marginTop: 28,
		x: { label: null, tickFormat: 'd', ticks: yearTicks(years, panelWidth), domain: padYears(years) },
		y: {
			label: unitText(o.unit, o.metric),
			grid: true,
			zero: true,
			nice: true,
			domain: top > 0 ? [0, top * (1 + 20 / Math.max(30, panelHeight - 10))] : yDomain(values),
			ticks: Math.max(2, Math.floor(panelHeight / 45))
		},
		fx: { axis: null, domain: [...Array(cols).keys()] },
		fy: { axis: null, domain: [...Array(rows).keys()] },
		marks: [
			// A narrow panel labels its first and last year only, drawn inward so neighbouring panels' years never touch.
			...(panelWidth < 130 ? narrowYearAxis(years) : []),
			Plot.frame({ stroke: '#dfe3e8', className: 'mk-panel' }),
			Plot.text(towns, {
				fx: (d: string) => cell(d) % cols,
				fy: (d: string) => Math.floor(cell(d) / cols),
				frameAnchor: 'top-left',
				dx: 4,
				dy: 4,
				text: (d: string) => d,
				fontWeight: 600
			}),
			...(o.breakAt === null
				? []
				: [Plot.ruleX([o.breakAt], { stroke: '#9a6700', strokeDasharray: '4,3', className: 'mk-format-break' })]),
			Plot.lineY(data, {
				x: 'year',
				y: 'y',
				z: 'line',
				...panel,
				stroke: '#1f5fa8',
				strokeWidth: 2,
				className: 'mk-town-line'
			}),
			Plot.dot(data, {
				x: 'year',
				y: 'y',
				...panel,
				fill: '#1f5fa8',
				r: 3,
				title: (d) => tip(d, o.unit),
				className: 'mk-data-point'
			}),
			Plot.dot(
				data.filter((d) => d.outlier),
				{
					x: 'year',
					y: 'y',
					...panel,
					r: 8,
					stroke: '#b4232c',
					strokeWidth: 2,
					className: 'mk-outlier'
				}
			)
		]
	});
}

function narrowYearAxis(years: readonly number[]): Plot.Markish[] {
	if (!years.length) return [];
	const lo = Math.min(...years);
	const hi = Math.max(...years);
	return [
		Plot.axisX([lo], { tickFormat: 'd', textAnchor: 'start', label: null }),
		...(hi > lo ? [Plot.axisX([hi], { tickFormat: 'd', textAnchor: 'end', label: null })] : [])
	];
}

function outlierMarks(data: (ComparePoint & { y: number })[], labels = true): Plot.Markish[] {
	const out = data.filter((d) => d.outlier);
	if (out.length === 0) return [];
	return [
		Plot.dot(out, { x: 'year', y: 'y', r: 8, stroke: '#b4232c', strokeWidth: 2, className: 'mk-outlier' }),
		...(labels ? [Plot.text(out, { x: 'year', y: 'y', text: () => t('离群', 'outlier'), dy: -14, fill: '#b4232c', fontSize: 10 })] : [])
	];
}
