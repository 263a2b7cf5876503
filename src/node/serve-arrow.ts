/**
 * A DuckDB result as an Arrow IPC stream, the body `nianbao serve` answers a query with (what DuckDB-WASM hands
 * the browser too). Column types map one to one where Arrow JS has the type; HUGEINT and DECIMAL become Float64
 * (every client turns them into JS numbers anyway, see `plainValue`), and types the views never select (dates,
 * lists, structs…) travel as text: the plain value's string, or JSON for nested values.
 */
import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';
import {
	Binary,
	Bool,
	Float32,
	Float64,
	Int16,
	Int32,
	Int64,
	Int8,
	Uint16,
	Uint32,
	Uint64,
	Uint8,
	Utf8,
	Table,
	tableToIPC,
	vectorFromArray,
	type DataType,
	type Vector
} from 'apache-arrow';
import { plainValue } from '../lib/db/connector.ts';

function arrowType(id: DuckDBTypeId): DataType {
	switch (id) {
		case DuckDBTypeId.BOOLEAN: return new Bool();
		case DuckDBTypeId.TINYINT: return new Int8();
		case DuckDBTypeId.SMALLINT: return new Int16();
		case DuckDBTypeId.INTEGER: return new Int32();
		case DuckDBTypeId.BIGINT: return new Int64();
		case DuckDBTypeId.UTINYINT: return new Uint8();
		case DuckDBTypeId.USMALLINT: return new Uint16();
		case DuckDBTypeId.UINTEGER: return new Uint32();
		case DuckDBTypeId.UBIGINT: return new Uint64();
		case DuckDBTypeId.FLOAT: return new Float32();
		case DuckDBTypeId.DOUBLE:
		case DuckDBTypeId.HUGEINT:
		case DuckDBTypeId.UHUGEINT:
		case DuckDBTypeId.DECIMAL:
			return new Float64();
		case DuckDBTypeId.BLOB: return new Binary();
		default: return new Utf8();
	}
}

function convert(type: DataType, values: unknown[]): unknown[] {
	if (type instanceof Float64) return values.map((v) => (v === null || v === undefined ? null : Number(plainValue(v))));
	if (type instanceof Utf8) {
		return values.map((v) => {
			const p = plainValue(v);
			return p === null ? null : typeof p === 'string' ? p : JSON.stringify(p, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
		});
	}
	return values;
}

/** The rows read so far (at most `maxRows`) as Arrow IPC stream bytes. */
export function resultToIpc(reader: DuckDBResultReader, maxRows = Infinity): Uint8Array {
	const names = reader.deduplicatedColumnNames();
	const columns = reader.getColumnsJS();
	const vectors: Record<string, Vector> = {};
	names.forEach((name, i) => {
		const type = arrowType(reader.columnTypeId(i));
		// No chunk at all (an empty result) gives no columns: an empty column of the right type.
		const col = (columns[i] ?? []) as unknown[];
		const values = col.length > maxRows ? col.slice(0, maxRows) : col;
		vectors[name] = vectorFromArray(convert(type, values), type);
	});
	return tableToIPC(new Table(vectors), 'stream');
}

/**
 * A column of a streamed chunk (JS values as `getColumnsJS` gives them) as the plain values a client reads after
 * the Arrow round trip of `/query` (`resultToIpc`, then `plainValue`): the SQL console's download from the server
 * holds exactly the values its table showed.
 */
export function plainColumn(id: DuckDBTypeId, values: unknown[]): unknown[] {
	return convert(arrowType(id), values).map(plainValue);
}
