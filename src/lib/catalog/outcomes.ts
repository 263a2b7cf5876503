/**
 * How applications were decided: the outcome categories of table 三 （一）–（六）, each the rows of the catalog it
 * sums (total column). Together they make up （七）总计, so a report whose categories do not add up to its total
 * cannot be split into shares. One definition for the parser (subtotal rows, the 2021 （六） sum), the Overview,
 * its embeds and the aggregate tables.
 */
import { METRICS } from './index.ts';
import { lit } from '../db/sql.ts';

function rowsStartingWith(prefix: string): string[] {
	return [...new Set(METRICS.filter((m) => m.table === '三' && m.row.startsWith(prefix)).map((m) => m.row))];
}

/** Outcome categories in display order (favourable first). */
export const OUTCOMES = [
	{ key: 'granted', zh: '予以公开', en: 'Granted', rows: ['granted'] },
	{ key: 'partial', zh: '部分公开', en: 'Partly granted', rows: ['partially_granted'] },
	{ key: 'denied', zh: '不予公开', en: 'Denied', rows: rowsStartingWith('denied_') },
	{ key: 'unable', zh: '无法提供', en: 'Unable to provide', rows: rowsStartingWith('unable_') },
	{ key: 'not_processed', zh: '不予处理', en: 'Not processed', rows: rowsStartingWith('not_processed_') },
	{ key: 'other', zh: '其他处理', en: 'Other handling', rows: ['other_handling'] }
] as const;
export type OutcomeKey = (typeof OUTCOMES)[number]['key'];

/**
 * Categories the template prints as a parent label without values over numbered sub-rows (（三）不予公开,
 * （四）无法提供, （五）不予处理): some reproductions print the parent with its subtotal (D13), which the parser
 * checks against the sub-rows instead of storing.
 */
export const SUBTOTAL_OUTCOMES: readonly { key: OutcomeKey; zh: string; rows: readonly string[] }[] = OUTCOMES.filter((o) => o.rows.length > 1);

/**
 * The 2021 template's three sub-rows of （六）其他处理 (逾期不补正, 逾期未缴费, 其他), in template order; the catalog
 * row `other_handling` is reported in 2019 and their sum in 2021 (kind `reported/derived`).
 */
export const OTHER_HANDLING_PARTS: readonly string[] = rowsStartingWith('other_').filter((r) => r !== 'other_handling');

/** Metric of 表三 （七）总计: the denominator of the outcome shares. */
export const TOTAL_PROCESSED_METRIC = 't3.total_processed.total';

/** [metric id, outcome key] for every metric summed into an outcome. */
export const OUTCOME_METRICS: readonly (readonly [string, OutcomeKey])[] = OUTCOMES.flatMap((o) =>
	o.rows.map((r) => [`t3.${r}.total`, o.key] as const)
);


/**
 * SQL: one row per report that states （七）总计 (`facts` rows with a value), with `total` and `balanced` — whether
 * its outcome categories (blank cells as 0) add up to that total. Only balanced reports can be split into shares;
 * the others are counted apart.
 */
export function reportBalanceSql(facts = 'facts'): string {
	return `SELECT report_id,
  max(CASE WHEN metric = ${lit(TOTAL_PROCESSED_METRIC)} THEN value END) AS total,
  coalesce(sum(CASE WHEN metric <> ${lit(TOTAL_PROCESSED_METRIC)} THEN value END), 0) = max(CASE WHEN metric = ${lit(TOTAL_PROCESSED_METRIC)} THEN value END) AS balanced
FROM ${facts}
WHERE metric IN (${[TOTAL_PROCESSED_METRIC, ...OUTCOME_METRICS.map(([m]) => m)].map(lit).join(', ')})
GROUP BY report_id
HAVING count(CASE WHEN metric = ${lit(TOTAL_PROCESSED_METRIC)} THEN value END) > 0`;
}
