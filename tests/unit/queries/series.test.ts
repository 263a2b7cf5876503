import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { useDataset } from '../../helpers/dataset.ts';
import { comparable, loadSeries, markBreaks, resolveSeries, seriesQuery, type SeriesRow } from '../../../src/lib/queries/series.ts';
import { METRICS } from '../../../src/lib/catalog/index.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));
const expected = (file: string) => JSON.parse(readFileSync(`datasets/sources/real/${file}.expected.json`, 'utf8'));

describe('resolving a metric to its cross-format series', () => {
	it('joins the 2019 cell and its 2021 successor (B: 本年新制作数量 → 本年制发件数)', () => {
		const s = resolveSeries('t2.rules.new_made')!;
		expect(s.series).toBe('t2.rules.issued');
		expect(s.grade).toBe('B');
		expect(s.members.map((m) => m.id)).toEqual(['t2.rules.new_made', 't2.rules.issued']);
	});
	it('accepts a series id, and refuses what the catalog does not know', () => {
		expect(resolveSeries('t2.rules.stock')!.members.map((m) => m.id)).toEqual(['t2.rules.total_published', 't2.rules.valid']);
		expect(resolveSeries("x'; DROP TABLE facts; --")).toBeNull();
		expect(() => seriesQuery('no.such.metric')).toThrow(/unknown metric/);
	});
	it('every catalog metric resolves to a series whose members share one grade', () => {
		for (const m of METRICS) {
			const s = resolveSeries(m.id)!;
			expect(new Set(s.members.map((x) => x.grade)).size, m.id).toBe(1);
		}
	});
});

describe('break markers', () => {
	const row = (year: number, format: string, org = 'A'): SeriesRow => ({ org, year, format, value: 10, n_reports: 2 });
	const rows = [row(2019, '2019'), row(2020, '2019'), row(2021, '2021'), row(2022, '2021'), row(2021, '2021', 'B')];

	it('B/C series: one segment per format, a break on the first 2021-format point of a line that had 2019 points', () => {
		const { points, breakAt } = markBreaks(rows, 'C', (r) => r.org!);
		expect(points.filter((p) => p.org === 'A').map((p) => [p.year, p.segment, p.break])).toEqual([
			[2019, '2019', false],
			[2020, '2019', false],
			[2021, '2021', true],
			[2022, '2021', false]
		]);
		// Town B starts in 2021: nothing to break from.
		expect(points.find((p) => p.org === 'B')!.break).toBe(false);
		expect(breakAt).toBe(2020.5);
	});
	it('A series are one continuous segment with no break', () => {
		const { points, breakAt } = markBreaks(rows, 'A', (r) => r.org!);
		expect(new Set(points.map((p) => p.segment))).toEqual(new Set(['all']));
		expect(points.some((p) => p.break)).toBe(false);
		expect(breakAt).toBeNull();
	});
	it('value per report divides by the reports that gave a value', () => {
		expect(markBreaks([row(2019, '2019')], 'A').points[0].per_report).toBe(5);
	});
	it('year-on-year comparisons only within a segment and between consecutive years', () => {
		const { points } = markBreaks(rows.slice(0, 4), 'B');
		expect(comparable(points[0], points[1])).toBe(true);
		expect(comparable(points[1], points[2])).toBe(false);
		expect(comparable(points[0], points[2])).toBe(false);
		expect(comparable(undefined, points[0])).toBe(false);
	});
});

describe.each(DATASETS)('series on %s agree with plain SQL', (dir) => {
	const ds = useDataset(dir);

	it.each(['n.proactive.items', 't3.new_received.total', 't2.admin_penalty.decisions'])(
		'grade A %s: one value per year, the sum over the reports',
		async (id) => {
			const s = await loadSeries(ds.conn, id);
			const plain = await ds.conn.query<{ year: number; v: number; n: number }>(
				'SELECT CAST(f.year AS INTEGER) AS year, sum(f.value) AS v, CAST(count(f.value) AS INTEGER) AS n FROM facts f JOIN reports r USING (report_id) WHERE f.metric = ? AND f.value IS NOT NULL AND r.status <> \'failed\' GROUP BY 1 ORDER BY 1',
				[id]
			);
			expect(s.points.map((p) => [p.year, p.value, p.n_reports])).toEqual(plain.map((r) => [r.year, r.v, r.n]));
			expect(s.breakAt).toBeNull();
		}
	);

	it('grade B t2.rules.issued: 2019-format cells and 2021-format cells stay in separate segments', async () => {
		const s = await loadSeries(ds.conn, 't2.rules.issued');
		for (const p of s.points) {
			expect(p.segment).toBe(p.format);
		}
		const formats = new Set(s.points.map((p) => p.format));
		if (dir === 'datasets/real') expect([...formats].sort()).toEqual(['2019', '2021']);
		if (formats.has('2019') && formats.has('2021')) {
			expect(s.breakAt).not.toBeNull();
			expect(s.points.filter((p) => p.break)).toHaveLength(1);
		}
	});

	it('grade X procurement exists only where the 2019 format reports it', async () => {
		const s = await loadSeries(ds.conn, 't2.gov_procurement.amount_yuan');
		expect(s.points.every((p) => p.format === '2019')).toBe(true);
	});

	it('per town, the towns filter and the year range select exactly those reports', async () => {
		const [one] = await ds.conn.query<{ org: string; district: string | null; year: number }>(
			"SELECT org, district, CAST(year AS INTEGER) AS year FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL ORDER BY org LIMIT 1"
		);
		const s = await loadSeries(ds.conn, 'n.proactive.items', {
			towns: [one],
			byTown: true,
			from: one.year,
			to: one.year
		});
		const [plain] = await ds.conn.query<{ v: number }>(
			"SELECT sum(value) AS v FROM facts_r WHERE metric = 'n.proactive.items' AND org = ? AND district IS NOT DISTINCT FROM ? AND year = ?",
			[one.org, one.district, one.year]
		);
		expect(s.points).toHaveLength(1);
		expect(s.points[0]).toMatchObject({ org: one.org, year: one.year, value: plain.v });
	});
});

describe('series on the real corpus match the hand-checked expected values', () => {
	const ds = useDataset();

	it('咸祥镇 2020: items proactively published and procurement in yuan', async () => {
		const exp = expected('000-xianxiangzhen-2020').values;
		const town = [{ org: '咸祥镇人民政府', district: '鄞州区' }];
		const items = await loadSeries(ds.conn, 'n.proactive.items', { towns: town, byTown: true });
		expect(items.points.map((p) => [p.year, p.value])).toEqual([[2020, exp['n.proactive.items']]]);
		const money = await loadSeries(ds.conn, 't2.gov_procurement.amount_yuan', { towns: town, byTown: true });
		expect(money.points[0].value).toBe(exp['t2.gov_procurement.amount_yuan']);
	});

	it('a district scope keeps only that district; a quoted value is a parameter, not SQL', async () => {
		const s = await loadSeries(ds.conn, 'n.proactive.items', { scope: { district: '鄞州区' } });
		expect(s.points.map((p) => p.value)).toEqual([366]);
		const none = await loadSeries(ds.conn, 'n.proactive.items', { scope: { district: "鄞州区' OR '1'='1" } });
		expect(none.points).toEqual([]);
	});
});
