import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ADDED_COLUMNS, TABLES } from '../../../src/lib/dataset/schema.ts';
import { DatasetError, assertColumns, checkManifest, classifyColumns, isParquet, missingColumns } from '../../../src/lib/data/file-checks.ts';
import { contractTable, numericProblems } from '../../../src/lib/data/columns.ts';
import { readParquetColumns } from '../../../src/lib/data/parquet.ts';
import { createTableSql, synthesiseReportsSql } from '../../../src/lib/data/load.ts';
import { nodeConnector } from '../../../src/node/duckdb-connector.ts';

const REAL = 'datasets/real';

function error(fn: () => unknown): DatasetError {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(DatasetError);
		return e as DatasetError;
	}
	throw new Error('expected a DatasetError');
}

describe('a file of the wrong shape is named, with its missing columns', () => {
	it('lists the contract columns a table lacks, in contract order', () => {
		expect(missingColumns('facts', ['report_id', 'metric', 'value'])).toEqual(['year', 'unit', 'flags', 'raw', 'span_start', 'span_end', 'page', 'box_x0', 'box_y0', 'box_x1', 'box_y1']);
		const e = error(() => assertColumns('facts.parquet', 'facts', ['report_id', 'metric']));
		expect(e.file).toBe('facts.parquet');
		expect(e.message).toBe('facts.parquet: not a valid facts table — missing columns: year, value, unit, flags, raw, span_start, span_end');
	});

	it("tells a dropped file's table from its columns", () => {
		expect(classifyColumns('a.csv', Object.keys(TABLES.facts))).toBe('facts');
		expect(classifyColumns('minimal.csv', ['report_id', 'year', 'metric', 'value'])).toBe('facts');
		expect(classifyColumns('r.parquet', Object.keys(TABLES.reports))).toBe('reports');
		expect(classifyColumns('i.csv', Object.keys(TABLES.issues))).toBe('issues');
		expect(classifyColumns('t.csv', ['report_id', 'text'])).toBe('texts');
	});

	it('reports a file that fits no table against facts, naming what is missing and what was found', () => {
		const e = error(() => classifyColumns('towns.csv', ['report_id', 'town', 'amount']));
		expect(e.message).toContain('towns.csv');
		expect(e.message).toContain('missing columns: year, metric, value');
		expect(e.message).toContain('found: report_id, town, amount');
	});

	it('accepts a manifest with tables and rejects one without', () => {
		const m = checkManifest('real/manifest.json', JSON.parse(readFileSync(`${REAL}/manifest.json`, 'utf8')));
		expect(m.tables.facts.parquet).toBe('facts.parquet');
		expect(m.synthetic).toBe(false);
		expect(error(() => checkManifest('x/manifest.json', { name: 'x' })).message).toBe('x/manifest.json: manifest has no "tables" entry');
		expect(error(() => checkManifest('x/manifest.json', { tables: { reports: { parquet: 'r.parquet' } } })).message).toContain(
			'no file for: facts'
		);
	});

	it('recognises Parquet by its magic bytes', () => {
		expect(isParquet(new Uint8Array(readFileSync(`${REAL}/facts.parquet`)))).toBe(true);
		expect(isParquet(new Uint8Array(readFileSync(`${REAL}/facts.csv`)))).toBe(false);
	});
});

