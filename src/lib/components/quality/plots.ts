/**
 * The Quality view's charts as functions of data and width: the town × year matrix of validation issues (a
 * cell per report-year with issues, coloured by its worst severity, labelled with the count) and issues per
 * district stacked by severity. The matrix rows are reshaped in queries/quality.ts (pivot, data/tidy.ts).
 */
import * as Plot from '@observablehq/plot';
import { orderBy, sumBy } from '$lib/data/tidy.ts';
import { t } from '$lib/i18n.svelte.ts';
import { SEVERITY_COLORS, severityLabel } from '$lib/severity.ts';
import { SEVERITIES, type DistrictCount, type MatrixRow } from '$lib/queries/quality.ts';

/** Both charts colour and name severities alike, most severe first. */
function severityScale(): Plot.ScaleOptions {
	return {
		type: 'ordinal',
		domain: [...SEVERITIES],
		range: SEVERITIES.map((s) => SEVERITY_COLORS[s]),
		legend: true,
		tickFormat: severityLabel
	};
}

function tip(r: MatrixRow): string {
	return `${r.org} · ${r.year}\n${severityLabel('error')} ${r.error} · ${severityLabel('warning')} ${r.warning} · ${severityLabel('info')} ${r.info}`;
}

/** Town × year cells: colour = worst severity, text = number of issues. */
export function matrixPlot(rows: readonly MatrixRow[], width: number): Element {
	// Most issues on top: the towns a supervisor should look at first.
	const names = orderBy(
		sumBy(rows, (r) => r.name, { total: (r) => r.total, error: (r) => r.error }),
		{ get: (x) => x.sums.error, desc: true },
		{ get: (x) => x.sums.total, desc: true },
		{ get: (x) => x.key }
	).map((x) => x.key);
	const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
	const longest = Math.max(4, ...names.map((n) => n.length));
	// On a phone the names get at most 40 % of the width (cut with …), and the years every other label when the
	// columns are narrower than a year's label.
	const marginLeft = Math.min(200, 14 * longest + 10, Math.max(70, Math.floor(width * 0.4)));
	const chars = Math.max(3, Math.floor((marginLeft - 10) / 14));
	const every = Math.max(1, Math.ceil(30 / Math.max(1, (width - marginLeft - 20) / Math.max(1, years.length))));
	return Plot.plot({
		width,
		height: Math.max(120, names.length * 22 + 50),
		marginLeft,
		x: { type: 'band', domain: years, label: null, tickFormat: (d: number) => (years.indexOf(d) % every === 0 ? String(d) : '') },
		y: { type: 'band', domain: names, label: null, tickFormat: (n: string) => (n.length > chars ? `${n.slice(0, chars - 1)}…` : n) },
		color: severityScale(),
		marks: [
			Plot.cell(rows, { x: 'year', y: 'name', fill: 'worst', inset: 1, title: tip, className: 'mk-issue-cell' }),
			Plot.text(rows, { x: 'year', y: 'name', text: (r: MatrixRow) => String(r.total), fill: 'white', fontWeight: 600 })
		]
	});
}

/** Issues per district, one bar per district stacked by severity, most issues on top. */
export function districtPlot(counts: readonly DistrictCount[], width: number): Element {
	const order = orderBy(
		sumBy(counts, (c) => String(c.district), { n: (c) => c.n }),
		{ get: (x) => x.sums.n, desc: true }
	).map((x) => x.key);
	return Plot.plot({
		width,
		height: Math.max(100, order.length * 26 + 50),
		marginLeft: Math.min(160, 14 * Math.max(3, ...order.map((d) => d.length)) + 10),
		// The axis label sits below the tick labels, so it never covers the last one.
		marginBottom: 42,
		x: { label: t('问题数', 'Issues'), grid: true, labelAnchor: 'right', labelOffset: 38 },
		y: { domain: order, label: null },
		color: severityScale(),
		marks: [
			Plot.barX(counts, Plot.stackX({ x: 'n', y: 'district', fill: 'severity', order: [...SEVERITIES], title: (d: DistrictCount) => `${d.district} · ${severityLabel(d.severity)} ${d.n}`, className: 'mk-district-bar' })),
			Plot.ruleX([0])
		]
	});
}
