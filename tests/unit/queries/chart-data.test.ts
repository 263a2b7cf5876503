import { describe, expect, it } from 'vitest';
import { useDataset } from '../../helpers/dataset.ts';
import { metric } from '../../../src/lib/catalog/index.ts';
import {
	HEADLINE_METRICS,
	continuityQuery,
	headlineTrend,
	loadOverview,
	outcomeTable,
	trendFromRows,
	type ContinuityRow,
	type OutcomeRow
} from '../../../src/lib/queries/overview.ts';
import { DEFAULT_TOWNS, compareTable, defaultTownsQuery, townsOfRows, type ComparePoint } from '../../../src/lib/queries/compare.ts';
import { resolveSeries, seriesQuery, type SeriesRow } from '../../../src/lib/queries/series.ts';
import { statusCounts } from '../../../src/lib/queries/quality.ts';
import { loadTowns } from '../../../src/lib/towns.ts';

/**
 * The pure shaping of query results that the chart modules (src/lib/charts) draw: the same function for a page
 * and its embed, so both draw the same figure.
 */
describe('a trend', () => {
	const row = (year: number, format: string | null, value: number): SeriesRow => ({ year, format, value, n_reports: 2 });
	const same = (key: string, years: number[]): ContinuityRow[] => years.map((year, i) => ({ key, year, n_orgs: 4, n_common: i === 0 ? 0 : 4 }));

	it('joins consecutive years reported by the same organisations into one segment', () => {
		const t = trendFromRows([row(2019, '2019', 1), row(2020, '2019', 2), row(2021, '2021', 3)], 'A', same('m', [2019, 2020, 2021]), 'm');
		expect(t.points.map((p) => p.segment)).toEqual(['all#0', 'all#0', 'all#0']);
		expect([t.breakAt, t.unjoined]).toEqual([null, 0]);
	});

	it('breaks a B/C series at the format change, and a year reported by other organisations from the one before', () => {
		const cont = same('m', [2019, 2020, 2021, 2022]).map((c) => (c.year === 2022 ? { ...c, n_common: 1 } : c));
		const t = trendFromRows([row(2019, '2019', 1), row(2020, '2019', 2), row(2021, '2021', 3), row(2022, '2021', 4)], 'B', cont, 'm');
		expect(t.breakAt).toBe(2020.5);
		expect(t.points.map((p) => p.segment)).toEqual(['2019#0', '2019#0', '2021#1', '2021#2']);
		expect(t.unjoined).toBe(1);
	});

	it('of a headline figure is drawn from headline rows, which carry no format: every headline metric is continuous or of one format, and its series is itself', () => {
		for (const id of HEADLINE_METRICS) {
			expect(['A', 'X'], id).toContain(metric(id)!.grade);
			expect(resolveSeries(id)!.members.map((m) => m.id)).toEqual([id]);
		}
	});

	describe.each(['datasets/real', 'datasets/demo'])('on %s', (dir) => {
		const ds = useDataset(dir);
		it("is the same for the Overview's headline figures (headline rows) and for /embed?chart=trend (series rows)", async () => {
			for (const scope of [{}, { district: '鄞州区' }]) {
				const o = await loadOverview(ds.conn, scope);
				const cq = continuityQuery(scope, { by: 'metric' });
				const byMetric = await ds.conn.query<ContinuityRow & Record<string, unknown>>(cq.sql, cq.params);
				for (const id of HEADLINE_METRICS) {
					const info = resolveSeries(id)!;
					const q = seriesQuery(id, { scope });
					const rows = await ds.conn.query<SeriesRow & Record<string, unknown>>(q.sql, q.params);
					const sq = continuityQuery(scope, { by: 'series', series: info.series });
					const bySeries = await ds.conn.query<ContinuityRow & Record<string, unknown>>(sq.sql, sq.params);
					const shape = (t: ReturnType<typeof trendFromRows>) => ({
						breakAt: t.breakAt,
						unjoined: t.unjoined,
						points: t.points.map((p) => [p.year, p.value, p.n_reports, p.segment, p.break])
					});
					const overview = headlineTrend(o.headlines, byMetric, id);
					expect(shape(overview), `${id} ${JSON.stringify(scope)}`).toEqual(shape(trendFromRows(rows, info.grade, bySeries, info.series)));
					if (dir === 'datasets/demo' && Object.keys(scope).length === 0) expect(overview.points.length, id).toBeGreaterThan(0);
				}
			}
		});
	});
});

