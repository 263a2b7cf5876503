/**
 * The Quality view's charts as functions of data and width: the town × year matrix of validation issues (a
 * cell per report-year with issues, coloured by its worst severity, labelled with the count) and issues per
 * district stacked by severity. Reshaping is done with arquero (pivot by severity).
 */
import * as Plot from '@observablehq/plot';
import * as aq from 'arquero';
import { t } from '$lib/i18n.svelte.ts';
import { shortName } from '$lib/towns.ts';
import type { DistrictCount, MatrixCell } from '$lib/queries/quality.ts';

export const SEVERITY_COLORS: Record<string, string> = { error: '#b4232c', warning: '#d98e04', info: '#7a9cc6' };

export function severityLabel(s: string): string {
	return s === 'error' ? t('错误', 'error') : s === 'warning' ? t('警告', 'warning') : s === 'info' ? t('提示', 'info') : s;
}

export interface MatrixRow {
	org: string;
	district: string | null;
	name: string;
	year: number;
	error: number;
	warning: number;
	info: number;
	total: number;
	worst: string;
}

/** One row per town and year: counts per severity (pivot), the total and the worst severity present. */
export function matrixRows(cells: readonly MatrixCell[]): MatrixRow[] {
	if (!cells.length) return [];
	const wide = aq
		.from(cells.map((c) => ({ org: c.org, district: c.district, year: c.year, severity: c.severity, n: c.n })))
		.groupby('org', 'district', 'year')
		.pivot('severity', { n: (d: { n: number }) => aq.op.sum(d.n) })
		.objects() as Record<string, unknown>[];
	// Two organisations with the same short name (in different districts) get their district added.
	const byName = new Map<string, Set<string>>();
	for (const o of wide) {
		const n = shortName(String(o.org));
		byName.set(n, (byName.get(n) ?? new Set()).add(`${o.org}\u0000${o.district ?? ''}`));
	}
	return wide.map((o) => {
		const error = Number(o.error ?? 0);
		const warning = Number(o.warning ?? 0);
		const info = Number(o.info ?? 0);
		const org = String(o.org);
		return {
			org,
			district: (o.district as string | null) ?? null,
			name: (byName.get(shortName(org))?.size ?? 0) > 1 ? `${shortName(org)}（${o.district ?? '?'}）` : shortName(org),
			year: Number(o.year),
			error,
			warning,
			info,
			total: error + warning + info,
			worst: error ? 'error' : warning ? 'warning' : 'info'
		};
	});
}

/** Towns ordered by their issue total (most first), capped at `limit`; the others are left out of the matrix. */
export function topTowns(rows: readonly MatrixRow[], limit: number): { rows: MatrixRow[]; towns: number; shown: number } {
	const totals = aq
		.from(rows.map((r) => ({ key: `${r.org}\u0000${r.district ?? ''}`, total: r.total })))
		.groupby('key')
		.rollup({ total: (d: { total: number }) => aq.op.sum(d.total) })
		.orderby(aq.desc('total'), 'key')
		.objects() as { key: string; total: number }[];
	const keep = new Set(totals.slice(0, limit).map((x) => x.key));
	return { rows: rows.filter((r) => keep.has(`${r.org}\u0000${r.district ?? ''}`)), towns: totals.length, shown: keep.size };
}

function tip(r: MatrixRow): string {
	return `${r.org} · ${r.year}\n${severityLabel('error')} ${r.error} · ${severityLabel('warning')} ${r.warning} · ${severityLabel('info')} ${r.info}`;
}

/** Town × year cells: colour = worst severity, text = number of issues. */
export function matrixPlot(rows: readonly MatrixRow[], width: number): Element {
	const names = [...new Set(rows.map((r) => r.name))];
	const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
	const longest = Math.max(4, ...names.map((n) => n.length));
	return Plot.plot({
		width,
		height: Math.max(120, names.length * 22 + 50),
		marginLeft: Math.min(200, 14 * longest + 10),
		x: { type: 'band', domain: years, label: null, tickFormat: 'd' },
		y: { type: 'band', domain: names, label: null },
		color: {
			type: 'ordinal',
			domain: ['error', 'warning', 'info'],
			range: [SEVERITY_COLORS.error, SEVERITY_COLORS.warning, SEVERITY_COLORS.info],
			legend: true,
			tickFormat: severityLabel
		},
		marks: [
			Plot.cell(rows, { x: 'year', y: 'name', fill: 'worst', inset: 1, title: tip, className: 'mk-issue-cell' }),
			Plot.text(rows, { x: 'year', y: 'name', text: (r: MatrixRow) => String(r.total), fill: 'white', fontWeight: 600 })
		]
	});
}

/** Issues per district, one bar per district stacked by severity, most issues on top. */
export function districtPlot(counts: readonly DistrictCount[], width: number): Element {
	const order = aq
		.from(counts.map((c) => ({ district: c.district, n: c.n })))
		.groupby('district')
		.rollup({ n: (d: { n: number }) => aq.op.sum(d.n) })
		.orderby(aq.desc('n'))
		.array('district') as string[];
	return Plot.plot({
		width,
		height: Math.max(100, order.length * 26 + 50),
		marginLeft: Math.min(160, 14 * Math.max(3, ...order.map((d) => d.length)) + 10),
		x: { label: t('问题数', 'Issues'), grid: true },
		y: { domain: order, label: null },
		color: {
			type: 'ordinal',
			domain: ['error', 'warning', 'info'],
			range: [SEVERITY_COLORS.error, SEVERITY_COLORS.warning, SEVERITY_COLORS.info],
			legend: true,
			tickFormat: severityLabel
		},
		marks: [
			Plot.barX(counts, Plot.stackX({ x: 'n', y: 'district', fill: 'severity', order: ['error', 'warning', 'info'], title: (d: DistrictCount) => `${d.district} · ${severityLabel(d.severity)} ${d.n}`, className: 'mk-district-bar' })),
			Plot.ruleX([0])
		]
	});
}
