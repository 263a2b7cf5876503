import { beforeAll, describe, expect, it } from 'vitest';
import { useDataset } from '../../helpers/dataset.ts';
import { issueCodes, issueLink, issueList, issueMatrix, issuesByDistrict, matrixRows, NO_QUALITY_FILTER, reportStatus, topTowns } from '../../../src/lib/queries/quality.ts';

describe('Quality queries on the real dataset', () => {
	const ds = useDataset();
	let total: number;
	beforeAll(async () => {
		[{ n: total }] = await ds.conn.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM issues');
	});

	it('the town × year matrix and the district bars add up to every issue', async () => {
		const m = await issueMatrix(ds.conn, NO_QUALITY_FILTER);
		expect(m.reduce((s, c) => s + c.n, 0)).toBe(total);
		const d = await issuesByDistrict(ds.conn, NO_QUALITY_FILTER);
		expect(d.reduce((s, c) => s + c.n, 0)).toBe(total);
		const [{ n: infos }] = await ds.conn.query<{ n: number }>(
			"SELECT count(*)::INTEGER AS n FROM issues i JOIN reports r USING (report_id) WHERE r.org = '咸祥镇人民政府' AND r.year = 2020 AND i.severity = 'info'"
		);
		expect(infos).toBeGreaterThan(1);
		expect(m.find((c) => c.org === '咸祥镇人民政府' && c.severity === 'info')).toMatchObject({ year: 2020, n: infos });
	});

	it('filters by severity, code, subject and region, matching an independent count', async () => {
		const cases = [
			[{ ...NO_QUALITY_FILTER, severities: ['warning'] }, "severity = 'warning'"],
			[{ ...NO_QUALITY_FILTER, code: 'truncated' }, "code = 'truncated'"],
			[{ ...NO_QUALITY_FILTER, subject: 'TABLE3' }, "subject ILIKE '%table3%'"],
			[
				{ ...NO_QUALITY_FILTER, scope: { district: '鄞州区' } },
				"report_id IN (SELECT report_id FROM reports WHERE district = '鄞州区')"
			]
		] as const;
		for (const [f, cond] of cases) {
			const [{ n }] = await ds.conn.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM issues WHERE ${cond}`);
			expect(n).toBeGreaterThan(0);
			expect((await issueList(ds.conn, f)).length).toBe(n);
			expect((await issueMatrix(ds.conn, f)).reduce((s, c) => s + c.n, 0)).toBe(n);
		}
	});

	it('lists errors before warnings before infos, and links metric issues to their value', async () => {
		const list = await issueList(ds.conn, NO_QUALITY_FILTER);
		const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
		const ranks = list.map((i) => rank[i.severity]);
		expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
		const metricIssue = list.find((i) => i.subject === 't2.admin_penalty.decisions')!;
		expect(metricIssue.has_fact).toBe(true);
		expect(issueLink(metricIssue)).toEqual({ metric: 't2.admin_penalty.decisions', year: 2020 });
		const doc = list.find((i) => i.code === 'truncated')!;
		expect(issueLink(doc)).toEqual({ report: doc.report_id });
	});

	it('reports status worst first, truncated reports before complete ones', async () => {
		const rows = await reportStatus(ds.conn, {});
		expect(rows.length).toBe(12);
		const ok = rows.findIndex((r) => r.status === 'ok');
		expect(rows.slice(0, ok).every((r) => r.status !== 'ok')).toBe(true);
		expect(rows.filter((r) => r.truncated).length).toBe(9);
		expect(await issueCodes(ds.conn)).toContainEqual({ code: 'truncated', n: 9 });
	});

	it('reshapes the matrix to one row per town and year with counts per severity and the worst one', async () => {
		const rows = matrixRows(await issueMatrix(ds.conn, NO_QUALITY_FILTER));
		const [{ n }] = await ds.conn.query<{ n: number }>(
			'SELECT count(DISTINCT (r.org, r.district, r.year))::INTEGER AS n FROM issues i JOIN reports r USING (report_id)'
		);
		expect(rows.length).toBe(n);
		expect(rows.reduce((s, r) => s + r.total, 0)).toBe(total);
		const xxz = rows.find((r) => r.org === '咸祥镇人民政府')!;
		const bySeverity = await ds.conn.query<{ severity: string; n: number }>(
			`SELECT severity, count(*)::INTEGER AS n FROM issues JOIN reports USING (report_id)
			 WHERE org = '咸祥镇人民政府' GROUP BY severity`
		);
		const count = (s: string) => bySeverity.find((r) => r.severity === s)?.n ?? 0;
		// The seed's garbled table 四 is repaired (a warning per group) and its blank table 三 inferred (info).
		expect(count('warning')).toBeGreaterThan(0);
		expect(xxz).toMatchObject({
			name: '咸祥镇',
			year: 2020,
			error: count('error'),
			warning: count('warning'),
			info: count('info'),
			total: count('error') + count('warning') + count('info'),
			worst: count('error') ? 'error' : 'warning'
		});
		for (const r of rows) expect(r.total).toBe(r.error + r.warning + r.info);
	});

	it('keeps the towns with most issues when the matrix would be too tall, and names twins by district', () => {
		const cells = [
			{ org: 'A镇', district: '甲区', year: 2020, severity: 'error', n: 1 },
			{ org: 'A镇', district: '乙区', year: 2020, severity: 'info', n: 5 },
			{ org: 'B镇', district: '甲区', year: 2021, severity: 'warning', n: 2 },
			{ org: 'B镇', district: '甲区', year: 2022, severity: 'warning', n: 2 }
		];
		const rows = matrixRows(cells);
		expect(rows.map((r) => r.name).sort()).toEqual(['A镇（乙区）', 'A镇（甲区）', 'B镇', 'B镇']);
		const top = topTowns(rows, 2);
		expect(top).toMatchObject({ towns: 3, shown: 2 });
		expect(new Set(top.rows.map((r) => r.name))).toEqual(new Set(['A镇（乙区）', 'B镇']));
	});
});
