/**
 * What converters and publishing sites do to a report's text without changing a number — page footers
 * inside tables, CRLF and lone CR line ends, U+3000 / NBSP where tabs were, full-width digits and pipes —
 * is undone before reading: every value comes out as in the original.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { toReportJson } from '../../../src/lib/parser/json.ts';
import { trustReport } from '../../helpers/trust.ts';

const original = trustReport();
const values = (text: string) => toReportJson(parseReport({ text, fileName: 'copy.txt' })).values;
const want = values(original);

/** The same report as tab-indented cells, one per line (a web page copied as text). */
const tabbed = original
	.split('\n')
	.map((l) => (l.includes('|') ? l.split('|').map((c) => c.trim()).filter((c, k, all) => c !== '' || k < all.length - 1).map((c) => `\t${c === '' ? '\u00a0' : c}`).join('\n') + '\n' : l))
	.join('\n');

describe('page footers inside tables', () => {
	it.each(['- 3 -', '— 3 —', '第 3 页 共 5 页', '第3页', '共5页 第3页', '3 / 5'])('ignores a "%s" line between a row label and its values', (footer) => {
		const text = original.replace('行政规范性文件 | 4 | 3 | 25 |', `行政规范性文件 | 4 | 3 | 25 |\n${footer}`).replace('\n（一）予以公开', `\n${footer}\n（一）予以公开`);
		expect(values(text)).toEqual(want);
		const tab = tabbed.replace('\t行政规范性文件\n', `\t行政规范性文件\n${footer}\n`);
		expect(values(tab)).toEqual(values(tabbed));
	});

	it('does not take a bare number on its own line for a footer (it may be a cell)', () => {
		const r = parseReport({ text: tabbed, fileName: 'copy.txt' });
		expect(r.cells.get('t2.normative_docs.valid')!.value).toBe(25);
	});
});

describe('line ends and spaces', () => {
	it('reads CRLF and lone-CR texts like LF ones', () => {
		expect(values(original.replace(/\n/g, '\r\n'))).toEqual(want);
		expect(values(original.replace(/\n/g, '\r'))).toEqual(want);
	});

	it('reads tab cells whose tabs became U+3000 or NBSP, blank cells included', () => {
		expect(values(tabbed)).toEqual(want);
		for (const sp of ['\u3000', '\u00a0']) expect(values(tabbed.replace(/\t/g, sp))).toEqual(values(tabbed));
	});

	it('keeps prose indented with two ideographic spaces as prose', () => {
		const r = parseReport({ text: original.replace('2022年，我镇', '\u3000\u30002022年，我镇'), fileName: 'copy.txt' });
		expect(r.cells.get('n.proactive.items')!.value).toBe(67);
	});
});

describe('full-width forms', () => {
	it('reads full-width digits and pipes (０-９, ｜) with spans on the full-width text', () => {
		const fw = original.replace(/[0-9|]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
		const r = parseReport({ text: fw, fileName: 'copy.txt' });
		expect(toReportJson(r).values).toEqual(want);
		const c = r.cells.get('t2.normative_docs.valid')!;
		expect([c.raw, fw.slice(c.start, c.end)]).toEqual(['２５', '２５']);
	});
});

describe('pipe rows indented by a space', () => {
	it('stay pipe rows (a leading space is a tab only in tab-cell layouts)', () => {
		const indented = original
			.split('\n')
			.map((l) => ` ${l}`)
			.join('\n');
		expect(values(indented)).toEqual(want);
	});
});
