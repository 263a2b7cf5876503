/**
 * A report's read status and issue counts, as the Town profile and the Quality view both list them: one
 * definition of the row and of the SQL columns that fill it, so the two views cannot drift apart.
 */
export interface ReportStatus {
	report_id: string;
	year: number | null;
	format: string | null;
	status: string;
	truncated: boolean;
	n_values: number;
	n_errors: number;
	n_warnings: number;
	n_infos: number;
	/** Values that need a human look; 0 = all confirmed; null = not known (older dataset, not parsed). */
	n_review: number | null;
	[key: string]: unknown;
}

/** The columns of a `ReportStatus`, read from `reports` aliased as `r` (the year as an integer). */
export const REPORT_STATUS_COLUMNS =
	'r.report_id, r.year::INTEGER AS year, r.format, r.status, r.truncated, r.n_values, r.n_errors, r.n_warnings, r.n_infos, r.n_review';
