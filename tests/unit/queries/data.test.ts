import { describe, expect, it } from 'vitest';
import { type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { useDataset } from '../../helpers/dataset.ts';
import {
	allRows,
	countRows,
	EMPTY_FILTER,
	filterOptions,
	filterWhere,
	pageRows,
	filterSql,
	selectedMetrics,
	validateFilter,
	type DataFilter
} from '../../../src/lib/queries/data.ts';
import { METRICS } from '../../../src/lib/catalog/index.ts';
import { runReadOnly } from '../../../src/lib/queries/sql-console.ts';

/** Count the same filter independently: straight over facts ⋈ reports, without facts_r or filterWhere. */
async function independentCount(conn: NativeConnector, f: DataFilter): Promise<number> {
	const rows = await conn.query<{ province: string | null; city: string | null; district: string | null; org: string; year: number; metric: string }>(
		'SELECT r.province, r.city, r.district, r.org, f.year, f.metric FROM facts f JOIN reports r ON r.report_id = f.report_id'
	);
	const ids = selectedMetrics(f);
	return rows.filter(
		(r) =>
			(f.province === null || r.province === f.province) &&
			(f.city === null || r.city === f.city) &&
			(f.district === null || r.district === f.district) &&
			(!f.towns.length || f.towns.some((t) => t.org === r.org && t.district === r.district)) &&
			(f.from === null || r.year >= f.from) &&
			(f.to === null || r.year <= f.to) &&
			(ids === null || ids.includes(r.metric))
	).length;
}

describe('Data view queries on the real dataset', () => {
	const ds = useDataset();

	const filters: [string, Partial<DataFilter>][] = [
		['no filter', {}],
		['a province', { province: '浙江省' }],
		['a district', { district: '鄞州区' }],
		['two towns', { towns: [{ org: '咸祥镇人民政府', district: '鄞州区' }, { org: '拖市镇', district: null }] }],
		['a town under the wrong district', { towns: [{ org: '咸祥镇人民政府', district: '海曙区' }] }],
		['a year range', { from: 2020, to: 2021 }],
		['table 三 only', { tables: ['三'] }],
		['one metric plus table 四', { metrics: ['n.proactive.items'], tables: ['四'] }],
		['everything at once', { province: '浙江省', from: 2019, to: 2025, tables: ['二'], metrics: ['n.proactive.items'] }],
		['a region that matches nothing', { province: '火星' }]
	];
	for (const [name, partial] of filters) {
		it(`counts exactly the filtered rows: ${name}`, async () => {
			const f = { ...EMPTY_FILTER, ...partial };
			const expected = await independentCount(ds.conn, f);
			expect(await countRows(ds.conn, f)).toBe(expected);
			expect((await allRows(ds.conn, f)).length).toBe(expected);
		});
	}

	it('has real rows for the non-empty filters', async () => {
		expect(await countRows(ds.conn, { ...EMPTY_FILTER, district: '鄞州区' })).toBeGreaterThan(100);
		expect(await countRows(ds.conn, { ...EMPTY_FILTER, province: '火星' })).toBe(0);
	});

	it('pages through the rows without gaps or overlaps, in a stable order', async () => {
		const f = { ...EMPTY_FILTER, tables: ['三'] };
		const all = await allRows(ds.conn, f);
		const pages = [];
		for (let offset = 0; offset < all.length; offset += 50) pages.push(...(await pageRows(ds.conn, f, { limit: 50, offset })));
		expect(pages).toEqual(all);
	});

	it('sorts pages by value, descending, with missing values last', async () => {
		const rows = await pageRows(ds.conn, EMPTY_FILTER, { limit: 1000, offset: 0, sort: 'value', desc: true });
		const values = rows.map((r) => r.value);
		const firstNull = values.indexOf(null);
		const numbers = (firstNull < 0 ? values : values.slice(0, firstNull)) as number[];
		expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
		if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
	});

	it('labels every row from the catalog', async () => {
		const [row] = await allRows(ds.conn, { ...EMPTY_FILTER, metrics: ['n.proactive.items'], towns: [{ org: '咸祥镇人民政府', district: '鄞州区' }] });
		expect(row).toMatchObject({ org: '咸祥镇人民政府', year: 2020, value: 366, label_en: METRICS.find((m) => m.id === 'n.proactive.items')!.labelEn });
		expect(row.label_zh).toContain('主动公开');
	});

	it('gives every row the unit a reader says, from the catalog, beside the machine-readable unit', async () => {
		const rows = await allRows(ds.conn, { ...EMPTY_FILTER, from: 2020, to: 2020 });
		const by = (id: string) => rows.find((r) => r.metric === id)!;
		// What the template counts: applications and cases in 件, items of information in 条, money in 元.
		expect(by('n.proactive.items')).toMatchObject({ unit: 'count', unit_zh: '条', unit_en: 'items' });
		expect(by('t3.new_received.total')).toMatchObject({ unit: 'count', unit_zh: '件', unit_en: 'applications' });
		expect(by('t4.review.total')).toMatchObject({ unit: 'count', unit_zh: '件', unit_en: 'cases' });
		expect(rows.every((r) => r.unit_zh !== '' && r.unit_en !== '')).toBe(true);
		// `unit` stays the stored value's unit: money is in yuan (元) in the file, whatever the page shows it in.
		for (const r of rows) expect(r.unit === 'yuan').toBe(r.unit_zh === '元');
	});

	it('binds values as parameters, so quotes in a URL value are data, not SQL', async () => {
		const f = { ...EMPTY_FILTER, province: "浙江省' OR '1'='1", towns: [{ org: "x') OR TRUE --", district: null }] };
		expect(filterWhere(f).sql).not.toContain('浙江省');
		expect(await countRows(ds.conn, f)).toBe(0);
	});

	it('drops filter values that are not in the data or the catalog', async () => {
		const opts = await filterOptions(ds.conn);
		expect(opts.years).toContain(2020);
		const f = validateFilter(
			{ ...EMPTY_FILTER, province: '浙江省', city: '火星市', towns: [{ org: '拖市镇', district: null }, { org: 'nowhere', district: null }], tables: ['三', '九'], metrics: ['n.proactive.items', 'nope'] },
			opts
		);
		expect(f).toMatchObject({ province: '浙江省', city: null, towns: [{ org: '拖市镇', district: null }], tables: ['三'], metrics: ['n.proactive.items'] });
	});

	it('writes the filter as SQL the console runs to the same rows', async () => {
		const f: DataFilter = {
			...EMPTY_FILTER,
			province: '浙江省',
			towns: [{ org: '咸祥镇人民政府', district: '鄞州区' }, { org: "O'Brien镇", district: null }],
			from: 2019,
			to: 2024,
			tables: ['三'],
			metrics: ['n.proactive.items']
		};
		const sql = filterSql(f);
		expect(sql).toContain("'O''Brien镇'");
		const r = await runReadOnly(ds.conn, sql, 100_000);
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.result.rows.length).toBe(await countRows(ds.conn, f));
		const all = await runReadOnly(ds.conn, filterSql(EMPTY_FILTER), 100_000);
		if (all.ok) expect(all.result.rows.length).toBe(await countRows(ds.conn, EMPTY_FILTER));
	});
});
