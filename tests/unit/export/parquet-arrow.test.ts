import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float64, Int32, Table, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import { parquetFromArrow, type ArrowBatch } from '../../../src/lib/export/parquet.ts';
import { citationMetadata } from '../../../src/lib/export/citation.ts';
import { useDataset } from '../../helpers/dataset.ts';
import { allRows, DATA_COLUMNS, EMPTY_FILTER, exportQuery } from '../../../src/lib/queries/data.ts';
import type { Manifest } from '../../../src/lib/dataset/schema.ts';
import { readFileSync } from 'node:fs';

/** The export query's rows as an Arrow table (typed as DuckDB-WASM returns them), then cut into batches. */
function arrowOf(rows: Record<string, unknown>[]): Table {
	const type = (t: string): DataType => (t === 'INT32' ? new Int32() : t === 'DOUBLE' ? new Float64() : new Utf8());
	return new Table(Object.fromEntries(DATA_COLUMNS.map((c) => [c.name, vectorFromArray(rows.map((r) => r[c.name] ?? null), type(c.type))])));
}
function* batches(t: Table, size: number): Generator<ArrowBatch> {
	for (let i = 0; i < t.numRows; i += size) yield t.slice(i, i + size);
}

describe('Parquet from Arrow batches, in bounded row groups', () => {
	const ds = useDataset();
	const dir = mkdtempSync(join(tmpdir(), 'nianbao-pqarrow-'));

	it('reads back in native DuckDB as the filtered rows, row groups bounded, citation in the metadata', async () => {
		const q = exportQuery(EMPTY_FILTER);
		const typed = await ds.conn.query(q.sql, q.params);
		const rows = await allRows(ds.conn, EMPTY_FILTER);
		const cols = DATA_COLUMNS.map((c) => c.name);
		// The export query returns what allRows (the preview's labelled rows) holds, column for column.
		expect(typed).toEqual(rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null]))));

		const manifest = JSON.parse(readFileSync('datasets/real/manifest.json', 'utf8')) as Manifest;
		const meta = citationMetadata(manifest, 'http://localhost/data?ds=real', new Date('2026-11-25T08:00:00Z'));
		const ticks: number[] = [];
		// Batches of 97 rows (not a divisor of the group size) into row groups of 250.
		const blob = await parquetFromArrow(batches(arrowOf(typed), 97), DATA_COLUMNS, meta, { rowGroupRows: 250, tick: (n) => void ticks.push(n) });
		const file = join(dir, 'all.parquet');
		writeFileSync(file, new Uint8Array(await blob.arrayBuffer()));

		const back = await ds.conn.query(`SELECT * FROM read_parquet('${file}')`);
		expect(back).toEqual(typed);
		const groups = await ds.conn.query<{ n: number }>(
			`SELECT row_group_num_rows::INTEGER AS n FROM parquet_metadata('${file}') WHERE column_id = 0 ORDER BY row_group_id`
		);
		const expected: number[] = [];
		for (let left = typed.length; left > 0; left -= 250) expected.push(Math.min(250, left));
		expect(groups.map((g) => g.n)).toEqual(expected);
		expect(ticks).toEqual(expected.map((_, i) => expected.slice(0, i + 1).reduce((a, b) => a + b, 0)));

		const kv = await ds.conn.query<{ key: string; value: string }>(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${file}')`);
		const got = Object.fromEntries(kv.map((k) => [k.key, k.value]));
		expect(got['nianbao.citation']).toBe(meta['nianbao.citation']);
		expect(got['nianbao.dataset']).toBe('real');
	});

	it('writes a readable, typed file when nothing matches', async () => {
		const blob = await parquetFromArrow([], DATA_COLUMNS, {});
		const file = join(dir, 'empty.parquet');
		writeFileSync(file, new Uint8Array(await blob.arrayBuffer()));
		expect(await ds.conn.query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${file}')`)).toEqual([{ n: 0 }]);
		const types = await ds.conn.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
		expect(types.map((t) => [t.column_name, t.column_type])).toEqual(
			DATA_COLUMNS.map((c) => [c.name, c.type === 'INT32' ? 'INTEGER' : c.type === 'DOUBLE' ? 'DOUBLE' : 'VARCHAR'])
		);
	});

	it('rejects a result that lacks an export column, instead of writing a wrong file', async () => {
		const t = new Table({ org: vectorFromArray(['镇'], new Utf8()) });
		await expect(parquetFromArrow([t], DATA_COLUMNS, {})).rejects.toThrow(/province missing/);
	});
});
