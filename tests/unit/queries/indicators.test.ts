import { describe, expect, it } from 'vitest';
import { INDICATORS, indicator, indicatorMetrics, indicatorProblems, indicatorValue } from '../../../src/lib/catalog/indicators.ts';
import { INDICATOR_EXPORT_COLUMNS, indicatorExportQuery, indicatorQuery, loadIndicators, indicatorsByYearQuery, type IndicatorRow, type IndicatorYearRow } from '../../../src/lib/queries/indicators.ts';
import { schemaListing } from '../../../src/lib/queries/sql-console.ts';
import { useDataset } from '../../helpers/dataset.ts';
import type { Connector } from '../../../src/lib/db/connector.ts';
import { OVERVIEW_RATES } from '../../../src/lib/catalog/headlines.ts';

describe('the indicator catalog', () => {
	it('defines the seven rates of the supervisors’ issue, each over catalog metrics that exist in every format it claims', () => {
		expect(INDICATORS.map((i) => i.id)).toEqual([
			'r.disclosure_rate',
			'r.denial_rate',
			'r.unable_rate',
			'r.carry_forward_rate',
			'r.review_correction_rate',
			'r.litigation_correction_rate',
			'r.dispute_rate'
		]);
		for (const i of INDICATORS) {
			expect(indicatorProblems(i)).toEqual([]);
			expect(i.minDenominator).toBeGreaterThan(0);
			expect(i.definitionZh.length).toBeGreaterThan(10);
			expect(i.definitionEn.length).toBeGreaterThan(10);
			expect(i.source).toMatch(/国办公开办函/);
		}
	});

	it('writes the formulas as the issue defines them', () => {
		expect(indicator('r.disclosure_rate')!.numerator).toEqual(['t3.granted.total', 't3.partially_granted.total']);
		expect(indicator('r.denial_rate')!.numerator).toHaveLength(8);
		expect(indicator('r.unable_rate')!.denominator).toEqual(['t3.total_processed.total']);
		expect(indicator('r.carry_forward_rate')!.denominator).toEqual(['t3.new_received.total', 't3.carried_over.total']);
		// Decided cases only: 尚未审结 is in neither side.
		expect(indicator('r.review_correction_rate')!.denominator).toEqual(['t4.review.upheld', 't4.review.corrected', 't4.review.other']);
		expect(indicatorMetrics(indicator('r.litigation_correction_rate')!).some((m) => m.endsWith('.pending'))).toBe(false);
		expect(indicator('r.litigation_correction_rate')!.denominator).toHaveLength(6);
		expect(indicator('r.dispute_rate')!.unit).toBe('per100');
	});

	it('shows no value below the minimum denominator, and 100 × Σ numerator / Σ denominator from it on', () => {
		const r = indicator('r.disclosure_rate')!;
		expect(indicatorValue(r, 2, 3)).toBeNull();
		expect(indicatorValue(r, 0, 0)).toBeNull();
		expect(indicatorValue(r, 5, r.minDenominator)).toBeCloseTo((100 * 5) / r.minDenominator);
	});
});

/** Σ numerator / Σ denominator straight from the facts, written out independently of the view. */
async function bySql(conn: Connector, id: string, group: 'district' | 'org') {
	const ind = indicator(id)!;
	const list = (ids: readonly string[]) => ids.map((m) => `'${m}'`).join(', ');
	const sel = group === 'org' ? 'r.district, r.org' : 'r.district';
	return conn.query<{ district: string; org?: string; year: number; num: number; den: number; n: number; bad: number; [k: string]: unknown }>(
		`WITH per AS (
		   SELECT f.report_id,
		     sum(f.value) FILTER (WHERE f.metric IN (${list(ind.numerator)})) AS num,
		     -- a metric in both lists counts once on each side
		     sum(f.value) FILTER (WHERE f.metric IN (${list(ind.denominator)})) AS den,
		     bool_or(f.flags LIKE '%suspect%') AS bad,
		     count(f.value) AS present
		   FROM facts f WHERE f.metric IN (${list(indicatorMetrics(ind))}) GROUP BY f.report_id)
		 SELECT ${sel}, r.year::INTEGER AS year,
		   sum(num) FILTER (WHERE NOT bad) AS num, sum(den) FILTER (WHERE NOT bad) AS den,
		   count(*) FILTER (WHERE NOT bad)::INTEGER AS n, count(*) FILTER (WHERE bad)::INTEGER AS bad
		 FROM per JOIN reports r USING (report_id)
		 WHERE present = ${indicatorMetrics(ind).length} OR bad
		 GROUP BY ALL`
	);
}

