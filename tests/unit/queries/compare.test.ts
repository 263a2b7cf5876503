import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { useDataset } from '../../helpers/dataset.ts';
import { setupSql } from '../../../src/lib/db/setup-sql.ts';
import { TABLES } from '../../../src/lib/dataset/schema.ts';
import {
	OUTLIER_Z,
	defaultTownsQuery,
	isOutlier,
	loadCompare,
	outlierQuery,
	rankTowns,
	type CompareTown,
	type OutlierRow
} from '../../../src/lib/queries/compare.ts';
import { loadTowns } from '../../../src/lib/towns.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));

/** The robust z-score computed the plain way, to check the SQL against. */
function robustZ(xs: number[], x: number): number | null {
	if (xs.length < 5) return null;
	const median = (v: number[]) => {
		const s = [...v].sort((a, b) => a - b);
		const m = s.length >> 1;
		return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
	};
	const med = median(xs);
	const devs = xs.map((v) => Math.abs(v - med));
	const mad = median(devs);
	if (mad > 0) return (0.6745 * (x - med)) / mad;
	const meanAd = devs.reduce((a, b) => a + b, 0) / devs.length;
	return meanAd > 0 ? (x - med) / (1.253314 * meanAd) : null;
}

/** A tiny dataset in memory: towns of one district with given values of one metric per year and format. */
async function tinyDataset(rows: { org: string; district: string; year: number; format: string; metric: string; value: number }[]) {
	const conn = await nodeConnector();
	for (const name of ['facts', 'reports', 'issues', 'texts'] as const) {
		const cols = Object.entries(TABLES[name]).map(([c, t]) => `${c} ${t}`).join(', ');
		await conn.query(`CREATE TABLE ${name} (${cols})`);
	}
	for (const [i, r] of rows.entries()) {
		const id = `r${i}`;
		await conn.query(
			"INSERT INTO reports (report_id, org, level, province, city, district, year, format, source_file, sha256, status, truncated, n_values, n_errors, n_warnings, n_infos) VALUES (?, ?, 'town', '浙江省', '宁波市', ?, ?, ?, 'f', 'h', 'ok', false, 1, 0, 0, 0)",
			[id, r.org, r.district, r.year, r.format]
		);
		await conn.query("INSERT INTO facts (report_id, year, metric, value, unit, flags, raw) VALUES (?, ?, ?, ?, 'count', '', '')", [
			id,
			r.year,
			r.metric,
			r.value
		]);
	}
	for (const sql of setupSql()) await conn.query(sql);
	return conn;
}

describe('the outlier rule', () => {
	const values = [10, 11, 12, 12, 13, 14, 90];
	const towns = values.map((v, i) => ({ org: `镇${i}`, district: '鄞州区', year: 2022, format: '2021', metric: 'n.proactive.items', value: v }));
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await tinyDataset([
			...towns,
			// A second district, to show each district is judged against its own median.
			...[500, 510, 520, 530, 540].map((v, i) => ({ org: `街道${i}`, district: '海曙区', year: 2022, format: '2021', metric: 'n.proactive.items', value: v }))
		]);
	});
	afterAll(() => conn.close());

	it('marks a town far above its district median, computed as by hand', async () => {
		const picked = towns.map((t) => ({ org: t.org, district: t.district }));
		const q = outlierQuery('n.proactive.items', picked);
		const rows = await conn.query<OutlierRow & Record<string, unknown>>(q.sql, q.params);
		expect(rows).toHaveLength(values.length);
		for (const r of rows) {
			expect(r.median).toBe(12);
			expect(r.z).toBeCloseTo(robustZ(values, r.value)!, 10);
		}
		expect(rows.filter((r) => isOutlier(r.z)).map((r) => r.org)).toEqual(['镇6']);
	});

	it('does not judge a district with fewer than 5 towns', async () => {
		const small = await tinyDataset(
			[1, 2, 100].map((v, i) => ({ org: `镇${i}`, district: '象山县', year: 2022, format: '2021', metric: 'n.proactive.items', value: v }))
		);
		const q = outlierQuery('n.proactive.items', [{ org: '镇2', district: '象山县' }]);
		const [r] = await small.query<OutlierRow & Record<string, unknown>>(q.sql, q.params);
		expect(r.z).toBeNull();
		small.close();
	});

	it('falls back to the mean absolute deviation when most towns share the median', async () => {
		const same = await tinyDataset(
			[5, 5, 5, 5, 5, 60].map((v, i) => ({ org: `镇${i}`, district: '奉化区', year: 2022, format: '2021', metric: 'n.proactive.items', value: v }))
		);
		const q = outlierQuery('n.proactive.items', [{ org: '镇5', district: '奉化区' }]);
		const [r] = await same.query<OutlierRow & Record<string, unknown>>(q.sql, q.params);
		expect(r.mad).toBe(0);
		expect(r.z).toBeCloseTo(robustZ([5, 5, 5, 5, 5, 60], 60)!, 10);
		expect(isOutlier(r.z)).toBe(true);
		same.close();
	});

	it('the threshold is 3.5 in either direction', () => {
		expect(OUTLIER_Z).toBe(3.5);
		expect(isOutlier(3.5)).toBe(false);
		expect(isOutlier(-3.6)).toBe(true);
		expect(isOutlier(null)).toBe(false);
	});
});

