/**
 * Compare towns: one metric's cross-format series per town, the ranked table with year-on-year change, and the
 * outlier rule. A town is an outlier for a year when it is far from the median of all towns of its district
 * that year: robust z-score 0.6745·(x − median) / MAD above 3.5 in absolute value (Iglewicz & Hoaglin), with the
 * mean absolute deviation (×1.2533) standing in when more than half the towns share the median (MAD = 0), and
 * only for districts with at least 5 towns reporting. The statistics use every town of the district, not only
 * the towns picked.
 */
import type { Connector, Param } from '../db/connector.ts';
import { pivot } from '../data/tidy.ts';
import { townsWhere, type TownRef } from '../town-keys.ts';
import type { Scope } from '../url-params.ts';
import { and, breaksAtFormatChange, comparable, loadSeries, resolveSeries, scopeWhere, type Series, type SeriesPoint } from './series.ts';
import { countedSql } from '../db/sql.ts';

export const OUTLIER_Z = 3.5;
export const OUTLIER_MIN_TOWNS = 5;
/** 0.6745 = Φ⁻¹(0.75): makes the MAD comparable with a standard deviation for normal data. */
export const MAD_SCALE = 0.6745;
/** √(π/2): the mean absolute deviation's factor to a standard deviation for normal data. */
export const MEANAD_SCALE = 1.253314;

export type ValueMode = 'abs' | 'report';

/**
 * Per town (of the picked ones), year and format: its value, its district's median, MAD and town count for that
 * year, and the robust z-score (null where the rule does not apply).
 */
export function outlierQuery(
	metricId: string,
	towns: readonly TownRef[],
	opts: { from?: number | null; to?: number | null; mode?: ValueMode } = {}
): { sql: string; params: Param[] } {
	const info = resolveSeries(metricId);
	if (!info) throw new Error(`unknown metric: ${metricId}`);
	const conds = [
		{ sql: `series = ? AND ${countedSql()} AND district IS NOT NULL`, params: [info.series] as Param[] }
	];
	if (opts.from != null) conds.push({ sql: 'year >= ?', params: [opts.from] });
	if (opts.to != null) conds.push({ sql: 'year <= ?', params: [opts.to] });
	const w = and(...conds);
	const picked = townsWhere(towns, 'd');
	// Incomparable formats are never pooled: B/C series are compared within a format only.
	const fmt = breaksAtFormatChange(info.grade) ? 'format' : "'all'";
	return {
		sql: `WITH v AS (
  SELECT province, city, district, org, CAST(year AS INTEGER) AS year, ${fmt} AS fmt,
    sum(value) / CASE WHEN ? THEN count(value) ELSE 1 END AS x
  FROM facts_r WHERE ${w.sql}
  GROUP BY province, city, district, org, year, fmt HAVING count(value) > 0),
s AS (SELECT province, city, district, year, fmt, median(x) AS med, CAST(count(*) AS INTEGER) AS n_towns
  FROM v GROUP BY ALL),
d AS (SELECT v.*, s.med, s.n_towns, abs(v.x - s.med) AS dev FROM v JOIN s USING (province, city, district, year, fmt)),
m AS (SELECT province, city, district, year, fmt, median(dev) AS mad, avg(dev) AS meanad FROM d GROUP BY ALL)
SELECT d.org, d.district, d.year, d.x AS value, d.med AS median, m.mad, d.n_towns,
  CASE WHEN d.n_towns < ? THEN NULL
       WHEN m.mad > 0 THEN ? * (d.x - d.med) / m.mad
       WHEN m.meanad > 0 THEN (d.x - d.med) / (? * m.meanad)
       ELSE NULL END AS z
FROM d JOIN m USING (province, city, district, year, fmt)
WHERE ${picked.sql}
ORDER BY d.org, d.year`,
		params: [opts.mode === 'report', ...w.params, OUTLIER_MIN_TOWNS, MAD_SCALE, MEANAD_SCALE, ...picked.params]
	};
}

export interface OutlierRow {
	org: string;
	district: string | null;
	year: number;
	value: number;
	median: number;
	mad: number;
	n_towns: number;
	z: number | null;
}

export function isOutlier(z: number | null | undefined): boolean {
	return typeof z === 'number' && Math.abs(z) > OUTLIER_Z;
}

/** The key of a town's line: org and district (two towns may share a name). */
export function lineKey(r: { org?: string; district?: string | null }): string {
	return `${r.org ?? ''}\u0000${r.district ?? ''}`;
}

export interface ComparePoint extends SeriesPoint {
	/** The town's URL key. */
	town: string;
	/** Short name for labels. */
	name: string;
	/** The value shown: absolute or per report. */
	shown: number;
	z: number | null;
	outlier: boolean;
	median: number | null;
}

export interface CompareResult {
	series: Series;
	points: ComparePoint[];
}

export interface CompareTown extends TownRef {
	key: string;
	name: string;
}

