/**
 * The Overview's queries read either the aggregate tables `agg_scope` / `agg_cont` / `agg_ind` (src/lib/db/setup-sql.ts) or
 * `facts_r`. Here both are compared, row for row, with the same question asked of `facts_r` directly (the queries
 * as they were before the aggregates existed), on the shipped datasets and over every scope and year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import {
	HEADLINE_METRICS,
	OUTCOMES,
	TOTAL_PROCESSED,
	continuityQuery,
	countsFromLevels,
	headlineQuery,
	loadOverview,
	outcomesQuery,
	reportCountsQuery,
	sameOrgsQuery,
	type CountRow
} from '../../../src/lib/queries/overview.ts';
import type { Connector } from '../../../src/lib/db/connector.ts';
import { indicatorAggQuery, loadIndicators } from '../../../src/lib/queries/indicators.ts';
import { OVERVIEW_RATES } from '../../../src/lib/catalog/headlines.ts';
import { and, scopeWhere } from '../../../src/lib/queries/series.ts';
import type { Param } from '../../../src/lib/db/connector.ts';
import type { Scope } from '../../../src/lib/url-params.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));
const BASE = { sql: "status <> 'failed' AND year IS NOT NULL", params: [] as Param[] };
const inHeadline = { sql: `metric IN (${HEADLINE_METRICS.map(() => '?').join(', ')})`, params: [...HEADLINE_METRICS] as Param[] };

function headlineFromFacts(scope: Partial<Scope>) {
	const w = and(BASE, scopeWhere(scope), inHeadline);
	return {
		sql: `SELECT metric, CAST(year AS INTEGER) AS year, sum(value) AS value, CAST(count(value) AS INTEGER) AS n_reports
FROM facts_r WHERE ${w.sql} GROUP BY metric, year HAVING count(value) > 0 ORDER BY metric, year`,
		params: w.params
	};
}

/** Per report from facts_r: its total and the sum of its categories; only reports where the two agree are shared out. */
function outcomesFromFacts(scope: Partial<Scope>) {
	const pairs = OUTCOMES.flatMap((o) => o.rows.map((r) => [`t3.${r}.total`, o.key]));
	const w = and(BASE, scopeWhere(scope), { sql: 'metric = ? AND value IS NOT NULL', params: [TOTAL_PROCESSED] });
	return {
		sql: `WITH m(metric, outcome) AS (VALUES ${pairs.map(() => '(?, ?)').join(', ')}),
t AS (SELECT report_id, CAST(year AS INTEGER) AS year, value AS total FROM facts_r WHERE ${w.sql}),
parts AS (SELECT f.report_id, m.outcome, sum(f.value) AS value FROM facts f JOIN m ON m.metric = f.metric GROUP BY ALL),
rep AS (SELECT t.*, coalesce((SELECT sum(value) FROM parts p WHERE p.report_id = t.report_id), 0) = t.total AS ok FROM t),
y AS (SELECT year, coalesce(sum(total) FILTER (WHERE ok), 0) AS total, CAST(count(*) FILTER (WHERE ok) AS INTEGER) AS n_reports,
        CAST(count(*) FILTER (WHERE NOT ok) AS INTEGER) AS n_unbalanced FROM rep GROUP BY year),
o AS (SELECT rep.year, p.outcome, sum(p.value) AS value FROM rep JOIN parts p USING (report_id) WHERE rep.ok GROUP BY ALL)
SELECT y.year, k.outcome, coalesce(o.value, 0) AS value, y.total, y.n_reports, y.n_unbalanced,
  CASE WHEN y.total > 0 THEN coalesce(o.value, 0) / y.total END AS share
FROM y CROSS JOIN (SELECT DISTINCT outcome FROM m) k LEFT JOIN o ON o.year = y.year AND o.outcome = k.outcome
ORDER BY y.year, k.outcome`,
		params: [...pairs.flat(), ...w.params]
	};
}

