import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { LOCKDOWN_SQL } from '../../../src/lib/db/lockdown.ts';
import { DATABASE, STORAGE_SQL, USE_SQL } from '../../../src/lib/db/storage.ts';

/**
 * The browser's DuckDB keeps the dataset in a compressed in-memory database. Checked in DuckDB-WASM itself (its
 * Node build: the same engine and version as in the browser, whose plain in-memory tables stay uncompressed):
 * the demo's facts inserted from Arrow, as the loaders insert them, take a fraction of the memory of a plain
 * table and give the same sums; a connection opened after the lockdown reaches them with USE.
 */
const require = createRequire(import.meta.url);
/** What these specs use of DuckDB-WASM's blocking Node build (its package exports no types for it). */
interface Row {
	toJSON(): Record<string, unknown>;
}
interface Result {
	get(i: number): (Row & Record<string, unknown>) | null;
	toArray(): Row[];
}
interface Connection {
	query(sql: string): Result;
	insertArrowFromIPCStream(bytes: Uint8Array, options: { name: string }): void;
}
interface Blocking {
	createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<{ instantiate(): Promise<unknown>; connect(): Connection }>;
	VoidLogger: new () => unknown;
	NODE_RUNTIME: unknown;
}
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as Blocking;

async function wasmDb() {
	const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
	const bundles = { mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' }, eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' } };
	const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
	await db.instantiate();
	return db;
}

describe('the browser database storage', () => {
	it('holds the demo facts in a tenth of the memory of a plain table, with the same sums', async () => {
		const native = await (await DuckDBInstance.create(':memory:')).connect();
		const rows = (await native.runAndReadAll("SELECT report_id, year::INT AS year, metric, value::DOUBLE AS value, unit, flags FROM read_parquet('datasets/demo/facts.parquet')")).getRowObjectsJS();
		// As IPC bytes: the Node build bundles its own Arrow, whose classes differ from this module's.
		const facts = tableToIPC(tableFromJSON(rows as Record<string, unknown>[]), 'stream');
		const used: number[] = [];
		const sums: unknown[] = [];
		for (const setup of [[], STORAGE_SQL]) {
			const conn = (await wasmDb()).connect();
			for (const sql of setup) conn.query(sql);
			conn.insertArrowFromIPCStream(facts, { name: 'facts' });
			used.push(Number(conn.query('SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()').get(0)!.b));
			sums.push(conn.query('SELECT metric, sum(value) AS s, count(*)::INT AS n FROM facts GROUP BY metric ORDER BY metric').toArray().map((r) => r.toJSON()));
		}
		expect(used[1]).toBeGreaterThan(0);
		expect(used[1]).toBeLessThan(used[0] / 10);
		expect(sums[1]).toEqual(sums[0]);
	});

	it("is every connection's database: the first by STORAGE_SQL, later ones (after the lockdown) by USE", async () => {
		const db = await wasmDb();
		const first = db.connect();
		for (const sql of [...STORAGE_SQL, ...LOCKDOWN_SQL]) first.query(sql);
		first.query('CREATE TABLE t AS SELECT 42 AS x');
		const later = db.connect();
		later.query(USE_SQL);
		expect(later.query('SELECT current_database() AS d, x FROM t').get(0)!.toJSON()).toEqual({ d: DATABASE, x: 42 });
	});
});
