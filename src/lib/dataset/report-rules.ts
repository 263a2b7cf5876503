/**
 * The per-file rules a report's rows follow, wherever the file is read — `nianbao ingest` (src/node/ingest.ts)
 * or the browser's report worker (src/lib/local/report-rows.ts): which issue codes make a report `partial`,
 * which code a reader's warning gets, why a file is not a report, and how a file name becomes a report id —
 * and the rules over a batch: which of two reports of one organisation and year is kept, and which values the
 * cross-year checks compare. No Node imports.
 */
import type { ReportRow } from './schema.ts';

/** Issue codes that make a read report `partial` (something of it is missing). */
export const PARTIAL_CODES: ReadonlySet<string> = new Set(['truncated', 'table_missing', 'no_values']);

/** Issue code of a reader's warning: scanned pages are their own kind (they need OCR). */
/**
 * The status a parsed report gets, and the warning a report with no value gets — the same in `nianbao ingest` and
 * in the browser's report worker: a cut-off report, one with a missing table or with nothing read is `partial`,
 * never `ok`; one with no value at all is still kept (its title and issues tell what went wrong).
 */
export function readOutcome(r: { truncated: boolean; cells: { size: number }; issues: readonly { code: string }[] }): {
	status: 'ok' | 'partial';
	noValues: { subject: 'document'; severity: 'warning'; code: 'no_values'; message: string } | null;
} {
	const none = r.cells.size === 0;
	return {
		status: r.truncated || none || r.issues.some((i) => i.code === 'table_missing') ? 'partial' : 'ok',
		noValues: none
			? { subject: 'document', severity: 'warning', code: 'no_values', message: 'the title was found but no table cell or narrative figure could be read (tables missing, or the layout was lost, e.g. the whole report on one line)' }
			: null
	};
}

export function readerWarningCode(w: string, fileType: string | undefined): string {
	if (/^scanned/.test(w)) return 'scanned';
	return fileType === 'pdf' || fileType === 'docx' ? `${fileType}_reader` : 'encoding';
}

/** Why a decoded file is not taken for an annual report (an image-only page says so). */
export function notAReportReason(text: string): string {
	if (/<img[\s>]/i.test(text) && text.replace(/<[^>]*>/g, '').replace(/\s+/g, '').length < 300) {
		return 'the page holds images but almost no text: its tables are probably scanned images (OCR is not supported)';
	}
	return 'no annual-report title, tables or figures were found: this does not look like a 政府信息公开工作年度报告';
}

/**
 * A report id from a file's base name: letters, digits, `.`, `_` and `-` only (never starting with a character
 * a spreadsheet reads as a formula), made unique with `-2`, `-3`… in input order.
 */
export function uniqueId(base: string, used: Set<string>): string {
	const clean = base.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80) || 'report';
	let id = clean;
	for (let n = 2; used.has(id); n++) id = `${clean}-${n}`;
	used.add(id);
	return id;
}

/** Metrics the cross-year checks (parser/cross-year.ts) compare; only these need keeping for a whole batch. */
export const CROSS_YEAR_METRICS = /^t3\.(carried_forward|carried_over)\.|^t2\.\w+\.(valid|issued|repealed|prev_year_items|items_delta)$/;

/**
 * Second reports of one organisation (same name and region) and year. The copy kept is the one with more values, then fewer
 * errors, then the first by file path — so the same inputs always keep the same file.
 */
export function pickDuplicates(reports: ReportRow[], errors: (id: string) => number): { keep: ReportRow; drop: ReportRow; reason: string }[] {
	const groups = new Map<string, ReportRow[]>();
	for (const r of reports) {
		if (r.status === 'failed' || !r.org || !r.year) continue;
		// Same name and year in another region is another body (大河镇 exists in many counties).
		const k = [r.org, r.year, r.province ?? '', r.city ?? '', r.district ?? ''].join('\u0000');
		groups.set(k, [...(groups.get(k) ?? []), r]);
	}
	const out: { keep: ReportRow; drop: ReportRow; reason: string }[] = [];
	for (const g of groups.values()) {
		if (g.length < 2) continue;
		g.sort((a, b) => b.n_values - a.n_values || errors(a.report_id) - errors(b.report_id) || (a.source_file < b.source_file ? -1 : a.source_file > b.source_file ? 1 : 0));
		const keep = g[0];
		for (const drop of g.slice(1)) {
			const reason =
				keep.n_values !== drop.n_values
					? `it has more values: ${keep.n_values} against ${drop.n_values}`
					: errors(keep.report_id) !== errors(drop.report_id)
						? `it has fewer errors: ${errors(keep.report_id)} against ${errors(drop.report_id)}`
						: 'both have as many values and errors; the first by file name is kept';
			out.push({ keep, drop, reason });
		}
	}
	return out;
}

/** The `duplicate` issue of the copy left out. */
export function duplicateMessage(d: { keep: ReportRow; drop: ReportRow; reason: string }): string {
	return `${d.drop.source_file}: a second report of ${d.drop.org} ${d.drop.year}; ${d.keep.source_file} was kept (${d.reason}) and this copy's values are left out`;
}
