/**
 * The Overview's numbers for a region scope: headline figures per year (with the previous year to compare),
 * how the applications handled were decided (shares of t3.total_processed per outcome), and how many reports
 * and organisations the figures rest on. Every figure is a plain sum over the reports in scope, so it can be
 * checked against the reports by hand.
 *
 * Each query reads either `facts_r` or the aggregate tables `agg_scope` / `agg_cont` (src/lib/db/setup-sql.ts;
 * built in the background after a dataset loads). The Overview's first figures come from `facts_r` (no wait for
 * the aggregates), later filter changes from the aggregates: a few thousand pre-summed rows instead of every
 * fact joined with its report (1M facts: ~90 ms of SQL per change before). The unit tests check that both
 * sources give exactly the same rows.
 */
import { metric, type Format, type Grade } from '../catalog/index.ts';
import { OUTCOMES, OUTCOME_METRICS, reportBalanceSql, TOTAL_PROCESSED_METRIC, type OutcomeKey } from '../catalog/outcomes.ts';
import type { Connector, Param } from '../db/connector.ts';
import type { Scope } from '../url-params.ts';
import { OVERVIEW_HEADLINES } from '../catalog/headlines.ts';
import { and, markBreaks, scopeWhere, type SeriesPoint, type SeriesRow } from './series.ts';
import { orderBy, pivot } from '../data/tidy.ts';
import { roundShares } from '../format.ts';
import { countedSql } from '../db/sql.ts';
import { inScope } from '../scope.ts';
import { runBatch, type BatchPart } from './batch.ts';

/** The four headline figures, in display order (the catalog's headline set). */
export const HEADLINE_METRICS = OVERVIEW_HEADLINES;
export type HeadlineId = (typeof HEADLINE_METRICS)[number];

export { OUTCOMES, type OutcomeKey };
export const TOTAL_PROCESSED = TOTAL_PROCESSED_METRIC;

/** Conditions of every Overview figure on `reports`: failed reports and reports without a year are left out. */
const BASE = { sql: countedSql(), params: [] as Param[] };
const headlineIn = { sql: `metric IN (${HEADLINE_METRICS.map(() => '?').join(', ')})`, params: [...HEADLINE_METRICS] as Param[] };

/**
 * Where the figures are read from: 'agg' = the aggregate tables `agg_scope` / `agg_cont` (a few thousand
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
 * Per year and outcome: the sum of the outcome's rows and the year's （七）总计, over the reports in scope whose
 * categories add up to the total they state — so every year's shares add up to exactly 100 % and a report with
 * a cut-off or mistyped table does not tilt them. `n_unbalanced` counts the reports that state a total their
 * categories do not add up to (left out, and said so on the page).
 */
export function outcomesQuery(scope: Partial<Scope>, source: Source = 'facts'): { sql: string; params: Param[] } {
	const pairs = OUTCOME_METRICS.map(([m, k]) => [m, k]);
	const select = `SELECT y.year, o.outcome, coalesce(v.value, 0) AS value, y.total, y.n_reports, y.n_unbalanced,
  CASE WHEN y.total > 0 THEN coalesce(v.value, 0) / y.total END AS share
FROM y CROSS JOIN (SELECT DISTINCT outcome FROM m) o LEFT JOIN v ON v.year = y.year AND v.outcome = o.outcome
ORDER BY y.year, o.outcome`;
	if (source === 'agg') {
		const w = scopeWhere(scope);
		return {
			sql: `WITH a AS (SELECT year, metric, value, n_values, t3_balanced FROM agg_scope WHERE stated_total AND ${w.sql}),
m(metric, outcome) AS (VALUES ${pairs.map(() => '(?, ?)').join(', ')}),
v AS (SELECT a.year, m.outcome, sum(a.value) AS value FROM a JOIN m ON m.metric = a.metric WHERE a.t3_balanced GROUP BY a.year, m.outcome),
y AS (SELECT year, coalesce(sum(value) FILTER (WHERE t3_balanced), 0) AS total,
        CAST(coalesce(sum(n_values) FILTER (WHERE t3_balanced), 0) AS INTEGER) AS n_reports,
        CAST(coalesce(sum(n_values) FILTER (WHERE NOT t3_balanced), 0) AS INTEGER) AS n_unbalanced
      FROM a WHERE metric = ? GROUP BY year)
${select}`,
			params: [...w.params, ...pairs.flat(), TOTAL_PROCESSED]
		};
	}
	const w = and(BASE, scopeWhere(scope));
	return {
		sql: `WITH b AS (${reportBalanceSql()}),
t AS (SELECT r.report_id, CAST(r.year AS INTEGER) AS year, b.total, b.balanced FROM reports r JOIN b USING (report_id) WHERE ${w.sql}),
m(metric, outcome) AS (VALUES ${pairs.map(() => '(?, ?)').join(', ')}),
v AS (SELECT t.year, m.outcome, sum(f.value) AS value
      FROM facts f JOIN m ON m.metric = f.metric JOIN t ON t.report_id = f.report_id
      WHERE t.balanced GROUP BY t.year, m.outcome),
y AS (SELECT year, coalesce(sum(total) FILTER (WHERE balanced), 0) AS total,
        CAST(count(*) FILTER (WHERE balanced) AS INTEGER) AS n_reports,
        CAST(count(*) FILTER (WHERE NOT balanced) AS INTEGER) AS n_unbalanced
      FROM t GROUP BY year)
${select}`,
		params: [...w.params, ...pairs.flat()]
	};
}

