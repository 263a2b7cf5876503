import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { METRICS } from '../../../src/lib/catalog/index.ts';
import { AGG_METRICS, setupSql } from '../../../src/lib/db/setup-sql.ts';

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

describe('the aggregate tables of the setup SQL', () => {
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
	});
	afterAll(() => conn.close());

	it('agg_scope holds every fact of the Overview metrics of a non-failed report with a year, each once', async () => {
		expect(AGG_METRICS).toHaveLength(29);
		const inAgg = `metric IN (${AGG_METRICS.map(() => '?').join(', ')})`;
		const [a] = await conn.query<{ n: number; v: number; nv: number }>(
			'SELECT CAST(sum(n_rows) AS INTEGER) AS n, sum(value) AS v, CAST(sum(n_values) AS INTEGER) AS nv FROM agg_scope'
		);
		const [f] = await conn.query<{ n: number; v: number; nv: number }>(
			`SELECT CAST(count(*) AS INTEGER) AS n, sum(value) AS v, CAST(count(value) AS INTEGER) AS nv FROM facts_r WHERE status <> 'failed' AND year IS NOT NULL AND ${inAgg}`,
			[...AGG_METRICS]
		);
		const [{ metrics }] = await conn.query<{ metrics: number }>('SELECT CAST(count(DISTINCT metric) AS INTEGER) AS metrics FROM agg_scope');
		const [{ present }] = await conn.query<{ present: number }>(
			`SELECT CAST(count(DISTINCT metric) AS INTEGER) AS present FROM facts_r WHERE status <> 'failed' AND year IS NOT NULL AND ${inAgg}`,
			[...AGG_METRICS]
		);
		expect(metrics).toBe(present);
		expect(f.n).toBeGreaterThan(0);
		expect(a).toEqual(f);
	});

	it('marks the facts of reports that state table 三 （七）总计', async () => {
		const [a] = await conn.query<{ n: number }>(
			"SELECT CAST(sum(n_values) AS INTEGER) AS n FROM agg_scope WHERE stated_total AND metric = 't3.total_processed.total'"
		);
		const [b] = await conn.query<{ n: number }>("SELECT CAST(count(*) FILTER (NOT stated_total AND metric = 't3.total_processed.total' AND n_values > 0) AS INTEGER) AS n FROM agg_scope");
		const [f] = await conn.query<{ n: number }>(
			"SELECT CAST(count(value) AS INTEGER) AS n FROM facts_r WHERE status <> 'failed' AND year IS NOT NULL AND metric = 't3.total_processed.total'"
		);
		expect(f.n).toBeGreaterThan(0);
		expect(a.n).toBe(f.n);
		expect(b.n).toBe(0);
	});

	it('is rebuilt by the setup SQL when the facts change', async () => {
		await conn.query("DELETE FROM facts WHERE metric = 'n.proactive.items'");
		for (const sql of setupSql()) await conn.query(sql);
		const [a] = await conn.query<{ n: number }>("SELECT CAST(count(*) AS INTEGER) AS n FROM agg_scope WHERE metric = 'n.proactive.items'");
		const [o] = await conn.query<{ n: number }>("SELECT CAST(count(*) AS INTEGER) AS n FROM agg_org WHERE metric = 'n.proactive.items'");
		expect(a.n).toBe(0);
		expect(o.n).toBe(0);
	});
});
