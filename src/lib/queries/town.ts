/**
 * The Town profile's queries and reshaping: every fact of one organisation across years, pivoted to a
 * metric × year table (data/tidy.ts pivot) grouped by the report's tables 二/三/四/正文 in catalog order; its reports and
 * their validation issues; and, for any number, the report text around the exact span it was read from.
 */
import { pivot } from '../data/tidy.ts';
import { METRICS, labelZh, metric } from '../catalog/index.ts';
import type { Connector } from '../db/connector.ts';
import { FLAGS, type Flag } from '../dataset/schema.ts';
import { townsWhere, type TownRef } from '../town-keys.ts';
import { REPORT_STATUS_COLUMNS, type ReportStatus } from './report-status.ts';

export interface ProfileFact {
	report_id: string;
	year: number;
	metric: string;
	value: number | null;
	unit: string;
	flags: string;
	raw: string;
	format: string | null;
	[key: string]: unknown;
}

/** Every fact of the town's reports (not failed ones), catalog order then year. */
export async function townFacts(conn: Connector, town: TownRef): Promise<ProfileFact[]> {
	const w = townsWhere([town], 'f');
	return conn.query<ProfileFact>(
		`SELECT f.report_id, f.year::INTEGER AS year, f.metric, f.value, f.unit, f.flags, f.raw, f.format
		 FROM facts_r f LEFT JOIN metrics m ON m.id = f.metric
		 WHERE ${w.sql} AND f.year IS NOT NULL
		 ORDER BY m.ord NULLS LAST, f.metric, f.year, f.report_id`,
		w.params
	);
}

export interface TownReport extends ReportStatus {
	source_url: string | null;
	source_file: string;
	published: string | null;
}

export async function townReports(conn: Connector, town: TownRef): Promise<TownReport[]> {
	const w = townsWhere([town], 'r');
	return conn.query<TownReport>(
		`SELECT ${REPORT_STATUS_COLUMNS}, r.source_url, r.source_file, r.published
		 FROM reports r WHERE ${w.sql} ORDER BY r.year NULLS LAST, r.report_id`,
		w.params
	);
}

export interface TownIssue {
	report_id: string;
	year: number | null;
	subject: string;
	severity: string;
	code: string;
	message: string;
	[key: string]: unknown;
}

const SEVERITY_ORDER = "CASE i.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END";

export async function townIssues(conn: Connector, town: TownRef): Promise<TownIssue[]> {
	const w = townsWhere([town], 'r');
	return conn.query<TownIssue>(
		`SELECT i.report_id, r.year::INTEGER AS year, i.subject, i.severity, i.code, i.message
		 FROM issues i JOIN reports r USING (report_id)
		 WHERE ${w.sql} ORDER BY r.year NULLS LAST, ${SEVERITY_ORDER}, i.code, i.subject`,
		w.params
	);
}

/** One cell of the profile table: the value and how it was read. */
export interface ProfileCell {
	value: number | null;
	flags: Flag[];
	raw: string;
	report_id: string;
}

export interface ProfileRow {
	metric: string;
	label_zh: string;
	label_en: string;
	unit: string;
	cells: Record<number, ProfileCell | undefined>;
}

export interface ProfileGroup {
	/** Catalog table: 二 | 三 | 四 | 正文 | 六 */
	table: string;
	rows: ProfileRow[];
}

export function parseFlags(flags: string | null | undefined): Flag[] {
	return (flags ?? '')
		.split(';')
		.map((f) => f.trim())
		.filter((f): f is Flag => f in FLAGS);
}

/**
 * Pivot facts to metric × year (data/tidy.ts), then group by catalog table in catalog order. A metric with two
 * reports in one year (a rare duplicate) shows the first report's value (by report id).
 */
export function profileTable(facts: readonly ProfileFact[]): { years: number[]; groups: ProfileGroup[] } {
	if (!facts.length) return { years: [], groups: [] };
	const cells = pivot(
		facts.map((f) => ({ metric: f.metric, year: String(f.year), cell: { value: f.value, flags: parseFlags(f.flags), raw: f.raw, report_id: f.report_id } })),
		['metric'],
		'year',
		// Facts come ordered by report id: keep the first report's value, the one the source panel shows.
		(d) => d[0].cell
	);
	const years = cells.columns.map(Number).sort((a, b) => a - b);
	const byMetric = new Map<string, Record<string, unknown>>(cells.rows.map((o) => [String(o.metric), o]));
	const groups: ProfileGroup[] = [];
	const known = new Set(METRICS.map((m) => m.id));
	const ordered = [...METRICS.map((m) => m.id), ...[...byMetric.keys()].filter((id) => !known.has(id)).sort()];
	for (const id of ordered) {
		const o = byMetric.get(id);
		if (!o) continue;
		const m = metric(id);
		const table = m?.table ?? '?';
		let g = groups.find((x) => x.table === table);
		if (!g) groups.push((g = { table, rows: [] }));
		const rowCells: Record<number, ProfileCell | undefined> = {};
		for (const y of years) rowCells[y] = (o[String(y)] as ProfileCell | null) ?? undefined;
		g.rows.push({ metric: id, label_zh: m ? labelZh(m) : id, label_en: m?.labelEn ?? id, unit: m?.unit ?? '', cells: rowCells });
	}
	return { years, groups };
}

