/**
 * The Overview's charts as plain functions of data and width, so the Overview page and the Embed route draw
 * exactly the same figure: a metric's trend over the years (with the 2020/2021 format break where the catalog
 * grade asks for one) and the outcome shares of handled applications as a stacked bar per year.
 */
import * as Plot from '@observablehq/plot';
import { OUTCOMES, type OutcomeRow } from '$lib/queries/overview.ts';
import type { SeriesPoint } from '$lib/queries/series.ts';
import { fmtPct } from '$lib/format.ts';
import { t } from '$lib/i18n.svelte.ts';

/** Years as ticks: integers only, every year when they fit. */
export function yearTicks(years: readonly number[], width: number): number[] {
	const ys = [...new Set(years)].sort((a, b) => a - b);
	if (ys.length === 0) return [];
	const step = Math.max(1, Math.ceil((ys.length * 44) / Math.max(width, 200)));
	const all: number[] = [];
	for (let y = ys[0]; y <= ys[ys.length - 1]; y += step) all.push(y);
	return all;
}

/** A y domain that still reads when every value is 0 (Plot would otherwise label the axis 0.000000). */
export function yDomain(values: readonly number[]): [number, number] | undefined {
	return values.some((v) => v !== 0) ? undefined : [0, 1];
}

/** Values for display: money (yuan) in 万元, counts as they are. */
export function display(unit: string, v: number): number {
	return unit === 'yuan' ? v / 10_000 : v;
}

export function unitText(unit: string): string {
	return unit === 'yuan' ? t('万元', '10k yuan') : t('件/条', 'count');
}

/** The label on the format-change rule. */
export function breakLabel(): string {
	return t('2021 新版格式：口径变化', '2021 format: definitions change');
}

/** Marks for the format change: a dashed rule between the formats and its label. */
export function breakMarks(breakAt: number | null): Plot.Markish[] {
	if (breakAt === null) return [];
	return [
		Plot.ruleX([breakAt], { stroke: '#9a6700', strokeDasharray: '4,3', className: 'mk-format-break' }),
		Plot.text([breakAt], { x: (d: number) => d, frameAnchor: 'top', dy: 2, text: () => breakLabel(), fill: '#9a6700', fontSize: 10, lineWidth: 8 })
	];
}

export interface TrendOptions {
	unit: string;
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
	const years = data.map((d) => d.year);
	return Plot.plot({
		width,
		height: o.height ?? 220,
		marginLeft: 56,
		marginTop: o.breakAt === null ? 16 : 28,
		x: { label: null, tickFormat: 'd', ticks: yearTicks(years, width), domain: padYears(years) },
		y: { label: unitText(o.unit), grid: true, zero: true, nice: true, domain: yDomain(data.map((d) => d.y)) },
		marks: [
			...breakMarks(o.breakAt),
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

function padYears(years: readonly number[]): [number, number] | undefined {
	if (years.length === 0) return undefined;
	const lo = Math.min(...years);
	const hi = Math.max(...years);
	return lo === hi ? [lo - 1, hi + 1] : [lo - 0.3, hi + 0.3];
}

export function fmtValue(v: number, unit: string): string {
	const digits = unit === 'yuan' || !Number.isInteger(v) ? 2 : 0;
	return `${v.toLocaleString('en-US', { maximumFractionDigits: digits })}${unit === 'yuan' ? t(' 万元', ' ×10k yuan') : ''}`;
}

export function outcomeLabel(key: string): string {
	const o = OUTCOMES.find((x) => x.key === key);
	return o ? t(o.zh, o.en) : key;
}

/** Colours of the outcome categories, from favourable (granted) to the rest; fixed so charts agree. */
export const OUTCOME_COLORS: Record<string, string> = {
	granted: '#2f7d32',
	partial: '#8bc34a',
	denied: '#b4232c',
	unable: '#e69f00',
	not_processed: '#7e57c2',
	other: '#9e9e9e'
};

/** Shares of handled applications per outcome, one stacked bar per year (only years with applications handled). */
export function outcomesPlot(rows: readonly OutcomeRow[], width: number, o: { highlight?: number | null; height?: number } = {}): Element {
	const data = rows.filter((r) => r.share !== null).map((r) => ({ ...r, label: outcomeLabel(r.outcome) }));
	const order = OUTCOMES.map((c) => outcomeLabel(c.key));
	return Plot.plot({
		width,
		height: o.height ?? 260,
		marginLeft: 48,
		x: { label: null, type: 'band', tickFormat: (d: number) => String(d) },
		y: { label: t('占办理总数的比例', 'Share of applications handled'), tickFormat: (d: number) => fmtPct(d, 0), domain: [0, 1], grid: true },
		color: { legend: true, domain: order, range: OUTCOMES.map((c) => OUTCOME_COLORS[c.key]) },
		marks: [
			Plot.barY(data, {
				x: 'year',
				y: 'share',
				fill: 'label',
				order,
				title: (d) => `${d.year} · ${d.label}: ${fmtPct(d.share)}（${d.value} / ${d.total}）`,
				className: 'mk-outcome-bar'
			}),
			// The year the page is about, outlined (a separate mark: a null stroke channel would drop bars).
			...(data.some((d) => d.year === o.highlight)
				? [Plot.barY([{ year: o.highlight, share: 1 }], { x: 'year', y: 'share', fill: 'none', stroke: '#1d2329', strokeWidth: 1.5 })]
				: []),
			Plot.ruleY([0])
		]
	});
}
