/**
 * A batch ingest writes a real DuckDB-made dataset; broken files become failed rows with their reason
 * and the rest of the batch is kept; the output folder is replaced only when complete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, writeFile, copyFile, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ingest } from '../../../src/node/ingest.ts';
import { CORPUS } from '../../helpers/corpus.ts';
import { queryFolder } from '../../helpers/dataset.ts';

let dir: string;
let out: string;
let summary: Awaited<ReturnType<typeof ingest>>;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-ingest-'));
	const src = join(dir, 'in');
	await mkdir(src);
	for (const f of ['000-xianxiangzhen-2020.txt', '001-shanghai-shizhengfubangongting-2019.html', '005-liangchengzhen-2020.txt']) await copyFile(join(CORPUS, f), join(src, f));
	const seed = await readFile(join(CORPUS, '000-xianxiangzhen-2020.txt'), 'utf8');
	await writeFile(join(src, 'gbk-copy.txt'), iconv.encode(seed.replace('咸祥镇2020年', '咸祥镇2021年'), 'gbk'));
	await writeFile(join(src, 'empty.txt'), '');
	await writeFile(join(src, 'scan.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	await writeFile(join(src, 'notice.txt'), '关于开展春季植树活动的通知\n各村：请于3月12日前报名。');
	await writeFile(join(src, 'manifest.csv'), 'file,org,province,city,district,year,source\n000-xianxiangzhen-2020.txt,咸祥镇人民政府,浙江省,宁波市,鄞州区,2020,https://example.gov.cn/xx/2020.html\n');
	out = join(dir, 'out');
	summary = await ingest([src], { out, name: 'test', title: '测试年报', titleEn: 'Test reports' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const query = (sql: string) => queryFolder(out, sql);

describe('ingest', () => {
	it('reads the good reports and names every broken file with its reason', () => {
		const failed = Object.fromEntries(summary.files.filter((f) => f.status === 'failed').map((f) => [f.file, f.reason]));
		expect(Object.keys(failed).sort()).toEqual(['empty.txt', 'notice.txt', 'scan.png']);
		expect(failed['empty.txt']).toMatch(/empty/);
		expect(failed['scan.png']).toMatch(/PNG image/);
		expect(failed['notice.txt']).toMatch(/does not look like/);
		expect(summary.files.filter((f) => f.status !== 'failed')).toHaveLength(4);
	});

	it('writes Parquet, CSV and a manifest', async () => {
		const files = (await readdir(out)).sort();
		for (const t of ['facts', 'reports', 'issues', 'texts']) expect(files).toEqual(expect.arrayContaining([`${t}.parquet`, `${t}.csv`]));
		const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
		expect(manifest).toMatchObject({ name: 'test', title: '测试年报', title_en: 'Test reports', schema_version: 3, synthetic: false, summary: { reports: 7 } });
		expect(manifest.tables.facts.rows).toBe(summary.facts);
	});

	it('stores facts that DuckDB reads back with their spans', async () => {
		const [row] = await query(`SELECT value, raw, unit, flags FROM '$out/facts.parquet' WHERE report_id = '000-xianxiangzhen-2020' AND metric = 't2.gov_procurement.amount_yuan'`);
		expect(row).toEqual({ value: 383900, raw: '38.39万', unit: 'yuan', flags: 'unit_in_cell' });
		const [span] = await query(`SELECT substr(t.text, f.span_start + 1, f.span_end - f.span_start) AS s FROM '$out/facts.parquet' f JOIN '$out/texts.parquet' t USING (report_id) WHERE f.report_id = '000-xianxiangzhen-2020' AND f.metric = 't2.admin_penalty.items_delta'`);
		expect(span.s).toBe('-7');
	});

	it('sorts facts by metric and year so filters prune row groups', async () => {
		const rows = await query(`SELECT metric, year FROM '$out/facts.parquet'`);
		const keys = rows.map((r) => `${r.metric}\u0000${String(r.year).padStart(4, '0')}`);
		expect(keys).toEqual([...keys].sort());
	});

	it('lets the sidecar manifest name the organisation and region', async () => {
		const [r] = await query(`SELECT org, province, city, district, level, source_url FROM '$out/reports.parquet' WHERE report_id = '000-xianxiangzhen-2020'`);
		expect(r).toEqual({ org: '咸祥镇人民政府', province: '浙江省', city: '宁波市', district: '鄞州区', level: 'town', source_url: 'https://example.gov.cn/xx/2020.html' });
	});

	it('decodes the GBK copy and records its encoding', async () => {
		const [r] = await query(`SELECT encoding, year, status FROM '$out/reports.parquet' WHERE report_id = 'gbk-copy'`);
		expect(r).toEqual({ encoding: 'gb18030', year: 2021, status: 'ok' });
	});

	it('records failed files as reports with an error issue', async () => {
		const rows = await query(`SELECT r.status, i.severity, i.message FROM '$out/reports.parquet' r JOIN '$out/issues.parquet' i USING (report_id) WHERE report_id = 'empty'`);
		expect(rows).toEqual([{ status: 'failed', severity: 'error', message: 'empty.txt: the file is empty' }]);
	});

	it('runs the cross-year checks across the two years of 咸祥镇', async () => {
		const rows = await query(`SELECT subject, message FROM '$out/issues.parquet' WHERE report_id = 'gbk-copy' AND code = 'cross_year'`);
		// Applications: 0 carried forward, 0 carried over (X-3 holds). Penalty items: 21 − 7 = 14 expected
		// as 2021's 上一年项目数量, but the copy repeats 21 (X-2b, a soft info).
		expect(rows).toEqual([{ subject: 'X-2b', message: expect.stringContaining('21 − 7 = 14') }]);
	});

	it('writes CSV with a UTF-8 BOM so Excel reads Chinese', async () => {
		const bytes = await readFile(join(out, 'facts.csv'));
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8').split('\n')[0]).toBe('report_id,year,metric,value,unit,flags,raw,span_start,span_end,page,box_x0,box_y0,box_x1,box_y1');
	});

	it('leaves the previous dataset in place when a run fails', async () => {
		await expect(ingest([join(dir, 'missing-folder')], { out })).rejects.toThrow(/no such file/);
		expect((await readdir(out)).includes('manifest.json')).toBe(true);
		expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
	});
});

describe('report-level trust status', () => {
	it('every read report says how many of its values need a human look, matching its needs_review / all_confirmed issue', async () => {
		const rows = await query(
			`SELECT r.report_id, r.status, r.n_review, i.code, i.message FROM '$out/reports.parquet' r
			 LEFT JOIN '$out/issues.parquet' i ON i.report_id = r.report_id AND i.code IN ('needs_review', 'all_confirmed') ORDER BY r.report_id`
		);
		const read = rows.filter((r) => r.status !== 'failed');
		expect(read.length).toBeGreaterThan(2);
		for (const r of read) {
			expect(typeof r.n_review, String(r.report_id)).toBe('number');
			if (r.code === 'needs_review') expect(String(r.message)).toMatch(new RegExp(`^${r.n_review} of \\d+ values need a human look`));
			else expect([r.code, r.n_review]).toEqual(['all_confirmed', 0]);
		}
		// The seed report's table 四 is garbled in the source: those cells cannot be confirmed.
		expect(Number(read.find((r) => String(r.report_id).startsWith('000-'))?.n_review)).toBeGreaterThan(0);
		for (const r of rows.filter((x) => x.status === 'failed')) expect(r.n_review).toBeNull();
	});
});
