/**
 * The metric catalog: every metric id the product knows, with its labels, unit, formats and cross-format series.
 * Parser, validation, dataset writer, SQL and charts all read metric facts from here (source: metrics.csv).
 */
import { METRIC_ROWS } from './metrics.data.ts';

export type Format = '2019' | '2021';
export type Grade = 'A' | 'B' | 'C' | 'X';
export type Unit = 'count' | 'yuan';

export interface Metric {
	/** Stable id, `t{table}.{row}.{col}` (or `n.proactive.items`, `t6.…`). */
	id: string;
	formats: Format[];
	/** 二 | 三 | 四 | 正文 | 六 */
	table: string;
	/** Row key and column key: the 2nd and 3rd parts of the id. */
	row: string;
	col: string;
	rowZh: string;
	colZh: string;
	labelEn: string;
	/** Machine-readable unit of the stored value: `count` or `yuan` (money is always stored in yuan). */
	unit: Unit;
	/**
	 * What the value counts, as a reader says it (from the template's wording): 件 applications, cases, documents
	 * and decisions; 条 items of information; 项 fee, licensing… items and procurement projects; 元 money (the
	 * stored value's unit, whatever the page shows it in).
	 */
	unitZh: string;
	/** The same in English: `applications`, `cases`, `documents`, `decisions`, `items`, `projects`, `yuan`. */
	unitEn: string;
	/** Cross-format series id this metric belongs to (templates.md §9.5). */
	series: string;
	grade: Grade;
	kind: 'reported' | 'reported/derived';
	note: string;
}

export const CATALOG_VERSION = '2026.11-1';

export const METRICS: readonly Metric[] = METRIC_ROWS.map((r) => {
	const [id, formats, table, rowZh, colZh, labelEn, unit, unitZh, unitEn, series, grade, kind, note] = r;
	const [, row, col] = id.split('.');
	return {
		id,
		formats: formats.split(';') as Format[],
		table,
		row,
		col,
		rowZh,
		colZh,
		labelEn,
		unit: unit as Unit,
		unitZh,
		unitEn,
		series,
		grade: grade as Grade,
		kind: kind as Metric['kind'],
		note
	};
});

const byId = new Map(METRICS.map((m) => [m.id, m]));

export function metric(id: string): Metric | undefined {
	return byId.get(id);
}

export function isMetricId(id: string): boolean {
	return byId.has(id);
}

/** Metrics that exist in a format, in catalog (= template) order. */
export function metricsFor(format: Format, table?: string): Metric[] {
	return METRICS.filter((m) => m.formats.includes(format) && (table === undefined || m.table === table));
}

/** Table 三 columns in template order (自然人 … 总计). */
export const T3_COLS: readonly { key: string; zh: string }[] = uniqueBy(
	METRICS.filter((m) => m.table === '三'),
	(m) => m.col
).map((m) => ({ key: m.col, zh: m.colZh }));

/** Table 三 rows in template order, each with the formats it is a reported row in. */
export const T3_ROWS: readonly { key: string; zh: string; formats: Format[]; derivedIn: Format[] }[] = uniqueBy(
	METRICS.filter((m) => m.table === '三'),
	(m) => m.row
).map((m) => ({
	key: m.row,
	zh: m.rowZh,
	// other_handling is a reported row in 2019 but the sum of its three sub-rows in 2021.
	formats: m.kind === 'reported/derived' ? (['2019'] as Format[]) : m.formats,
	derivedIn: m.kind === 'reported/derived' ? (['2021'] as Format[]) : []
}));

/** Table 四 groups and results in template column order. */
export const T4_COLUMNS: readonly Metric[] = METRICS.filter((m) => m.table === '四');
export const T4_GROUPS: readonly string[] = uniqueBy(T4_COLUMNS, (m) => m.row).map((m) => m.row);
export const T4_RESULTS: readonly string[] = uniqueBy(T4_COLUMNS, (m) => m.col).map((m) => m.col);
/** Chinese label of a table 四 group as the catalog writes it (`review` → 行政复议). */
export function t4GroupZh(group: string): string | undefined {
	return T4_COLUMNS.find((m) => m.row === group)?.rowZh;
}

/** Table 二 rows of a format, each with its value metrics in column order. */
export function t2Rows(format: Format): { row: string; zh: string; metrics: Metric[] }[] {
	const rows = new Map<string, { row: string; zh: string; metrics: Metric[] }>();
	for (const m of metricsFor(format, '二')) {
		let r = rows.get(m.row);
		if (!r) rows.set(m.row, (r = { row: m.row, zh: m.rowZh, metrics: [] }));
		r.metrics.push(m);
	}
	return [...rows.values()];
}

/** Table 二 rows (either format) that have every one of the columns given, in catalog order (e.g. the item-count rows). */
export function t2RowsWith(...cols: string[]): string[] {
	const rows = uniqueBy(
		METRICS.filter((m) => m.table === '二'),
		(m) => m.row
	).map((m) => m.row);
	return rows.filter((r) => cols.every((c) => byId.has(`t2.${r}.${c}`)));
}

/** Chinese label of a metric as people read it in a report: row · column. */
export function labelZh(m: Metric): string {
	const row = m.rowZh.replace(/（\S*?）(?=\d)|^[一二三四五六七八九十]+、/g, '');
	const col = m.colZh.replace(/\s*\(2021:.*\)$/, '');
	return col ? `${row} · ${col}` : row;
}

/** Metrics sharing a cross-format series, keyed by format (for 2019 → 2021 trend lines). */
export function seriesMembers(series: string): Metric[] {
	return METRICS.filter((m) => m.series === series);
}

function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
	const seen = new Set<string>();
	return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}
