/**
 * One report file read in the browser → its rows of the dataset contract (reports, facts, issues, texts) and
 * the line the "reports read" list shows: org, year, format, status and the headline figures. The rules are
 * those of `nianbao ingest` (src/node/ingest.ts) for one file: reader warnings and errors become issues, a
 * report with no value or a missing table is `partial`, a file that is not a report or could not be read is
 * `failed` with the reason. Over all files read, `withBatchRules` applies ingest's batch rules (a second report
 * of one organisation and year left out, cross-year checks). No Node imports: it runs in the report worker.
 */
import { metric } from '../catalog/index.ts';
import { parseReport } from '../parser/index.ts';
import { levelOf } from '../parser/meta.ts';
import { boxColumns, type FactRow, type IssueRow, type ReportRow } from '../dataset/schema.ts';
import { ReadError, type DecodedFile } from '../readers/read-bytes.ts';
import { CROSS_YEAR_METRICS, duplicateMessage, notAReportReason, PARTIAL_CODES, pickDuplicates, readOutcome, readerWarningCode, uniqueId as idFromBase } from '../dataset/report-rules.ts';
import { crossYearChecks } from '../parser/cross-year.ts';

/** What the list says of a file: the dataset's ok/partial/failed, refined for the visitor. */
export type ReadStatus = 'ok' | 'partial' | 'review' | 'scanned' | 'not_report' | 'failed';

/** The headline figures of the list (catalog metric ids). */
export const HEADLINE = { proactive: 'n.proactive.items', received: 't3.new_received.total' } as const;

export interface ReadOutcome {
	file: string;
	id: string;
	org: string | null;
	year: number | null;
	/** Template: 2019 or 2021. */
	format: string | null;
	/** What the file is: pdf, docx, html, text (null when unreadable). */
	fileType: string | null;
	status: ReadStatus;
	/** Why the status is not ok (first problems, in the reader's or parser's words). */
	reason: string | null;
	proactive: number | null;
	received: number | null;
	values: number;
	report: ReportRow;
	facts: FactRow[];
	issues: IssueRow[];
	text: string | null;
}

/** A report id from a file name (its extension dropped), by ingest's rule. */
export function uniqueId(fileName: string, used: Set<string>): string {
	return idFromBase(fileName.replace(/\.[^.]*$/, ''), used);
}

/** The rows and list line of one file: `read` is the reader's result, or what it threw. */
export function outcomeOf(id: string, file: string, read: { decoded: DecodedFile } | { error: unknown }): ReadOutcome {
	const report: ReportRow = {
		report_id: id, org: null, level: null, province: null, city: null, district: null, year: null, published: null, format: null,
		source_file: file, source_url: null, encoding: null, file_type: null, sha256: '', status: 'failed', truncated: false,
		n_values: 0, n_errors: 0, n_warnings: 0, n_infos: 0
	};
	const facts: FactRow[] = [];
	const issues: IssueRow[] = [];
	const add = (i: IssueRow) => {
		issues.push(i);
		if (i.severity === 'error') report.n_errors++;
		else if (i.severity === 'warning') report.n_warnings++;
		else report.n_infos++;
	};
	let text: string | null = null;
	let status: ReadStatus = 'failed';
	let reason: string | null = null;
	try {
		if ('error' in read) throw read.error;
		const d = read.decoded;
		report.sha256 = d.sha256;
		report.encoding = d.encoding;
		report.file_type = d.fileType ?? null;
		const parsed = parseReport({ text: d.text, fileName: file, tokens: d.tokens, kind: d.kind });
		const scanned = d.warnings.filter((w) => /^scanned/.test(w));
		if (parsed.notAReport) {
			// A PDF whose pages are images is "scanned", not "not a report": it needs OCR.
			if (scanned.length) throw new ReadError('scanned', scanned.join('; '));
			throw new ReadError('not_a_report', notAReportReason(d.text));
		}
		for (const w of d.warnings) add({ report_id: id, subject: 'document', severity: 'warning', code: readerWarningCode(w, d.fileType), message: w });
		for (const e of d.errors ?? []) add({ report_id: id, subject: 'document', severity: 'error', code: 'pdf_unruled', message: e });
		const m = parsed.meta;
		report.org = m.org;
		report.year = m.year;
		report.level = m.org ? levelOf(m.org) : m.level;
		report.province = m.province;
		report.city = m.city;
		report.district = m.district;
		report.published = m.published;
		report.format = m.format;
		report.truncated = parsed.truncated;
		report.n_review = parsed.needsReview;
		for (const i of parsed.issues) add({ report_id: id, ...i });
		const outcome = readOutcome(parsed);
		if (outcome.noValues) add({ report_id: id, ...outcome.noValues });
		report.status = outcome.status;
		for (const c of parsed.cells.values()) {
			facts.push({
				report_id: id, year: report.year, metric: c.metric, value: c.value, unit: metric(c.metric)?.unit ?? 'count',
				flags: c.flags.join(';'), raw: c.raw, span_start: c.start, span_end: c.end, ...boxColumns(c.page, c.box)
			});
		}
		report.n_values = facts.length;
		text = d.text;
		const errors = issues.filter((i) => i.severity === 'error');
		if (report.status === 'partial') {
			status = scanned.length ? 'scanned' : 'partial';
			reason = issues.filter((i) => PARTIAL_CODES.has(i.code) || i.code === 'scanned').map((i) => i.message).join('; ') || null;
		} else if (errors.length) {
			status = 'review';
			reason = errors.slice(0, 3).map((i) => i.message).join('; ');
		} else status = 'ok';
	} catch (e) {
		const known = e instanceof ReadError;
		const msg = known ? e.message : `could not be parsed: ${e instanceof Error ? e.message : String(e)}`;
		const code = known ? e.code : 'crash';
		add({ report_id: id, subject: 'document', severity: 'error', code, message: `${file}: ${msg}` });
		report.status = 'failed';
		status = code === 'scanned' ? 'scanned' : code === 'not_a_report' ? 'not_report' : 'failed';
		reason = msg;
	}
	const value = (mt: string) => facts.find((f) => f.metric === mt)?.value ?? null;
	return {
		file, id, org: report.org, year: report.year, format: report.format, fileType: report.file_type ?? null, status, reason,
		proactive: value(HEADLINE.proactive), received: value(HEADLINE.received), values: facts.length, report, facts, issues, text
	};
}

