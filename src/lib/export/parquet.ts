/**
 * Parquet export written in the browser with hyparquet-writer: DuckDB-WASM 1.32 cannot COPY … TO parquet without
 * downloading an extension, and the app must work offline. Columns are typed explicitly (so an all-null column
 * still has its type) and the citation goes into the file's key-value metadata, where it travels with the data.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';

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
