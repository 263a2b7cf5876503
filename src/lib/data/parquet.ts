/**
 * Parquet bytes → column arrays with hyparquet (+ zstd from hyparquet-compressors), in plain JS so it runs in
 * the browser (DuckDB-WASM 1.32 would have to download its Parquet extension, which an offline site cannot).
 * Only the requested columns are decoded, and strings stay as UTF-8 bytes (no decode/encode round trip on
 * their way into Arrow).
 */
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DatasetError, isParquet } from './file-checks.ts';
import type { ColumnValues } from './columns.ts';

export interface ParquetColumns {
	numRows: number;
	/** Top-level column names in the file. */
	fileColumns: string[];
	columns: Record<string, ColumnValues>;
}

function asArrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
		? (bytes.buffer as ArrayBuffer)
		: (bytes.slice().buffer as ArrayBuffer);
}

/** Column names of a Parquet file (throws a DatasetError naming the file when it is not Parquet). */
export function parquetColumnNames(file: string, bytes: Uint8Array): string[] {
	if (!isParquet(bytes)) throw new DatasetError(file, 'not a Parquet file (no PAR1 header and footer)');
	try {
		const meta = parquetMetadata(asArrayBuffer(bytes));
		return parquetSchema(meta).children.map((c) => c.element.name);
	} catch (e) {
		throw new DatasetError(file, `damaged Parquet file (${(e as Error).message})`);
	}
}

/** The number of rows of each row group of a Parquet file. */
export function rowGroupRows(file: string, bytes: Uint8Array): number[] {
	try {
		return parquetMetadata(asArrayBuffer(bytes)).row_groups.map((g) => Number(g.num_rows));
	} catch (e) {
		throw new DatasetError(file, `damaged Parquet file (${(e as Error).message})`);
	}
}

/**
 * Read the wanted columns (those present in the file) of a Parquet file. Each column comes back as one array
 * of `numRows` values (strings as Uint8Array, integers as numbers, int64 as bigint).
 */
export async function readParquetColumns(
	file: string,
	bytes: Uint8Array,
	wanted: readonly string[],
	/** Only rows [rowStart, rowEnd) (a row group at a time keeps a big file's decoded values small). */
	range?: { rowStart: number; rowEnd: number }
): Promise<ParquetColumns> {
	const fileColumns = parquetColumnNames(file, bytes);
	const buffer = asArrayBuffer(bytes);
	const metadata = parquetMetadata(buffer);
	const first = range?.rowStart ?? 0;
	const numRows = (range ? Math.min(range.rowEnd, Number(metadata.num_rows)) : Number(metadata.num_rows)) - first;
	const read = wanted.filter((c) => fileColumns.includes(c));
	const chunks = new Map<string, { start: number; data: ColumnValues }[]>(read.map((c) => [c, []]));
	try {
		await parquetRead({
			file: buffer,
			metadata,
			columns: read,
			compressors,
			...(range ? { rowStart: range.rowStart, rowEnd: range.rowEnd } : {}),
			parsers: { stringFromBytes: (b: Uint8Array) => b },
			onChunk: (c) => chunks.get(c.columnName)?.push({ start: c.rowStart - first, data: c.columnData as ColumnValues })
		});
	} catch (e) {
		throw new DatasetError(file, `could not read Parquet data (${(e as Error).message})`);
	}
	const columns: Record<string, ColumnValues> = {};
	for (const [name, parts] of chunks) columns[name] = concat(parts, numRows);
	return { numRows, fileColumns, columns };
}

function concat(parts: { start: number; data: ColumnValues }[], n: number): ColumnValues {
	if (parts.length === 1 && parts[0].start === 0 && parts[0].data.length === n) return parts[0].data;
	parts.sort((a, b) => a.start - b.start);
	const first = parts[0]?.data;
	const typed =
		first && ArrayBuffer.isView(first) && !(first instanceof DataView) && parts.every((p) => p.data.constructor === first.constructor);
	const out: { [i: number]: unknown; length: number } = typed
		? new (first.constructor as new (n: number) => { [i: number]: unknown; length: number; set(a: ArrayLike<unknown>, o: number): void })(n)
		: new Array(n);
	for (const p of parts) {
		if (typed) (out as unknown as { set(a: ArrayLike<unknown>, o: number): void }).set(p.data, p.start);
		else for (let i = 0; i < p.data.length && p.start + i < n; i++) out[p.start + i] = p.data[i];
	}
	return out as ColumnValues;
}
