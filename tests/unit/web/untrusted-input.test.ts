import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { echo, echoList, joinList, patchParams, readList, splitList } from '../../../src/lib/url-params.ts';
import { safeHttpUrl } from '../../../src/lib/data/links.ts';
import { decodeCsvText } from '../../../src/lib/data/load.ts';
import { validateEmbed } from '../../../src/lib/queries/embed.ts';
import type { Town } from '../../../src/lib/towns.ts';

describe('values from URLs and data files are never trusted', () => {
	it('a source_url becomes a link only when it is an absolute http(s) URL', () => {
		expect(safeHttpUrl('https://www.gov.cn/a.html')).toBe('https://www.gov.cn/a.html');
		expect(safeHttpUrl(' http://x.gov.cn/报告 ')).toBe('http://x.gov.cn/%E6%8A%A5%E5%91%8A');
		for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,x', '2020年报.html', '../a.html', '/a.html', '//evil.example/a', 'file:///etc/passwd', 'http//x', '', null, undefined]) {
			expect(safeHttpUrl(bad), String(bad)).toBeNull();
		}
	});

	it('a town name with a comma round-trips through the URL; old links and repeated parameters read too', () => {
		const names = ['城关镇,东区', 'a\\b', '咸祥镇'];
		const url = patchParams(new URLSearchParams(), { towns: names });
		expect(readList(new URLSearchParams(url.toString()), 'towns')).toEqual(names);
		expect(splitList(joinList(names))).toEqual(names);
		expect(readList(new URLSearchParams('towns=咸祥镇,瞻岐镇'), 'towns')).toEqual(['咸祥镇', '瞻岐镇']);
		expect(readList(new URLSearchParams('towns=城关镇,东区&towns=咸祥镇'), 'towns')).toEqual(['城关镇,东区', '咸祥镇']);
	});

	it('long values and long lists are echoed cut short', () => {
		expect(echo('x'.repeat(261_000))).toHaveLength(81);
		const list = echoList(Array.from({ length: 5000 }, (_, i) => `镇${i}`));
		expect(list.shown).toHaveLength(10);
		expect(list.more).toBe(4990);
		expect(readList(new URLSearchParams(`towns=${Array.from({ length: 5000 }, (_, i) => `t${i}`).join(',')}`), 'towns')).toHaveLength(500);
	});

	it('an embed with thousands of unknown towns lists a few, cut short, and counts the rest', () => {
		const towns = [{ key: '咸祥镇', org: '咸祥镇', name: '咸祥镇', district: '鄞州区', years: [2020] }] as unknown as Town[];
		const p = new URLSearchParams({ chart: 'compare', towns: Array.from({ length: 3000 }, (_, i) => `${'长'.repeat(70)}${i}`).join(',') });
		const { problems } = validateEmbed(p, { towns, years: [2020], regions: [] });
		const townProblems = problems.filter((x) => x.param === 'towns');
		expect(townProblems).toHaveLength(6);
		expect(townProblems.at(-1)!.value).toMatch(/\+495/); // 500 read, 5 listed
		const long = validateEmbed(new URLSearchParams({ chart: 'x'.repeat(261_000) }), { towns, years: [2020], regions: [] });
		expect(long.problems[0].value.length).toBeLessThanOrEqual(81);
	});
});

describe('a dropped CSV in GBK (Excel on Chinese Windows) is detected and decoded', () => {
	const csv = 'report_id,year,metric,value\n咸祥镇-2020,2020,n.proactive.items,12\n';
	it('UTF-8 (with or without BOM) is read as is, without a note', () => {
		expect(decodeCsvText('a.csv', new TextEncoder().encode(csv))).toEqual({ text: csv, note: null });
		expect(decodeCsvText('a.csv', new TextEncoder().encode('\uFEFF' + csv)).text).toBe(csv);
	});
	it('GBK is decoded as GB18030, with a note naming the file', () => {
		const r = decodeCsvText('excel.csv', new Uint8Array(iconv.encode(csv, 'gbk')));
		expect(r.text).toBe(csv);
		expect(r.note).toMatch(/^excel\.csv: read as GBK/);
	});
});