/**
 * The columns that name an organisation in the continuity and like-for-like queries: its name in its province,
 * city and district (two towns of one name in same-named districts of two cities are two organisations), so the
 * pre-summed `agg_cont` rows add up over districts to any region scope.
 */
const ORG_KEY = ['province', 'city', 'district', 'org'] as const;
const sameOrg = (a: string, b: string) => ORG_KEY.map((k) => (k === 'org' ? `${b}.org = ${a}.org` : `${b}.${k} IS NOT DISTINCT FROM ${a}.${k}`)).join(' AND ');

/**
 * Like-for-like change: per headline metric, the sums for `year` and the year before over only the organisations
 * that gave a value in both years, so a change in who reported is not read as a trend. From the aggregate tables
 * a sum of `agg_cont`'s per-district sums over the organisations common to the two years.
 */
export function sameOrgsQuery(scope: Partial<Scope>, year: number, source: Source = 'facts'): { sql: string; params: Param[] } {
	if (source === 'agg') {
		const w = and(scopeWhere(scope), { sql: 'year = ?', params: [year] }, headlineIn);
		return {
			sql: `SELECT metric, sum(cur_common) AS cur, sum(prev_common) AS prev, CAST(sum(n_common) AS INTEGER) AS n_orgs
FROM agg_cont WHERE ${w.sql}
GROUP BY metric HAVING sum(n_common) > 0 ORDER BY metric`,
			params: w.params
		};
	}
	const years = { sql: 'year IN (?, ?)', params: [year, year - 1] };
	const w = and(BASE, scopeWhere(scope), { sql: 'value IS NOT NULL', params: [] }, years, headlineIn);
	const key = ORG_KEY.join(', ');
	return {
		sql: `WITH v AS (SELECT metric, ${key}, CAST(year AS INTEGER) AS year, sum(value) AS v
  FROM facts_r WHERE ${w.sql} GROUP BY metric, ${key}, year),
both_years AS (SELECT metric, ${key} FROM v GROUP BY metric, ${key} HAVING count(DISTINCT year) = 2)
SELECT v.metric, sum(CASE WHEN v.year = ? THEN v.v END) AS cur, sum(CASE WHEN v.year = ? THEN v.v END) AS prev,
  CAST(count(DISTINCT (${ORG_KEY.map((k) => `v.${k}`).join(', ')})) AS INTEGER) AS n_orgs
FROM v JOIN both_years b ON b.metric = v.metric AND ${sameOrg('v', 'b')}
GROUP BY v.metric ORDER BY v.metric`,
		params: [...w.params, year, year - 1]
	};
}

/**
 * Who reported in consecutive years, per metric (or series) and year: how many organisations gave a value
 * (`n_orgs`) and how many of them also gave one the year before (`n_common`). A sum over the reports of one year
 * is only compared with the year before when it rests on the same organisations (see `yearLink`).
 * `key` is a headline metric id (`by: 'metric'`) or a catalog series id (`by: 'series'`, facts only). From the
 * aggregate tables a sum of `agg_cont`'s per-district counts.
 */
