/**
 * Parquet export written in the browser with hyparquet-writer: DuckDB-WASM 1.32 cannot COPY … TO parquet without
 * downloading an extension, and the app must work offline. Columns are typed explicitly (so an all-null column
 * still has its type) and the citation goes into the file's key-value metadata, where it travels with the data.
 */
import { ByteWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';

export type ParquetColumnType = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN';

export interface ParquetColumn {
	name: string;
	type: ParquetColumnType;
}

/** Column types inferred from the values (integers that fit INT32 → INT32, other numbers DOUBLE, else STRING). */
export function inferColumns(rows: readonly Record<string, unknown>[], names?: readonly string[]): ParquetColumn[] {
	const cols = names ?? (rows.length ? Object.keys(rows[0]) : []);
	return cols.map((name) => {
		const vals = rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined);
		if (vals.length && vals.every((v) => typeof v === 'boolean')) return { name, type: 'BOOLEAN' as const };
		if (vals.length && vals.every((v) => typeof v === 'number')) {
			const ints = vals.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31);
			return { name, type: ints ? ('INT32' as const) : ('DOUBLE' as const) };
		}
		return { name, type: 'STRING' as const };
	});
}

function columnData(rows: readonly Record<string, unknown>[], col: ParquetColumn): unknown[] {
	return rows.map((r) => {
		const v = r[col.name];
		if (v === null || v === undefined) return null;
		if (col.type === 'STRING') return typeof v === 'string' ? v : String(v);
		if (col.type === 'BOOLEAN') return Boolean(v);
		const n = typeof v === 'number' ? v : Number(v);
		return Number.isFinite(n) ? n : null;
	});
}

/** The Parquet file (snappy-compressed) of `rows` with the given columns and key-value metadata. */
export function toParquet(
	rows: readonly Record<string, unknown>[],
	columns: readonly ParquetColumn[] = inferColumns(rows),
	metadata: Record<string, string> = {}
): ArrayBuffer {
	return parquetWriteBuffer({
		columnData: columns.map((c) => ({ name: c.name, type: c.type, data: columnData(rows, c), nullable: true })),
		kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
		createdBy: 'nianbao (hyparquet-writer)'
	});
}

/** A batch of Arrow columns (a `RecordBatch` or `Table`): columns looked up by name. */
export interface ArrowBatch {
	readonly numRows: number;
	getChild(name: string): { get(i: number): unknown } | null;
}

/** Rows per Parquet row group in streamed exports: bounds the JS memory an export needs, whatever its size. */
export const ROW_GROUP_ROWS = 65_536;

/** A hyparquet-writer `Writer` that hands each flushed row group to a list of Blob parts instead of one growing buffer. */
class ChunkWriter extends ByteWriter {
	readonly parts: Uint8Array<ArrayBuffer>[] = [];
	constructor() {
		super(1 << 20);
	}
	flush(): void {
		if (this.index) this.parts.push(new Uint8Array(this.buffer.slice(0, this.index)));
		this.index = 0;
	}
	finish(): void {
		this.flush();
	}
}

function arrowColumn(batch: ArrowBatch, col: ParquetColumn, n: number): unknown[] {
	const vec = batch.getChild(col.name);
	if (!vec) throw new Error(`export: column ${col.name} missing from the query result`);
	const out = new Array<unknown>(n);
	for (let i = 0; i < n; i++) {
		const v = vec.get(i);
		if (v === null || v === undefined) out[i] = null;
		else if (col.type === 'STRING') out[i] = typeof v === 'string' ? v : String(v);
		else if (col.type === 'BOOLEAN') out[i] = Boolean(v);
		else {
			const x = typeof v === 'number' ? v : Number(v);
			out[i] = Number.isFinite(x) ? x : null;
		}
	}
	return out;
}

/**
 * Parquet (snappy) from a stream of Arrow batches, one row group per `rowGroupRows` rows: only one row group's
 * values are ever JS arrays, the encoded bytes go straight into Blob parts, and `tick` runs between row groups (to
 * report progress, yield to the page or abort by throwing). The citation goes into the key-value metadata.
 */
export async function parquetFromArrow(
	batches: AsyncIterable<ArrowBatch> | Iterable<ArrowBatch>,
	columns: readonly ParquetColumn[],
	metadata: Record<string, string> = {},
	opts: { rowGroupRows?: number; tick?: (rowsWritten: number) => void | Promise<void> } = {}
): Promise<Blob> {
	const parts: Uint8Array<ArrayBuffer>[] = [];
	await parquetStream(batches, columns, metadata, { ...opts, write: (bytes) => void parts.push(bytes) });
	return new Blob(parts, { type: 'application/vnd.apache.parquet' });
}

/**
 * The same Parquet file as `parquetFromArrow`, handed to `write` piece by piece (each row group as it is encoded,
 * then the footer) and awaited, so a writer with back-pressure (`nianbao serve`'s download response) holds at
 * most one row group whatever the file's size. Resolves to the rows written.
 */
export async function parquetStream(
	batches: AsyncIterable<ArrowBatch> | Iterable<ArrowBatch>,
	columns: readonly ParquetColumn[],
	metadata: Record<string, string>,
	opts: { rowGroupRows?: number; tick?: (rowsWritten: number) => void | Promise<void>; write: (bytes: Uint8Array<ArrayBuffer>) => void | Promise<void> }
): Promise<number> {
	const groupRows = Math.max(1, opts.rowGroupRows ?? ROW_GROUP_ROWS);
	const writer = new ChunkWriter();
	const drain = async () => {
		for (const part of writer.parts.splice(0)) await opts.write(part);
	};
	const empty = columns.map((c) => ({ name: c.name, type: c.type, data: [] as unknown[], nullable: true }));
	const pq = new ParquetWriter({
		writer,
		schema: schemaFromColumnData({ columnData: empty }),
		kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
		createdBy: 'nianbao (hyparquet-writer)'
	});
	let pending: unknown[][] = columns.map(() => []);
	let pendingRows = 0;
	let written = 0;
	const flushGroup = async () => {
		if (!pendingRows) return;
		await pq.write({ columnData: columns.map((c, j) => ({ name: c.name, data: pending[j] })), rowGroupSize: pendingRows });
		written += pendingRows;
		pending = columns.map(() => []);
		pendingRows = 0;
		await drain();
		await opts.tick?.(written);
	};
	for await (const batch of batches) {
		const vals = columns.map((c) => arrowColumn(batch, c, batch.numRows));
		let start = 0;
		while (start < batch.numRows) {
			const take = Math.min(batch.numRows - start, groupRows - pendingRows);
			for (let j = 0; j < columns.length; j++) {
				const from = vals[j];
				const to = pending[j];
				for (let i = start; i < start + take; i++) to.push(from[i]);
			}
			pendingRows += take;
			start += take;
			if (pendingRows >= groupRows) await flushGroup();
		}
	}
	await flushGroup();
	await pq.finish();
	await drain();
	return written;
}
