/**
 * The bump chart of the rank view: each organisation's rank across the years as a line (rank 1 at the top),
 * labelled at its last year, for the top and bottom N of the ranked year. A plain function of data and width
 * like the other chart modules, so the page and an embed draw the same figure.
 */
import * as Plot from '@observablehq/plot';
import type { BumpPoint } from '$lib/queries/rank.ts';
import { t } from '$lib/i18n.svelte.ts';
import { yearTicks } from './common.ts';

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
	return Plot.plot({
		width,
		height: o.height ?? Math.max(240, Math.min(520, 24 * Math.min(maxRank, 20) + 60)),
		marginLeft: 40,
		marginRight: narrow ? 16 : 110,
		marginTop: 16,
		x: { label: null, tickFormat: 'd', ticks: yearTicks(years, width - 150), domain: years.length > 1 ? [years[0], years[years.length - 1]] : [years[0] - 1, years[0] + 1] },
		y: { label: t('名次', 'Rank'), reverse: true, domain: [1, maxRank], nice: false, grid: true, ticks: Math.min(maxRank, 10), tickFormat: 'd' },
		color: { legend: narrow, domain: [...new Set(points.map((p) => p.name))] },
		marks: [
			Plot.lineY(lines, { x: 'year', y: 'rank', z: 'key', stroke: 'name', strokeWidth: 2, className: 'mk-bump-line' }),
			Plot.dot(points, { x: 'year', y: 'rank', fill: 'name', r: 3.5, title: (d: BumpPoint) => `${d.name} ${d.year}: ${t('第', '#')}${d.rank}${t('名', '')}`, className: 'mk-bump-point' }),
			narrow ? null : Plot.text([...last.values()], { x: 'year', y: 'rank', text: 'name', dx: 8, textAnchor: 'start', fill: 'name', fontSize: 11 })
		]
	});
}
