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

/** A step of 1, 2 or 5 × 10ⁿ that splits `span` into about `n` parts. */
function niceStep(span: number, n: number): number {
	const raw = span / Math.max(1, n);
	const p = 10 ** Math.floor(Math.log10(raw));
	const f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/**
 * The y axis of a count or money chart for the room it has: about one tick per 40 px of height (at least 2),
 * whole numbers only for counts (never 0.2 applications), and a 0–1 axis with ticks 0 and 1 when every value is 0.
 */
export function yAxis(
	values: readonly number[],
	unit: string,
	height: number
): { domain?: [number, number]; ticks: number[]; nice: boolean; tickFormat?: (d: number) => string } {
	const n = Math.max(2, Math.min(6, Math.floor((height - 50) / 40)));
	const max = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
	if (max === 0) return { domain: [0, 1], ticks: [0, 1], nice: false, tickFormat: (d: number) => String(d) };
	let step = niceStep(max, n);
	if (unit === 'count') step = Math.max(1, Math.round(step));
	const top = Math.ceil(max / step) * step;
	const ticks: number[] = [];
	for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
	return { domain: [0, top], ticks, nice: false };
}

/** Sizes for a chart of this width and height: smaller margins and fewer labels when small; text stays 10 px. */
export function room(width: number, height: number): { small: boolean; marginLeft: number } {
	const small = width < 420 || height < 200;
	return { small, marginLeft: small ? 44 : 56 };
}

/** Plot's text size everywhere (Plot's default, stated so a narrow frame never shrinks it by scaling). */
export const PLOT_STYLE = { fontSize: '10px', overflow: 'visible' } as const;

/**
 * The top margin of a chart with a y-axis label: Plot draws that label 3 px below the figure's top edge and the
 * top tick's label centred on the frame's top, so below ~24 px the two touch ("↑ 件/条" on "40,000"). With a
 * format break, its label shares the margin (to the right of the rule) and gets a little more.
 */
export function topMargin(hasBreak = false): number {
	return hasBreak ? 28 : 26;
}

/** Values for display: money (yuan) in 万元, counts as they are. */
export function display(unit: string, v: number): number {
	return unit === 'yuan' ? v / 10_000 : v;
}

export function unitText(unit: string): string {
	return unit === 'yuan' ? t('万元', '10k yuan') : t('件/条', 'count');
}

/** The label on the format-change rule (shorter in a small chart). */
export function breakLabel(small = false): string {
	return small ? t('2021 新版格式', '2021 format') : t('2021 新版格式：口径变化', '2021 format: definitions change');
}

/**
 * Marks for the format change: a dashed rule between the formats and its label, in the top margin and to the
 * right of the rule, so it never runs into the y axis's tick labels.
 */
export function breakMarks(breakAt: number | null, small = false): Plot.Markish[] {
	if (breakAt === null) return [];
	return [
		Plot.ruleX([breakAt], { stroke: '#9a6700', strokeDasharray: '4,3', className: 'mk-format-break' }),
		Plot.text([breakAt], {
			x: (d: number) => d,
			frameAnchor: 'top',
			dy: -8,
			dx: 3,
			textAnchor: 'start',
			text: () => breakLabel(small),
			fill: '#9a6700',
			fontSize: 10,
			className: 'mk-format-break-label'
		})
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
	const height = o.height ?? 220;
	const r = room(width, height);
	return Plot.plot({
		width,
		height,
		style: PLOT_STYLE,
		marginLeft: r.marginLeft,
		marginTop: topMargin(o.breakAt !== null),
		x: { label: null, tickFormat: 'd', ticks: yearTicks(years, width), domain: padYears(years) },
		y: { label: unitText(o.unit), grid: true, zero: true, ...yAxis(data.map((d) => d.y), o.unit === 'yuan' || o.perReport ? 'money' : o.unit, height) },
		marks: [
			...breakMarks(o.breakAt, r.small),
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
	const height = o.height ?? 260;
	const years = [...new Set(data.map((d) => d.year))];
	// Every year's label when they fit, else every other one.
	const every = Math.max(1, Math.ceil((years.length * 40) / Math.max(width - 48, 100)));
	return Plot.plot({
		width,
		height,
		style: PLOT_STYLE,
		marginLeft: 44,
		x: { label: null, type: 'band', tickFormat: (d: number) => (years.indexOf(d) % every === 0 ? String(d) : '') },
		y: {
			label: height < 200 ? null : t('占办理总数的比例', 'Share of applications handled'),
			tickFormat: (d: number) => fmtPct(d, 0),
			domain: [0, 1],
			ticks: height < 200 ? [0, 0.5, 1] : 5,
			grid: true
		},
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
