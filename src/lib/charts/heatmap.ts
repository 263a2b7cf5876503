/**
 * The heat map: chosen towns × years, each cell coloured by the metric's value (Compare and
 * `/embed?chart=heatmap`), and the same values as a town × year table for reading them exactly. Same data as the
 * compare chart (compare.ts): the points of `loadCompare`.
 */
import * as Plot from '@observablehq/plot';
import type { ComparePoint } from '$lib/queries/compare.ts';
import { PLOT_STYLE, fmtValue, unitText } from './common.ts';
import { tip, withY, type CompareOptions } from './compare.ts';

/** How the data is loaded and shaped (pure, beside its queries and tested there): the compare chart's. */
export { compareTable, loadCompare } from '$lib/queries/compare.ts';

/** Town × year cells coloured by value; outliers outlined in red; B/C format break shown as a gap line. */
export function heatmapPlot(points: readonly ComparePoint[], width: number, o: CompareOptions): Element {
	const data = withY(points, o.unit);
	const towns = [...new Set(data.map((d) => d.name))];
	const years = [...new Set(data.map((d) => d.year))].sort((a, b) => a - b);
	const allYears = years.length ? Array.from({ length: years[years.length - 1] - years[0] + 1 }, (_, i) => years[0] + i) : [];
	const showText = width / Math.max(1, allYears.length) > 44;
	const marginLeft = Math.min(width < 420 ? 90 : 140, 16 + Math.max(...towns.map((n) => n.length), 2) * 13);
	// Every year's label when they fit, else every other one.
	const every = Math.max(1, Math.ceil((allYears.length * 40) / Math.max(width - marginLeft - 20, 100)));
	const height = o.height ?? Math.max(120, towns.length * 30 + 70);
	// Every town's name when the rows are tall enough for 10 px text (13 px), else every k-th (the cells keep their tooltips).
	const band = (height - 50) / Math.max(1, towns.length);
	const everyTown = band >= 13 ? 1 : Math.ceil(13 / Math.max(1, band));
	const townTick = (d: string) => (towns.indexOf(d) % everyTown !== 0 ? '' : d.length > 7 && width < 420 ? `${d.slice(0, 6)}…` : d);
	return Plot.plot({
		width,
		height,
		style: PLOT_STYLE,
		marginLeft,
		marginRight: 20,
		padding: 0.05,
		x: { label: null, type: 'band', domain: allYears, tickFormat: (d: number) => ((d - allYears[0]) % every === 0 ? String(d) : '') },
		y: { label: null, domain: towns, tickFormat: townTick },
		color: { type: 'sqrt', scheme: 'blues', legend: true, label: unitText(o.unit, o.metric) },
		marks: [
			Plot.cell(data, { x: 'year', y: 'name', fill: 'y', title: (d) => tip(d, o.unit), className: 'mk-heat-cell' }),
			Plot.cell(
				data.filter((d) => d.outlier),
				{ x: 'year', y: 'name', stroke: '#b4232c', strokeWidth: 2.5, fill: 'none', className: 'mk-outlier' }
			),
			...(showText
				? [
						Plot.text(data, {
							x: 'year',
							y: 'name',
							text: (d) => fmtValue(d.y, 'count'),
							fill: 'black',
							stroke: 'white',
							strokeWidth: 3,
							paintOrder: 'stroke',
							fontSize: 10
						})
					]
				: []),
			// The break lies between two year bands: a rule at the left edge of the first 2021-format year.
			...(o.breakAt === null || !allYears.includes(Math.ceil(o.breakAt))
				? []
				: [
						Plot.ruleX([Math.ceil(o.breakAt)], {
							dx: -((width - marginLeft - 20) / allYears.length) / 2,
							stroke: '#9a6700',
							strokeWidth: 2,
							strokeDasharray: '4,3',
							className: 'mk-format-break'
						})
					])
		]
	});
}

