import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvParse } from 'd3-dsv';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { allRows, csvCopy, DATA_COLUMNS, EMPTY_FILTER, type DataFilter } from '../../../src/lib/queries/data.ts';
import { csvCell, toCsv } from '../../../src/lib/export/csv.ts';
import { TABLES } from '../../../src/lib/dataset/schema.ts';
import { setupSql } from '../../../src/lib/db/setup-sql.ts';

/**
 * The download CSV is written by DuckDB (`COPY (…) TO`, the same statement DuckDB-WASM runs in the browser) with
 * formula neutralisation in SQL. Its contract is the JS writer's: same header, same cells once parsed.
 */
const cols = DATA_COLUMNS.map((c) => c.name);
const dir = mkdtempSync(join(tmpdir(), 'nianbao-csvcopy-'));
let n = 0;
async function copyCsv(conn: NativeConnector, f: DataFilter): Promise<string> {
	const file = join(dir, `${++n}.csv`);
	const q = csvCopy(f, file);
	await conn.query(q.sql, q.params);
	return readFileSync(file, 'utf8');
}

describe('CSV written by DuckDB COPY', () => {
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
	});
	afterAll(() => conn.close());

	it('parses to exactly the JS writer’s cells for every row of the real dataset, CRLF line ends', async () => {
		for (const f of [EMPTY_FILTER, { ...EMPTY_FILTER, from: 2020, to: 2020, tables: ['二'] }, { ...EMPTY_FILTER, district: '鄞州区', tables: ['四'] }]) {
			const text = await copyCsv(conn, f);
			const rows = await allRows(conn, f);
			expect(rows.length).toBeGreaterThan(0);
			expect(text.startsWith(cols.join(',') + '\r\n')).toBe(true);
			expect(csvParse(text)).toEqual(csvParse(toCsv(rows, cols).slice(1)));
		}
		// The real dataset has signed deltas: numbers stay numbers.
		const text = await copyCsv(conn, EMPTY_FILTER);
		expect(csvParse(text).some((r) => /^-\d/.test(r.value!))).toBe(true);
	});

	it('binds the filter as parameters: quotes and SQL in a value select nothing and break nothing', async () => {
		const text = await copyCsv(conn, { ...EMPTY_FILTER, district: "x' OR 1=1 --" });
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
		const parsed = csvParse(await copyCsv(conn, EMPTY_FILTER));
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
