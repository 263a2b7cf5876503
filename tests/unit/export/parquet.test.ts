import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferColumns, toParquet } from '../../../src/lib/export/parquet.ts';
import { citationMetadata } from '../../../src/lib/export/citation.ts';
import { useDataset } from '../../helpers/dataset.ts';
import { allRows, DATA_COLUMNS, EMPTY_FILTER } from '../../../src/lib/queries/data.ts';
import type { Manifest } from '../../../src/lib/dataset/schema.ts';
import { readFileSync } from 'node:fs';

describe('Parquet export written by hyparquet-writer', () => {
	const ds = useDataset();
	const dir = mkdtempSync(join(tmpdir(), 'nianbao-parquet-'));

	it('reads back in native DuckDB identical to the exported rows, with the citation in its metadata', async () => {
		const rows = await allRows(ds.conn, EMPTY_FILTER);
		const manifest = JSON.parse(readFileSync('datasets/real/manifest.json', 'utf8')) as Manifest;
		const meta = citationMetadata(manifest, 'http://localhost/data?ds=real', new Date('2026-11-25T08:00:00Z'));
		const file = join(dir, 'all.parquet');
		writeFileSync(file, new Uint8Array(toParquet(rows, DATA_COLUMNS, meta)));

		const back = await ds.conn.query(`SELECT * FROM read_parquet('${file}')`);
		const cols = DATA_COLUMNS.map((c) => c.name);
		expect(back.length).toBe(rows.length);
		expect(Object.keys(back[0])).toEqual(cols);
		expect(back).toEqual(rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null]))));

		const kv = await ds.conn.query<{ key: string; value: string }>(
			`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${file}')`
		);
		const got = Object.fromEntries(kv.map((k) => [k.key, k.value]));
		expect(got['nianbao.citation']).toBe(meta['nianbao.citation']);
		expect(got['nianbao.dataset']).toBe('real');
		expect(got['nianbao.synthetic']).toBe('false');
	});

	it('types columns from the values and keeps all-null and empty results readable', async () => {
		const rows = [
			{ n: 1, x: 1.5, s: '镇', b: true, z: null },
			{ n: -2, x: null, s: null, b: false, z: null }
		];
		expect(inferColumns(rows).map((c) => c.type)).toEqual(['INT32', 'DOUBLE', 'STRING', 'BOOLEAN', 'STRING']);
		const file = join(dir, 'small.parquet');
		writeFileSync(file, new Uint8Array(toParquet(rows)));
		expect(await ds.conn.query(`SELECT * FROM read_parquet('${file}')`)).toEqual(rows);

		const empty = join(dir, 'empty.parquet');
		writeFileSync(empty, new Uint8Array(toParquet([], DATA_COLUMNS)));
		expect(await ds.conn.query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${empty}')`)).toEqual([{ n: 0 }]);
	});
});
