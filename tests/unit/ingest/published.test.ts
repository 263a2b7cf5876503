/**
 * Ingest stores each report's publication date in `reports.published`: the report's own date line first, else the
 * manifest's `published` column, else a date in its source URL; a manifest date that is not a date is a warning
 * naming the row, and the next source is used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../../../src/node/ingest.ts';
import { CORPUS } from '../../helpers/corpus.ts';
import { queryFolder } from '../../helpers/dataset.ts';

let dir: string;
let out: string;
let summary: Awaited<ReturnType<typeof ingest>>;
let published: Map<string, string | null>;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-published-'));
	const src = join(dir, 'in');
	await mkdir(src);
	const seed = await readFile(join(CORPUS, '000-xianxiangzhen-2020.txt'), 'utf8');
	// The report signs off "咸祥镇人民政府 / 2021年1月６日"; the copies below lose that line (as a web page's footer can).
	expect(seed).toContain('2021年1月６日');
	const undated = (town: string) => seed.replace('2021年1月６日', '').replaceAll('咸祥镇', town);
	await writeFile(join(src, 'stated.txt'), seed);
	await writeFile(join(src, 'manifest-date.txt'), undated('甲镇'));
	await writeFile(join(src, 'url-date.txt'), undated('乙镇'));
	await writeFile(join(src, 'bad-date.txt'), undated('丙镇'));
	await writeFile(join(src, 'no-date.txt'), undated('丁镇'));
	await writeFile(
		join(src, 'manifest.csv'),
		[
			'file,org,year,source,published',
			'stated.txt,咸祥镇人民政府,2020,http://www.example.gov.cn/202103/t20210301_1.shtml,2021-02-20',
			'manifest-date.txt,甲镇人民政府,2020,http://www.example.gov.cn/202103/t20210301_2.shtml,2021-1-28',
			'url-date.txt,乙镇人民政府,2020,http://www.example.gov.cn/202102/t20210203_3.shtml,',
			'bad-date.txt,丙镇人民政府,2020,http://www.example.gov.cn/c1/20210125/i4.html,2021-02-30',
			'no-date.txt,丁镇人民政府,2020,http://www.example.gov.cn/post_5.html,'
		].join('\n') + '\n'
	);
	out = join(dir, 'out');
	summary = await ingest([src], { out, name: 'published' });
	const rows = await queryFolder(out, "SELECT source_file, published FROM read_parquet('$out/reports.parquet')");
	published = new Map(rows.map((r) => [String(r.source_file), r.published === null ? null : String(r.published)]));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('publication date at ingest', () => {
	it("takes the report's own date line over the manifest and the URL", () => {
		expect(published.get('stated.txt')).toBe('2021-01-06');
	});
	it("takes the manifest's published column when the report states no date, normalised to ISO", () => {
		expect(published.get('manifest-date.txt')).toBe('2021-01-28');
	});
	it('takes a date in the source URL when neither the report nor the manifest gives one', () => {
		expect(published.get('url-date.txt')).toBe('2021-02-03');
	});
	it('warns about a manifest date that is not a date, naming the row, and falls back to the URL', () => {
		const w = summary.problems.filter((p) => p.severity === 'warning' && /published/.test(p.message));
		expect(w).toHaveLength(1);
		expect(w[0].message).toMatch(/manifest\.csv row 5: published "2021-02-30" is not a date/);
		expect(published.get('bad-date.txt')).toBe('2021-01-25');
	});
	it('leaves the date empty when nothing dates the report', () => {
		expect(published.get('no-date.txt')).toBeNull();
	});
});
