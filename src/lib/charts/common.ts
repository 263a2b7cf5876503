/**
 * What the chart modules of src/lib/charts share: year ticks and x domains, a y axis for the room a chart has,
 * sizes for small frames, the 2020/2021 format-change rule, and values as displayed (money in 万元). Plain
 * functions; nothing here loads data.
 */
import * as Plot from '@observablehq/plot';
import { tickRoom } from './tick-room.ts';
import { t } from '$lib/i18n.svelte.ts';
import { metric } from '$lib/catalog/index.ts';

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

/**
 * The frame every chart over the years shares: size, margins, a year x axis with ticks that fit the width, and a
 * zero-based y axis in the unit (`axis` picks the tick rule: 'count' keeps whole steps). `small` says whether to
 * drop labels.
 */
export function yearFrame(o: { width: number; height: number; years: readonly number[]; ys: readonly number[]; unit: string; metric?: string; axis: string; hasBreak: boolean }) {
	const r = room(o.width, o.height);
	const y = yAxis(o.ys, o.axis, o.height);
	const plot = {
		width: o.width,
		height: o.height,
		style: PLOT_STYLE,
		marginLeft: Math.max(r.marginLeft, tickRoom(y.ticks, y.tickFormat)),
		marginTop: topMargin(o.hasBreak),
		x: { label: null, tickFormat: 'd', ticks: yearTicks(o.years, o.width), domain: padYears(o.years) },
		y: { label: unitText(o.unit, o.metric), grid: true, zero: true, ...y }
	} satisfies Plot.PlotOptions;
	return { plot, small: r.small };
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

export function unitText(unit: string, metricId?: string): string {
	if (unit === 'yuan') return t('万元', '10k yuan');
	// What a count counts, from the catalog (件 applications, 条/项 items, 件 cases …); the bare machine unit otherwise.
	const m = metricId ? metric(metricId) : undefined;
	return m ? t(m.unitZh, m.unitEn) : t('件/条', 'count');
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

/** An x domain for years with a little room at each end (one year alone gets a year either side). */
export function padYears(years: readonly number[]): [number, number] | undefined {
	if (years.length === 0) return undefined;
	const lo = Math.min(...years);
	const hi = Math.max(...years);
	return lo === hi ? [lo - 1, hi + 1] : [lo - 0.3, hi + 0.3];
}

/** A displayed value as text: counts whole, money with two decimals and its unit. */
export function fmtValue(v: number, unit: string): string {
	const digits = unit === 'yuan' || !Number.isInteger(v) ? 2 : 0;
	return `${v.toLocaleString('en-US', { maximumFractionDigits: digits })}${unit === 'yuan' ? t(' 万元', ' ×10k yuan') : ''}`;
}
