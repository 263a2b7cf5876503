/**
 * Column arrays → Apache Arrow table typed by the dataset contract, ready for DuckDB-WASM's
 * `insertArrowTable`. Built directly from buffers (offsets + UTF-8 bytes, typed arrays + validity bitmaps)
 * rather than through Arrow's row builders, because this is the hot path of loading a million facts.
 * Values are coerced to the contract type, so a user's file with `year` stored as text or BIGINT still loads.
 */
import { Bool, Float64, Int16, Int32, Table, Utf8, makeData, makeVector, type DataType, type Vector } from 'apache-arrow';
import { TABLES, type TableName } from '../dataset/schema.ts';

/** One column's values: strings may be JS strings or raw UTF-8 bytes; absent values are null/undefined. */
export type ColumnValues = ArrayLike<unknown>;

const encoder = new TextEncoder();

function validity(values: ColumnValues, n: number): { bitmap: Uint8Array | undefined; nulls: number } {
	let nulls = 0;
	const bitmap = new Uint8Array((n + 7) >> 3);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) nulls++;
		else bitmap[i >> 3] |= 1 << (i & 7);
	}
	return { bitmap: nulls ? bitmap : undefined, nulls };
}

function utf8Vector(values: ColumnValues, n: number): Vector {
	const offsets = new Int32Array(n + 1);
	const parts: Uint8Array[] = new Array(n);
	const cache = new Map<string, Uint8Array>();
	let total = 0;
	let nulls = 0;
	const bitmap = new Uint8Array((n + 7) >> 3);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		let bytes: Uint8Array;
		if (v === null || v === undefined) {
			nulls++;
			bytes = EMPTY;
		} else {
			bitmap[i >> 3] |= 1 << (i & 7);
			if (v instanceof Uint8Array) bytes = v;
			else {
				const s = typeof v === 'string' ? v : String(v);
				let b = s.length <= 32 ? cache.get(s) : undefined;
				if (!b) {
					b = encoder.encode(s);
					if (s.length <= 32 && cache.size < 100_000) cache.set(s, b);
				}
				bytes = b;
			}
		}
		parts[i] = bytes;
		total += bytes.length;
		offsets[i + 1] = total;
	}
	const data = new Uint8Array(total);
	for (let i = 0; i < n; i++) data.set(parts[i], offsets[i]);
	return makeVector(
		makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : undefined, valueOffsets: offsets, data })
	);
}
const EMPTY = new Uint8Array(0);

function toNumber(v: unknown): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'bigint') return Number(v);
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (v instanceof Uint8Array) return Number(new TextDecoder().decode(v));
	return Number(v);
}

function numericVector(type: Int16 | Int32 | Float64, values: ColumnValues, n: number): Vector {
	const Arr = type instanceof Int16 ? Int16Array : type instanceof Int32 ? Int32Array : Float64Array;
	if (values instanceof Arr && values.length === n) {
		return makeVector(makeData({ type: type as Float64, length: n, nullCount: 0, data: values as unknown as Float64Array }));
	}
	const data = new Arr(n);
	const bitmap = new Uint8Array((n + 7) >> 3);
	let nulls = 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		const x = v === null || v === undefined || v === '' ? NaN : toNumber(v);
		if (Number.isFinite(x)) {
			data[i] = x;
			bitmap[i >> 3] |= 1 << (i & 7);
		} else nulls++;
	}
	// makeData's overloads are per type; the props are the same for every fixed-width number type.
	return makeVector(
		makeData({ type: type as Float64, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : undefined, data: data as unknown as Float64Array })
	);
}

function boolVector(values: ColumnValues, n: number): Vector {
	const data = new Uint8Array((n + 7) >> 3);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v === true || v === 1 || v === 'true' || v === '1') data[i >> 3] |= 1 << (i & 7);
	}
	const { bitmap, nulls } = validity(values, n);
	return makeVector(makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
}

function arrowType(duck: string): DataType {
	switch (duck) {
		case 'SMALLINT':
			return new Int16();
		case 'INTEGER':
			return new Int32();
		case 'DOUBLE':
			return new Float64();
		case 'BOOLEAN':
			return new Bool();
		default:
			return new Utf8();
	}
}

/** An Arrow vector of `n` values of the given DuckDB type. */
export function vectorOf(duckType: string, values: ColumnValues | undefined, n: number): Vector {
	const type = arrowType(duckType);
	const v: ColumnValues = values ?? { length: n };
	if (type instanceof Utf8) return utf8Vector(v, n);
	if (type instanceof Bool) return boolVector(v, n);
	return numericVector(type as Int16 | Int32 | Float64, v, n);
}

/**
 * An Arrow table with exactly the contract columns of `table`, in contract order; columns absent from
 * `columns` become all-null.
 */
export function contractTable(table: TableName, columns: Record<string, ColumnValues>, n: number): Table {
	return typedTable(TABLES[table], columns, n);
}

/** An Arrow table with exactly the given columns (name → DuckDB type), in that order; absent ones all-null. */
export function typedTable(types: Readonly<Record<string, string>>, columns: Record<string, ColumnValues>, n: number): Table {
	const vectors: Record<string, Vector> = {};
	for (const [name, duckType] of Object.entries(types)) vectors[name] = vectorOf(duckType, columns[name], n);
	return new Table(vectors);
}

/**
 * Values in a numeric contract column that are present but not numbers (they would become NULL): one line per
 * column with the count and an example, for a user's file that should be refused rather than loaded wrong.
 */
export function numericProblems(table: TableName, columns: Record<string, ColumnValues>, n: number): string[] {
	const out: string[] = [];
	for (const [name, duckType] of Object.entries(TABLES[table])) {
		const values = columns[name];
		if (!values || duckType === 'VARCHAR' || duckType === 'BOOLEAN') continue;
		if (values instanceof Int32Array || values instanceof Float64Array || values instanceof Int16Array || values instanceof BigInt64Array) continue;
		let bad = 0;
		let example: unknown;
		for (let i = 0; i < n; i++) {
			const v = values[i];
			if (v === null || v === undefined || v === '' || typeof v === 'number' || typeof v === 'bigint') continue;
			const x = toNumber(v);
			if (!Number.isFinite(x)) {
				bad++;
				example ??= v instanceof Uint8Array ? new TextDecoder().decode(v) : v;
			}
		}
		if (bad) out.push(`column ${name} needs numbers but has ${bad} other value${bad > 1 ? 's' : ''} (e.g. "${String(example).slice(0, 30)}")`);
	}
	return out;
}
