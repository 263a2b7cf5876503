import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvParse } from 'd3-dsv';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { useDataset } from '../../helpers/dataset.ts';
import { allRows, CSV_HEADER, csvLinesQuery, DATA_COLUMNS, EMPTY_FILTER, type DataFilter } from '../../../src/lib/queries/data.ts';
import { csvCell, csvFromLines, toCsv, type CsvLineBatch } from '../../../src/lib/export/csv.ts';
import { TABLES } from '../../../src/lib/dataset/schema.ts';
import { setupSql } from '../../../src/lib/db/setup-sql.ts';

/**
 * The download CSV: DuckDB builds every line (the same SQL DuckDB-WASM runs in the browser), the browser appends
 * the Arrow bytes. Its contract is the JS writer's: BOM, same header, same cells once parsed, CRLF line ends.
 */
const cols = DATA_COLUMNS.map((c) => c.name);
/** The query's lines as Arrow batches of `size` rows, through `csvFromLines`, as the file's text. */
async function sqlCsv(conn: NativeConnector, f: DataFilter, size = 100): Promise<{ text: string; ticks: number[] }> {
	const q = csvLinesQuery(f);
	const lines = (await conn.query<{ line: string }>(q.sql, q.params)).map((r) => r.line);
	const t = new Table({ line: vectorFromArray(lines, new Utf8()) });
	const batches: CsvLineBatch[] = [];
	for (let i = 0; i < t.numRows; i += size) batches.push(t.slice(i, i + size).batches[0] as unknown as CsvLineBatch);
	const ticks: number[] = [];
	const blob = await csvFromLines(batches, CSV_HEADER, { tick: (n) => void ticks.push(n) });
	const bytes = new Uint8Array(await blob.arrayBuffer());
	expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	return { text: new TextDecoder().decode(bytes.slice(3)), ticks };
}

describe('CSV lines written by DuckDB', () => {
	const ds = useDataset();

	it('parses to exactly the JS writer’s cells for every row of the real dataset, CRLF line ends', async () => {
		for (const f of [EMPTY_FILTER, { ...EMPTY_FILTER, from: 2020, to: 2020, tables: ['二'] }, { ...EMPTY_FILTER, district: '鄞州区', tables: ['四'] }]) {
			const { text, ticks } = await sqlCsv(ds.conn, f);
			const rows = await allRows(ds.conn, f);
			expect(rows.length).toBeGreaterThan(0);
			expect(text.startsWith(cols.join(',') + '\r\n')).toBe(true);
			expect(text.endsWith('\r\n')).toBe(true);
			expect(csvParse(text)).toEqual(csvParse(toCsv(rows, cols).slice(1)));
			expect(ticks.at(-1)).toBe(rows.length);
			// Byte for byte the JS writer's file, except that an empty text cell may be written as "" or nothing.
			expect(text.replaceAll(',""', ',')).toBe(toCsv(rows, cols).slice(1).replaceAll(',""', ','));
		}
		// The real dataset has signed deltas: numbers stay numbers.
		const { text } = await sqlCsv(ds.conn, EMPTY_FILTER);
		expect(csvParse(text).some((r) => /^-\d/.test(r.value!))).toBe(true);
	});

	it('binds the filter as parameters: quotes and SQL in a value select nothing and break nothing', async () => {
		const { text } = await sqlCsv(ds.conn, { ...EMPTY_FILTER, district: "x' OR 1=1 --" });
		expect(text).toBe(cols.join(',') + '\r\n');
	});
});

/** Signed, fractional and large integers: each written as JS writes the number. */
const VALUES = [-7, 0, 12.5, -0.25, 1e20, 3];

describe('formula neutralisation in SQL', () => {
	let conn: NativeConnector;
	const nasty = ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x', 'a=b', '咸祥镇', 'say "hi", ok', 'line\nbreak', ''];
	beforeAll(async () => {
		conn = await nodeConnector();
		for (const t of ['facts', 'reports'] as const) {
			await conn.query(`CREATE TABLE ${t} (${Object.entries(TABLES[t]).map(([c, ty]) => `${c} ${ty}`).join(', ')})`);
		}
		for (const [i, s] of nasty.entries()) {
			await conn.query('INSERT INTO reports (report_id, org, district, year) VALUES (?, ?, ?, 2021)', [`r${i}`, s, s]);
			await conn.query("INSERT INTO facts (report_id, year, metric, value, unit, flags, raw) VALUES (?, 2021, 'n.proactive.items', ?::DOUBLE, ?, ?, ?)", [
				`r${i}`,
				String(VALUES[i % VALUES.length]),
				s,
				s,
				s
			]);
		}
		await conn.query("INSERT INTO facts (report_id, year, metric, value, unit, flags, raw) VALUES ('r0', 2022, 'n.proactive.items', NULL, NULL, NULL, NULL)");
		for (const sql of setupSql()) await conn.query(sql);
	});
	afterAll(() => conn.close());

	it('guards text starting with = + - @ tab CR, keeps numbers numeric and NULL empty, as csvCell does', async () => {
		const parsed = csvParse((await sqlCsv(conn, EMPTY_FILTER, 3)).text);
		const rows = await allRows(conn, EMPTY_FILTER);
		expect(parsed.length).toBe(nasty.length + 1);
		for (const [i, r] of rows.entries()) {
			for (const c of cols) expect(parsed[i][c], `${i}:${c}`).toBe(csvCell(r[c]));
		}
		const raws = parsed.map((r) => r.raw);
		for (const s of ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) expect(raws).toContain(`'${s}`);
		for (const s of ['a=b', '咸祥镇', 'say "hi", ok', 'line\nbreak']) expect(raws).toContain(s);
		const values = [...nasty.keys()].map((i) => String(VALUES[i % VALUES.length]));
		expect(parsed.map((r) => r.value).sort()).toEqual([...values, ''].sort());
		expect(values).toContain('100000000000000000000');
	});
});
