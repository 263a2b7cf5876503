import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import {
	HEADLINE_METRICS,
	OUTCOMES,
	REGIONS_SQL,
	headlinesFor,
	loadOverview,
	sameOrgsQuery,
	scopeExists,
	type RegionRow,
	type SameOrgsRow
} from '../../../src/lib/queries/overview.ts';
import { T3_ROWS } from '../../../src/lib/catalog/index.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));
const expected = (file: string) => JSON.parse(readFileSync(`datasets/sources/real/${file}.expected.json`, 'utf8'));

describe('the outcome categories', () => {
	it('cover every row of table 三 between （一） and （六） exactly once', () => {
		const rows = OUTCOMES.flatMap((o) => [...o.rows]);
		expect(new Set(rows).size).toBe(rows.length);
		const decided = T3_ROWS.map((r) => r.key).filter(
			(k) => !['new_received', 'carried_over', 'total_processed', 'carried_forward'].includes(k) && !k.startsWith('other_')
		);
		expect(rows.filter((r) => r !== 'other_handling').sort()).toEqual(decided.filter((k) => k !== 'other_handling').sort());
		expect(OUTCOMES.find((o) => o.key === 'denied')!.rows).toHaveLength(8);
		expect(OUTCOMES.find((o) => o.key === 'unable')!.rows).toHaveLength(3);
		expect(OUTCOMES.find((o) => o.key === 'not_processed')!.rows).toHaveLength(5);
	});
});

describe.each(DATASETS)('the overview of %s', (dir) => {
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, dir);
	});
	afterAll(() => conn.close());

	it('counts reports and organisations per year as the reports table does', async () => {
		const o = await loadOverview(conn, {});
		const plain = await conn.query<{ year: number; n: number }>(
			"SELECT CAST(year AS INTEGER) AS year, CAST(count(*) AS INTEGER) AS n FROM reports WHERE status <> 'failed' AND year IS NOT NULL GROUP BY 1 ORDER BY 1"
		);
		expect(o.years).toEqual(plain.map((r) => r.year));
		for (const p of plain) expect(o.counts.filter((c) => c.year === p.year).reduce((s, c) => s + c.reports, 0)).toBe(p.n);
		const orgsPerYear = await conn.query<{ year: number; reports: number; orgs: number }>(
			"SELECT CAST(year AS INTEGER) AS year, CAST(count(*) AS INTEGER) AS reports, CAST(count(DISTINCT org) AS INTEGER) AS orgs FROM reports WHERE status <> 'failed' AND year IS NOT NULL GROUP BY 1 ORDER BY 1"
		);
		expect(o.perYear).toEqual(orgsPerYear);
		const [{ orgs }] = await conn.query<{ orgs: number }>(
			"SELECT CAST(count(DISTINCT org) AS INTEGER) AS orgs FROM reports WHERE status <> 'failed' AND year IS NOT NULL"
		);
		expect(o.totals.orgs).toBe(orgs);
	});

	it('sums each headline metric per year over the reports', async () => {
		const o = await loadOverview(conn, {});
		for (const id of HEADLINE_METRICS) {
			const plain = await conn.query<{ year: number; v: number }>(
				'SELECT CAST(year AS INTEGER) AS year, sum(value) AS v FROM facts WHERE metric = ? AND value IS NOT NULL GROUP BY 1 ORDER BY 1',
				[id]
			);
			expect(o.headlines.filter((h) => h.metric === id).map((h) => [h.year, h.value])).toEqual(plain.map((r) => [r.year, r.v]));
		}
	});

	it('gives outcome shares of （七）总计 that add up to the total when the reports balance', async () => {
		const o = await loadOverview(conn, {});
		for (const year of new Set(o.outcomes.map((r) => r.year))) {
			const rows = o.outcomes.filter((r) => r.year === year);
			expect(rows.map((r) => r.outcome).sort()).toEqual(OUTCOMES.map((c) => c.key).sort());
			const [{ broken }] = await conn.query<{ broken: number }>(
				"SELECT CAST(count(*) AS INTEGER) AS broken FROM issues i JOIN reports r USING (report_id) WHERE r.year = ? AND i.code = 'identity' AND i.subject LIKE 'I-3%'",
				[year]
			);
			const sum = rows.reduce((s, r) => s + r.value, 0);
			if (broken === 0) expect(sum).toBeCloseTo(rows[0].total, 6);
		}
	});
});

