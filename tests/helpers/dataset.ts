/**
 * A native DuckDB with a dataset loaded, for the query and export tests: opened before the enclosing
 * `describe`'s tests and closed after them. Read `ds.conn` inside tests (it exists only once `beforeAll` ran).
 */
import { afterAll, beforeAll } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../src/node/duckdb-connector.ts';

export function useDataset(dir = 'datasets/real'): { readonly conn: NativeConnector } {
	let conn: NativeConnector | undefined;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, dir);
	});
	afterAll(() => conn?.close());
	return {
		get conn() {
			if (!conn) throw new Error(`the dataset ${dir} is not open: read ds.conn inside a test or a later hook`);
			return conn;
		}
	};
}

/**
 * The rows of one SQL query on a fresh in-memory DuckDB, `$out` standing for a dataset folder just written (the
 * ingest specs read back their own output: `read_parquet('$out/facts.parquet')`).
 */
export async function queryFolder(out: string, sql: string): Promise<Record<string, unknown>[]> {
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	try {
		return (await con.runAndReadAll(sql.replaceAll('$out', out))).getRowObjectsJson() as Record<string, unknown>[];
	} finally {
		con.closeSync();
	}
}
