/**
 * Mirror copies in traditional characters (政府信息公開), with Taiwan phrasing (資訊) or pinyin glosses after
 * characters (鎮(zhèn)), read exactly like the simplified original, with spans on the copy's own text.
 */
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { toReportJson } from '../../../src/lib/parser/json.ts';
import { trustReport } from '../../helpers/trust.ts';

const original = trustReport({ org: '咸祥镇' });
const read = (text: string) => toReportJson(parseReport({ text, fileName: 'mirror.txt' }));

describe('a report converted to traditional characters', () => {
	it.each(['tw', 'hk', 't', 'twp'] as const)('reads every value of the cn→%s copy as in the original', (to) => {
		const copy = OpenCC.Converter({ from: 'cn', to })(original);
		expect(copy).toContain('公開');
		const got = read(copy);
		const want = read(original);
		expect(got.values).toEqual(want.values);
		expect(got.year).toBe(2022);
		expect(got.format).toBe('2021');
	});

	it('keeps the source span of each value on the traditional text', () => {
		const copy = OpenCC.Converter({ from: 'cn', to: 'tw' })(original);
		const r = parseReport({ text: copy, fileName: 'mirror.txt' });
		const c = r.cells.get('t2.normative_docs.valid')!;
		expect(copy.slice(c.start, c.end)).toBe(c.raw);
		expect(c.raw).toBe('25');
		expect(copy.slice(copy.lastIndexOf('\n', c.start) + 1, c.start)).toContain('行政規範性文件');
	});

	it('drops pinyin glosses after characters, even inside labels, and keeps spans on the glossed text', () => {
		const copy = OpenCC.Converter({ from: 'cn', to: 'tw' })(original)
			.replace('鎮', '鎮(zhèn)')
			.replace('行政規範性文件', '行(xíng)政規範(fàn)性文件')
			.replace('反覆', '反(fǎn)覆');
		const r = parseReport({ text: copy, fileName: 'mirror.txt' });
		expect(toReportJson(r).values).toEqual(read(original).values);
		const c = r.cells.get('t2.normative_docs.issued')!;
		expect([c.value, copy.slice(c.start, c.end)]).toEqual([4, '4']);
		expect(r.meta.org).toBe('咸祥镇');
	});

	it('drops a gloss given twice (a glossed page glossed again: 機(jī)(jī))', () => {
		const copy = OpenCC.Converter({ from: 'cn', to: 'tw' })(original).replace('行政規範性文件', '行政規(guī)(guī)範性文件');
		expect(read(copy).values).toEqual(read(original).values);
	});

	it('is never mistaken for something that is not a report', () => {
		const copy = OpenCC.Converter({ from: 'cn', to: 'hk' })(original);
		expect(parseReport({ text: copy, fileName: 'mirror.txt' }).notAReport).toBe(false);
	});
});
