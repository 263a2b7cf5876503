/**
 * The native DuckDB back end of the `Connector` interface (@duckdb/node-api): unit tests run the dashboard's
 * SQL through it on the shipped datasets, and `bench:web` times the same queries natively for a WASM/native ratio.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { plainValue, type Connector, type Param, type Row } from '../lib/db/connector.ts';
import { setupSql } from '../lib/db/setup-sql.ts';
import { ADDED_COLUMNS, TABLE_NAMES, TABLES } from '../lib/dataset/schema.ts';
import { lit } from '../lib/db/sql.ts';

export interface NativeConnector extends Connector {
	readonly connection: DuckDBConnection;
	close(): void;
}

export async function nodeConnector(path = ':memory:'): Promise<NativeConnector> {
	const instance = await DuckDBInstance.create(path);
	return connectorOn(await instance.connect(), () => instance.closeSync());
}

/** The `Connector` of one open connection (the server's pool wraps its own instance's connections with it). */
export function connectorOn(connection: DuckDBConnection, closeInstance: () => void = () => {}): NativeConnector {
	return {
		connection,
		async query<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
			const reader = await connection.runAndReadAll(sql, params.length ? (params as DuckDBValue[]) : undefined);
			return reader.getRowObjectsJS().map((r) => {
				const o: Row = {};
				for (const k in r) o[k] = plainValue(r[k]);
				return o as T;
			});
		},
		close() {
			connection.closeSync();
			closeInstance();
		}
	};
}


/**
 * Load a dataset folder (facts/reports/issues/texts Parquet) into tables of the same names, then run the shared
 * setup SQL: the native twin of the browser's loader. Missing optional tables become empty tables of the schema.
 */
export async function loadDatasetNative(conn: NativeConnector, dir: string): Promise<void> {
	for (const name of TABLE_NAMES) {
		const file = join(dir, `${name}.parquet`);
		if (existsSync(file)) {
			// Columns the contract added later (ADDED_COLUMNS) are NULL in a dataset written before them, as in the browser.
			const present = new Set((await conn.query<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${lit(file)})`)).map((r) => r.column_name));
			const added = (ADDED_COLUMNS[name] ?? []).filter((c) => !present.has(c)).map((c) => `, CAST(NULL AS ${TABLES[name][c as keyof (typeof TABLES)[typeof name]]}) AS ${c}`);
			await conn.query(`CREATE OR REPLACE TABLE ${name} AS SELECT *${added.join('')} FROM read_parquet(${lit(file)})`);
		} else if (name === 'facts') {
			throw new Error(`${file}: missing; a dataset needs at least facts.parquet`);
		} else {
			const cols = Object.entries(TABLES[name]).map(([c, t]) => `${c} ${t}`).join(', ');
			await conn.query(`CREATE OR REPLACE TABLE ${name} (${cols})`);
		}
	}
	for (const sql of setupSql()) await conn.query(sql);
}