describe("the outcome table under the Overview's chart", () => {
	const r = (year: number, outcome: OutcomeRow['outcome'], share: number | null): OutcomeRow => ({
		year,
		outcome,
		value: share === null ? 0 : share * 10,
		total: 10,
		n_reports: 3,
		n_unbalanced: year === 2020 ? 1 : 0,
		share
	});
	it('has a row per year, newest first, with each outcome share in its own column', () => {
		const rows = outcomeTable([r(2019, 'granted', 0.6), r(2019, 'denied', 0.4), r(2020, 'granted', 1), r(2020, 'denied', 0)]);
		expect(rows).toEqual([
			{ year: 2020, total: 10, n_reports: 3, n_unbalanced: 1, granted: 1, denied: 0 },
			{ year: 2019, total: 10, n_reports: 3, n_unbalanced: 0, granted: 0.6, denied: 0.4 }
		]);
		expect(outcomeTable([])).toEqual([]);
	});
});

describe("Compare's town × year table", () => {
	const p = (name: string, year: number, shown: number) => ({ name, year, shown }) as ComparePoint;
	it('has a row per town and a column per year (in year order), values as displayed', () => {
		const t = compareTable([p('甲镇', 2021, 30000), p('甲镇', 2019, 10000), p('乙镇', 2020, 20000)], (v) => v / 10_000);
		expect(t.years).toEqual([2019, 2020, 2021]);
		expect(t.rows).toEqual([
			{ name: '甲镇', '2021': 3, '2019': 1 },
			{ name: '乙镇', '2020': 2 }
		]);
		expect(compareTable([])).toEqual({ rows: [], years: [] });
	});
});

describe('the default towns of Compare and its embeds', () => {
	it('are the towns the rows name, in the rows’ order; a row naming no town of the list is left out', () => {
		const tw = (org: string, district: string | null) => ({ org, district, key: `${org}${district ?? ''}` });
		const towns = [tw('甲镇', '鄞州区'), tw('乙镇', '海曙区'), tw('甲镇', '海曙区')];
		expect(townsOfRows([{ org: '甲镇', district: '海曙区' }, { org: '丙镇', district: null }, { org: '乙镇', district: '海曙区' }], towns).map((t) => t.key)).toEqual(['甲镇海曙区', '乙镇海曙区']);
	});
	const ds = useDataset('datasets/demo');
	it(`are ${DEFAULT_TOWNS} towns of the demo dataset's town list, from the default query`, async () => {
		const q = defaultTownsQuery('n.proactive.items', {});
		const rows = await ds.conn.query<{ org: string; district: string | null } & Record<string, unknown>>(q.sql, q.params);
		const picked = townsOfRows(rows, await loadTowns(ds.conn));
		expect(picked).toHaveLength(DEFAULT_TOWNS);
		expect(picked.map((t) => [t.org, t.district])).toEqual(rows.map((r) => [r.org, r.district]));
	});
});

describe("the Quality view's report tiles", () => {
	it('count reports by status, truncation and whether every value was confirmed', () => {
		const s = (status: string, truncated: boolean, n_review: number | null) => ({ status, truncated, n_review });
		expect(statusCounts([s('ok', false, 0), s('ok', true, 2), s('partial', false, 0), s('partial', false, null), s('failed', false, 0)])).toEqual({
			ok: 2,
			partial: 2,
			failed: 1,
			truncated: 1,
			confirmed: 2,
			review: 1
		});
	});
});
