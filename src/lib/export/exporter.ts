/**
 * The Data view's downloads at national scale, done where the data is: DuckDB-WASM writes the CSV itself
 * (`COPY … TO` a file in its virtual file system, formula neutralisation in SQL), and Parquet is encoded from the
 * Arrow batches DuckDB streams, one row group at a time. No filtered row ever becomes a JS object, so a
 * million-fact download costs the file's bytes plus one row group, not a million objects and a giant string.
 *
 * Each export runs on its own DuckDB connection: a view re-querying the shared connection mid-export (the page
 * stays usable) can neither break the export's stream nor be blocked by its prepared statement.
 */
import type { WasmConnector } from '../db/wasm.ts';
import { csvCopy, DATA_COLUMNS, exportQuery, type DataFilter } from '../queries/data.ts';
import { CSV_TYPE } from './download.ts';
import { parquetFromArrow, type ArrowBatch } from './parquet.ts';

/** The UTF-8 byte-order mark Excel needs to read Chinese, prepended to DuckDB's CSV bytes. */
export const BOM_BYTES = new Uint8Array([0xef, 0xbb, 0xbf]);

export interface ExportProgress {
	/** `query`: DuckDB selects, sorts and (CSV) writes; `encode`: Parquet row groups are being encoded. */
	phase: 'query' | 'encode';
	/** Rows written so far (Parquet; CSV is written in one DuckDB step and reports none until done). */
	rows: number;
}

let seq = 0;

/** Let the browser handle input and paint between row groups. */
function yieldToPage(): Promise<void> {
	const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (s?.yield) return s.yield();
	return new Promise((r) => setTimeout(r, 0));
}

/** The filtered rows as CSV bytes (BOM, header, CRLF), written by DuckDB-WASM. */
export async function exportCsv(wasm: WasmConnector, f: DataFilter, onProgress?: (p: ExportProgress) => void): Promise<Blob> {
	const db = await wasm.getDuckDB();
	const conn = await db.connect();
	// Our own name, never user text: it is written into the COPY statement.
	const file = `nianbao-export-${Date.now().toString(36)}-${++seq}.csv`;
	try {
		onProgress?.({ phase: 'query', rows: 0 });
		await db.registerEmptyFileBuffer(file);
		const { sql, params } = csvCopy(f, file);
		const stmt = await conn.prepare(sql);
		try {
			await stmt.query(...params);
		} finally {
			await stmt.close().catch(() => {});
		}
		const bytes = await db.copyFileToBuffer(file);
		return new Blob([BOM_BYTES, bytes as Uint8Array<ArrayBuffer>], { type: CSV_TYPE });
	} finally {
		await db.dropFile(file).catch(() => {});
		await conn.close().catch(() => {});
	}
}

/** The filtered rows as Parquet (snappy, bounded row groups) with `metadata` (the citation) in its footer. */
export async function exportParquet(
	wasm: WasmConnector,
	f: DataFilter,
	metadata: Record<string, string>,
	onProgress?: (p: ExportProgress) => void
): Promise<Blob> {
	const db = await wasm.getDuckDB();
	const conn = await db.connect();
	try {
		onProgress?.({ phase: 'query', rows: 0 });
		const { sql, params } = exportQuery(f);
		const stmt = await conn.prepare(sql);
		try {
			const reader = await stmt.send(...params);
			return await parquetFromArrow(reader as AsyncIterable<ArrowBatch>, DATA_COLUMNS, metadata, {
				tick: async (rows) => {
					onProgress?.({ phase: 'encode', rows });
					await yieldToPage();
				}
			});
		} finally {
			await stmt.close().catch(() => {});
		}
	} finally {
		await conn.close().catch(() => {});
	}
}
