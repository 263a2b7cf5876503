import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import {
	HEADLINE_METRICS,
	OUTCOMES,
	MIN_COMMON_ORGS,
	REGIONS_SQL,
	continuityQuery,
	headlinesFor,
	loadCounts,
	splitByContinuity,
	yearLink,
	type ContinuityRow,
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
			"SELECT CAST(year AS INTEGER) AS year, CAST(count(*) AS INTEGER) AS reports, CAST(count(DISTINCT (province, city, district, org)) FILTER (WHERE org IS NOT NULL) AS INTEGER) AS orgs FROM reports WHERE status <> 'failed' AND year IS NOT NULL GROUP BY 1 ORDER BY 1"
		);
		expect(o.perYear).toEqual(orgsPerYear);
		const [{ orgs }] = await conn.query<{ orgs: number }>(
			"SELECT CAST(count(DISTINCT (province, city, district, org)) FILTER (WHERE org IS NOT NULL) AS INTEGER) AS orgs FROM reports WHERE status <> 'failed' AND year IS NOT NULL"
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

	it('gives outcome shares that add up to 100 % in every year, over the reports whose categories add up to their total', async () => {
		const o = await loadOverview(conn, {});
		const years = [...new Set(o.outcomes.map((r) => r.year))];
		expect(years.length).toBeGreaterThan(0);
		for (const year of years) {
			const rows = o.outcomes.filter((r) => r.year === year);
			expect(rows.map((r) => r.outcome).sort()).toEqual(OUTCOMES.map((c) => c.key).sort());
			const sum = rows.reduce((s, r) => s + r.value, 0);
			expect(sum, `${dir} ${year}`).toBe(rows[0].total);
			if (rows[0].total > 0) expect(rows.reduce((s, r) => s + (r.share ?? 0), 0), `${dir} ${year}`).toBeCloseTo(1, 12);
			// The reports left out are exactly those whose categories (blank = 0) differ from the total they state.
			const [{ off, ok }] = await conn.query<{ off: number; ok: number }>(
				`WITH p AS (SELECT f.report_id,
   max(value) FILTER (WHERE metric = 't3.total_processed.total') AS total,
   coalesce(sum(value) FILTER (WHERE metric IN (${OUTCOMES.flatMap((c) => c.rows.map((r) => `'t3.${r}.total'`)).join(', ')})), 0) AS parts
 FROM facts f JOIN reports r USING (report_id) WHERE r.status <> 'failed' AND r.year = ? GROUP BY 1)
SELECT CAST(count(*) FILTER (WHERE total IS NOT NULL AND parts <> total) AS INTEGER) AS off,
       CAST(count(*) FILTER (WHERE total IS NOT NULL AND parts = total) AS INTEGER) AS ok FROM p`,
				[year]
			);
			expect(rows[0].n_unbalanced).toBe(off);
			expect(rows[0].n_reports).toBe(ok);
		}
	});

	it('leaves out the demo\'s reports whose table 三 does not add up (there are some in every year)', async () => {
		if (!dir.endsWith('demo')) return;
		const o = await loadOverview(conn, {});
		const years = [...new Set(o.outcomes.map((r) => r.year))];
		expect(years.every((y) => o.outcomes.find((r) => r.year === y)!.n_unbalanced > 0)).toBe(true);
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

describe('comparing a year with the one before: the same organisations only', () => {
	const rows = (list: [string, number, number, number][]): ContinuityRow[] =>
		list.map(([key, year, n_orgs, n_common]) => ({ key, year, n_orgs, n_common }));

	it('tells the very same organisations, an overlap, too few in common and no previous year apart', () => {
		const c = rows([
			['m', 2020, 5, 0],
			['m', 2021, 5, 5],
			['m', 2022, 6, 4],
			['m', 2023, 3, 2],
			['m', 2025, 3, 0]
		]);
		expect(yearLink(c, 'm', 2020).link).toBe('none');
		expect(yearLink(c, 'm', 2021).link).toBe('same');
		expect(yearLink(c, 'm', 2022)).toMatchObject({ link: 'overlap', n_common: 4, n_orgs: 6, n_prev: 5 });
		expect(yearLink(c, 'm', 2023)).toMatchObject({ link: 'too_few', n_common: 2 });
		expect(MIN_COMMON_ORGS).toBe(3);
		expect(yearLink(c, 'm', 2025).link).toBe('none');
	});

	it('joins a trend line only between consecutive years of (nearly) the same organisations', () => {
		const c = rows([
			['m', 2019, 10, 0],
			['m', 2020, 10, 10],
			['m', 2021, 10, 9],
			['m', 2022, 10, 5],
			['m', 2024, 10, 0]
		]);
		const pts = [2019, 2020, 2021, 2022, 2024].map((year) => ({ year, segment: 'all' }));
		const { points, unjoined } = splitByContinuity(pts, c, 'm');
		const seg = points.map((p) => p.segment);
		expect(seg[0]).toBe(seg[1]); // same ten
		expect(seg[1]).toBe(seg[2]); // nine of ten
		expect(seg[2]).not.toBe(seg[3]); // five of ten: not joined
		expect(seg[3]).not.toBe(seg[4]); // a gap year
		expect(unjoined).toBe(1);
	});

	it('real corpus: every report is another organisation, so no year is compared with the one before', async () => {
		const conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
		const q = continuityQuery({}, { by: 'metric' });
		const c = await conn.query<ContinuityRow & Record<string, unknown>>(q.sql, q.params);
		const o = await loadOverview(conn, {});
		for (const id of HEADLINE_METRICS) {
			for (const year of o.years) {
				const l = yearLink(c, id, year);
				expect(['none', 'too_few'], `${id} ${year}`).toContain(l.link);
				expect(l.n_common).toBe(0);
			}
		}
		// The case seen on the page: 湖东镇 2025 (67 items) after 上海市科学技术委员会 2024 (393) — no change, not "−83.0 %".
		expect(yearLink(c, 'n.proactive.items', 2025).link).toBe('too_few');
		const points = o.headlines
			.filter((h) => h.metric === 'n.proactive.items')
			.map((h) => ({ year: h.year, segment: 'all' }));
		const split = splitByContinuity(points, c, 'n.proactive.items').points;
		expect(split.length).toBeGreaterThan(3);
		expect(new Set(split.map((p) => p.segment)).size).toBe(split.length);
		conn.close();
	});

	it('demo: the same 162 towns report every year, so every year after the first is like for like and one line', async () => {
		const conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/demo');
		for (const source of ['facts', 'agg'] as const) {
			const q = continuityQuery({ district: '海曙区' }, { by: 'metric', source });
			const c = await conn.query<ContinuityRow & Record<string, unknown>>(q.sql, q.params);
			const years = [...new Set(c.map((r) => r.year))].sort();
			expect(years.length).toBeGreaterThan(3);
			for (const y of years.slice(1)) expect(['same', 'overlap']).toContain(yearLink(c, 'n.proactive.items', y).link);
			// The like-for-like rows count the same organisations the continuity rows do.
			const last = years[years.length - 1];
			const s = sameOrgsQuery({ district: '海曙区' }, last, source);
			const same = await conn.query<SameOrgsRow & Record<string, unknown>>(s.sql, s.params);
			expect(same.find((r) => r.metric === 'n.proactive.items')!.n_orgs).toBe(yearLink(c, 'n.proactive.items', last).n_common);
		}
		conn.close();
	});
});

describe('counting organisations', () => {
	it('counts towns of one name in two districts as two organisations, and one town reporting twice as one', async () => {
		const conn = await nodeConnector();
		await conn.query(`CREATE TABLE reports AS SELECT * FROM (VALUES
			('r1', '城关镇', '四川省', '成都市', '金牛区', 2024, 'text', 'ok'),
			('r2', '城关镇', '四川省', '绵阳市', '涪城区', 2024, 'text', 'ok'),
			('r3', '城关镇', '四川省', '绵阳市', '涪城区', 2025, 'html', 'ok'),
			('r4', NULL, '四川省', '绵阳市', '涪城区', 2025, 'html', 'ok')
		) t(report_id, org, province, city, district, year, format, status)`);
		const counts = await loadCounts(conn, { province: '四川省' });
		conn.close();
		expect(counts.totals).toEqual({ reports: 4, orgs: 2 });
		expect(counts.perYear.map((r) => [r.year, r.reports, r.orgs])).toEqual([
			[2024, 2, 2],
			[2025, 2, 1]
		]);
	});
});
