/**
 * Indicators in SQL, generated from the indicator catalog: the `indicators` and `indicator_parts` tables, the
 * `indicators_r` view (one row per report and indicator: numerator, denominator, state), and a query builder that
 * aggregates at any level as Σ numerator / Σ denominator over the reports — never the mean of their rates, which
 * would weigh a town with 3 applications like a street with 300.
 *
 * A report counts for an indicator only when every metric of the formula has a value and none is flagged
 * `suspect` (the parser flags the cells of an identity that fails: I-3a/b/c, I-4). Reports with a suspect part
 * are `inconsistent` and counted apart ("2 份报告因数据不一致未计入"); reports missing a part are `incomplete`.
 */
import { INDICATORS, INDICATOR_SCALE, indicator, type Indicator } from '../catalog/indicators.ts';
import type { Connector, Param } from '../db/connector.ts';
import type { Scope } from '../url-params.ts';
import { townsWhere, type TownRef } from '../town-keys.ts';
import { and, scopeWhere } from './series.ts';
import { runBatch } from './batch.ts';
import { countedSql, lit } from '../db/sql.ts';
import { OVERVIEW_RATES } from '../catalog/headlines.ts';

/** The indicators pre-summed in the aggregate table `agg_ind` (src/lib/db/setup-sql.ts): the Overview's rate figures. */
export const AGG_INDICATORS: readonly string[] = OVERVIEW_RATES;


/** The indicator catalog as two tables, so SQL users and the view read the one definition. */
export function indicatorTablesSql(): string[] {
	const rows = INDICATORS.map(
		(i, k) =>
			`(${[i.id, i.zh, i.en, i.unit].map(lit).join(', ')}, ${i.minDenominator}, ${lit(i.formats.join(';'))}, ${lit(i.definitionZh)}, ${lit(i.definitionEn)}, ${lit(i.source)}, ${lit(i.numerator.join(' + '))}, ${lit(i.denominator.join(' + '))}, ${k})`
	);
	const parts = INDICATORS.flatMap((i) => [
		...i.numerator.map((m) => `(${lit(i.id)}, 'numerator', ${lit(m)})`),
		...i.denominator.map((m) => `(${lit(i.id)}, 'denominator', ${lit(m)})`)
	]);
	return [
		`CREATE OR REPLACE TABLE indicators (id VARCHAR, name_zh VARCHAR, name_en VARCHAR, unit VARCHAR, min_denominator INTEGER,
 formats VARCHAR, definition_zh VARCHAR, definition_en VARCHAR, source VARCHAR, numerator VARCHAR, denominator VARCHAR, ord INTEGER);
INSERT INTO indicators VALUES ${rows.join(',\n')};`,
		`CREATE OR REPLACE TABLE indicator_parts (indicator VARCHAR, role VARCHAR, metric VARCHAR);
INSERT INTO indicator_parts VALUES ${parts.join(',\n')};`
	];
}

/**
 * `indicators_r`: per report (not failed, with a year, in a format the indicator is valid for, or of unknown
 * format) and indicator,
 * the report's organisation and region, numerator, denominator, `state` (ok / inconsistent / incomplete) and its
 * own value (null below the minimum denominator or when the state is not ok).
 */
export function indicatorsViewSql(): string {
	return `CREATE OR REPLACE VIEW indicators_r AS
 WITH need AS (SELECT indicator, count(DISTINCT metric) AS n_parts FROM indicator_parts GROUP BY indicator),
 p AS (
  SELECT f.report_id, ip.indicator,
         sum(f.value) FILTER (WHERE ip.role = 'numerator') AS numerator,
         sum(f.value) FILTER (WHERE ip.role = 'denominator') AS denominator,
         count(DISTINCT f.metric) FILTER (WHERE f.value IS NOT NULL) AS n_present,
         bool_or(coalesce(f.flags, '') LIKE '%suspect%') AS suspect
  FROM facts f JOIN indicator_parts ip ON ip.metric = f.metric
  GROUP BY f.report_id, ip.indicator),
 s AS (
  SELECT p.*, CASE WHEN p.suspect THEN 'inconsistent' WHEN p.n_present < need.n_parts THEN 'incomplete' ELSE 'ok' END AS state
  FROM p JOIN need USING (indicator))
 SELECT s.report_id, r.org, r.level, r.province, r.city, r.district, CAST(r.year AS INTEGER) AS year, r.format,
        s.indicator, s.numerator, s.denominator, s.state,
        CASE WHEN s.state = 'ok' AND s.denominator > 0 AND s.denominator >= i.min_denominator
             THEN ${INDICATOR_SCALE}.0 * s.numerator / s.denominator END AS value
 FROM s
 JOIN reports r USING (report_id)
 JOIN indicators i ON i.id = s.indicator
 WHERE ${countedSql('r')}
   -- a dropped facts file without reports has no format: the formula's metric ids say what the cells are
   AND (r.format IS NULL OR list_contains(string_split(i.formats, ';'), r.format))`;
}

