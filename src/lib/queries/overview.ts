/**
 * The Overview's numbers for a region scope: headline figures per year (with the previous year to compare),
 * how the applications handled were decided (shares of t3.total_processed per outcome), and how many reports
 * and organisations the figures rest on. Every figure is a plain sum over the reports in scope, so it can be
 * checked against the reports by hand.
 *
 * Each query reads either `facts_r` or the aggregate tables `agg_scope` / `agg_org` (src/lib/db/setup-sql.ts;
 * built in the background after a dataset loads). The Overview's first figures come from `facts_r` (no wait for
 * the aggregates), later filter changes from the aggregates: a few thousand pre-summed rows instead of every
 * fact joined with its report (1M facts: ~90 ms of SQL per change before). The unit tests check that both
 * sources give exactly the same rows.
 */
import { METRICS, metric, type Format } from '../catalog/index.ts';
import type { Connector, Param } from '../db/connector.ts';
import type { Scope } from '../url-params.ts';
import { HEADLINE_METRIC_IDS, TOTAL_PROCESSED_METRIC } from '../db/setup-sql.ts';
import { and, scopeWhere } from './series.ts';

/** The four headline figures, in display order. */
export const HEADLINE_METRICS = HEADLINE_METRIC_IDS;
export type HeadlineId = (typeof HEADLINE_METRICS)[number];

/** Outcome categories of table 三, each the sum of its rows' 总计 cells; together they make up （七）总计. */
export const OUTCOMES = [
	{ key: 'granted', zh: '予以公开', en: 'Granted', rows: ['granted'] },
	{ key: 'partial', zh: '部分公开', en: 'Partly granted', rows: ['partially_granted'] },
	{ key: 'denied', zh: '不予公开', en: 'Denied', rows: rowsStartingWith('denied_') },
	{ key: 'unable', zh: '无法提供', en: 'Unable to provide', rows: rowsStartingWith('unable_') },
	{ key: 'not_processed', zh: '不予处理', en: 'Not processed', rows: rowsStartingWith('not_processed_') },
	{ key: 'other', zh: '其他处理', en: 'Other handling', rows: ['other_handling'] }
] as const;
export type OutcomeKey = (typeof OUTCOMES)[number]['key'];
export const TOTAL_PROCESSED = TOTAL_PROCESSED_METRIC;

function rowsStartingWith(prefix: string): string[] {
	return [...new Set(METRICS.filter((m) => m.table === '三' && m.row.startsWith(prefix)).map((m) => m.row))];
}

/** Conditions of every Overview figure on `reports`: failed reports and reports without a year are left out. */
const BASE = { sql: "status <> 'failed' AND year IS NOT NULL", params: [] as Param[] };
const headlineIn = { sql: `metric IN (${HEADLINE_METRICS.map(() => '?').join(', ')})`, params: [...HEADLINE_METRICS] as Param[] };

/**
 * Where the figures are read from: 'agg' = the aggregate tables `agg_scope` / `agg_org` (a few thousand
 * pre-summed rows; built in the background once a dataset is loaded, `dataset.aggregates` tells when), 'facts' =
 * `facts_r` itself (every fact joined with its report; always there). Both give exactly the same rows.
 */
export type Source = 'agg' | 'facts';

/** Per headline metric and year: the sum over the reports in scope and how many reports gave a value. */
export function headlineQuery(scope: Partial<Scope>, source: Source = 'facts'): { sql: string; params: Param[] } {
	if (source === 'agg') {
		const w = and(scopeWhere(scope), headlineIn);
		return {
			sql: `SELECT metric, year, sum(value) AS value, CAST(sum(n_values) AS INTEGER) AS n_reports
FROM agg_scope WHERE ${w.sql}
GROUP BY metric, year HAVING sum(n_values) > 0 ORDER BY metric, year`,
			params: w.params
		};
	}
	const w = and(BASE, scopeWhere(scope), headlineIn);
	return {
		sql: `SELECT metric, CAST(year AS INTEGER) AS year, sum(value) AS value, CAST(count(value) AS INTEGER) AS n_reports
FROM facts_r WHERE ${w.sql}
GROUP BY metric, year HAVING count(value) > 0 ORDER BY metric, year`,
		params: w.params
	};
}

/**
 * Per year and outcome: the sum of the outcome's rows and the year's （七）总计, over the reports in scope that
 * state their total (so a cut-off report does not shrink one outcome's share).
 */
