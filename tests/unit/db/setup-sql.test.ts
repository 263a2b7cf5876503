import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { METRICS } from '../../../src/lib/catalog/index.ts';

describe('the shared setup SQL on the shipped real dataset', () => {
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
	});
	afterAll(() => conn.close());

	it('puts the whole metric catalog in a table, in catalog order', async () => {
		const rows = await conn.query<{ id: string; ord: number }>('SELECT id, ord FROM metrics ORDER BY ord');
		expect(rows.map((r) => r.id)).toEqual(METRICS.map((m) => m.id));
	});

	it('joins every fact with its report and its cross-format series', async () => {
		const [{ n_facts }] = await conn.query<{ n_facts: number }>('SELECT count(*) AS n_facts FROM facts');
		const [{ n_joined, n_series }] = await conn.query<{ n_joined: number; n_series: number }>(
			'SELECT count(*) AS n_joined, count(series) AS n_series FROM facts_r'
		);
		expect(n_facts).toBeGreaterThan(0);
		expect(n_joined).toBe(n_facts);
		expect(n_series).toBe(n_facts);
	});

	it('returns plain JS numbers and takes parameters instead of pasted values', async () => {
		const rows = await conn.query<{ value: number; n: number }>(
			"SELECT value, count(*) OVER () AS n FROM facts_r WHERE metric = ? AND org LIKE ? ",
			['n.proactive.items', '%咸祥镇%']
		);
		expect(rows).toEqual([{ value: 366, n: 1 }]);
		expect(typeof rows[0].n).toBe('number');
	});
});
