/**
 * The outcome chart: how the applications handled were decided, as shares of table 三's （七）总计 per outcome,
 * one stacked bar per year, and the same shares as a year × outcome table. Drawn by the Overview and
 * `/embed?chart=outcomes`; the rows come from `outcomesQuery` (queries/overview.ts) or the baked aggregates.
 */
import * as Plot from '@observablehq/plot';
import { OUTCOMES, type OutcomeRow } from '$lib/queries/overview.ts';
import { fmtPct } from '$lib/format.ts';
import { t } from '$lib/i18n.svelte.ts';
import { PLOT_STYLE } from './common.ts';

/** How the data is loaded and shaped (pure, beside its query and tested there). */
export { displayShares, outcomeTable, outcomesQuery, type OutcomeTableRow } from '$lib/queries/overview.ts';

/** An outcome's name in the reader's language. */
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
