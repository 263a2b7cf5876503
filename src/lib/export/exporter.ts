/**
 * The Data view's downloads at national scale, done where the data is: DuckDB-WASM builds every CSV line itself
 * (quoting and formula neutralisation in SQL) and streams them as Arrow, whose bytes become the file; Parquet is
 * encoded from the Arrow batches DuckDB streams, one row group at a time. No filtered row ever becomes a JS object,
 * so a million-fact download costs the file's bytes plus one row group, not a million objects and a giant string.
 *
 * An export stops at the next batch or row group once `signal` aborts (the rows so far are dropped).
 * Each export runs on its own DuckDB connection: a view re-querying the shared connection mid-export (the page
 * stays usable) can neither break the export's stream nor be blocked by its prepared statement.
 */
import type { WasmConnector } from '../db/wasm.ts';
import { CSV_HEADER, csvLinesQuery, DATA_COLUMNS, exportQuery, type DataFilter } from '../queries/data.ts';
import { csvFromLines, type CsvLineBatch } from './csv.ts';
import { parquetFromArrow, type ArrowBatch } from './parquet.ts';

export interface ExportProgress {
	/** `query`: DuckDB selects and sorts; `encode`: rows are streaming into the file. */
	phase: 'query' | 'encode';
	/** Rows written to the file so far. */
	rows: number;
	/** Bytes received so far (a download streamed by a server). */
	bytes?: number;
}

/** Let the browser handle input and paint between row groups. */
function yieldToPage(): Promise<void> {
	const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (s?.yield) return s.yield();
	return new Promise((r) => setTimeout(r, 0));
}

/**
 * Run one export query on a connection of its own and hand the Arrow batch stream to `write`; the statement and
 * the connection are closed however the export ends (done, failed or cancelled).
 */
async function streamExport<T>(
	wasm: WasmConnector,
	{ sql, params }: { sql: string; params: unknown[] },
	onProgress: ((p: ExportProgress) => void) | undefined,
	signal: AbortSignal | undefined,
	write: (batches: AsyncIterable<unknown>) => Promise<T>
): Promise<T> {
	const conn = await wasm.openConnection();
	try {
		onProgress?.({ phase: 'query', rows: 0 });
		const stmt = await conn.prepare(sql);
		try {
			signal?.throwIfAborted();
			return await write(await stmt.send(...params));
		} finally {
			await stmt.close().catch(() => {});
		}
	} finally {
		await conn.close().catch(() => {});
	}
}

/** The filtered rows as CSV (BOM, header, CRLF), each line built by DuckDB-WASM and streamed out as Arrow bytes. */
export async function exportCsv(
	wasm: WasmConnector,
	f: DataFilter,
	onProgress?: (p: ExportProgress) => void,
	signal?: AbortSignal
): Promise<Blob> {
	let last = 0;
	return streamExport(wasm, csvLinesQuery(f), onProgress, signal, (reader) =>
		csvFromLines(reader as AsyncIterable<CsvLineBatch>, CSV_HEADER, {
			tick: async (rows) => {
				signal?.throwIfAborted();
				onProgress?.({ phase: 'encode', rows });
				// Batches are ~2k rows: yield about every 64k rows, enough to paint and stay responsive.
				if (rows - last >= 65_536) {
					last = rows;
					await yieldToPage();
				}
			}
		})
	);
}

/** The filtered rows as Parquet (snappy, bounded row groups) with `metadata` (the citation) in its footer. */
export async function exportParquet(
	wasm: WasmConnector,
	f: DataFilter,
	metadata: Record<string, string>,
	onProgress?: (p: ExportProgress) => void,
	signal?: AbortSignal
): Promise<Blob> {
	return streamExport(wasm, exportQuery(f), onProgress, signal, (reader) =>
		parquetFromArrow(reader as AsyncIterable<ArrowBatch>, DATA_COLUMNS, metadata, {
			tick: async (rows) => {
				signal?.throwIfAborted();
				onProgress?.({ phase: 'encode', rows });
				await yieldToPage();
			}
		})
	);
}