/** Statements that set indicators up once the dataset tables exist (run by both DuckDB back ends). */
export function indicatorSetupSql(): string[] {
	return [...indicatorTablesSql(), indicatorsViewSql()];
}

/** The level an indicator is aggregated at: each organisation, each region of a level, or the whole scope. */
export type IndicatorGroup = 'org' | 'district' | 'city' | 'province' | 'all';

export interface IndicatorFilter {
	scope?: Partial<Scope>;
	/** Organisation level (town, street, department…) or null for all. */
	level?: string | null;
	/** Only these organisations (name and district). */
	towns?: readonly TownRef[];
	from?: number | null;
	to?: number | null;
}

const GROUP_COLS: Record<IndicatorGroup, string[]> = {
	org: ['province', 'city', 'district', 'org'],
	district: ['province', 'city', 'district'],
	city: ['province', 'city'],
	province: ['province'],
	all: []
};

/** SQL condition for the filter on `indicators_r` (or any table with the same region and year columns). */
export function indicatorWhere(f: IndicatorFilter): { sql: string; params: Param[] } {
	const conds = [scopeWhere(f.scope)];
	if (f.level) conds.push({ sql: 'level = ?', params: [f.level] });
	if (f.towns?.length) conds.push(townsWhere(f.towns));
	if (f.from != null) conds.push({ sql: 'year >= ?', params: [f.from] });
	if (f.to != null) conds.push({ sql: 'year <= ?', params: [f.to] });
	return and(...conds);
}

/**
 * One indicator per group and year: Σ numerator and Σ denominator over the reports whose state is ok, how many
 * reports that is (`n_reports`), how many were left out as inconsistent or incomplete, and the value — null when
 * Σ denominator is below the indicator's minimum (the page then says "样本不足 (n = …)").
 */
export function indicatorQuery(id: string, group: IndicatorGroup, f: IndicatorFilter = {}): { sql: string; params: Param[] } {
	const ind = indicator(id);
	if (!ind) throw new Error(`unknown indicator: ${id}`);
	const w = and({ sql: 'indicator = ?', params: [ind.id] }, indicatorWhere(f));
	const keys = GROUP_COLS[group];
	const sel = keys.length ? keys.join(', ') + ', ' : '';
	return {
		sql: `WITH g AS (
  SELECT ${sel}year,
         sum(numerator) FILTER (WHERE state = 'ok') AS numerator,
         sum(denominator) FILTER (WHERE state = 'ok') AS denominator,
         CAST(count(*) FILTER (WHERE state = 'ok') AS INTEGER) AS n_reports,
         CAST(count(*) FILTER (WHERE state = 'inconsistent') AS INTEGER) AS n_inconsistent,
         CAST(count(*) FILTER (WHERE state = 'incomplete') AS INTEGER) AS n_incomplete
  FROM indicators_r WHERE ${w.sql}
  GROUP BY ${sel}year)
SELECT *, CASE WHEN denominator > 0 AND denominator >= ? THEN ${INDICATOR_SCALE}.0 * numerator / denominator END AS value
FROM g ORDER BY ${sel}year`,
		params: [...w.params, ind.minDenominator]
	};
}

/**
 * `indicatorQuery` from the aggregate table `agg_ind` (src/lib/db/setup-sql.ts: the Overview's rates pre-summed
 * per district and year): the same rows, summed over a few hundred pre-summed rows instead of one row per report.
 * Only for what `agg_ind` holds — its indicators, groups down to the district, a filter of region and years — else
 * null (ask `indicatorQuery`).
 */