/** The series of the picked towns with the shown value and outlier marks. */
export async function loadCompare(
	conn: Connector,
	metricId: string,
	towns: readonly CompareTown[],
	opts: { from?: number | null; to?: number | null; mode?: ValueMode } = {}
): Promise<CompareResult> {
	const series = await loadSeries(conn, metricId, { towns, byTown: true, from: opts.from, to: opts.to });
	const oq = outlierQuery(metricId, towns, opts);
	const outliers = await conn.query<OutlierRow & Record<string, unknown>>(oq.sql, oq.params);
	return { series, points: comparePoints(series.points, outliers, towns, opts.mode) };
}

/** The towns' series points with their names, the shown value (absolute or per report) and outlier marks. */
export function comparePoints(points: readonly SeriesPoint[], outliers: readonly OutlierRow[], towns: readonly CompareTown[], mode?: ValueMode): ComparePoint[] {
	const zOf = new Map(outliers.map((o) => [`${lineKey(o)}\u0000${o.year}`, o]));
	const townOf = new Map(towns.map((t) => [lineKey(t), t]));
	return points.map((p) => {
		const o = zOf.get(`${lineKey(p)}\u0000${p.year}`);
		const t = townOf.get(lineKey(p));
		return {
			...p,
			town: t?.key ?? p.org ?? '',
			name: t?.name ?? p.org ?? '',
			shown: mode === 'report' ? p.per_report : p.value,
			z: o?.z ?? null,
			outlier: isOutlier(o?.z),
			median: o?.median ?? null
		};
	});
}

export interface RankRow {
	rank: number;
	town: string;
	name: string;
	year: number;
	value: number;
	prev: number | null;
	/** Relative change on the previous year; null when there is none or it would cross the format break. */
	change: number | null;
	/** True when the previous year exists but is in the other format (B/C): not comparable. */
	formatBreak: boolean;
	outlier: boolean;
	z: number | null;
	/** The median of the town's district that year (null where the district has no other data). */
	median: number | null;
}

/**
 * Towns ranked by their value in `year` (highest first), each with its previous year's value and the change,
 * which is left out where the two years are not comparable. Towns with no value that year come last, unranked.
 */
export function rankTowns(points: readonly ComparePoint[], year: number): RankRow[] {
	const byTown = new Map<string, ComparePoint[]>();
	for (const p of points) byTown.set(p.town, [...(byTown.get(p.town) ?? []), p]);
	const rows: RankRow[] = [];
	for (const [town, pts] of byTown) {
		const cur = pts.find((p) => p.year === year);
		if (!cur) continue;
		const prevAny = pts.filter((p) => p.year === year - 1);
		const prev = prevAny.find((p) => p.segment === cur.segment);
		const ok = comparable(prev, cur);
		rows.push({
			rank: 0,
			town,
			name: cur.name,
			year,
			value: cur.shown,
			prev: ok ? prev!.shown : null,
			change: ok && prev!.shown !== 0 ? (cur.shown - prev!.shown) / Math.abs(prev!.shown) : null,
			formatBreak: !ok && prevAny.length > 0,
			outlier: cur.outlier,
			z: cur.z,
			median: cur.median
		});
	}
	rows.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
	rows.forEach((r, i) => (r.rank = i > 0 && rows[i - 1].value === r.value ? rows[i - 1].rank : i + 1));
	return rows;
}

/**
 * The towns' values as a town × year table (one row per town, a column per year as text) and the years, in
 * order: the heat map's table. `scale` turns a value into what is displayed (money in 万元).
 */
export function compareTable(points: readonly ComparePoint[], scale: (v: number) => number = (v) => v): { rows: Record<string, unknown>[]; years: number[] } {
	if (points.length === 0) return { rows: [], years: [] };
	const tidy = points.map((p) => ({ name: p.name, year: String(p.year), v: scale(p.shown) }));
	const rows = pivot(tidy, ['name'], 'year', (d) => d.reduce((s, x) => s + (Number(x.v) || 0), 0)).rows;
	return { rows, years: [...new Set(points.map((p) => p.year))].sort((a, b) => a - b) };
}

/** How many towns Compare and its embeds pick when the URL names none. */
export const DEFAULT_TOWNS = 5;

/**
 * The towns of a town list named by rows of (org, district) — the default towns' query or its baked rows — in the
 * rows' order; a row naming no town of the list is left out.
 */
export function townsOfRows<T extends { org: string; district: string | null }>(rows: readonly { org: string; district: string | null }[], towns: readonly T[]): T[] {
	return rows.map((r) => towns.find((tw) => tw.org === r.org && tw.district === r.district)).filter((x): x is T => !!x);
}

/**
 * Towns with the most years of values for a metric in a scope, in name order: the default pick when the URL
 * names none (not the largest values, which would put the district's outliers first).
 */
export function defaultTownsQuery(metricId: string, scope: Partial<Scope>, limit = DEFAULT_TOWNS): { sql: string; params: Param[] } {
	const info = resolveSeries(metricId);
	if (!info) throw new Error(`unknown metric: ${metricId}`);
	const w = and({ sql: "series = ? AND status <> 'failed' AND value IS NOT NULL", params: [info.series] }, scopeWhere(scope));
	return {
		sql: `SELECT org, district, CAST(count(DISTINCT year) AS INTEGER) AS n_years
FROM facts_r WHERE ${w.sql}
GROUP BY org, district ORDER BY n_years DESC, org, district LIMIT ?`,
		params: [...w.params, limit]
	};
}
