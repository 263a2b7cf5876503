/**
 * SQL that both DuckDB back ends run once a dataset's tables (facts, reports, issues, texts) exist:
 * the metric catalog as a table (so SQL joins labels, units and cross-format series from the one catalog)
 * and `facts_r`, facts joined with their report's organisation and region; then two small aggregate tables the
 * Overview (and its embeds) read instead of scanning every fact on each filter change:
 *
 * - `agg_scope`: per region (province, city, district), year, metric, `stated_total` (whether the report
 *   states a non-null 表三 （七）总计) and `t3_balanced` (whether its outcome categories add up to that total)
 *   the sum of the values, how many facts had a value (`n_values`) and how many facts there were (`n_rows`), for the metrics the Overview shows (`AGG_METRICS`: the headline figures
 *   and every 总计 column of table 三, 29 of 228 metrics, so building it reads an eighth of the facts). Reports
 *   with status 'failed' and facts without a year are left out, as every Overview query leaves them out.
 * - `agg_org`: per region, organisation and year the sums of the four headline metrics (facts with a value).
 * - `agg_cont`: `agg_org` joined with itself a year apart, per region (province, city, district), headline metric
 *   and year: how many organisations gave a value (`n_orgs`), how many of them gave one the year before too
 *   (`n_common`), and the sums over those common organisations this year and the year before (`cur_common`,
 *   `prev_common`). An organisation is its name in its province, city and district, so every column adds up over
 *   districts: the continuity of the trend lines and the like-for-like change of any region scope are sums of a
 *   few hundred rows, not a self-join over every organisation on each filter change.
 * - `agg_ind`: per region, year and Overview rate (`AGG_INDICATORS`), `indicators_r` summed as `indicatorQuery`
 *   sums it — Σ numerator and Σ denominator over the reports whose state is ok, and how many reports are ok,
 *   inconsistent, incomplete — so the rate figures of any region scope are sums of pre-summed rows.
 *
 * Values are whole numbers (counts, yuan), so sums of sums equal the sums of the facts exactly.
 */
import { METRICS } from '../catalog/index.ts';
import { reportBalanceSql } from '../catalog/outcomes.ts';
import { OVERVIEW_HEADLINES } from '../catalog/headlines.ts';
import { AGG_INDICATORS, indicatorSetupSql, indicatorTablesSql } from '../queries/indicators.ts';
import { countedSql, lit } from './sql.ts';

/** The metrics in `agg_scope`: the headline figures and the 总计 column of every row of table 三. */
export const AGG_METRICS: readonly string[] = [
	...new Set([...OVERVIEW_HEADLINES, ...METRICS.filter((m) => m.table === '三' && m.col === 'total').map((m) => m.id)])
];


export function metricsTableSql(): string {
	const rows = METRICS.map(
		(m, i) =>
			`(${[m.id, m.table, m.row, m.col, m.rowZh, m.colZh, m.labelEn, m.unit, m.unitZh, m.unitEn, m.series, m.grade, m.formats.join(';')].map(lit).join(', ')}, ${i})`
	);
	return `CREATE OR REPLACE TABLE metrics (id VARCHAR, tbl VARCHAR, row_key VARCHAR, col_key VARCHAR, row_zh VARCHAR,
 col_zh VARCHAR, label_en VARCHAR, unit VARCHAR, unit_zh VARCHAR, unit_en VARCHAR, series VARCHAR, grade VARCHAR, formats VARCHAR, ord INTEGER);
INSERT INTO metrics VALUES ${rows.join(',\n')};`;
}