describe('the overview of the real corpus against the hand-checked values', () => {
	let conn: NativeConnector;
	let regions: RegionRow[];
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
		regions = await conn.query<RegionRow & Record<string, unknown>>(REGIONS_SQL);
	});
	afterAll(() => conn.close());

	it('上海市 2019: handled and received as printed; granted (blank in print) as the identities infer it', async () => {
		const exp = expected('001-shanghai-shizhengfubangongting-2019').values;
		const o = await loadOverview(conn, { province: '上海市', city: '上海市' });
		const granted = o.outcomes.find((r) => r.year === 2019 && r.outcome === 'granted')!;
		expect(exp['t3.granted.total']).toBeNull();
		const [inferred] = await conn.query<{ value: number; flags: string }>(
			"SELECT value, flags FROM facts WHERE report_id = '001-shanghai-shizhengfubangongting-2019' AND metric = 't3.granted.total'"
		);
		expect(inferred.flags).toContain('inferred');
		expect(granted.value).toBe(inferred.value);
		expect(granted.total).toBe(exp['t3.total_processed.total']);
		expect(granted.share).toBeCloseTo(granted.value / granted.total, 10);
		const h = headlinesFor(o.headlines, o.counts, 2019).find((x) => x.id === 't3.new_received.total')!;
		expect(h.value).toBe(exp['t3.new_received.total']);
	});

	it('鄞州区 2020: 咸祥镇 alone, 366 items published; the previous year has no report to compare with', async () => {
		const o = await loadOverview(conn, { district: '鄞州区' });
		expect(o.totals).toEqual({ reports: 1, orgs: 1 });
		const h = headlinesFor(o.headlines, o.counts, 2020);
		expect(h.find((x) => x.id === 'n.proactive.items')).toMatchObject({ value: 366, prev: null, n_reports: 1 });
		expect(h.find((x) => x.id === 't2.gov_procurement.amount_yuan')).toMatchObject({ value: 383900, inFormat: true });
	});

	it('procurement is flagged as absent from the 2021 format in later years', async () => {
		const o = await loadOverview(conn, {});
		const h = headlinesFor(o.headlines, o.counts, 2024).find((x) => x.id === 't2.gov_procurement.amount_yuan')!;
		expect(h).toMatchObject({ value: null, inFormat: false });
		const h2020 = headlinesFor(o.headlines, o.counts, 2020).find((x) => x.id === 'n.proactive.items')!;
		const [{ v }] = await conn.query<{ v: number }>("SELECT sum(value) AS v FROM facts WHERE metric = 'n.proactive.items' AND year = 2019");
		expect(h2020.prev).toBe(v);
	});

	it('knows which scopes exist', () => {
		expect(scopeExists(regions, { city: '宁波市', district: '鄞州区' })).toBe(true);
		expect(scopeExists(regions, { city: '上海市', district: '鄞州区' })).toBe(false);
		expect(scopeExists(regions, {})).toBe(true);
	});
});

describe('like-for-like change on the previous year', () => {
	it('sums only the organisations that reported both years', async () => {
		for (const dir of DATASETS) {
			const conn = await nodeConnector();
			await loadDatasetNative(conn, dir);
			const [{ y }] = await conn.query<{ y: number }>("SELECT CAST(max(year) AS INTEGER) AS y FROM reports WHERE status <> 'failed'");
			const q = sameOrgsQuery({}, y);
			const rows = await conn.query<SameOrgsRow & Record<string, unknown>>(q.sql, q.params);
			for (const r of rows) {
				// The plain way: organisations with a value in both years, then their sums in each year.
				const both = await conn.query<{ org: string; district: string | null }>(
					"SELECT org, district FROM facts_r WHERE metric = ? AND value IS NOT NULL AND status <> 'failed' AND year IN (?, ?) GROUP BY org, district HAVING count(DISTINCT year) = 2",
					[r.metric, y, y - 1]
				);
				expect(r.n_orgs).toBe(both.length);
				let cur = 0;
				let prev = 0;
				for (const b of both) {
					const vals = await conn.query<{ year: number; v: number }>(
						'SELECT CAST(year AS INTEGER) AS year, sum(value) AS v FROM facts_r WHERE metric = ? AND org = ? AND district IS NOT DISTINCT FROM ? AND year IN (?, ?) GROUP BY year',
						[r.metric, b.org, b.district, y, y - 1]
					);
					cur += vals.find((v) => v.year === y)?.v ?? 0;
					prev += vals.find((v) => v.year === y - 1)?.v ?? 0;
				}
				expect([r.cur, r.prev]).toEqual([cur, prev]);
			}
			if (dir === 'datasets/real') expect(rows).toEqual([]); // no organisation of the real corpus reports two years
			conn.close();
		}
	});
});
