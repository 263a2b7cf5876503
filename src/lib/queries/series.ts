/**
 * Cross-format series: one metric's values per year from 2019 to 2025 across the 2019 and 2021 report formats,
 * following the catalog's `series` and `grade` (templates.md §7, §9.5). Grade A series are one continuous line;
 * B and C series are split into one segment per format so a chart draws the 2020/2021 change as a break, never as
 * one joined line; X metrics exist only in the years of their format. Shared by Overview, Compare, Embed and the
 * town profile, so every view draws the same rule.
 */
import { METRICS, metric, type Grade, type Metric, type Unit } from '../catalog/index.ts';
import type { Connector, Param } from '../db/connector.ts';
import { townsWhere, type TownRef } from '../town-keys.ts';
import type { Scope } from '../url-params.ts';
import { countedSql } from '../db/sql.ts';

export interface SeriesInfo {
	/** The catalog series id (e.g. `t2.rules.issued`). */
	series: string;
	grade: Grade;
	unit: Unit;
	/** The catalog metrics that feed the series, in catalog order (a 2019 cell and its 2021 successor). */
	members: Metric[];
	/** The metric the caller asked for (the first member when a series id was given). */
	metric: Metric;
}

/** Resolve a metric id or a series id against the catalog; null when it is neither. */
export function resolveSeries(idOrSeries: string): SeriesInfo | null {
	const m = metric(idOrSeries) ?? METRICS.find((x) => x.series === idOrSeries);
	if (!m) return null;
	const members = METRICS.filter((x) => x.series === m.series);
	return { series: m.series, grade: m.grade, unit: m.unit, members, metric: m };
}

/** True when a series must be drawn with a break at the format change. */
export function breaksAtFormatChange(grade: Grade): boolean {
	return grade === 'B' || grade === 'C';
}

export interface SeriesFilter {
	scope?: Partial<Scope>;
	/** Restrict to these towns; with `byTown` the values come per town. */
	towns?: readonly TownRef[];
	byTown?: boolean;
	from?: number | null;
	to?: number | null;
}

/** SQL condition for a region scope on facts_r / reports (each level given is an equality), with its params. */
export function scopeWhere(scope: Partial<Scope> | undefined, alias = ''): { sql: string; params: Param[] } {
	const p = alias ? `${alias}.` : '';
	const parts: string[] = [];
	const params: Param[] = [];
	for (const level of ['province', 'city', 'district'] as const) {
		const v = scope?.[level];
		if (v) {
			parts.push(`${p}${level} = ?`);
			params.push(v);
		}
	}
	return { sql: parts.length ? parts.join(' AND ') : 'TRUE', params };
}

/** Combine conditions with AND, keeping params in order. */
export function and(...conds: { sql: string; params: Param[] }[]): { sql: string; params: Param[] } {
	return { sql: conds.map((c) => `(${c.sql})`).join(' AND '), params: conds.flatMap((c) => c.params) };
}

/**
 * Per year (and format, and town when `byTown`): the sum of the series' values over the reports in scope, and
 * how many reports gave a value. Rows where no report gave a value are left out.
 */
export function seriesQuery(idOrSeries: string, filter: SeriesFilter = {}): { sql: string; params: Param[] } {
	const info = resolveSeries(idOrSeries);
	if (!info) throw new Error(`unknown metric or series: ${idOrSeries}`);
	const conds = [
		{ sql: 'series = ?', params: [info.series] as Param[] },
		{ sql: countedSql(), params: [] },
		scopeWhere(filter.scope)
	];
	if (filter.towns) conds.push(townsWhere(filter.towns));
	if (filter.from != null) conds.push({ sql: 'year >= ?', params: [filter.from] });
	if (filter.to != null) conds.push({ sql: 'year <= ?', params: [filter.to] });
	const where = and(...conds);
	const townCols = filter.byTown ? 'org, district, ' : '';
	// Continuous series add up every report of a year whatever its format; B/C series keep formats apart.
	const split = breaksAtFormatChange(info.grade);
	const format = split ? 'format' : "CASE WHEN count(DISTINCT format) = 1 THEN any_value(format) ELSE 'mixed' END";
	return {
		sql: `SELECT ${townCols}CAST(year AS INTEGER) AS year, ${format} AS format, sum(value) AS value,
  CAST(count(value) AS INTEGER) AS n_reports
FROM facts_r
WHERE ${where.sql}
GROUP BY ${townCols}year${split ? ', format' : ''}
HAVING count(value) > 0
ORDER BY ${townCols}year${split ? ', format' : ''}`,
		params: where.params
	};
}

export interface SeriesRow {
	org?: string;
	district?: string | null;
	year: number;
	format: string | null;
	value: number;
	n_reports: number;
}

export interface SeriesPoint extends SeriesRow {
	/** Value per report that gave one (value / n_reports). */
	per_report: number;
	/** Line segment the point belongs to: 'all' for continuous series, else the report format. */
	segment: string;
	/** True on the first point of a segment that follows an earlier segment of the same line: draw a break. */
	break: boolean;
}

export interface Series extends SeriesInfo {
	points: SeriesPoint[];
	/** Where to draw the format-change rule (between the last 2019-format and first 2021-format year), if any. */
	breakAt: number | null;
}

/**
 * Assign segments and break markers. A line is identified by `lineKey` (the town, or one line for a scope).
 * For B/C series the segment is the report format; for A and X one segment per line (X has one format anyway).
 */
export function markBreaks(
	rows: readonly SeriesRow[],
	grade: Grade,
	lineKey: (r: SeriesRow) => string = () => ''
): { points: SeriesPoint[]; breakAt: number | null } {
	const split = breaksAtFormatChange(grade);
	const seen = new Map<string, Set<string>>();
	const sorted = [...rows].sort((a, b) => a.year - b.year || String(a.format).localeCompare(String(b.format)));
	const points = sorted.map((r) => {
		const segment = split ? (r.format ?? 'unknown') : 'all';
		const line = lineKey(r);
		let segs = seen.get(line);
		if (!segs) seen.set(line, (segs = new Set()));
		const isBreak = split && segs.size > 0 && !segs.has(segment);
		segs.add(segment);
		return { ...r, per_report: r.value / r.n_reports, segment, break: isBreak };
	});
	let breakAt: number | null = null;
	if (split) {
		const last2019 = Math.max(...points.filter((p) => p.format === '2019').map((p) => p.year));
		const first2021 = Math.min(...points.filter((p) => p.format === '2021').map((p) => p.year));
		if (Number.isFinite(last2019) && Number.isFinite(first2021)) breakAt = (last2019 + first2021) / 2;
	}
	return { points, breakAt };
}

/** Run the series query and mark segments and breaks. */
export async function loadSeries(conn: Connector, idOrSeries: string, filter: SeriesFilter = {}): Promise<Series> {
	const info = resolveSeries(idOrSeries);
	if (!info) throw new Error(`unknown metric or series: ${idOrSeries}`);
	const q = seriesQuery(idOrSeries, filter);
	const rows = await conn.query<SeriesRow & Record<string, unknown>>(q.sql, q.params);
	const key = filter.byTown ? (r: SeriesRow) => `${r.org}\u0000${r.district ?? ''}` : undefined;
	return { ...info, ...markBreaks(rows, info.grade, key) };
}

/**
 * Year-on-year change between two points of one line, or null when it would compare incomparable numbers:
 * a missing year, or a B/C series across the format change.
 */
export function comparable(prev: SeriesPoint | undefined, cur: SeriesPoint | undefined): boolean {
	return !!prev && !!cur && prev.year === cur.year - 1 && prev.segment === cur.segment;
}