/** An organisation is its name in its province, city and district (overview.ts, `ORG_KEY`). */
function sameOrgsFromFacts(scope: Partial<Scope>, year: number) {
	const w = and(BASE, scopeWhere(scope), { sql: 'value IS NOT NULL AND year IN (?, ?)', params: [year, year - 1] }, inHeadline);
	return {
		sql: `WITH v AS (SELECT metric, province, city, district, org, CAST(year AS INTEGER) AS year, sum(value) AS v
  FROM facts_r WHERE ${w.sql} GROUP BY ALL),
both_years AS (SELECT metric, province, city, district, org FROM v GROUP BY ALL HAVING count(DISTINCT year) = 2)
SELECT v.metric, sum(CASE WHEN v.year = ? THEN v.v END) AS cur, sum(CASE WHEN v.year = ? THEN v.v END) AS prev,
  CAST(count(*) FILTER (WHERE v.year = ?) AS INTEGER) AS n_orgs
FROM v SEMI JOIN both_years b ON b.metric = v.metric AND b.org = v.org AND b.province IS NOT DISTINCT FROM v.province
  AND b.city IS NOT DISTINCT FROM v.city AND b.district IS NOT DISTINCT FROM v.district
GROUP BY v.metric ORDER BY v.metric`,
		params: [...w.params, year, year - 1, year]
	};
}

/** Per headline metric and year: organisations with a value, and of them those with one the year before (NOT EXISTS-free: counted per year). */
function continuityFromFacts(scope: Partial<Scope>) {
	const w = and(BASE, scopeWhere(scope), { sql: 'value IS NOT NULL', params: [] }, inHeadline);
	return {
		sql: `WITH v AS (SELECT DISTINCT metric, province, city, district, org, CAST(year AS INTEGER) AS year FROM facts_r WHERE ${w.sql})
SELECT metric AS key, year, CAST(count(*) AS INTEGER) AS n_orgs,
  CAST(count(*) FILTER (WHERE EXISTS (SELECT 1 FROM v p WHERE p.metric = v.metric AND p.org = v.org AND p.year = v.year - 1
    AND p.province IS NOT DISTINCT FROM v.province AND p.city IS NOT DISTINCT FROM v.city AND p.district IS NOT DISTINCT FROM v.district)) AS INTEGER) AS n_common
FROM v GROUP BY metric, year ORDER BY key, year`,
		params: w.params
	};
}

