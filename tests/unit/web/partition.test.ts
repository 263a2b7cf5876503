import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../../src/lib/data/file-checks.ts';
import { holdsScope, idsOf, isPartitioned, partOf, rowsIn, rowsWhere, takeRows } from '../../../src/lib/data/partition.ts';

/** A dataset laid out by province, as the browser reads its manifest and keeps one province of it. */

const enc = new TextEncoder();
const national = {
	name: 'national',
	tables: { facts: { rows: 30, parquet: '', csv: '', bytes: 9 }, reports: { rows: 3, parquet: 'reports.parquet', csv: '', bytes: 9 } },
	layout: 'by-province',
	parts: [
		{ province: '浙江省', file: 'facts/33.parquet', rows: 20, bytes: 5, row_groups: 1, years: [] },
		{ province: '北京市', file: 'facts/11.parquet', rows: 10, bytes: 4, row_groups: 1, years: [] }
	],
	rollups: [{ level: 'nation', file: 'rollups/nation.parquet', rows: 1, bytes: 1 }]
};

describe('a manifest laid out by province', () => {
	it('is accepted without a facts file and keeps its parts and rollups', () => {
		const m = checkManifest('national/manifest.json', national);
		expect(isPartitioned(m)).toBe(true);
		expect(m.parts?.map((p) => p.file)).toEqual(['facts/33.parquet', 'facts/11.parquet']);
		expect(m.rollups?.map((r) => r.file)).toEqual(['rollups/nation.parquet']);
		expect(partOf(m, '北京市')?.file).toBe('facts/11.parquet');
		expect(partOf(m, '火星省')).toBeNull();
	});

	it('refuses parts that leave the dataset folder or a layout without parts, naming the manifest', () => {
		const bad = { ...national, parts: [{ ...national.parts[0], file: '../../etc/passwd' }] };
		expect(() => checkManifest('national/manifest.json', bad)).toThrow(/national\/manifest\.json: bad facts part/);
		expect(() => checkManifest('national/manifest.json', { ...national, parts: [] })).toThrow(/without "parts"/);
		// Without the layout, a manifest without a facts file is still refused.
		expect(() => checkManifest('x/manifest.json', { ...national, layout: undefined })).toThrow(/lists no file for: facts/);
	});

	it('a dataset in one piece is not partitioned and DuckDB answers every scope of it', () => {
		const m = checkManifest('demo/manifest.json', { ...national, layout: undefined, tables: { ...national.tables, facts: { ...national.tables.facts, parquet: 'facts.parquet' } } });
		expect(isPartitioned(m)).toBe(false);
		expect(holdsScope(m, null, {})).toBe(true);
	});

	it('DuckDB holding one province answers only scopes inside it', () => {
		const m = checkManifest('national/manifest.json', national);
		expect(holdsScope(m, null, {})).toBe(false);
		expect(holdsScope(m, '浙江省', {})).toBe(false);
		expect(holdsScope(m, '浙江省', { province: '浙江省' })).toBe(true);
		expect(holdsScope(m, '浙江省', { province: '北京市' })).toBe(false);
	});
});

describe('keeping one province of the small tables', () => {
	it('selects rows by the province (UTF-8 bytes as hyparquet gives them, or strings) and their report ids', () => {
		const province = ['北京市', '浙江省', '浙江省', null].map((s) => (s === null ? null : enc.encode(s)));
		const ids = ['a', 'b', 'c', 'd'].map((s) => enc.encode(s));
		const year = new Int32Array([2019, 2020, 2021, 2022]);
		const rows = rowsWhere(province, 4, '浙江省');
		expect(rows).toEqual([1, 2]);
		expect(rowsWhere(['浙江省', '北京市'], 2, '浙江省')).toEqual([0]);
		const kept = takeRows({ province, report_id: ids, year }, rows);
		expect(kept.year).toBeInstanceOf(Int32Array);
		expect([...(kept.year as Int32Array)]).toEqual([2020, 2021]);
		const keep = idsOf(ids, rows);
		expect([...keep]).toEqual(['b', 'c']);
		expect(rowsIn([enc.encode('c'), enc.encode('x'), 'b'], 3, keep)).toEqual([0, 2]);
	});
});