describe('indicators on the demo dataset (native DuckDB)', () => {
	const ds = useDataset('datasets/demo');

	it('aggregates a district as Σ numerator / Σ denominator of its reports, not the mean of town rates', async () => {
		const q = indicatorQuery('r.disclosure_rate', 'district');
		const rows = await ds.conn.query<IndicatorRow>(q.sql, q.params);
		const expected = await bySql(ds.conn, 'r.disclosure_rate', 'district');
		expect(rows.length).toBeGreaterThan(50);
		const key = (r: { district?: string | null; year: number }) => `${r.district}|${r.year}`;
		const exp = new Map(expected.map((e) => [key(e), e]));
		let differsFromMean = 0;
		for (const r of rows) {
			const e = exp.get(key(r))!;
			expect(r.numerator).toBe(e.num);
			expect(r.denominator).toBe(e.den);
			expect(r.n_reports).toBe(e.n);
			expect(r.n_inconsistent).toBe(e.bad);
			if (r.denominator! >= 10) expect(r.value).toBeCloseTo((100 * e.num) / e.den, 10);
			else expect(r.value).toBeNull();
		}
		// The mean of the towns' own rates is a different number in most districts that have a rate at all.
		const q2 = indicatorQuery('r.disclosure_rate', 'org');
		const towns = await ds.conn.query<IndicatorRow>(q2.sql, q2.params);
		for (const r of rows.filter((x) => x.value !== null)) {
			const rates = towns.filter((t) => t.district === r.district && t.year === r.year && t.denominator! > 0).map((t) => (100 * t.numerator!) / t.denominator!);
			const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
			if (Math.abs(mean - r.value!) > 0.5) differsFromMean++;
		}
		expect(differsFromMean).toBeGreaterThan(5);
	});

	it('leaves out reports whose identities fail for the parts of the formula, and counts them', async () => {
		const [{ bad }] = await ds.conn.query<{ bad: number }>(
			`SELECT count(DISTINCT report_id)::INTEGER AS bad FROM facts
			 WHERE flags LIKE '%suspect%' AND metric IN ('t3.granted.total', 't3.partially_granted.total', 't3.total_processed.total')`
		);
		expect(bad).toBeGreaterThan(0);
		const q = indicatorQuery('r.disclosure_rate', 'all');
		const rows = await ds.conn.query<IndicatorRow>(q.sql, q.params);
		expect(rows.reduce((a, r) => a + r.n_inconsistent, 0)).toBe(bad);
		// Every report is either counted or counted apart.
		const [{ n }] = await ds.conn.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM reports WHERE status <> 'failed'");
		expect(rows.reduce((a, r) => a + r.n_reports + r.n_inconsistent + r.n_incomplete, 0)).toBe(n);
	});

	it('gives the Town profile every indicator by year with the same rule as the per-indicator query', async () => {
		const q = indicatorsByYearQuery({ sql: 'district = ?', params: ['鄞州区'] });
		const all = await ds.conn.query<IndicatorYearRow>(q.sql, q.params);
		expect(new Set(all.map((r) => r.indicator)).size).toBe(INDICATORS.length);
		for (const ind of INDICATORS) {
			const one = indicatorQuery(ind.id, 'district', { scope: { district: '鄞州区' } });
			const rows = await ds.conn.query<IndicatorRow>(one.sql, one.params);
			const mine = all.filter((r) => r.indicator === ind.id);
			expect(mine.map((r) => [r.year, r.numerator, r.denominator, r.n_inconsistent, r.value])).toEqual(
				rows.map((r) => [r.year, r.numerator, r.denominator, r.n_inconsistent, r.value])
			);
		}
	});

	it('gives the Overview’s rates in one statement, each exactly as its own query, in every district and year window', async () => {
		let statements = 0;
		const counting = { query: (sql: string, params?: readonly unknown[]) => (statements++, ds.conn.query(sql, params as never)) } as Connector;
		const districts = (await ds.conn.query<{ d: string }>('SELECT DISTINCT district AS d FROM reports WHERE district IS NOT NULL ORDER BY 1')).map((r) => r.d);
		let rows = 0;
		for (const f of [{}, ...districts.map((d) => ({ scope: { district: d }, from: 2022, to: 2023 }))]) {
			for (const group of ['all', 'district'] as const) {
				statements = 0;
				const got = await loadIndicators(counting, OVERVIEW_RATES, group, f);
				expect(statements).toBe(1);
				for (const id of OVERVIEW_RATES) {
					const q = indicatorQuery(id, group, f);
					expect(got[id], `${id} ${group} ${JSON.stringify(f)}`).toEqual(await ds.conn.query(q.sql, q.params));
					rows += got[id].length;
				}
			}
		}
		expect(rows).toBeGreaterThan(100);
	});

	it('shows a town’s rate only from the minimum denominator on', async () => {
		const ind = indicator('r.disclosure_rate')!;
		const q = indicatorQuery(ind.id, 'org', { scope: { district: '鄞州区' } });
		const rows = await ds.conn.query<IndicatorRow>(q.sql, q.params);
		const small = rows.filter((r) => r.denominator !== null && r.denominator < ind.minDenominator);
		const big = rows.filter((r) => r.denominator !== null && r.denominator >= ind.minDenominator);
		expect(small.length).toBeGreaterThan(0);
		expect(big.length).toBeGreaterThan(0);
		for (const r of small) expect(r.value).toBeNull();
		for (const r of big) expect(r.value).toBeCloseTo((100 * r.numerator!) / r.denominator!, 10);
	});
});

