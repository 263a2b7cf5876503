/** Segmentation of flattened reports into cells: every shape found in the corpus (templates.md D1, D7, D9). */
import { describe, expect, it } from 'vitest';
import { tokenizeText } from '../../../src/lib/parser/tokens.ts';
import { tokenizeHtml } from '../../../src/lib/parser/html.ts';

const texts = (s: string) => tokenizeText(s).map((t) => t.text);

describe('tokenizeText', () => {
	it('reads tab-prefixed cells, keeping blank cells in place (D1, D2)', () => {
		expect(texts('\t规章\n\t0\n\t\u00a0\n\t3\n')).toEqual(['规章', '0', '', '3']);
	});
	it('lets a tab cell run over short lines and blank lines, but not into a heading', () => {
		expect(texts('\t结果\n\n维持\n\t0\n\n0\n\n\n五、存在的主要问题及改进情况')).toEqual(['结果\n\n维持', '0\n\n0', '五、存在的主要问题及改进情况']);
	});
	it('reads pipe rows and their filler cells', () => {
		expect(texts('规章 | 0 | 0 | 0 | |\n政府集中采购 | ||||')).toEqual(['规章', '0', '0', '0', '', '政府集中采购', '', '', '', '']);
	});
	it('treats a bare "|" line as the end of the cell above it, not as an empty cell', () => {
		expect(texts('规章\n|\n0\n|\n0\n|\n|')).toEqual(['规章', '0', '0', '']);
	});
	it('treats a bare "|" line after a closed cell as an empty cell', () => {
		expect(texts('规章 |\n|\n|\n行政处罚 |\n3 | ||')).toEqual(['规章', '', '', '行政处罚', '3', '', '']);
	});
	it('reads Markdown tables and skips their rule lines', () => {
		expect(texts('| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |')).toEqual(['信息内容', '本年制发件数', '规章', '0']);
	});
	it('gives spans that point at the cell text in the source', () => {
		const src = '二、情况\n\t行政处罚\n\t21\n';
		for (const t of tokenizeText(src)) expect(src.slice(t.start, t.end)).toBe(t.text);
	});
});

describe('tokenizeHtml', () => {
	it('makes one token per table cell, empty cells included, and one per paragraph', () => {
		const html = '<p>一、总体情况</p><table><tr><td><p>规章</p></td><td colspan="2">13</td><td>&nbsp;</td></tr></table>';
		expect(tokenizeHtml(html).map((t) => t.text)).toEqual(['一、总体情况', '规章', '13', '']);
	});
	it('turns <br> inside a header cell into a line break (D4)', () => {
		expect(tokenizeHtml('<table><tr><td>本年新<br />制作数量</td></tr></table>')[0].n).toBe('本年新制作数量');
	});
	it('points spans at the cell text in the HTML source', () => {
		const html = '<table><tr><td><p align="center">251000元</p></td></tr></table>';
		const t = tokenizeHtml(html)[0];
		expect(html.slice(t.start, t.end)).toBe('251000元');
	});
});
