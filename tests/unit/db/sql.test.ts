/**
 * The shared SQL pieces: a string literal that survives quotes, and the one rule for which reports a figure
 * counts (read and dated), the same in SQL and in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { countedSql, isCounted, lit } from '../../../src/lib/db/sql.ts';

describe('SQL helpers on native DuckDB', () => {
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await nodeConnector();
		await conn.query(`CREATE TABLE reports AS SELECT * FROM (VALUES
			('a', 'ok', 2021), ('b', 'partial', 2022), ('c', 'failed', 2021), ('d', 'ok', NULL), ('e', NULL, 2021)
		) t(report_id, status, year)`);
		await conn.query(`CREATE TABLE facts AS SELECT * FROM (VALUES ('a', 2021), ('b', NULL), ('c', 2021)) t(report_id, year)`);
	});
	afterAll(() => conn.close());

	it('lit keeps a quote inside the string', async () => {
		const [{ s }] = await conn.query<{ s: string }>(`SELECT ${lit("上海's 'x'")} AS s`);
		expect(s).toBe("上海's 'x'");
	});

	it('countedSql keeps read, dated reports only, and isCounted agrees row by row', async () => {
		const rows = await conn.query<{ report_id: string; status: string | null; year: number | null }>('SELECT report_id, status, CAST(year AS INTEGER) AS year FROM reports ORDER BY report_id');
		const kept = await conn.query<{ report_id: string }>(`SELECT report_id FROM reports WHERE ${countedSql()} ORDER BY report_id`);
		expect(kept.map((r) => r.report_id)).toEqual(['a', 'b']);
		expect(rows.filter(isCounted).map((r) => r.report_id)).toEqual(['a', 'b']);
	});

	it('countedSql reads status from the report and year from another table when told', async () => {
		const kept = await conn.query<{ report_id: string }>(`SELECT report_id FROM facts f JOIN reports r USING (report_id) WHERE ${countedSql('r', 'f')} ORDER BY 1`);
		expect(kept.map((r) => r.report_id)).toEqual(['a']);
	});
});
