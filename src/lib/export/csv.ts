/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Chinese correctly), RFC 4180 quoting
 * (d3-dsv), and formula neutralisation — a text cell starting with = + - @, tab or CR gets a leading apostrophe
 * so Excel or LibreOffice never evaluates it as a formula (OWASP "CSV injection"). Numbers are written as
 * numbers: a JS number cannot carry a formula, and `-7` must stay a number. The file holds data only; the
 * citation travels beside it, never as a comment line that would break CSV readers.
 */
import { csvFormatRow } from 'd3-dsv';

export const BOM = '\uFEFF';

/** Characters that make a spreadsheet treat a cell as a formula (or hide one after a control char). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text: strings neutralised, numbers and booleans as is, null/undefined as an empty cell. */
export function csvCell(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	const s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v);
	return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * The CSV text (BOM, header, CRLF line ends as Excel expects) of `rows`, with `columns` in that order
 * (default: the keys of the first row).
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
	const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
	const body = rows.map((r) => cols.map((c) => csvCell(r[c])));
	// Rows end with CRLF; line breaks inside quoted cells are kept as they are.
	return BOM + [cols.map(csvCell), ...body].map((r) => csvFormatRow(r)).join('\r\n') + '\r\n';
}