describe.each(DATASETS)('the Overview from the aggregate tables of %s', (dir) => {
	let conn: NativeConnector;
	let scopes: Partial<Scope>[] = [];
	let years: number[] = [];
	const q = (x: { sql: string; params: Param[] }) => conn.query(x.sql, x.params);
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, dir);
		const regions = await conn.query<{ province: string | null; city: string | null; district: string | null }>(
			'SELECT DISTINCT province, city, district FROM reports ORDER BY ALL'
		);
		const seen = new Set<string>();
		const add = (s: Partial<Scope>) => {
			const k = JSON.stringify(s);
			if (!seen.has(k)) (seen.add(k), scopes.push(s));
		};
		add({});
		for (const r of regions) {
			if (r.province) add({ province: r.province });
			if (r.city) add({ province: r.province, city: r.city });
			if (r.district) add({ province: r.province, city: r.city, district: r.district });
			if (r.district) add({ district: r.district });
		}
		add({ district: '没有这个区' });
		years = (await conn.query<{ y: number }>('SELECT DISTINCT CAST(year AS INTEGER) AS y FROM reports WHERE year IS NOT NULL ORDER BY 1')).map((r) => r.y);
	});
	afterAll(() => conn.close());

	it('has scopes and years to compare', () => {
		expect(scopes.length).toBeGreaterThan(3);
		expect(years.length).toBeGreaterThan(1);
	});

	it('gives the headline figures facts_r gives, in every scope', async () => {
		let rows = 0;
		for (const s of scopes) {
			const want = await q(headlineFromFacts(s));
			const got = await q(headlineQuery(s, 'agg'));
			expect(got, JSON.stringify(s)).toEqual(want);
			expect(await q(headlineQuery(s, 'facts')), JSON.stringify(s)).toEqual(want);
			rows += got.length;
		}
		expect(rows).toBeGreaterThan(0);
	});

	it('gives the outcome shares facts_r gives, in every scope', async () => {
		let rows = 0;
		for (const s of scopes) {
			const want = await q(outcomesFromFacts(s));
			const got = await q(outcomesQuery(s, 'agg'));
			expect(got, JSON.stringify(s)).toEqual(want);
			expect(await q(outcomesQuery(s, 'facts')), JSON.stringify(s)).toEqual(want);
			rows += got.length;
		}
		expect(rows).toBeGreaterThan(0);
	});

	it('answers a filter change in one statement with exactly the rows of its four queries, in every scope', async () => {
		let statements = 0;
		const counting: Connector = { query: (sql, params) => (statements++, conn.query(sql, params)) } as Connector;
		let rows = 0;
		for (const s of scopes) {
			statements = 0;
			const got = await loadOverview(counting, s, 'agg');
			expect(statements, JSON.stringify(s)).toBe(1);
			const want = {
				...countsFromLevels(await q(reportCountsQuery(s)) as unknown as (CountRow & { level: number })[]),
				headlines: await q(headlineQuery(s, 'agg')),
				continuity: await q(continuityQuery(s, { by: 'metric', source: 'agg' })),
				outcomes: await q(outcomesQuery(s, 'agg'))
			};
			expect(got, JSON.stringify(s)).toEqual(want);
			// Same figures as the first draw from facts_r.
			expect(got, JSON.stringify(s)).toEqual(await loadOverview(conn, s, 'facts'));
			rows += got.headlines.length + got.outcomes.length + got.counts.length;
		}
		expect(rows).toBeGreaterThan(0);
	});

	it('gives the continuity (organisations per year and in common with the year before) facts_r gives, in every scope', async () => {
		let common = 0;
		for (const s of scopes) {
			const want = await q(continuityFromFacts(s));
			expect(await q(continuityQuery(s, { by: 'metric', source: 'agg' })), JSON.stringify(s)).toEqual(want);
			expect(await q(continuityQuery(s, { by: 'metric', source: 'facts' })), JSON.stringify(s)).toEqual(want);
			common += want.reduce((a, r) => a + Number(r.n_common), 0);
		}
		if (dir.endsWith('demo')) expect(common).toBeGreaterThan(0);
	});

	it("gives the Overview's rates from agg_ind as from indicators_r, in every scope and year range, in one statement", async () => {
		let values = 0;
		// The Overview asks for one scope and two years ('all'); every group is checked over the whole dataset.
		const cases = [
			...(['all', 'province', 'city', 'district'] as const).map((group) => ({ s: {}, group, range: [null, null] as const })),
			...scopes.slice(0, 30).flatMap((s) => [
				{ s, group: 'all' as const, range: [years[0], years[0]] as const },
				{ s, group: 'all' as const, range: [years[years.length - 2], years[years.length - 1]] as const }
			])
		];
		for (const { s, group, range } of cases) {
			const f = { scope: s, from: range[0], to: range[1] };
			let statements = 0;
			const counting: Connector = { query: (sql, params) => (statements++, conn.query(sql, params)) } as Connector;
			const got = await loadIndicators(counting, OVERVIEW_RATES, group, f, 'agg');
			expect(statements).toBe(1);
			expect(got, `${JSON.stringify(f)} ${group}`).toEqual(await loadIndicators(conn, OVERVIEW_RATES, group, f, 'facts'));
			values += Object.values(got).flat().filter((r) => r.value !== null).length;
		}
		expect(values).toBeGreaterThan(0);
		// What agg_ind cannot answer (per organisation, a level, picked towns) is asked of indicators_r.
		expect(indicatorAggQuery(OVERVIEW_RATES[0], 'org', {})).toBeNull();
		expect(indicatorAggQuery(OVERVIEW_RATES[0], 'all', { level: 'town' })).toBeNull();
	}, 120_000);

	it('gives the like-for-like change facts_r gives, in every scope and year', async () => {
		let rows = 0;
		for (const s of scopes.slice(0, 40)) {
			for (const y of years) {
				const want = await q(sameOrgsFromFacts(s, y));
				const got = await q(sameOrgsQuery(s, y, 'agg'));
				expect(got, `${JSON.stringify(s)} ${y}`).toEqual(want);
				expect(await q(sameOrgsQuery(s, y, 'facts')), `${JSON.stringify(s)} ${y}`).toEqual(want);
				rows += got.length;
			}
		}
		// The real dataset has one report per organisation, so only the demo has organisations in both years.
		if (dir.endsWith('demo')) expect(rows).toBeGreaterThan(0);
	});
});