export function continuityQuery(
	scope: Partial<Scope>,
	o: { by: 'metric'; source?: Source } | { by: 'series'; series: string }
): { sql: string; params: Param[] } {
	if (o.by === 'metric' && o.source === 'agg') {
		const w = and(scopeWhere(scope), headlineIn);
		return {
			sql: `SELECT metric AS key, year, CAST(sum(n_orgs) AS INTEGER) AS n_orgs, CAST(sum(n_common) AS INTEGER) AS n_common
FROM agg_cont WHERE ${w.sql}
GROUP BY metric, year ORDER BY key, year`,
			params: w.params
		};
	}
	const which = o.by === 'metric' ? headlineIn : { sql: 'series = ?', params: [o.series] as Param[] };
	const w = and(BASE, scopeWhere(scope), { sql: 'value IS NOT NULL', params: [] }, which);
	return {
		sql: `WITH v AS (SELECT DISTINCT ${o.by} AS key, ${ORG_KEY.join(', ')}, CAST(year AS INTEGER) AS year FROM facts_r WHERE ${w.sql})
SELECT a.key, a.year, CAST(count(*) AS INTEGER) AS n_orgs, CAST(count(b.year) AS INTEGER) AS n_common
FROM v a LEFT JOIN v b ON b.key = a.key AND ${sameOrg('a', 'b')} AND b.year = a.year - 1
GROUP BY a.key, a.year ORDER BY a.key, a.year`,
		params: w.params
	};
}

export interface ContinuityRow {
	key: string;
	year: number;
	n_orgs: number;
	n_common: number;
}

/** Fewest organisations reporting in both years for a like-for-like change of a scope to be shown. */
export const MIN_COMMON_ORGS = 3;
/** Share of each year's organisations that must have reported in both years for a trend line to join them. */
export const MIN_OVERLAP_FOR_LINE = 0.9;

/**
 * How a year compares with the one before for one metric: 'same' — the very same organisations reported both
 * years (the plain change is like for like); 'overlap' — the sets differ but at least MIN_COMMON_ORGS reported
 * both years (show the change over those only); 'too_few' — fewer organisations in common (no change shown);
 * 'none' — no figures for the year before.
 */
export type YearLink = 'same' | 'overlap' | 'too_few' | 'none';

export function yearLink(rows: readonly ContinuityRow[], key: string, year: number): { link: YearLink; n_common: number; n_orgs: number; n_prev: number } {
	const cur = rows.find((r) => r.key === key && r.year === year);
	const prev = rows.find((r) => r.key === key && r.year === year - 1);
	const n_common = cur?.n_common ?? 0;
	const n_orgs = cur?.n_orgs ?? 0;
	const n_prev = prev?.n_orgs ?? 0;
	const link: YearLink =
		!cur || !prev ? 'none' : n_common === n_orgs && n_common === n_prev ? 'same' : n_common >= MIN_COMMON_ORGS ? 'overlap' : 'too_few';
	return { link, n_common, n_orgs, n_prev };
}

/** Whether a trend line may join a year to the one before: (nearly) the same organisations reported both. */
export function joinsPrevious(rows: readonly ContinuityRow[], key: string, year: number): boolean {
	const l = yearLink(rows, key, year);
	if (l.link === 'same') return true;
	if (l.link !== 'overlap') return false;
	return l.n_common >= MIN_OVERLAP_FOR_LINE * l.n_orgs && l.n_common >= MIN_OVERLAP_FOR_LINE * l.n_prev;
}

/**
 * Split trend points into line segments so that a line only joins consecutive years that rest on (nearly) the
 * same organisations, and never crosses a format break; a year alone in its segment is drawn as a dot.
 */
export function splitByContinuity<P extends { year: number; segment: string }>(
	points: readonly P[],
	rows: readonly ContinuityRow[],
	key: string
): { points: P[]; unjoined: number } {
	let k = 0;
	let unjoined = 0;
	const out: P[] = [];
	for (const [i, p] of points.entries()) {
		const prev = points[i - 1];
		const adjacent = prev && prev.year === p.year - 1 && prev.segment === p.segment;
		if (prev && !(adjacent && joinsPrevious(rows, key, p.year))) {
			k++;
			if (adjacent) unjoined++;
		}
		out.push({ ...p, segment: `${p.segment}#${k}` });
	}
	return { points: out, unjoined };
}

/** A trend as drawn: points with their line segment, where the format-change rule stands, and how many adjacent years are not joined. */
export interface Trend {
	points: SeriesPoint[];
	breakAt: number | null;
	/** Adjacent years left unjoined because different organisations reported them. */
	unjoined: number;
}

