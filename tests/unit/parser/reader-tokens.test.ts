/**
 * Tokens made by a file reader (a PDF's cells with page and box) go through the same normalisation as a
 * report's text: Kangxi radicals and compatibility ideographs a CJK font maps glyphs to, traditional
 * characters, full-width digits, letter-spaced CJK text — each read as in the original, the span kept on the
 * reader's own text. A glyph the font does not map (private use, U+FFFD) is never guessed silently.
 */
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { toReportJson } from '../../../src/lib/parser/json.ts';
import { tokenizeText } from '../../../src/lib/parser/tokens.ts';
import { trustReport } from '../../helpers/trust.ts';

const original = trustReport({ org: '咸祥镇' });
/** What a reader hands the parser: its text and its tokens, one per cell, with a page and a box. */
const asReader = (text: string) => parseReport({ text, fileName: 'report.pdf', tokens: tokenizeText(text).map((t) => ({ ...t, page: 1, box: [0, 0, 10, 10] as [number, number, number, number] })) });
const values = (text: string) => toReportJson(asReader(text)).values;
const want = toReportJson(parseReport({ text: original, fileName: 'report.txt' })).values;

describe('a reader\'s tokens are normalised like a report\'s text', () => {
	it('reads Kangxi radicals and radical-supplement forms as the characters they stand for (⾏政许可 → 行政许可)', () => {
		// ⾏ U+2F8F, ⼀ U+2F00, ⽂ U+2F42, ⺠ U+2EA0 (supplement, no NFKC form), 丽 U+F95A-style compatibility forms.
		const copy = original.replaceAll('行政', '\u2f8f政').replaceAll('一、', '\u2f00、').replaceAll('文件', '\u2f42件');
		expect(copy).toContain('\u2f8f政许可');
		const r = asReader(copy);
		expect(toReportJson(r).values).toEqual(want);
		const c = r.cells.get('t2.admin_license.decisions')!;
		// The span is on the reader's text, page and box travel with it.
		expect([copy.slice(c.start, c.end), c.raw, c.value, c.page]).toEqual(['12', '12', 12, 1]);
		expect(r.issues.find((i) => i.code === 'normalised')?.message).toContain('Kangxi radicals');
	});

	it('reads compatibility ideographs (不 U+F967, 理 U+F9E4) and supplement forms (⺠ U+2EA0 for 民)', () => {
		const copy = original.replaceAll('不予处理', '\uf967予处\uf9e4').replace('本机关不掌握', '本机关\uf967掌握').replace('咸祥镇2022年', '咸祥镇2022年').replace('一、总体情况', '一、总体情况\n\u2ea0生');
		expect(copy).toContain('\uf967掌握');
		expect(values(copy)).toEqual(want);
	});

	it('reads a traditional-character copy of the text layer like the original (OpenCC t→cn)', () => {
		const copy = OpenCC.Converter({ from: 'cn', to: 'hk' })(original);
		expect(copy).toContain('公開');
		const r = asReader(copy);
		expect(toReportJson(r).values).toEqual(want);
		expect(r.meta.org).toBe('咸祥镇');
	});

	it('reads full-width digits as numbers and keeps the printed text as the raw value', () => {
		const copy = original.replace('行政许可 | 12 |', '行政许可 | １２ |');
		const r = asReader(copy);
		expect(toReportJson(r).values).toEqual(want);
		const c = r.cells.get('t2.admin_license.decisions')!;
		expect([c.value, c.raw, copy.slice(c.start, c.end)]).toEqual([12, '１２', '１２']);
	});

	it('reads letter-spaced CJK text (a space between every character) and keeps numbers apart', () => {
		const spaced = (s: string) => [...s].join(' ');
		const copy = original
			.replace('咸祥镇2022年政府信息公开工作年度报告', `${spaced('咸祥镇')}2022${spaced('年政府信息公开工作年度报告')}`)
			.replace('（一）予以公开', spaced('（一）予以公开'))
			.replace('行政许可 | 12 |', `${spaced('行政许可')} 12 |`);
		const r = asReader(copy);
		expect(toReportJson(r).values).toEqual(want);
		expect(r.meta.org).toBe('咸祥镇');
		expect(r.cells.get('t2.admin_license.decisions')!.value).toBe(12);
	});

	it('says once whether every value was confirmed, as for a text report', () => {
		const r = asReader(original);
		expect(r.issues.filter((i) => i.code === 'all_confirmed' || i.code === 'needs_review').map((i) => i.code)).toEqual(['all_confirmed']);
		expect(r.needsReview).toBe(0);
	});
});

describe('a glyph the PDF does not map to a character is never a silent guess', () => {
	it('anchors a row label with an unmapped glyph by its only possible row, and flags its values', () => {
		const copy = original.replace('1.本机关不掌握相关政府信息', '1.本机关不\ue1a3握相关政府信息');
		const r = asReader(copy);
		const c = r.cells.get('t3.unable_not_held.natural_person')!;
		expect(c.value).toBe(1);
		expect(c.flags).toContain('ambiguous');
		expect(r.issues.find((i) => i.code === 'unreadable_label')?.message).toContain('本机关不□握');
		expect(r.needsReview).toBeGreaterThan(0);
		// Rows read from mapped labels stay confirmed.
		expect(r.cells.get('t3.granted.total')!.flags).not.toContain('ambiguous');
	});

	it('anchors a label whose outline number is the unmapped glyph (（\\ue000）予以公开)', () => {
		const r = asReader(original.replace('（一）予以公开', '（\ue000）予以公\ue001'));
		expect(r.cells.get('t3.granted.total')).toMatchObject({ value: 3 });
		expect(r.cells.get('t3.granted.total')!.flags).toContain('ambiguous');
	});

	it('does not anchor a label that mostly failed to map or fits two rows', () => {
		const r = asReader(original.replace('行政处罚', '行\ue000\ue001\ue002').replace('行政强制', '行政\ue003\ue004'));
		// 行政处罚 / 行政强制 both fit "行政□□": neither is placed, and nothing is claimed unflagged.
		for (const id of ['t2.admin_penalty.decisions', 't2.admin_coercion.decisions']) {
			const c = r.cells.get(id);
			expect(c === undefined || c.value === null || c.flags.includes('ambiguous')).toBe(true);
		}
	});

	it('never reads a number with an unmapped glyph in it as a number', () => {
		const r = asReader(original.replace('行政许可 | 12 |', '行政许可 | 1\ue012 |'));
		const c = r.cells.get('t2.admin_license.decisions')!;
		expect(c.value).toBeNull();
		expect(c.flags).toContain('ambiguous');
	});
});