describe('the ranked table', () => {
	let conn: NativeConnector;
	const picked: CompareTown[] = ['甲镇', '乙镇', '丙镇'].map((org) => ({ key: org, org, name: org, district: '鄞州区' }));
	beforeAll(async () => {
		const r = (org: string, year: number, format: string, metric: string, value: number) => ({ org, district: '鄞州区', year, format, metric, value });
		conn = await tinyDataset([
			r('甲镇', 2020, '2019', 't2.rules.new_made', 4),
			r('甲镇', 2021, '2021', 't2.rules.issued', 8),
			r('乙镇', 2020, '2019', 'n.proactive.items', 100),
			r('乙镇', 2021, '2021', 'n.proactive.items', 150),
			r('丙镇', 2021, '2021', 'n.proactive.items', 150),
			r('甲镇', 2021, '2021', 'n.proactive.items', 50)
		]);
	});
	afterAll(() => conn.close());

	it('ranks by value, ties share a rank, and gives the change on the previous year', async () => {
		const c = await loadCompare(conn, 'n.proactive.items', picked);
		const rows = rankTowns(c.points, 2021);
		// All three towns are one district: each row carries the district's median that year.
		expect(new Set(rows.map((r) => r.median))).toEqual(new Set([150]));
		expect(rows.map((r) => [r.rank, r.name, r.value, r.prev, r.change])).toEqual([
			[1, '丙镇', 150, null, null],
			[1, '乙镇', 150, 100, 0.5],
			[3, '甲镇', 50, null, null]
		]);
	});

	it('gives no change across the format break of a grade B series, and says so', async () => {
		const c = await loadCompare(conn, 't2.rules.issued', picked);
		const [row] = rankTowns(c.points, 2021);
		expect(row).toMatchObject({ name: '甲镇', value: 8, prev: null, change: null, formatBreak: true });
		expect(c.points.find((p) => p.year === 2021)!.break).toBe(true);
	});
});

describe.each(DATASETS)('comparing towns of %s', (dir) => {
	const ds = useDataset(dir);

	it('the default towns have values for the metric, and their values equal plain SQL sums', async () => {
		const q = defaultTownsQuery('n.proactive.items', {}, 5);
		const refs = await ds.conn.query<{ org: string; district: string | null; n_years: number }>(q.sql, q.params);
		expect(refs.length).toBeGreaterThan(0);
		const all = await loadTowns(ds.conn);
		const picked = refs.map((r) => all.find((t) => t.org === r.org && t.district === r.district)!);
		const c = await loadCompare(ds.conn, 'n.proactive.items', picked, { mode: 'abs' });
		for (const p of c.points) {
			const [{ v }] = await ds.conn.query<{ v: number }>(
				"SELECT sum(value) AS v FROM facts_r WHERE metric = 'n.proactive.items' AND org = ? AND district IS NOT DISTINCT FROM ? AND year = ?",
				[p.org!, p.district ?? null, p.year]
			);
			expect(p.shown).toBe(v);
		}
	});

	it('outlier z-scores agree with the hand computation over each district', async () => {
		const all = await loadTowns(ds.conn);
		const picked = all.filter((t) => t.district).slice(0, 40);
		const q = outlierQuery('n.proactive.items', picked);
		const rows = await ds.conn.query<OutlierRow & Record<string, unknown>>(q.sql, q.params);
		for (const r of rows.slice(0, 40)) {
			const peers = await ds.conn.query<{ x: number }>(
				"SELECT sum(value) AS x FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL AND status <> 'failed' AND district = ? AND year = ? AND (province, city) IN (SELECT (province, city) FROM reports WHERE org = ? AND district = ?) GROUP BY org",
				[r.district!, r.year, r.org, r.district!]
			);
			const z = robustZ(peers.map((p) => p.x), r.value);
			if (z === null) expect(r.z).toBeNull();
			else expect(r.z).toBeCloseTo(z, 8);
		}
	});
});
