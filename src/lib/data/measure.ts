/**
 * Timing a dataset load in isolation (a fresh DuckDB-WASM instance per run), for `bench:web` and for
 * comparing loading routes (Parquet via hyparquet → Arrow vs DuckDB's own CSV reader). Reached from the page
 * as `window.nianbao.measureLoad`; not used by the views.
 */
import { createWasmConnector } from '../db/wasm.ts';
import { loadDataset } from './load.ts';

export interface LoadTiming {
	format: 'parquet' | 'csv';
	startupMs: number;
	loadMs: number;
	facts: number;
}

export async function measureLoad(baseUrl: string, format: 'parquet' | 'csv'): Promise<LoadTiming> {
	const conn = createWasmConnector();
	try {
		const t0 = performance.now();
		await conn.getDuckDB();
		const startupMs = performance.now() - t0;
		const t1 = performance.now();
		await loadDataset(conn, baseUrl, { format, texts: 'skip' });
		const loadMs = performance.now() - t1;
		const facts = Number((await conn.query<{ n: number }>('SELECT count(*) AS n FROM facts'))[0].n);
		return { format, startupMs, loadMs, facts };
	} finally {
		await conn.close();
	}
}
