/**
 * The Quality view's queries, for supervisors: which reports break which identity (issues by town × year and
 * severity), counts by district, a filterable issue list that links each issue to the report text, and report
 * status (ok / partial / failed, truncated). One scope filter, bound as parameters.
 */
import { orderBy, pivot, sumBy } from '../data/tidy.ts';
import { isMetricId } from '../catalog/index.ts';
import { shortName } from '../town-keys.ts';
import type { Connector, Param } from '../db/connector.ts';
import { scopeWhere } from './series.ts';
import { REPORT_STATUS_COLUMNS, type ReportStatus } from './report-status.ts';
import type { Scope } from '../url-params.ts';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export interface QualityFilter {
	scope: Partial<Scope>;
	/** Severities to include; empty = all. */
	severities: readonly string[];
	/** Issue code (identity, truncated, repaired…) or null for all. */
	code: string | null;
	/** Text the subject must contain (metric id, table3, I-3a…), or null. */
	subject: string | null;
}

export const NO_QUALITY_FILTER: QualityFilter = { scope: {}, severities: [], code: null, subject: null };

function where(f: QualityFilter): { sql: string; params: Param[] } {
	const s = scopeWhere(f.scope, 'r');
	const parts = [s.sql];
	const params: Param[] = [...s.params];
	const sev = f.severities.filter((x) => (SEVERITIES as readonly string[]).includes(x));
	if (sev.length) {
		parts.push(`i.severity IN (${sev.map(() => '?').join(', ')})`);
		params.push(...sev);
	}
	if (f.code) {
		parts.push('i.code = ?');
		params.push(f.code);
	}
	if (f.subject) {
		parts.push("i.subject ILIKE '%' || ? || '%'");
		params.push(f.subject);
	}
	return { sql: parts.join(' AND '), params };
}

export interface MatrixCell {
	org: string;
	district: string | null;
	year: number;
	severity: string;
	n: number;
	[key: string]: unknown;
}

/** Issue counts per town, year and severity (the town × year matrix). */
export async function issueMatrix(conn: Connector, f: QualityFilter): Promise<MatrixCell[]> {
	const w = where(f);
	return conn.query<MatrixCell>(
		`SELECT coalesce(r.org, r.report_id) AS org, r.district, r.year::INTEGER AS year, i.severity, count(*)::INTEGER AS n
		 FROM issues i JOIN reports r USING (report_id)
		 WHERE ${w.sql} AND r.year IS NOT NULL
		 GROUP BY ALL ORDER BY org, year, severity`,
		w.params
	);
}

export interface DistrictCount {
	district: string;
	severity: string;
	n: number;
	[key: string]: unknown;
}

/** Issue counts per district and severity (reports without a district are grouped under their city). */
export async function issuesByDistrict(conn: Connector, f: QualityFilter): Promise<DistrictCount[]> {
	const w = where(f);
	return conn.query<DistrictCount>(
		`SELECT coalesce(r.district, r.city, r.province, '?') AS district, i.severity, count(*)::INTEGER AS n
		 FROM issues i JOIN reports r USING (report_id)
		 WHERE ${w.sql}
		 GROUP BY ALL ORDER BY n DESC, district`,
		w.params
	);
}

export interface IssueItem {
	report_id: string;
	org: string | null;
	district: string | null;
	year: number | null;
	severity: string;
	code: string;
	subject: string;
	message: string;
	/** The subject is a metric with a value in this report: link straight to its source span. */
	has_fact: boolean;
	[key: string]: unknown;
}

/** The issues themselves, most severe first. */
export async function issueList(conn: Connector, f: QualityFilter): Promise<IssueItem[]> {
	const w = where(f);
	return conn.query<IssueItem>(
		`SELECT i.report_id, r.org, r.district, r.year::INTEGER AS year, i.severity, i.code, i.subject, i.message,
		   EXISTS (SELECT 1 FROM facts x WHERE x.report_id = i.report_id AND x.metric = i.subject) AS has_fact
		 FROM issues i JOIN reports r USING (report_id)
		 WHERE ${w.sql}
		 ORDER BY CASE i.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.org, r.year, i.code, i.subject`,
		w.params
	);
}

/** The codes and severities present (for the filter's choices). */
export async function issueCodes(conn: Connector): Promise<{ code: string; n: number }[]> {
	return conn.query<{ code: string; n: number }>(
		'SELECT code, count(*)::INTEGER AS n FROM issues GROUP BY code ORDER BY n DESC, code'
	);
}

