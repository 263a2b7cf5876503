import { describe, expect, it } from 'vitest';
import { useDataset } from '../../helpers/dataset.ts';
import { runReadOnly } from '../../../src/lib/queries/sql-console.ts';
import { explainProblem, shortMessage } from '../../../src/lib/queries/sql-errors.ts';

/** DuckDB's real error for `sql` on the demo-shaped test dataset, explained in both languages. */
describe('DuckDB errors explained in plain words', () => {
	const ds = useDataset();
	async function explain(sql: string) {
		const r = await runReadOnly(ds.conn, sql);
		expect(r.ok, sql).toBe(false);
		if (r.ok) throw new Error('ran');
		return { zh: explainProblem(r.problem, 'zh'), en: explainProblem(r.problem, 'en'), problem: r.problem };
	}

	it('an unknown table: names it and DuckDB’s suggestion', async () => {
		const e = await explain('select * from report');
		expect(e.zh).toMatch(/没有名为 report 的表.*reports/);
		expect(e.en).toMatch(/no table called report.*Did you mean reports\?/);
	});

	it('an unknown column: names it and the similar ones', async () => {
		const e = await explain('select orgg from reports');
		expect(e.zh).toMatch(/找不到列 orgg。相近的列：.*org/);
		expect(e.en).toMatch(/no column called orgg/);
		expect(e.zh).not.toMatch(/[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/); // no English sentence in the Chinese text
	});

	it('a syntax error: the token and where it is', async () => {
		const e = await explain('select org\nfrom reports\nwher year = 2020');
		expect(e.zh).toMatch(/语法错误：在“year”附近（第 3 行第 \d+ 列）/);
		expect(e.en).toMatch(/Syntax error near "year" \(line 3, column \d+\)/);
		expect((await explain('select count(*) from reports group by')).zh).toMatch(/没有写完/);
	});

	it('a type mismatch: says what to convert', async () => {
		expect((await explain('select sum(org) from reports')).zh).toMatch(/类型不匹配：sum\(VARCHAR\).*CAST/);
		expect((await explain("select 'abc'::int")).en).toMatch(/the text "abc" cannot be converted to INT32/);
		expect((await explain('select org, count(*) from reports')).zh).toMatch(/GROUP BY ALL/);
	});

	it('an unknown function, with the suggestion', async () => {
		expect((await explain('select lenght(org) from reports')).zh).toMatch(/没有名为 lenght 的函数。您是不是要写 length/);
	});

	it('the console’s own refusals and stops', async () => {
		expect((await explain('DELETE FROM facts')).zh).toMatch(/只读/);
		expect(explainProblem({ kind: 'timeout', message: '', line: null, column: null, pointer: null }, 'en')).toMatch(/time limit/);
	});

	it('refused file, URL and extension access (the messages DuckDB-WASM gives when locked down)', () => {
		const p = (message: string) => ({ kind: 'runtime' as const, message, line: null, column: null, pointer: null });
		expect(explainProblem(p('Permission Error: Cannot access file "http://example.com/a.csv" - file system operations are disabled by configuration'), 'zh')).toMatch(
			/不能读取文件或网址（http:\/\/example.com\/a.csv）/
		);
		expect(
			explainProblem(p('Catalog Error: Table Function with name "read_parquet" is not in the catalog, but it exists in the parquet extension.'), 'en')
		).toMatch(/read_parquet is not available here: it belongs to a DuckDB extension/);
	});

	it('says nothing rather than something wrong about an unknown message', () => {
		expect(explainProblem({ kind: 'runtime', message: 'Something new happened', line: null, column: null, pointer: null }, 'zh')).toBeNull();
	});

	it('shortens DuckDB’s candidate-function lists', async () => {
		const e = await explain('select year + org from reports');
		expect(e.problem.message.split('\n').length).toBeGreaterThan(20);
		expect(shortMessage(e.problem.message).split('\n').length).toBeLessThanOrEqual(3);
	});
});

describe('errors of a sent (cancellable) query read like those of a plain one', () => {
	it('turns DuckDB-WASM’s serialised error data into "Type Error: message"', async () => {
		const { plainError } = await import('../../../src/lib/db/connector.ts');
		const sent = new Error(
			JSON.stringify({ exception_type: 'Parser', exception_message: 'syntax error at or near "year"\n\nLINE 4: wher year = 2020\n             ^', position: '45' })
		);
		expect((plainError(sent) as Error).message).toBe('Parser Error: syntax error at or near "year"\n\nLINE 4: wher year = 2020\n             ^');
		const plain = new Error('Catalog Error: Table with name x does not exist!');
		expect(plainError(plain)).toBe(plain);
	});
});