/** The aggregate tables (see the top of this file); rebuilt whenever the dataset tables were replaced. Needs `indicators_r`. */
export function aggregateSql(): string[] {
	return [
		`CREATE OR REPLACE TABLE agg_scope AS
 WITH stated AS (${reportBalanceSql()})
 SELECT r.province, r.city, r.district, CAST(f.year AS INTEGER) AS year, f.metric,
        s.report_id IS NOT NULL AS stated_total, coalesce(s.balanced, false) AS t3_balanced,
        sum(f.value) AS value, CAST(count(f.value) AS INTEGER) AS n_values, CAST(count(*) AS INTEGER) AS n_rows
 FROM facts f
 JOIN reports r USING (report_id)
 LEFT JOIN stated s USING (report_id)
 WHERE ${countedSql('r', 'f')} AND f.metric IN (${AGG_METRICS.map(lit).join(', ')})
 GROUP BY ALL`,
		`CREATE OR REPLACE TABLE agg_org AS
 SELECT r.province, r.city, r.district, r.org, CAST(f.year AS INTEGER) AS year, f.metric, sum(f.value) AS value
 FROM facts f
 JOIN reports r USING (report_id)
 WHERE ${countedSql('r', 'f')} AND f.value IS NOT NULL
   AND f.metric IN (${OVERVIEW_HEADLINES.map(lit).join(', ')})
 GROUP BY ALL`,
		`CREATE OR REPLACE TABLE agg_cont AS
 SELECT a.province, a.city, a.district, a.metric, a.year,
        CAST(count(*) AS INTEGER) AS n_orgs, CAST(count(b.year) AS INTEGER) AS n_common,
        sum(a.value) FILTER (WHERE b.year IS NOT NULL) AS cur_common, sum(b.value) AS prev_common
 FROM agg_org a
 LEFT JOIN agg_org b ON b.metric = a.metric AND b.org = a.org AND b.year = a.year - 1
   AND b.province IS NOT DISTINCT FROM a.province AND b.city IS NOT DISTINCT FROM a.city AND b.district IS NOT DISTINCT FROM a.district
 GROUP BY ALL`,
		`CREATE OR REPLACE TABLE agg_ind AS
 SELECT province, city, district, year, indicator,
        sum(numerator) FILTER (WHERE state = 'ok') AS numerator,
        sum(denominator) FILTER (WHERE state = 'ok') AS denominator,
        CAST(count(*) FILTER (WHERE state = 'ok') AS INTEGER) AS n_reports,
        CAST(count(*) FILTER (WHERE state = 'inconsistent') AS INTEGER) AS n_inconsistent,
        CAST(count(*) FILTER (WHERE state = 'incomplete') AS INTEGER) AS n_incomplete
 FROM indicators_r
 WHERE indicator IN (${AGG_INDICATORS.map(lit).join(', ')})
 GROUP BY ALL`
	];
}

/** Statements to run, in order, after the dataset tables are loaded. */
export function setupSql(): string[] {
	return [...coreSetupSql(), ...aggregateSql()];
}

/**
 * What a province's summary (src/lib/dataset/layout.ts) needs besides its tables: the catalog tables only — the
 * summary's Overview tables are pre-summed, and no `facts_r` or `indicators_r` is made over facts that are not
 * loaded (a query that needs facts fails instead of answering from none). They depend on the catalog alone, so a
 * session creates them once (`SUMMARY_CATALOG_TABLES` tells whether they exist).
 */
export function summarySetupSql(): string[] {
	return [metricsTableSql(), ...indicatorTablesSql()];
}
/** The tables `summarySetupSql` creates. */
export const SUMMARY_CATALOG_TABLES = ['metrics', 'indicators', 'indicator_parts'] as const;

/** The catalog tables, the `facts_r` view and the indicator view `indicators_r` (without the aggregates). */
export function coreSetupSql(): string[] {
	return [
		metricsTableSql(),
		...indicatorSetupSql(),
		`CREATE OR REPLACE VIEW facts_r AS
 SELECT f.report_id, f.year, f.metric, f.value, f.unit, f.flags, f.raw, f.span_start, f.span_end,
        r.org, r.level, r.province, r.city, r.district, r.format, r.status,
        m.series, m.grade
 FROM facts f
 JOIN reports r USING (report_id)
 LEFT JOIN metrics m ON m.id = f.metric`
	];
}