export function indicatorAggQuery(id: string, group: IndicatorGroup, f: IndicatorFilter = {}): { sql: string; params: Param[] } | null {
	const ind = indicator(id);
	if (!ind) throw new Error(`unknown indicator: ${id}`);
	if (!AGG_INDICATORS.includes(ind.id) || group === 'org' || f.level || f.towns?.length) return null;
	const w = and({ sql: 'indicator = ?', params: [ind.id] }, indicatorWhere(f));
	const keys = GROUP_COLS[group];
	const sel = keys.length ? keys.join(', ') + ', ' : '';
	return {
		sql: `WITH g AS (
  SELECT ${sel}year, sum(numerator) AS numerator, sum(denominator) AS denominator,
         CAST(sum(n_reports) AS INTEGER) AS n_reports,
         CAST(sum(n_inconsistent) AS INTEGER) AS n_inconsistent,
         CAST(sum(n_incomplete) AS INTEGER) AS n_incomplete
  FROM agg_ind WHERE ${w.sql}
  GROUP BY ${sel}year)
SELECT *, CASE WHEN denominator > 0 AND denominator >= ? THEN ${INDICATOR_SCALE}.0 * numerator / denominator END AS value
FROM g ORDER BY ${sel}year`,
		params: [...w.params, ind.minDenominator]
	};
}

/**
 * `indicatorAggQuery` for several indicators as one grouped aggregate over `agg_ind` (rows tagged with their
 * `indicator`, ordered by indicator, group, year), or null when `agg_ind` cannot answer one of them.
 */
export function indicatorsAggQuery(ids: readonly string[], group: IndicatorGroup, f: IndicatorFilter = {}): { sql: string; params: Param[] } | null {
	const inds = ids.map((id) => indicator(id));
	if (inds.some((i) => !i) || !ids.every((id) => indicatorAggQuery(id, group, f))) return null;
	const w = and({ sql: `indicator IN (${ids.map(() => '?').join(', ')})`, params: [...ids] }, indicatorWhere(f));
	const keys = GROUP_COLS[group];
	const sel = keys.length ? keys.join(', ') + ', ' : '';
	return {
		sql: `WITH m(indicator, min_denominator) AS (VALUES ${ids.map(() => '(?, ?)').join(', ')}),
g AS (
  SELECT indicator, ${sel}year, sum(numerator) AS numerator, sum(denominator) AS denominator,
         CAST(sum(n_reports) AS INTEGER) AS n_reports,
         CAST(sum(n_inconsistent) AS INTEGER) AS n_inconsistent,
         CAST(sum(n_incomplete) AS INTEGER) AS n_incomplete
  FROM agg_ind WHERE ${w.sql}
  GROUP BY indicator, ${sel}year)
SELECT g.*, CASE WHEN g.denominator > 0 AND g.denominator >= m.min_denominator THEN ${INDICATOR_SCALE}.0 * g.numerator / g.denominator END AS value
FROM g JOIN m USING (indicator) ORDER BY indicator, ${sel}year`,
		params: [...inds.flatMap((i) => [i!.id, i!.minDenominator]), ...w.params]
	};
}

/**
 * Several indicators for one group and filter (indicatorQuery each) as one statement (batch.ts): the Overview's
 * rate figures cost one worker round trip per filter change instead of one per indicator. Rows per indicator id,
 * exactly as indicatorQuery returns them. `source: 'agg'` reads `agg_ind` where it can answer (one grouped
 * aggregate, `indicatorsAggQuery`).
 */
export async function loadIndicators(
	conn: Connector,
	ids: readonly string[],
	group: IndicatorGroup,
	f: IndicatorFilter = {},
	source: 'agg' | 'facts' = 'facts'
): Promise<Record<string, IndicatorRow[]>> {
	const keys = GROUP_COLS[group];
	const columns = [...keys, 'year', 'numerator', 'denominator', 'n_reports', 'n_inconsistent', 'n_incomplete', 'value'];
	const grouped = source === 'agg' ? indicatorsAggQuery(ids, group, f) : null;
	if (grouped) {
		// One aggregate for every indicator (no per-indicator subqueries to plan), rows split back per indicator.
		const out: Record<string, IndicatorRow[]> = Object.fromEntries(ids.map((id) => [id, []]));
		for (const r of await conn.query(grouped.sql, grouped.params)) out[r.indicator as string].push(Object.fromEntries(columns.map((c) => [c, r[c]])) as IndicatorRow);
		return out;
	}
	const query = (id: string) => (source === 'agg' && indicatorAggQuery(id, group, f)) || indicatorQuery(id, group, f);
	const parts = Object.fromEntries(ids.map((id, i) => [`i${i}`, { query: query(id), columns }]));
	const r = await runBatch(conn, parts, [...keys, 'year']);
	return Object.fromEntries(ids.map((id, i) => [id, r[`i${i}`] as IndicatorRow[]]));
}