/** An outcome's values the cross-year checks compare (kept per outcome: the list page re-checks as files come in). */
const crossYearCache = new WeakMap<ReadOutcome, Map<string, number | null>>();
function crossYearValues(o: ReadOutcome): Map<string, number | null> {
	let v = crossYearCache.get(o);
	if (!v) crossYearCache.set(o, (v = new Map(o.facts.filter((f) => CROSS_YEAR_METRICS.test(f.metric)).map((f) => [f.metric, f.value]))));
	return v;
}

/**
 * The outcomes with the rules `nianbao ingest` applies over a whole batch (report-rules.ts, parser/cross-year.ts):
 * of two reports of one organisation, region and year the one with more values (then fewer errors, then the
 * first file name) is kept and the other becomes `failed` with a `duplicate` error and no values; consecutive
 * years of an organisation are checked against each other (warnings and infos). Outcomes left as they were
 * are returned as they are (same objects); changed ones are copies.
 */
export function withBatchRules(outcomes: readonly ReadOutcome[]): ReadOutcome[] {
	const byId = new Map(outcomes.map((o) => [o.id, o]));
	const added = new Map<string, IssueRow[]>();
	const dropped = new Map<string, string>();
	for (const d of pickDuplicates(outcomes.map((o) => o.report), (id) => byId.get(id)?.report.n_errors ?? 0)) {
		const message = duplicateMessage(d);
		dropped.set(d.drop.report_id, message);
		added.set(d.drop.report_id, [{ report_id: d.drop.report_id, subject: 'document', severity: 'error', code: 'duplicate', message }]);
	}
	const years = outcomes
		.filter((o) => !dropped.has(o.id) && o.report.org && o.report.year && o.report.status !== 'failed')
		.map((o) => {
			const values = crossYearValues(o);
			return { id: o.id, org: o.report.org!, year: o.report.year!, value: (m: string) => values.get(m) ?? null };
		});
	for (const [id, list] of crossYearChecks(years)) added.set(id, [...(added.get(id) ?? []), ...list.map((i) => ({ report_id: id, ...i }))]);
	if (added.size === 0) return [...outcomes];
	return outcomes.map((o) => {
		const more = added.get(o.id);
		if (!more) return o;
		const issues = [...o.issues, ...more];
		const count = (s: string) => issues.filter((i) => i.severity === s).length;
		const report: ReportRow = { ...o.report, n_errors: count('error'), n_warnings: count('warning'), n_infos: count('info') };
		const why = dropped.get(o.id);
		if (why) {
			Object.assign(report, { status: 'failed', n_values: 0 });
			return { ...o, report, issues, facts: [], text: null, values: 0, proactive: null, received: null, status: 'failed' as const, reason: why };
		}
		return { ...o, report, issues };
	});
}
