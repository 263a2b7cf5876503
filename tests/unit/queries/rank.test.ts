import { describe, expect, it } from 'vitest';
import { indicator } from '../../../src/lib/catalog/indicators.ts';
import { bumpPoints, competitionRanks, rankCsvRows, rankOrgs, rankQuery, type OrgYearRow } from '../../../src/lib/queries/rank.ts';
import { useDataset } from '../../helpers/dataset.ts';

const row = (org: string, year: number, value: number | null, extra: Partial<OrgYearRow> = {}): OrgYearRow => ({
	province: '浙江省',
	city: '宁波市',
	district: '鄞州区',
	org,
	year,
	format: year >= 2021 ? '2021' : '2019',
	value,
	numerator: value,
	denominator: null,
	n_reports: 1,
	n_inconsistent: 0,
	...extra
});

describe('ranking rules', () => {
	it('gives ties the same rank and skips the ranks they use ("1, 2, 2, 4")', () => {
		const r = competitionRanks(
			[
				{ key: 'a', score: 9 },
				{ key: 'b', score: 5 },
				{ key: 'c', score: 5 },
				{ key: 'd', score: 1 }
			],
			'desc'
		);
		expect([...r]).toEqual([
			['a', 1],
			['b', 2],
			['c', 2],
			['d', 4]
		]);
		expect(competitionRanks([{ key: 'a', score: 9 }, { key: 'd', score: 1 }], 'asc').get('d')).toBe(1);
	});

	it('lists an indicator below its minimum denominator apart, with the reason, and ranks the others', () => {
		const ind = indicator('r.disclosure_rate')!;
		const rate = (org: string, num: number, den: number, extra: Partial<OrgYearRow> = {}) =>
			row(org, 2023, den >= ind.minDenominator ? (100 * num) / den : null, { numerator: num, denominator: den, ...extra });
		const res = rankOrgs('r.disclosure_rate', [rate('甲镇', 8, 10), rate('乙镇', 3, 3), rate('丙街道', 40, 50), rate('丁镇', 0, 0, { n_reports: 0, n_inconsistent: 1, numerator: null, denominator: null })], {
			year: 2023,
			by: 'value',
			order: 'desc'
		});
		expect(res.ranked.map((e) => [e.name, e.rank])).toEqual([
			['丙街道', 1],
			['甲镇', 1]
		]);
		expect(res.apart.map((e) => [e.name, e.reason])).toEqual([
			['乙镇', 'small'],
			['丁镇', 'inconsistent']
		]);
	});

	it('ranks by change in percentage points for indicators, with the change of rank on the year before', () => {
		const rows = [
			row('甲镇', 2021, 50, { denominator: 20 }),
			row('甲镇', 2022, 60, { denominator: 20 }),
			row('甲镇', 2023, 61, { denominator: 20 }),
			row('乙镇', 2021, 50, { denominator: 20 }),
			row('乙镇', 2022, 50, { denominator: 20 }),
			row('乙镇', 2023, 70, { denominator: 20 }),
			row('丙镇', 2023, 90, { denominator: 20 })
		];
		const res = rankOrgs('r.disclosure_rate', rows, { year: 2023, by: 'change', order: 'desc' });
		expect(res.ranked.map((e) => [e.name, e.rank, e.score, e.prevRank, e.rankChange])).toEqual([
			['乙镇', 1, 20, 2, 1],
			['甲镇', 2, 1, 1, -1]
		]);
		expect(res.apart.map((e) => [e.name, e.reason])).toEqual([['丙镇', 'no_previous']]);
		expect(res.ranked[0].trend.map((p) => p.value)).toEqual([null, null, 50, 50, 70]);
	});

	it('never ranks a metric by its change across the 2020/2021 format change when the definition changed there', () => {
		// t2.normative_docs.issued is grade B: 本年新制作数量 (2019) → 本年制发件数 (2021).
		const rows = [row('甲镇', 2020, 4), row('甲镇', 2021, 9), row('乙镇', 2021, 3), row('乙镇', 2022, 5)];
		const y21 = rankOrgs('t2.normative_docs.issued', rows, { year: 2021, by: 'change', order: 'desc' });
		expect(y21.apart.map((e) => [e.name, e.reason])).toEqual([
			['甲镇', 'format_change'],
			['乙镇', 'no_previous']
		]);
		const y22 = rankOrgs('t2.normative_docs.issued', rows, { year: 2022, by: 'change', order: 'desc' });
		expect(y22.ranked[0].score).toBeCloseTo(2 / 3);
	});
});

describe('/rank on the demo dataset (native DuckDB)', () => {
	const ds = useDataset('datasets/demo');

	it('ranks the towns of a district by disclosure rate: every ranked value is Σ numerator / Σ denominator with enough applications', async () => {
		const q = rankQuery('r.disclosure_rate', { scope: { city: '宁波市' } });
		const rows = await ds.conn.query<OrgYearRow>(q.sql, q.params);
		const res = rankOrgs('r.disclosure_rate', rows, { year: 2024, by: 'value', order: 'desc' });
		expect(res.ranked.length).toBeGreaterThan(3);
		expect(res.apart.length).toBeGreaterThan(res.ranked.length);
		for (const e of res.ranked) {
			expect(e.denominator).toBeGreaterThanOrEqual(10);
			expect(e.value).toBeCloseTo((100 * e.numerator!) / e.denominator!, 10);
		}
		for (const [a, b] of res.ranked.slice(1).map((e, i) => [res.ranked[i], e])) expect(a.value!).toBeGreaterThanOrEqual(b.value!);
		expect(res.apart.every((e) => e.rank === null && e.reason !== null)).toBe(true);
		const csv = rankCsvRows('r.disclosure_rate', res, { year: 2024, by: 'value', order: 'desc' });
		expect(csv).toHaveLength(res.ranked.length + res.apart.length);
		expect(Object.keys(csv[0])).toEqual(expect.arrayContaining(['rank', 'numerator', 'denominator', 'not_ranked_because', 'definition']));
		expect(csv[0].measure_zh).toBe('公开率');
		expect(csv[0].definition).toContain('予以公开与部分公开之和');
	});

	it('ranks the towns of a district by a metric, and draws ranks across years for the top and bottom N', async () => {
		const q = rankQuery('n.proactive.items', { scope: { district: '鄞州区' } });
		const rows = await ds.conn.query<OrgYearRow>(q.sql, q.params);
		const res = rankOrgs('n.proactive.items', rows, { year: 2025, by: 'value', order: 'desc' });
		const [{ n }] = await ds.conn.query<{ n: number }>(
			"SELECT count(DISTINCT org)::INTEGER AS n FROM facts_r WHERE district = '鄞州区' AND year = 2025 AND metric = 'n.proactive.items' AND value IS NOT NULL"
		);
		expect(res.ranked).toHaveLength(n);
		expect(res.ranked[0].rank).toBe(1);
		const bump = bumpPoints('n.proactive.items', rows, { year: 2025, by: 'value', order: 'desc', n: 3 });
		expect(new Set(bump.map((p) => p.key)).size).toBe(6);
		expect(bump.filter((p) => p.year === 2025).map((p) => p.rank).sort((a, b) => a - b)).toEqual(
			[...res.ranked.slice(0, 3), ...res.ranked.slice(-3)].map((e) => e.rank).sort((a, b) => a! - b!)
		);
	});
});