export function outcomesQuery(scope: Partial<Scope>, source: Source = 'facts'): { sql: string; params: Param[] } {
	const pairs = OUTCOMES.flatMap((o) => o.rows.map((r) => [`t3.${r}.total`, o.key]));
	const select = `SELECT y.year, o.outcome, coalesce(o.value, 0) AS value, y.total, y.n_reports,
  CASE WHEN y.total > 0 THEN coalesce(o.value, 0) / y.total END AS share
FROM y JOIN o USING (year)
ORDER BY y.year, o.outcome`;
	if (source === 'agg') {
		const w = scopeWhere(scope);
		return {
			sql: `WITH a AS (SELECT year, metric, value, n_values FROM agg_scope WHERE stated_total AND ${w.sql}),
m(metric, outcome) AS (VALUES ${pairs.map(() => '(?, ?)').join(', ')}),
o AS (SELECT a.year, m.outcome, sum(a.value) AS value FROM a JOIN m ON m.metric = a.metric GROUP BY a.year, m.outcome),
y AS (SELECT year, sum(value) AS total, CAST(sum(n_values) AS INTEGER) AS n_reports FROM a WHERE metric = ? GROUP BY year)
${select}`,
			params: [...w.params, ...pairs.flat(), TOTAL_PROCESSED]
		};
	}
	const w = and(BASE, scopeWhere(scope), { sql: 'metric = ? AND value IS NOT NULL', params: [TOTAL_PROCESSED] });
	return {
		sql: `WITH t AS (SELECT report_id, CAST(year AS INTEGER) AS year, value FROM facts_r WHERE ${w.sql}),
m(metric, outcome) AS (VALUES ${pairs.map(() => '(?, ?)').join(', ')}),
o AS (SELECT t.year, m.outcome, sum(f.value) AS value
      FROM facts f JOIN m ON m.metric = f.metric JOIN t ON t.report_id = f.report_id
      GROUP BY t.year, m.outcome),
y AS (SELECT year, sum(value) AS total, CAST(count(*) AS INTEGER) AS n_reports FROM t GROUP BY year)
${select}`,
		params: [...w.params, ...pairs.flat()]
	};
}

/**
 * Like-for-like change: per headline metric, the sums for `year` and the year before over only the organisations
 * that gave a value in both years, so a change in who reported is not read as a trend.
 */
export function sameOrgsQuery(scope: Partial<Scope>, year: number, source: Source = 'facts'): { sql: string; params: Param[] } {
	const years = { sql: 'year IN (?, ?)', params: [year, year - 1] };
	const w =
		source === 'agg'
			? and(scopeWhere(scope), years, headlineIn)
			: and(BASE, scopeWhere(scope), { sql: 'value IS NOT NULL', params: [] }, years, headlineIn);
	return {
		sql: `WITH v AS (SELECT metric, org, district, CAST(year AS INTEGER) AS year, sum(value) AS v
  FROM ${source === 'agg' ? 'agg_org' : 'facts_r'} WHERE ${w.sql} GROUP BY metric, org, district, year),
both_years AS (SELECT metric, org, district FROM v GROUP BY metric, org, district HAVING count(DISTINCT year) = 2)
SELECT v.metric, sum(CASE WHEN v.year = ? THEN v.v END) AS cur, sum(CASE WHEN v.year = ? THEN v.v END) AS prev,
  CAST(count(DISTINCT (v.org, v.district)) AS INTEGER) AS n_orgs
FROM v JOIN both_years b ON b.metric = v.metric AND b.org = v.org AND b.district IS NOT DISTINCT FROM v.district
GROUP BY v.metric ORDER BY v.metric`,
		params: [...w.params, year, year - 1]
	};
}

export interface SameOrgsRow {
	metric: string;
	cur: number;
	prev: number;
	n_orgs: number;
}

/**
 * Reports and distinct organisations in scope at three levels in one scan (a filter change should cost few
 * queries): per year and format (level 0), per year (level 1) and over everything (level 3).
 */
export function reportCountsQuery(scope: Partial<Scope>): { sql: string; params: Param[] } {
	const w = and(BASE, scopeWhere(scope));
	return {
		sql: `SELECT CAST(year AS INTEGER) AS year, format, CAST(GROUPING(year, format) AS INTEGER) AS level,
  CAST(count(*) AS INTEGER) AS reports, CAST(count(DISTINCT org) AS INTEGER) AS orgs
FROM reports WHERE ${w.sql}
GROUP BY GROUPING SETS ((year, format), (year), ())
ORDER BY level, year, format`,
		params: w.params
	};
}