export interface ReportStatusRow extends ReportStatus {
	org: string | null;
	district: string | null;
}

/** Every report in scope with its status, worst first (failed, then partial/truncated, then ok). */
export async function reportStatus(conn: Connector, scope: Partial<Scope>): Promise<ReportStatusRow[]> {
	const s = scopeWhere(scope, 'r');
	return conn.query<ReportStatusRow>(
		`SELECT ${REPORT_STATUS_COLUMNS}, r.org, r.district
		 FROM reports r WHERE ${s.sql}
		 ORDER BY CASE r.status WHEN 'failed' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END, r.truncated DESC,
		          r.n_errors DESC, r.org NULLS LAST, r.year`,
		s.params
	);
}

/** How many reports in scope are in each state (the Quality view's tiles). */
export interface StatusCounts {
	ok: number;
	partial: number;
	failed: number;
	truncated: number;
	/** Read, and every value's place confirmed (the trust rule's verdict). */
	confirmed: number;
	/** With values that need a human look. */
	review: number;
}

/** The report counts of the Quality view's tiles, from the rows of `reportStatus`. */
export function statusCounts(rows: readonly Pick<ReportStatus, 'status' | 'truncated' | 'n_review'>[]): StatusCounts {
	return {
		ok: rows.filter((r) => r.status === 'ok').length,
		partial: rows.filter((r) => r.status === 'partial').length,
		failed: rows.filter((r) => r.status === 'failed').length,
		truncated: rows.filter((r) => r.truncated).length,
		confirmed: rows.filter((r) => r.status !== 'failed' && r.n_review === 0).length,
		review: rows.filter((r) => (r.n_review ?? 0) > 0).length
	};
}

/** Where an issue's "show in report" link goes: the metric's source span when it has one, else the report. */
export function issueLink(i: Pick<IssueItem, 'subject' | 'year' | 'report_id' | 'has_fact'>): { metric: string; year: number } | { report: string } {
	if (i.has_fact && isMetricId(i.subject) && i.year !== null) return { metric: i.subject, year: i.year };
	return { report: i.report_id };
}

export interface MatrixRow {
	org: string;
	district: string | null;
	name: string;
	year: number;
	error: number;
	warning: number;
	info: number;
	total: number;
	worst: string;
}

/** The matrix in wide form, one row per town and year: counts per severity (pivot), the total and the worst severity present. */
export function matrixRows(cells: readonly MatrixCell[]): MatrixRow[] {
	if (!cells.length) return [];
	const wide = pivot(
		cells.map((c) => ({ org: c.org, district: c.district, year: c.year, severity: c.severity, n: c.n })),
		['org', 'district', 'year'],
		'severity',
		(d) => d.reduce((s, c) => s + Number(c.n), 0)
	).rows;
	// Two organisations with the same short name (in different districts) get their district added.
	const byName = new Map<string, Set<string>>();
	for (const o of wide) {
		const n = shortName(String(o.org));
		byName.set(n, (byName.get(n) ?? new Set()).add(`${o.org}\u0000${o.district ?? ''}`));
	}
	return wide.map((o) => {
		const error = Number(o.error ?? 0);
		const warning = Number(o.warning ?? 0);
		const info = Number(o.info ?? 0);
		const org = String(o.org);
		return {
			org,
			district: (o.district as string | null) ?? null,
			name: (byName.get(shortName(org))?.size ?? 0) > 1 ? `${shortName(org)}（${o.district ?? '?'}）` : shortName(org),
			year: Number(o.year),
			error,
			warning,
			info,
			total: error + warning + info,
			worst: error ? 'error' : warning ? 'warning' : 'info'
		};
	});
}

/** Towns ordered by their issue total (most first), capped at `limit`; the others are left out of the matrix. */
export function topTowns(rows: readonly MatrixRow[], limit: number): { rows: MatrixRow[]; towns: number; shown: number } {
	const totals = orderBy(
		sumBy(rows, (r) => `${r.org}\u0000${r.district ?? ''}`, { total: (r) => r.total }),
		{ get: (x) => x.sums.total, desc: true },
		{ get: (x) => x.key }
	);
	const keep = new Set(totals.slice(0, limit).map((x) => x.key));
	return { rows: rows.filter((r) => keep.has(`${r.org}\u0000${r.district ?? ''}`)), towns: totals.length, shown: keep.size };
}
