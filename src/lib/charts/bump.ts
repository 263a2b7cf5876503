/**
 * The bump chart of the rank view: each organisation's rank across the years as a line (rank 1 at the top),
 * labelled at its last year, for the top and bottom N of the ranked year. A plain function of data and width
 * like the other chart modules, so the page and an embed draw the same figure.
 */
import * as Plot from '@observablehq/plot';
import type { BumpPoint } from '$lib/queries/rank.ts';
import { t } from '$lib/i18n.svelte.ts';
import { topMargin, yearTicks } from './common.ts';

export function bumpPlot(points: readonly BumpPoint[], width: number, o: { height?: number } = {}): Element {
	const years = [...new Set(points.map((p) => p.year))].sort((a, b) => a - b);
	const maxRank = Math.max(1, ...points.map((p) => p.rank));
	const last = new Map<string, BumpPoint>();
	for (const p of points) if ((last.get(p.key)?.year ?? -Infinity) < p.year) last.set(p.key, p);
	const narrow = width < 520;
	// A year an organisation was not ranked breaks its line (Plot breaks lines at NaN) instead of bridging it.
	const keys = new Map(points.map((p) => [p.key, p.name]));
	const have = new Set(points.map((p) => `${p.key}\u0000${p.year}`));
	const lines = [
		...points,
		...[...keys].flatMap(([key, name]) => years.filter((y) => !have.has(`${key}\u0000${y}`)).map((year) => ({ key, name, year, rank: NaN })))
	].sort((a, b) => a.year - b.year);
	const height = o.height ?? Math.max(240, Math.min(520, 24 * Math.min(maxRank, 20) + 60));
	// The rank axis's area (Plot's default bottom margin is 30): a rank label every 14 px at most, rank 1 always.
	const plotH = Math.max(0, height - topMargin() - 30);
	const fit = Math.min(10, Math.floor(plotH / 14));
	const step = Math.ceil(maxRank / Math.max(1, fit));
	const rankTicks = fit < 2 ? [1] : Array.from({ length: Math.ceil(maxRank / step) }, (_, i) => 1 + i * step);
	return Plot.plot({
		width,
		height,
		marginLeft: 40,
		marginRight: narrow ? 16 : 110,
		marginTop: topMargin(),
		x: { label: null, tickFormat: 'd', ticks: yearTicks(years, width - 150), domain: years.length > 1 ? [years[0], years[years.length - 1]] : [years[0] - 1, years[0] + 1] },
		y: { label: t('名次', 'Rank'), reverse: true, domain: [1, maxRank], nice: false, grid: true, ticks: rankTicks, tickFormat: 'd' },
		color: { legend: narrow, domain: [...new Set(points.map((p) => p.name))] },
		marks: [
			Plot.lineY(lines, { x: 'year', y: 'rank', z: 'key', stroke: 'name', strokeWidth: 2, className: 'mk-bump-line' }),
			Plot.dot(points, { x: 'year', y: 'rank', fill: 'name', r: 3.5, title: (d: BumpPoint) => `${d.name} ${d.year}: ${t('第', '#')}${d.rank}${t('名', '')}`, className: 'mk-bump-point' }),
			narrow ? null : Plot.text(spreadLabels([...last.values()], maxRank, Math.max(20, plotH)), { x: 'year', y: 'at', text: 'name', dx: 8, textAnchor: 'start', fill: 'name', fontSize: 11 })
		]
	});
}

/**
 * Where each end label goes (`at`, in rank units): at its rank, moved down just enough that labels ending in the
 * same year stay 13 px apart (tied and neighbouring ranks would print on top of each other), then back up from
 * the bottom if that pushed them off the axis. The points and lines stay at the true ranks.
 */
export function spreadLabels<T extends { year: number; rank: number; name: string }>(ends: readonly T[], maxRank: number, plotH: number): (T & { at: number })[] {
	const px = maxRank > 1 ? plotH / (maxRank - 1) : plotH;
	const gap = 13 / px;
	const byYear = new Map<number, T[]>();
	for (const e of ends) byYear.set(e.year, [...(byYear.get(e.year) ?? []), e]);
	return [...byYear.values()].flatMap((group) => {
		const sorted = [...group].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
		const at = sorted.map((e) => e.rank);
		for (let i = 1; i < at.length; i++) at[i] = Math.max(at[i], at[i - 1] + gap);
		const bottom = Math.max(maxRank, 1 + (at.length - 1) * gap);
		if (at.length) at[at.length - 1] = Math.min(at[at.length - 1], bottom);
		for (let i = at.length - 2; i >= 0; i--) at[i] = Math.min(at[i], at[i + 1] - gap);
		return sorted.map((e, i) => ({ ...e, at: at[i] }));
	});
}
