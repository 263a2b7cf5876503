/**
 * SQL that both DuckDB back ends run once a dataset's tables (facts, reports, issues, texts) exist:
 * the metric catalog as a table (so SQL joins labels, units and cross-format series from the one catalog)
 * and `facts_r`, facts joined with their report's organisation and region.
 */
import { METRICS } from '../catalog/index.ts';

/** SQL string literal (the catalog is our own constant data, but quote it properly all the same). */
function lit(s: string): string {
	return `'${s.replaceAll("'", "''")}'`;
}

export function metricsTableSql(): string {
	const rows = METRICS.map(
		(m, i) =>
			`(${[m.id, m.table, m.row, m.col, m.rowZh, m.colZh, m.labelEn, m.unit, m.series, m.grade, m.formats.join(';')].map(lit).join(', ')}, ${i})`
	);
	return `CREATE OR REPLACE TABLE metrics (id VARCHAR, tbl VARCHAR, row_key VARCHAR, col_key VARCHAR, row_zh VARCHAR,
 col_zh VARCHAR, label_en VARCHAR, unit VARCHAR, series VARCHAR, grade VARCHAR, formats VARCHAR, ord INTEGER);
INSERT INTO metrics VALUES ${rows.join(',\n')};`;
}

/** Statements to run, in order, after the dataset tables are loaded. */
export function setupSql(): string[] {
	return [
		metricsTableSql(),
		`CREATE OR REPLACE VIEW facts_r AS
 SELECT f.report_id, f.year, f.metric, f.value, f.unit, f.flags, f.raw, f.span_start, f.span_end,
        r.org, r.level, r.province, r.city, r.district, r.format, r.status,
        m.series, m.grade
 FROM facts f
 JOIN reports r USING (report_id)
 LEFT JOIN metrics m ON m.id = f.metric`
	];
}
