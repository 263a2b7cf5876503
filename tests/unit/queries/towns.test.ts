import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { loadDatasetNative, nodeConnector } from '../../../src/node/duckdb-connector.ts';
import { useDataset } from '../../helpers/dataset.ts';
import { buildTowns, loadTowns, resolveTownKeys, searchTowns, shortName, townsWhere, type Town } from '../../../src/lib/towns.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));

describe('shortName: how a town is shown', () => {
	it('drops 人民政府 / 办事处 and the region prefixes the report repeats', () => {
		expect(shortName('咸祥镇人民政府')).toBe('咸祥镇');
		expect(shortName('石家庄市桥西区中山街道办事处', ['河北省', '石家庄市', '桥西区'])).toBe('中山街道');
		expect(shortName('七家子镇')).toBe('七家子镇');
	});
	it('keeps names that would become meaningless', () => {
		expect(shortName('上海市人民政府办公厅', ['上海市', '上海市', null])).toBe('人民政府办公厅');
		expect(shortName('人民政府')).toBe('人民政府');
	});
});

describe.each(DATASETS)('the town list of %s', (dir) => {
	const ds = useDataset(dir);
	let towns: Town[];
	beforeAll(async () => {
		towns = await loadTowns(ds.conn);
	});

	it('has one town per organisation and district of the readable reports', async () => {
		const [{ n }] = await ds.conn.query<{ n: number }>(
			"SELECT count(*) AS n FROM (SELECT DISTINCT org, district FROM reports WHERE status <> 'failed' AND org IS NOT NULL AND year IS NOT NULL)"
		);
		expect(towns.length).toBe(n);
		expect(new Set(towns.map((t) => t.key)).size).toBe(towns.length);
	});

	it("counts each town's reports and years as the reports table does", async () => {
		const t = towns[0];
		const rows = await ds.conn.query<{ year: number }>(
			`SELECT year FROM reports WHERE status <> 'failed' AND ${townsWhere([t]).sql} ORDER BY year`,
			townsWhere([t]).params
		);
		expect(t.reports).toBe(rows.length);
		expect(t.years).toEqual([...new Set(rows.map((r) => r.year))]);
	});

	it('finds every town by its own pinyin initials and by its Chinese name', () => {
		for (const t of towns.slice(0, 50)) {
			const initials = t.initials.split(' ')[0];
			expect(searchTowns(towns, initials, 500)).toContain(t);
			expect(searchTowns(towns, t.name, 500)).toContain(t);
		}
	});
});

describe('searching the real towns', () => {
	let towns: Town[];
	beforeAll(async () => {
		const conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
		towns = await loadTowns(conn);
		conn.close();
	});

	it('finds 咸祥镇 first by its initials xxz, by full pinyin and by Chinese', () => {
		expect(searchTowns(towns, 'xxz')[0].name).toBe('咸祥镇');
		expect(searchTowns(towns, 'XianXiang')[0].name).toBe('咸祥镇');
		expect(searchTowns(towns, '咸祥')[0].org).toBe('咸祥镇人民政府');
	});

	it('finds a street by the initials of its short name even when the report prefixes the city', () => {
		expect(searchTowns(towns, 'zsjd').map((t) => t.org)).toContain('石家庄市桥西区中山街道办事处');
	});

	it('returns nothing for text no town matches, and the first towns for an empty query', () => {
		expect(searchTowns(towns, 'qqqqq')).toEqual([]);
		expect(searchTowns(towns, '  ', 3)).toEqual(towns.slice(0, 3));
	});

	it('resolves URL keys, keeping order and reporting the unknown ones', () => {
		const r = resolveTownKeys(towns, ['拖市镇', '不存在镇', '咸祥镇人民政府', '拖市镇']);
		expect(r.found.map((t) => t.name)).toEqual(['拖市镇', '咸祥镇']);
		expect(r.unknown).toEqual(['不存在镇']);
	});
});

describe('town keys when two districts have a town of the same name', () => {
	it('append the district so both can be picked', () => {
		const row = { level: 'street', province: 'P', city: 'C', years: '2020', reports: 1 };
		const towns = buildTowns([
			{ ...row, org: '新华街道办事处', district: '通州区' },
			{ ...row, org: '新华街道办事处', district: '和平区' },
			{ ...row, org: '咸祥镇人民政府', district: '鄞州区' }
		]);
		expect(towns.map((t) => t.key)).toEqual(['新华街道办事处@通州区', '新华街道办事处@和平区', '咸祥镇人民政府']);
	});
});
