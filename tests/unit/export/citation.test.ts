import { describe, expect, it } from 'vitest';
import { citation, datasetTitle, datasetVersion, exportFileName, syntheticNote } from '../../../src/lib/export/citation.ts';

const real = {
	name: 'real',
	title: 'real',
	created_at: '2026-11-25T00:51:07.928Z',
	catalog_version: '2026.11-1',
	schema_version: 1,
	synthetic: false
};
const demo = { ...real, name: 'demo', title: '模拟数据 · 宁波市 乡镇街道 2019-2025', title_en: 'Synthetic demonstration data · 宁波市, 2019-2025', synthetic: true };
const at = new Date('2026-11-26T10:00:00Z');

describe('citation line and file names', () => {
	it('names the dataset, its version, the view URL and the access date', () => {
		const c = citation(real, 'https://example.org/data?ds=real&district=鄞州区&lang=en', at, 'en');
		expect(c).toContain('“real”');
		expect(c).toContain('version 2026-11-25T00:51:07Z');
		expect(c).toContain('catalog 2026.11-1');
		expect(c).toContain('https://example.org/data?ds=real&district=鄞州区&lang=en');
		expect(c).toContain('accessed 2026-11-26');
		expect(c).not.toMatch(/synthetic/i);
	});

	it('follows the interface language: a Chinese line in Chinese, an English line in English', () => {
		const zh = citation(demo, 'https://example.org/data?ds=demo', at, 'zh');
		expect(zh).toBe(
			'nianbao 年报数据集“模拟数据 · 宁波市 乡镇街道 2019-2025”（demo），版本 2026-11-25T00:51:07Z，指标目录 2026.11-1，数据结构第 1 版，模拟数据，仅供演示。https://example.org/data?ds=demo，访问日期 2026-11-26。'
		);
		// No English words but the product's name, the dataset's id and the URL.
		expect(zh.replace('nianbao', '').replace('（demo）', '').replace(/https:\S+?(?=，)/, '')).not.toMatch(/[A-Za-z]{2,}/);
		const en = citation(demo, 'https://example.org/data?ds=demo&lang=en', at, 'en');
		expect(en).toContain('“Synthetic demonstration data · 宁波市, 2019-2025 (demo)”');
		expect(en).toContain('Synthetic demonstration data.');
		expect(en).not.toMatch(/模拟数据，|版本|访问/);
	});

	it('titles a dataset in the interface language, falling back to the Chinese title, then the name', () => {
		expect(datasetTitle(demo, 'zh')).toBe('模拟数据 · 宁波市 乡镇街道 2019-2025');
		expect(datasetTitle(demo, 'en')).toBe('Synthetic demonstration data · 宁波市, 2019-2025');
		expect(datasetTitle({ name: 'x', title: '某区年报' }, 'en')).toBe('某区年报');
		expect(datasetTitle({ name: 'x', title: '' }, 'zh')).toBe('x');
		expect(syntheticNote('zh')).toMatch(/^[^A-Za-z]+$/);
		expect(syntheticNote('en')).toMatch(/^[^\u4e00-\u9fff]+$/);
	});

	it('puts dataset name and version into download file names', () => {
		expect(datasetVersion(real)).toBe('2026-11-25T00:51:07Z');
		expect(exportFileName(real, 'facts', 'csv')).toBe('nianbao-real-20261125T005107Z-facts.csv');
		expect(exportFileName({ ...real, name: 'my data/2', synthetic: true }, 'sql result', 'parquet')).toBe(
			'nianbao-my_data_2-synthetic-20261125T005107Z-sql_result.parquet'
		);
	});
});
