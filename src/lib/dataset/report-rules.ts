/**
 * The per-file rules a report's rows follow, wherever the file is read — `nianbao ingest` (src/node/ingest.ts)
 * or the browser's report worker (src/lib/local/report-rows.ts): which issue codes make a report `partial`,
 * which code a reader's warning gets, why a file is not a report, and how a file name becomes a report id.
 * No Node imports.
 */

/** Issue codes that make a read report `partial` (something of it is missing). */
export const PARTIAL_CODES: ReadonlySet<string> = new Set(['truncated', 'table_missing', 'no_values']);

/** Issue code of a reader's warning: scanned pages are their own kind (they need OCR). */
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