/**
 * The trend of a series' rows (one per year, and per format for a B/C series): segments and the break by the
 * catalog grade, then split where consecutive years rest on different organisations (`key`: the continuity
 * rows' metric or series id).
 */
export function trendFromRows(rows: readonly SeriesRow[], grade: Grade, continuity: readonly ContinuityRow[], key: string): Trend {
	const s = markBreaks(rows, grade);
	const c = splitByContinuity(s.points, continuity, key);
	return { points: c.points, breakAt: s.breakAt, unjoined: c.unjoined };
}

/**
 * A headline metric's trend from the Overview's headline rows. They are sums per metric and year over both
 * formats and carry no format, which is right only for a continuous (grade A) or one-format (X) metric — every
 * headline metric is one (tests/unit/queries/chart-data.test.ts), and its series is the metric alone, so this is the
 * trend `/embed?chart=trend&metric=<id>` draws from the series query.
 */
export function headlineTrend(headlines: readonly HeadlineRow[], continuity: readonly ContinuityRow[], id: string): Trend {
	const rows: SeriesRow[] = headlines.filter((h) => h.metric === id).map((h) => ({ year: h.year, format: null, value: h.value, n_reports: h.n_reports }));
	return trendFromRows(rows, metric(id)?.grade ?? 'A', continuity, id);
}

export interface SameOrgsRow {
	metric: string;
	cur: number;
	prev: number;
	n_orgs: number;
}

/**
 * The columns of `reports` that `reportCountsQuery` reads (region, year, format, organisation, status): all a
 * province's summary inserts of its reports at scope-in (src/lib/data/load.ts), the rest following with its facts.
 */
export const REPORT_COUNT_COLUMNS = ['org', 'province', 'city', 'district', 'year', 'format', 'status'] as const;

/**
 * Reports and distinct organisations in scope at three levels in one scan (a filter change should cost few
 * queries): per year and format (level 0), per year (level 1) and over everything (level 3). An organisation is
 * its name in its province, city and district (ORG_KEY): 城关镇 of two counties are two towns.
 */