export interface IndicatorRow {
	province?: string | null;
	city?: string | null;
	district?: string | null;
	org?: string | null;
	year: number;
	numerator: number | null;
	denominator: number | null;
	n_reports: number;
	n_inconsistent: number;
	n_incomplete: number;
	value: number | null;
	[key: string]: unknown;
}

/** Why an aggregate has no value: too small a denominator, or no report with the parts at all. */
export function shortfall(ind: Indicator, row: Pick<IndicatorRow, 'denominator' | 'n_reports'>): 'small' | 'none' | null {
	if (row.n_reports === 0 || row.denominator === null) return 'none';
	if (row.denominator <= 0 || row.denominator < ind.minDenominator) return 'small';
	return null;
}

/** The filter of the Data view's indicator download: region, organisations and years (as the facts filter has them). */
export interface IndicatorExportFilter {
	province: string | null;
	city: string | null;
	district: string | null;
	towns: readonly TownRef[];
	from: number | null;
	to: number | null;
}

/** Columns of the indicator download, in file order. */
export const INDICATOR_EXPORT_COLUMNS = [
	'org', 'province', 'city', 'district', 'year', 'indicator', 'name_zh', 'name_en', 'numerator', 'denominator', 'value', 'unit',
	'min_denominator', 'state', 'numerator_metrics', 'denominator_metrics', 'definition_zh', 'definition_en', 'format', 'report_id'
] as const;

/**
 * Every indicator of every report the filter selects, with its numerator and denominator (so a researcher can
 * re-aggregate as Σ/Σ), the value (null below the minimum denominator or when the report is not `ok`), the formula
 * as metric ids and the definition.
 */
export function indicatorExportQuery(f: IndicatorExportFilter): { sql: string; params: Param[] } {
	const conds = [scopeWhere({ province: f.province, city: f.city, district: f.district }, 'v')];
	if (f.towns.length) conds.push(townsWhere(f.towns, 'v'));
	if (f.from !== null) conds.push({ sql: 'v.year >= ?', params: [f.from] });
	if (f.to !== null) conds.push({ sql: 'v.year <= ?', params: [f.to] });
	const w = and(...conds);
	return {
		sql: `SELECT v.org, v.province, v.city, v.district, v.year, v.indicator, i.name_zh, i.name_en, v.numerator, v.denominator,
  v.value, i.unit, i.min_denominator, v.state, i.numerator AS numerator_metrics, i.denominator AS denominator_metrics,
  i.definition_zh, i.definition_en, v.format, v.report_id
FROM indicators_r v JOIN indicators i ON i.id = v.indicator
WHERE ${w.sql}
ORDER BY v.org, v.district, v.year, i.ord, v.report_id`,
		params: w.params
	};
}

export interface IndicatorYearRow extends IndicatorRow {
	indicator: string;
}

/**
 * Every indicator per year over the reports a condition on `indicators_r` selects (one organisation, a district…):
 * the same Σ numerator / Σ denominator rule and minimum denominator as `indicatorQuery`, for all indicators at once.
 */
export function indicatorsByYearQuery(cond: { sql: string; params: Param[] }): { sql: string; params: Param[] } {
	return {
		sql: `WITH g AS (
  SELECT indicator, year,
         sum(numerator) FILTER (WHERE state = 'ok') AS numerator,
         sum(denominator) FILTER (WHERE state = 'ok') AS denominator,
         CAST(count(*) FILTER (WHERE state = 'ok') AS INTEGER) AS n_reports,
         CAST(count(*) FILTER (WHERE state = 'inconsistent') AS INTEGER) AS n_inconsistent,
         CAST(count(*) FILTER (WHERE state = 'incomplete') AS INTEGER) AS n_incomplete
  FROM indicators_r WHERE ${cond.sql}
  GROUP BY indicator, year)
SELECT g.*, CASE WHEN g.denominator > 0 AND g.denominator >= i.min_denominator THEN ${INDICATOR_SCALE}.0 * g.numerator / g.denominator END AS value
FROM g JOIN indicators i ON i.id = g.indicator
ORDER BY i.ord, g.year`,
		params: cond.params
	};
}