describe('indicators in the Data view download and the SQL console (demo, native DuckDB)', () => {
	const ds = useDataset('datasets/demo');

	it('downloads every indicator of every selected report with numerator and denominator columns', async () => {
		const q = indicatorExportQuery({ province: null, city: null, district: '鄞州区', towns: [], from: 2023, to: 2023 });
		const rows = await ds.conn.query<Record<string, unknown>>(q.sql, q.params);
		const [{ n }] = await ds.conn.query<{ n: number }>(
			"SELECT count(*)::INTEGER AS n FROM reports WHERE district = '鄞州区' AND year = 2023 AND status <> 'failed'"
		);
		expect(rows).toHaveLength(n * INDICATORS.length);
		expect(Object.keys(rows[0])).toEqual([...INDICATOR_EXPORT_COLUMNS]);
		for (const r of rows) {
			const ind = indicator(r.indicator as string)!;
			const den = r.denominator as number;
			if (r.state === 'ok' && den >= ind.minDenominator) expect(r.value).toBeCloseTo((100 * (r.numerator as number)) / den, 10);
			else expect(r.value).toBeNull();
		}
	});

	it('lists the indicators_r view in the SQL console’s schema', async () => {
		const schema = await schemaListing(ds.conn);
		const view = schema.find((s) => s.table === 'indicators_r')!;
		expect(view.kind).toBe('view');
		expect(view.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['indicator', 'numerator', 'denominator', 'state', 'value']));
		expect(schema.find((s) => s.table === 'indicators')?.columns.map((c) => c.name)).toContain('definition_zh');
	});
});

describe('indicators on the real reports (native DuckDB)', () => {
	const ds = useDataset('datasets/real');

	it('computes the Shanghai general office’s 2019 disclosure rate from its table 三 cells', async () => {
		const q = indicatorQuery('r.disclosure_rate', 'org', { scope: { city: '上海市' }, from: 2019, to: 2019 });
		const [row] = await ds.conn.query<IndicatorRow>(q.sql, q.params);
		const cells = await ds.conn.query<{ metric: string; value: number }>(
			"SELECT metric, value FROM facts_r WHERE org = '上海市人民政府办公厅' AND metric IN ('t3.granted.total', 't3.partially_granted.total', 't3.total_processed.total')"
		);
		const v = Object.fromEntries(cells.map((c) => [c.metric, c.value]));
		expect(row.org).toBe('上海市人民政府办公厅');
		expect(row.numerator).toBe(v['t3.granted.total'] + v['t3.partially_granted.total']);
		expect(row.denominator).toBe(v['t3.total_processed.total']);
		expect(row.value).toBeCloseTo((100 * row.numerator!) / row.denominator!, 10);
	});

	it('says 样本不足 rather than 0 % for one decided review: the science commission’s 2024 review correction rate has no value', async () => {
		const q = indicatorQuery('r.review_correction_rate', 'org', { scope: { city: '上海市' } });
		const rows = await ds.conn.query<IndicatorRow>(q.sql, q.params);
		const kewei = rows.find((r) => r.org === '上海市科学技术委员会')!;
		expect(kewei.denominator).toBeGreaterThan(0);
		expect(kewei.denominator).toBeLessThan(indicator('r.review_correction_rate')!.minDenominator);
		expect(kewei.value).toBeNull();
		const office = rows.find((r) => r.org === '上海市人民政府办公厅')!;
		expect(office.denominator).toBeGreaterThanOrEqual(5);
		expect(office.value).toBe(0);
	});
});