export interface HeadlineRow {
	metric: string;
	year: number;
	value: number;
	n_reports: number;
}
export interface OutcomeRow {
	year: number;
	outcome: OutcomeKey;
	value: number;
	total: number;
	n_reports: number;
	share: number | null;
}
export interface CountRow {
	year: number;
	format: string | null;
	reports: number;
	orgs: number;
}

export interface Headline {
	id: HeadlineId;
	year: number;
	value: number | null;
	prev: number | null;
	n_reports: number;
	prev_reports: number;
	/** False when no report in scope that year uses a format that has this metric (procurement after 2020). */
	inFormat: boolean;
}

/** The headline figures of one year with the previous year's, from the rows of headlineQuery and countsQuery. */
export function headlinesFor(rows: readonly HeadlineRow[], counts: readonly CountRow[], year: number): Headline[] {
	return HEADLINE_METRICS.map((id) => {
		const cur = rows.find((r) => r.metric === id && r.year === year);
		const prev = rows.find((r) => r.metric === id && r.year === year - 1);
		const formats = metric(id)?.formats ?? [];
		const yearFormats = counts.filter((c) => c.year === year).map((c) => c.format);
		return {
			id,
			year,
			value: cur?.value ?? null,
			prev: prev?.value ?? null,
			n_reports: cur?.n_reports ?? 0,
			prev_reports: prev?.n_reports ?? 0,
			inFormat: yearFormats.some((f) => formats.includes(f as Format))
		};
	});
}

/** How many reports and organisations the figures rest on: per year and format, per year and in all. */
export interface ReportCounts {
	years: number[];
	counts: CountRow[];
	perYear: { year: number; reports: number; orgs: number }[];
	totals: { reports: number; orgs: number };
}

export interface Overview extends ReportCounts {
	headlines: HeadlineRow[];
	outcomes: OutcomeRow[];
}

type Q = { sql: string; params: Param[] };
const run = <T extends Record<string, unknown>>(conn: Connector, q: Q) => conn.query<T>(q.sql, q.params);

export async function loadCounts(conn: Connector, scope: Partial<Scope>): Promise<ReportCounts> {
	const levels = await run<CountRow & { level: number } & Record<string, unknown>>(conn, reportCountsQuery(scope));
	const counts = levels.filter((r) => r.level === 0).map(({ year, format, reports, orgs }) => ({ year, format, reports, orgs }));
	const perYear = levels.filter((r) => r.level === 1).map(({ year, reports, orgs }) => ({ year, reports, orgs }));
	const totals = levels.find((r) => r.level === 3);
	return {
		years: perYear.map((y) => y.year),
		counts,
		perYear,
		totals: totals ? { reports: totals.reports, orgs: totals.orgs } : { reports: 0, orgs: 0 }
	};
}

export const loadHeadlines = (conn: Connector, scope: Partial<Scope>, source: Source = 'facts') =>
	run<HeadlineRow & Record<string, unknown>>(conn, headlineQuery(scope, source));
export const loadOutcomes = (conn: Connector, scope: Partial<Scope>, source: Source = 'facts') =>
	run<OutcomeRow & Record<string, unknown>>(conn, outcomesQuery(scope, source));

/**
 * Everything the Overview shows for a scope (all years; the view picks the year). The view itself calls the
 * parts one by one and draws each as it arrives; this is the same, in one object.
 */
export async function loadOverview(conn: Connector, scope: Partial<Scope>, source: Source = 'facts'): Promise<Overview> {
	// One after another: a connection runs one statement at a time.
	const counts = await loadCounts(conn, scope);
	const headlines = await loadHeadlines(conn, scope, source);
	const outcomes = await loadOutcomes(conn, scope, source);
	return { ...counts, headlines, outcomes };
}

/** Region options: every province/city/district combination in the data, with its report count. */
export const REGIONS_SQL = `SELECT province, city, district, CAST(count(*) AS INTEGER) AS reports
FROM reports WHERE status <> 'failed'
GROUP BY province, city, district
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST`;

export interface RegionRow {
	province: string | null;
	city: string | null;
	district: string | null;
	reports: number;
}

/** Whether a scope names regions that exist in the data (each given level, together). */
export function scopeExists(regions: readonly RegionRow[], scope: Partial<Scope>): boolean {
	return regions.some(
		(r) =>
			(!scope.province || r.province === scope.province) &&
			(!scope.city || r.city === scope.city) &&
			(!scope.district || r.district === scope.district)
	);
}
