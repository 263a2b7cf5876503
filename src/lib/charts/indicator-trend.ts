/**
 * The trend of one indicator for a scope: the rate per year (Σ numerator ÷ Σ denominator, as indicatorQuery gives
 * it) as a line with dots. A year below the minimum denominator has no rate: it is marked on the axis as
 * "样本不足" rather than drawn as a value, so the line never passes through a rate nobody can trust.
 */
import * as Plot from '@observablehq/plot';
import type { IndicatorRow } from '$lib/queries/indicators.ts';
import { indicator } from '$lib/catalog/indicators.ts';
import { fmtNumber } from '$lib/format.ts';
import { t } from '$lib/i18n.svelte.ts';
import { topMargin, yearTicks } from './common.ts';

export function indicatorTrendPlot(id: string, rows: readonly IndicatorRow[], width: number, o: { height?: number } = {}): Element {
	const ind = indicator(id);
	if (!ind) throw new Error(`unknown indicator: ${id}`);
	const years = rows.map((r) => r.year);
	const shown = rows.filter((r) => r.value !== null);
	const few = rows.filter((r) => r.value === null && r.n_reports > 0);
	const unit = ind.unit === 'percent' ? '%' : t('件/百件申请', 'per 100 applications');
	const lo = Math.min(...years);
	const hi = Math.max(...years);
	// Years without a rate break the line (Plot breaks lines at NaN) instead of bridging them.
	const line = rows.map((r) => ({ year: r.year, value: r.value ?? NaN }));
	const max = Math.max(0, ...shown.map((r) => r.value!));
	return Plot.plot({
		width,
		height: o.height ?? 220,
		marginLeft: 48,
		marginTop: topMargin(),
		x: { label: null, tickFormat: 'd', ticks: yearTicks(years, width), domain: lo === hi ? [lo - 1, hi + 1] : [lo - 0.3, hi + 0.3] },
		y: { label: unit, grid: true, zero: true, nice: true, domain: ind.unit === 'percent' ? [0, Math.max(10, Math.min(100, max * 1.15))] : [0, Math.max(1, max * 1.15)] },
		marks: [
			Plot.lineY(line, { x: 'year', y: 'value', stroke: '#1f5fa8', strokeWidth: 2, className: 'mk-indicator-line' }),
			Plot.dot(shown, {
				x: 'year',
				y: 'value',
				fill: '#1f5fa8',
				r: 3.5,
				title: (r: IndicatorRow) => `${r.year}: ${r.value!.toFixed(1)}${ind.unit === 'percent' ? '%' : ` ${unit}`}（${fmtNumber(r.numerator)} / ${fmtNumber(r.denominator)}）`,
				className: 'mk-data-point'
			}),
			Plot.dot(few, {
				x: 'year',
				y: 0,
				stroke: '#888',
				fill: 'none',
				r: 3.5,
				title: (r: IndicatorRow) => `${r.year}: ${t('样本不足', 'Too few')} (n = ${fmtNumber(r.denominator ?? 0)})`,
				className: 'mk-too-few'
			})
		]
	});
}