export function reportCountsQuery(scope: Partial<Scope>): { sql: string; params: Param[] } {
	const w = and(BASE, scopeWhere(scope));
	return {
		sql: `SELECT CAST(year AS INTEGER) AS year, format, CAST(GROUPING(year, format) AS INTEGER) AS level,
  CAST(count(*) AS INTEGER) AS reports, CAST(count(DISTINCT (${ORG_KEY.join(', ')})) FILTER (WHERE org IS NOT NULL) AS INTEGER) AS orgs
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
	/** （七）总计 summed over the reports whose categories add up to it (= the sum of the outcomes). */
	total: number;
	/** Reports the shares rest on. */
	n_reports: number;
	/** Reports in scope stating a total their categories do not add up to (left out of the shares). */
	n_unbalanced: number;
	share: number | null;
}
/** Outcome rows with each year's shares rounded to 0.1 % so that the printed shares of a year add up to 100.0 %. */
export function displayShares(rows: readonly OutcomeRow[]): OutcomeRow[] {
	const out: OutcomeRow[] = [];
	for (const year of [...new Set(rows.map((r) => r.year))]) {
		const ys = rows.filter((r) => r.year === year);
		const shares = roundShares(ys.map((r) => r.share));
		ys.forEach((r, i) => out.push({ ...r, share: shares[i] }));
	}
	return out;
}

/** One row of the outcome table: a year, its total handled and report counts, and a share per outcome key. */
export type OutcomeTableRow = Pick<OutcomeRow, 'year' | 'total' | 'n_reports' | 'n_unbalanced'> & Record<string, number | null>;

/** Outcome rows (shares as printed, see `displayShares`) as a year × outcome table, newest year first. */
export function outcomeTable(rows: readonly OutcomeRow[]): OutcomeTableRow[] {
	if (rows.length === 0) return [];
	const wide = pivot(
		rows.map((r) => ({ year: r.year, total: r.total, n_reports: r.n_reports, n_unbalanced: r.n_unbalanced, outcome: r.outcome, share: r.share })),
		['year', 'total', 'n_reports', 'n_unbalanced'],
		'outcome',
		(d) => d[0].share
	).rows;
	return orderBy(wide, { get: (r) => r.year as number, desc: true }) as OutcomeTableRow[];
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
			// A year whose reports have no known format (a dataset without its reports table) is not judged.
			inFormat: yearFormats.every((f) => !f) || yearFormats.some((f) => formats.includes(f as Format))
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

/** The counts, headline figures and continuity of a scope: what the first charts are drawn from. */
export interface OverviewFigures extends ReportCounts {
	headlines: HeadlineRow[];
	continuity: ContinuityRow[];
}

/** Everything the Overview shows for a scope (all years; the view picks the year). */
export interface Overview extends OverviewFigures {
	outcomes: OutcomeRow[];
}

type Q = { sql: string; params: Param[] };

/**
 * The Overview's four queries of a scope from the aggregate tables, as parts of one statement (batch.ts): report
 * counts, headline figures, continuity and outcome shares, each with the columns its own query returns.
 */
export function overviewParts(scope: Partial<Scope>) {
	return {
		counts: { query: reportCountsQuery(scope), columns: ['year', 'format', 'level', 'reports', 'orgs'] },
		headlines: { query: headlineQuery(scope, 'agg'), columns: ['metric', 'year', 'value', 'n_reports'] },
		continuity: { query: continuityQuery(scope, { by: 'metric', source: 'agg' }), columns: ['key', 'year', 'n_orgs', 'n_common'] },
		outcomes: { query: outcomesQuery(scope, 'agg'), columns: ['year', 'outcome', 'value', 'total', 'n_reports', 'n_unbalanced', 'share'] }
	} satisfies Record<string, BatchPart>;
}
/** Each part's own ORDER BY, in one list (see batch.ts): counts by level, year, format; headlines by metric, year; continuity by key, year; outcomes by year, outcome. */
export const OVERVIEW_BATCH_ORDER = ['level', 'metric', 'key', 'year', 'format', 'outcome'] as const;
const run = <T extends Record<string, unknown>>(conn: Connector, q: Q) => conn.query<T>(q.sql, q.params);

/** The rows of `reportCountsQuery` (levels 0, 1 and 3) as counts per year and format, per year, and in all. */
export function countsFromLevels(levels: readonly (CountRow & { level: number })[]): ReportCounts {
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

export async function loadCounts(conn: Connector, scope: Partial<Scope>): Promise<ReportCounts> {
	return countsFromLevels(await run<CountRow & { level: number } & Record<string, unknown>>(conn, reportCountsQuery(scope)));
}

export const loadHeadlines = (conn: Connector, scope: Partial<Scope>, source: Source = 'facts') =>
	run<HeadlineRow & Record<string, unknown>>(conn, headlineQuery(scope, source));
export const loadOutcomes = (conn: Connector, scope: Partial<Scope>, source: Source = 'facts') =>
	run<OutcomeRow & Record<string, unknown>>(conn, outcomesQuery(scope, source));

/**
 * Everything the Overview shows for a scope, from DuckDB (or a server): the report counts, headline figures and
 * continuity first — handed to `early` as soon as they are in, for the first charts — then the outcome shares.
 * From `facts_r` (the first draw) the queries are issued together, the worker runs them back to back and the
 * first charts need not wait for the costly outcome shares; from the aggregate tables they are one statement.
 */
export async function loadOverview(
	conn: Connector,
	scope: Partial<Scope>,
	source: Source = 'facts',
	early?: (figures: OverviewFigures) => void
): Promise<Overview> {
	if (source === 'agg') {
		// From the aggregate tables (every filter change): all four in one statement, one worker round trip.
		const r = await runBatch(conn, overviewParts(scope), OVERVIEW_BATCH_ORDER);
		const figures = {
			...countsFromLevels(r.counts as unknown as (CountRow & { level: number })[]),
			headlines: r.headlines as unknown as HeadlineRow[],
			continuity: r.continuity as unknown as ContinuityRow[]
		};
		early?.(figures);
		return { ...figures, outcomes: r.outcomes as unknown as OutcomeRow[] };
	}
	const countsP = loadCounts(conn, scope);
	const headlinesP = loadHeadlines(conn, scope, source);
	const continuityP = run<ContinuityRow & Record<string, unknown>>(conn, continuityQuery(scope, { by: 'metric', source }));
	const outcomesP = loadOutcomes(conn, scope, source);
	outcomesP.catch(() => {}); // awaited below; not an unhandled rejection if an earlier query fails first
	const [counts, headlines, continuity] = await Promise.all([countsP, headlinesP, continuityP]);
	const figures = { ...counts, headlines, continuity };
	early?.(figures);
	return { ...figures, outcomes: await outcomesP };
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
	return regions.some((r) => inScope(r, scope));
}