describe('Parquet → columns → Arrow, typed by the contract', () => {
	it('reads the shipped facts with every contract column and the right row count', async () => {
		const bytes = new Uint8Array(readFileSync(`${REAL}/facts.parquet`));
		const { numRows, fileColumns, columns } = await readParquetColumns('facts.parquet', bytes, Object.keys(TABLES.facts));
		const manifest = JSON.parse(readFileSync(`${REAL}/manifest.json`, 'utf8'));
		expect(numRows).toBe(manifest.tables.facts.rows);
		// A dataset written before schema 2 lacks only the PDF provenance columns (filled with NULL on load).
		const added = manifest.schema_version < 2 ? (ADDED_COLUMNS.facts ?? []) : [];
		expect(missingColumns('facts', fileColumns).filter((c) => !added.includes(c))).toEqual([]);
		const table = contractTable('facts', columns, numRows);
		expect(table.numRows).toBe(numRows);
		expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
			'report_id:Utf8',
			'year:Int16',
			'metric:Utf8',
			'value:Float64',
			'unit:Utf8',
			'flags:Utf8',
			'raw:Utf8',
			'span_start:Int32',
			'span_end:Int32',
			'page:Int16',
			'box_x0:Float64',
			'box_y0:Float64',
			'box_x1:Float64',
			'box_y1:Float64'
		]);
		// Strings survive the bytes-only path intact: the first row's metric is a catalog-style id.
		expect(String(table.get(0)?.metric)).toMatch(/^(t\d|n)\./);
	});

	it('names a file that is not Parquet', async () => {
		const bytes = new TextEncoder().encode('report_id,year\nx,2020\n');
		await expect(readParquetColumns('mine.parquet', bytes, ['report_id'])).rejects.toThrow('mine.parquet: not a Parquet file');
	});

	it('coerces values to the contract type and keeps nulls as nulls', () => {
		const t = contractTable(
			'facts',
			{ report_id: ['a', 'b', null], year: ['2020', 2021n, null], value: [1, null, '2.5'], span_start: [3, undefined, 7] },
			3
		);
		const rows = t.toArray().map((r) => r.toJSON());
		expect(rows.map((r) => r.year)).toEqual([2020, 2021, null]);
		expect(rows.map((r) => r.value)).toEqual([1, null, 2.5]);
		expect(rows.map((r) => r.report_id)).toEqual(['a', 'b', null]);
		expect(rows.map((r) => r.span_start)).toEqual([3, null, 7]);
		expect(rows.map((r) => r.unit)).toEqual([null, null, null]);
	});
});

describe('numbers that are not numbers', () => {
	it('are reported per column with a count and an example instead of becoming NULL', () => {
		const enc = new TextEncoder();
		const problems = numericProblems(
			'facts',
			{ year: ['2020', enc.encode('二〇二〇'), null, 2021], value: [1, 2.5, '', 'n/a'], span_start: new Int32Array([1, 2, 3, 4]) },
			4
		);
		expect(problems).toEqual([
			'column year needs numbers but has 1 other value (e.g. "二〇二〇")',
			'column value needs numbers but has 1 other value (e.g. "n/a")'
		]);
		expect(numericProblems('facts', { year: [2020, 2021n], value: new Float64Array([1, 2]) }, 2)).toEqual([]);
	});
});

describe('tables for own files', () => {
	it('creates contract tables and synthesises one report per facts.report_id', async () => {
		const conn = await nodeConnector();
		try {
			await conn.query(createTableSql('facts'));
			await conn.query(createTableSql('reports'));
			await conn.query(
				`INSERT INTO facts (report_id, year, metric, value) VALUES ('r1', 2020, 'n.proactive.items', 5), ('r1', 2020, 't3.new_received.total', 2), ('r2', 2021, 'n.proactive.items', 7)`
			);
			await conn.query(synthesiseReportsSql());
			const rows = await conn.query('SELECT report_id, org, year, status, n_values FROM reports ORDER BY report_id');
			expect(rows).toEqual([
				{ report_id: 'r1', org: 'r1', year: 2020, status: 'ok', n_values: 2 },
				{ report_id: 'r2', org: 'r2', year: 2021, status: 'ok', n_values: 1 }
			]);
			const types = await conn.query<{ column_name: string; column_type: string }>('DESCRIBE reports');
			expect(types.map((t) => t.column_type)).toEqual(Object.values(TABLES.reports));
		} finally {
			conn.close();
		}
	});
});