/** Where a number came from: the fact and its report text. */
export interface SourceSpan {
	report_id: string;
	year: number;
	metric: string;
	value: number | null;
	flags: string;
	raw: string;
	span_start: number | null;
	span_end: number | null;
	source_url: string | null;
	text: string | null;
	/** PDF only: the page and the cell's box in PDF user space (null for other formats). */
	page: number | null;
	box_x0: number | null;
	box_y0: number | null;
	box_x1: number | null;
	box_y1: number | null;
	[key: string]: unknown;
}

/** The fact (metric, year) of the town with its report's full text (null when texts are not loaded). */
export async function sourceOf(conn: Connector, town: TownRef, metricId: string, year: number): Promise<SourceSpan | null> {
	const w = townsWhere([town], 'f');
	const rows = await conn.query<SourceSpan>(
		`SELECT f.report_id, f.year::INTEGER AS year, f.metric, f.value, f.flags, f.raw, f.span_start, f.span_end,
		        r.source_url, t.text, b.page::INTEGER AS page, b.box_x0, b.box_y0, b.box_x1, b.box_y1
		 FROM facts_r f JOIN reports r USING (report_id) LEFT JOIN texts t ON t.report_id = f.report_id
		 LEFT JOIN facts b ON b.report_id = f.report_id AND b.metric = f.metric
		 WHERE ${w.sql} AND f.metric = ? AND f.year = ?
		 ORDER BY f.report_id LIMIT 1`,
		[...w.params, metricId, year]
	);
	return rows[0] ?? null;
}

/** A report's text (for issues that concern the whole document). */
export async function reportText(conn: Connector, reportId: string): Promise<{ report_id: string; text: string | null; source_url: string | null; year: number | null } | null> {
	const rows = await conn.query<{ report_id: string; text: string | null; source_url: string | null; year: number | null }>(
		`SELECT r.report_id, t.text, r.source_url, r.year::INTEGER AS year
		 FROM reports r LEFT JOIN texts t USING (report_id) WHERE r.report_id = ?`,
		[reportId]
	);
	return rows[0] ?? null;
}

/** Text spans [start, end) of a report's cells among `metrics`, in text order, merged where they touch. */
export async function reportSpans(conn: Connector, reportId: string, metrics: readonly string[]): Promise<[number, number][]> {
	if (metrics.length === 0) return [];
	const rows = await conn.query<{ s: number; e: number }>(
		`SELECT span_start::INTEGER AS s, span_end::INTEGER AS e FROM facts
		 WHERE report_id = ? AND span_start IS NOT NULL AND span_end > span_start AND metric IN (${metrics.map(() => '?').join(', ')})
		 ORDER BY 1, 2`,
		[reportId, ...metrics]
	);
	const out: [number, number][] = [];
	for (const r of rows) {
		const last = out[out.length - 1];
		if (last && r.s <= last[1]) last[1] = Math.max(last[1], r.e);
		else out.push([r.s, r.e]);
	}
	return out;
}

/** Where a report's cells among `metrics` are printed in its PDF: page and box, in page then reading order. */
export async function reportBoxes(conn: Connector, reportId: string, metrics: readonly string[]): Promise<{ page: number; box: [number, number, number, number] }[]> {
	if (metrics.length === 0) return [];
	const rows = await conn.query<{ page: number; x0: number; y0: number; x1: number; y1: number }>(
		`SELECT page::INTEGER AS page, box_x0 AS x0, box_y0 AS y0, box_x1 AS x1, box_y1 AS y1 FROM facts
		 WHERE report_id = ? AND page IS NOT NULL AND box_x0 IS NOT NULL AND metric IN (${metrics.map(() => '?').join(', ')})
		 ORDER BY page, box_y1 DESC, box_x0`,
		[reportId, ...metrics]
	);
	return rows.map((r) => ({ page: r.page, box: [r.x0, r.y0, r.x1, r.y1] }));
}

export interface ContextWindow {
	before: string;
	span: string;
	after: string;
	/** Text was cut before / after the window. */
	clippedStart: boolean;
	clippedEnd: boolean;
}

/**
 * The span with up to `radius` characters of context each side, trimmed to whole lines when a line break falls
 * in the window, so a table cell shows with its row label. Offsets are JS string indices (as the dataset stores
 * them).
 */
export function contextWindow(text: string, start: number, end: number, radius = 200): ContextWindow | null {
	if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) return null;
	// Whole lines when a line break falls inside the window (keeps a table row's label); else cut at the radius.
	let from = 0;
	if (start - radius > 0) {
		const k = text.indexOf('\n', start - radius);
		from = k >= 0 && k < start ? k + 1 : start - radius;
	}
	let to = text.length;
	if (end + radius < text.length) {
		const k = text.lastIndexOf('\n', end + radius);
		to = k >= end ? k : end + radius;
	}
	return {
		before: text.slice(from, start),
		span: text.slice(start, end),
		after: text.slice(end, to),
		clippedStart: from > 0,
		clippedEnd: to < text.length
	};
}

