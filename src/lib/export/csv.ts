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
export const FORMULA_START = /^[=+\-@\t\r]/;

/** The same neutralisation as `csvCell` for a text column in DuckDB SQL (the ingest writer's CSV copies). */
export function csvTextSql(expr: string): string {
	return `CASE WHEN regexp_matches(${expr}, '${FORMULA_START.source}') THEN '''' || ${expr} ELSE ${expr} END`;
}

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
	return BOM + csvLines([cols, ...rows.map((r) => cols.map((c) => r[c]))]);
}

/**
 * Rows of cells as CSV lines, each ending with CRLF (line breaks inside quoted cells are kept as they are): the
 * body of `toCsv`, and what `nianbao serve` streams for a console query's download, chunk by chunk.
 */
export function csvLines(rows: readonly (readonly unknown[])[]): string {
	let out = '';
	for (const r of rows) out += csvFormatRow(r.map(csvCell)) + '\r\n';
	return out;
}

/** A batch of one Utf8 column of CRLF-terminated CSV lines, as Arrow (a `RecordBatch`) holds it. */
export interface CsvLineBatch {
	readonly numRows: number;
	readonly data: { readonly children: readonly { readonly valueOffsets: ArrayLike<number>; readonly values: Uint8Array; readonly nullCount: number }[] };
}

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
/** How many bytes of a streamed CSV are gathered before they move into a Blob. */
export const BLOB_CHUNK_BYTES = 8 << 20;

/**
 * The CSV file from streamed line batches (see `csvLinesQuery`): BOM, header, then each batch's UTF-8 bytes
 * copied straight out of its Arrow buffer, no string ever decoded. `tick` runs after each batch with the rows so
 * far (progress; it may yield to the page or abort by throwing).
 */
export async function csvFromLines(
	batches: AsyncIterable<CsvLineBatch> | Iterable<CsvLineBatch>,
	header: string,
	opts: { tick?: (rows: number) => void | Promise<void> } = {}
): Promise<Blob> {
	// Bytes move into Blobs every few MB: the browser keeps Blob data outside the JS heap (and may page it to
	// disk), so the heap holds at most one chunk of the file however large the download.
	const blobs: Blob[] = [];
	let parts: Uint8Array<ArrayBuffer>[] = [UTF8_BOM, new TextEncoder().encode(header)];
	let pending = 0;
	let rows = 0;
	for await (const batch of batches) {
		if (!batch.numRows) continue;
		const col = batch.data.children[0];
		if (!col || col.nullCount) throw new Error('CSV export: the query returned a missing or NULL line');
		const off = col.valueOffsets;
		const bytes = col.values.slice(off[0], off[batch.numRows]);
		parts.push(bytes);
		pending += bytes.length;
		if (pending >= BLOB_CHUNK_BYTES) {
			blobs.push(new Blob(parts));
			parts = [];
			pending = 0;
		}
		rows += batch.numRows;
		await opts.tick?.(rows);
	}
	return new Blob([...blobs, ...parts], { type: 'text/csv;charset=utf-8' });
}
