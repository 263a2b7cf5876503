import { beforeAll, describe, expect, it } from 'vitest';
import { useDataset } from '../../helpers/dataset.ts';
import { classify, firstKeyword, runReadOnly, schemaListing, splitStatements } from '../../../src/lib/queries/sql-console.ts';

describe('the read-only SQL console', () => {
	const ds = useDataset();
	let factCount: number;
	beforeAll(async () => {
		[{ n: factCount }] = await ds.conn.query<{ n: number }>('SELECT count(*) AS n FROM facts');
	});

	it('splits statements on semicolons outside strings and comments', () => {
		expect(splitStatements("select ';' as a; -- ; \n select 2;")).toHaveLength(2);
		expect(splitStatements("select 'a;b' /* ; */, \"x;y\", $$;$$ -- ;")).toHaveLength(1);
		expect(splitStatements('select 1; -- trailing comment')).toHaveLength(1);
		expect(firstKeyword('  /* c */ -- d\n (SELECT 1)')).toBe('SELECT');
	});

	it('reads strings and comments as DuckDB does, so no second statement can hide from it', () => {
		// E'\'' is one quote in DuckDB, so the semicolon after it is outside any string.
		expect(splitStatements("select E'\\'' ; drop table facts; --'").map((x) => x.trim())).toEqual(["select E'\\''", 'drop table facts']);
		// Block comments nest: the quote is inside the comment, the semicolons are not.
		expect(splitStatements("/* /* */ ' */ ; drop table facts; --'").map((x) => x.trim())).toEqual(['drop table facts']);
		expect(splitStatements("select 'it''s; fine', $tag$a;b$tag$, e'x\\'y;z'")).toHaveLength(1);
		expect(firstKeyword('/* a /* b */ c */ delete from facts')).toBe('DELETE');
	});

	for (const sql of [
		'SELECT count(*) FROM facts',
		'with t as (select * from facts) select count(*) from t',
		'FROM reports',
		'DESCRIBE facts',
		'SHOW TABLES',
		'SUMMARIZE facts',
		'PIVOT facts ON unit USING count(*) GROUP BY year',
		'select 1;'
	]) {
		it(`runs a query: ${sql}`, async () => {
			const r = await runReadOnly(ds.conn, sql);
			expect(r.ok, JSON.stringify(r)).toBe(true);
			if (r.ok) expect(r.result.rows.length).toBeGreaterThan(0);
		});
	}

	for (const sql of [
		'INSERT INTO facts SELECT * FROM facts',
		"UPDATE facts SET value = 0",
		'DELETE FROM facts',
		'CREATE TABLE x AS SELECT 1',
		'DROP TABLE facts',
		"COPY facts TO '/tmp/nianbao-console-leak.csv'",
		"ATTACH ':memory:' AS other",
		'INSTALL httpfs',
		'LOAD httpfs',
		'PRAGMA enable_profiling',
		'SET threads = 1',
		'with t as (select 1) insert into facts select * from facts',
		'select 1; drop table facts',
		'select * from (select 1); delete from facts',
		"select * from query('delete from facts')",
		"select E'\\'' ; drop table facts; --'",
		"/* /* */ ' */ ; drop table facts; --'",
		'select 1) q; drop table facts; select * from (select 1'
	]) {
		it(`refuses anything but a single query: ${sql}`, async () => {
			const r = await runReadOnly(ds.conn, sql);
			expect(r.ok).toBe(false);
			const [{ n }] = await ds.conn.query<{ n: number }>('SELECT count(*) AS n FROM facts');
			expect(n).toBe(factCount);
		});
	}

	it('names the reason when a statement is refused', async () => {
		const r = classify('DELETE FROM facts');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.problem).toMatchObject({ kind: 'not_read_only', line: 1, column: 1 });
		const m = classify('select 1;\nselect 2');
		expect(m.ok).toBe(false);
		if (!m.ok) expect(m.problem).toMatchObject({ kind: 'multiple', line: 2, column: 1 });
	});

	it('points a syntax error at its line and column with a caret', async () => {
		const sql = "select org,\n  count(*) n\nfrom reports\nwher year = 2020";
		const r = await runReadOnly(ds.conn, sql);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problem.kind).toBe('syntax');
		expect(r.problem.message).toMatch(/syntax error at or near "year"/);
		expect(r.problem).toMatchObject({ line: 4, column: 6 });
		expect(r.problem.pointer).toBe('LINE 4: wher year = 2020\n             ^');
	});

	it('counts columns in characters when the line holds Chinese text', async () => {
		const r = await runReadOnly(ds.conn, "select * from reports where org = '咸祥镇' ordr by 1");
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.problem.column).toBe("select * from reports where org = '咸祥镇' ".length + 1);
		const b = await runReadOnly(ds.conn, "select '咸祥镇' as a, nope from reports");
		expect(b.ok).toBe(false);
		if (!b.ok) expect(b.problem).toMatchObject({ line: 1, column: "select '咸祥镇' as a, ".length + 1 });
	});

	it('points a binder error (unknown column) at the user’s own line, not the wrapper’s', async () => {
		const sql = 'select year,\n  nope\nfrom facts';
		const r = await runReadOnly(ds.conn, sql);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problem.kind).toBe('runtime');
		expect(r.problem.message).toMatch(/^Binder Error: .*nope/);
		expect(r.problem).toMatchObject({ line: 2, column: 3 });
		expect(r.problem.pointer).toBe('LINE 2:   nope\n          ^');
	});

	it('limits the rows returned and says when it did', async () => {
		const r = await runReadOnly(ds.conn, 'select * from facts', 10);
		expect(r.ok && r.result.rows.length).toBe(10);
		expect(r.ok && r.result.truncated).toBe(true);
		const all = await runReadOnly(ds.conn, 'select * from facts', factCount);
		expect(all.ok && all.result.truncated).toBe(false);
	});

	it('knows the columns of an empty result', async () => {
		const r = await runReadOnly(ds.conn, 'select org, year from reports where false');
		expect(r.ok && r.result).toEqual({ columns: ['org', 'year'], rows: [], truncated: false });
	});

	it('lists the tables and their columns, data tables first', async () => {
		const s = await schemaListing(ds.conn);
		expect(s.map((t) => t.table).slice(0, 6)).toEqual(['facts', 'reports', 'issues', 'texts', 'facts_r', 'metrics']);
		expect(s[0].columns.map((c) => c.name)).toContain('span_start');
		expect(s.find((t) => t.table === 'facts_r')?.kind).toBe('view');
	});
});
