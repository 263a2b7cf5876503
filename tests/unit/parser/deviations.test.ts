/**
 * One specification per real-world deviation of templates.md §8 (D1–D18), each on a realistic snippet:
 * the seed page edited in place, or a pipe-row 2021 report like the corpus's.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { decodeBytes } from '../../../src/node/read.ts';
import { corpusText } from '../../helpers/corpus.ts';
import { pipeReport2021, SEED_T4, seedT3Row, seedWith } from '../../helpers/snippets.ts';

const parse = (text: string, fileName = 'snippet.txt') => parseReport({ text, fileName });
const cell = (r: ReturnType<typeof parse>, id: string) => r.cells.get(id);
const t4Tab = (vals: string[]) => vals.map((v) => `\t${v}`).join('\n');

describe('D1 flattened web text with tab-prefixed, multi-line cells', () => {
	it('reads the 15 values of table 四 although header cells span lines ("结果\\n\\n维持")', () => {
		const r = parse(seedWith([SEED_T4, t4Tab(['1', '0', '0', '0', '1', '2', '1', '0', '0', '3', '0', '0', '0', '0', '0'])]));
		expect(cell(r, 't4.review.upheld')!.value).toBe(1);
		expect(cell(r, 't4.litigation_direct.total')!.value).toBe(3);
		expect(cell(r, 't4.litigation_direct.total')!.flags).toEqual([]);
	});
});

describe('D2 blank means 0 only when the identities say so', () => {
	it('infers blanks as 0 with a flag when the printed total is 0', () => {
		const c = cell(parse(seedWith()), 't3.new_received.natural_person')!;
		expect([c.printed, c.value, c.flags]).toEqual([null, 0, ['blank', 'inferred_zero']]);
	});
	it('leaves blanks null when the total says they are not all 0', () => {
		const row = seedT3Row('一、本年新收政府信息公开申请数量', ['\u00a0', '\u00a0', '\u00a0', '\u00a0', '\u00a0', '\u00a0', '5']);
		const r = parse(seedWith([seedT3Row('一、本年新收政府信息公开申请数量', ['\u00a0', '\u00a0', '\u00a0', '\u00a0', '\u00a0', '\u00a0', '0\u00a0']), row]));
		const c = cell(r, 't3.new_received.natural_person')!;
		expect(c.value).toBeNull();
		expect(c.flags).toContain('blank');
		expect(r.issues.some((i) => i.subject === 'I-3a')).toBe(true);
	});
});

describe('D3 blank totals are computed from their row, never read as 0', () => {
	it('computes 总计 from I-3c and flags it inferred', () => {
		const r = parse(corpusText('001-shanghai-shizhengfubangongting-2019.html'), 'x.html');
		expect(cell(r, 't3.unable_not_held.total')).toMatchObject({ printed: null, value: 265 });
		expect(cell(r, 't3.unable_not_held.total')!.flags).toEqual(['blank', 'inferred']);
	});
});

describe('D4 odd whitespace in cells and labels', () => {
	it('reads "\\u30008", "0\\u00a0" and labels with spaces inside', () => {
		const r = parse(seedWith(['\t行政处罚\n\t21\n\t-7\n\t14', '\t行政 处罚\n\t\u300021\n\t-7\u00a0\n\t 14']));
		expect(cell(r, 't2.admin_penalty.prev_year_items')!.value).toBe(21);
		expect(cell(r, 't2.admin_penalty.items_delta')!.value).toBe(-7);
		expect(cell(r, 't2.admin_penalty.decisions')!.value).toBe(14);
	});
});

describe('D5 header and data colspans do not line up', () => {
	it('maps values by their order among value cells (Shanghai 行政许可 row)', () => {
		// The data row has colspan 2 on its first value, the header on its second: order decides.
		const html = corpusText('001-shanghai-shizhengfubangongting-2019.html').replace(/(<p>行政处罚<\/p><\/td><td colspan="2"[^>]*><p[^>]*>)0/, '$19');
		expect(html).not.toBe(corpusText('001-shanghai-shizhengfubangongting-2019.html'));
		const r = parse(html, 'x.html');
		expect(cell(r, 't2.admin_penalty.prev_year_items')!.value).toBe(9);
		expect(cell(r, 't2.admin_penalty.items_delta')!.value).toBe(0);
	});
});

describe('D6 doubled or concatenated values in table 四', () => {
	it('repairs the seed row because exactly one reading satisfies I-4', () => {
		const r = parse(seedWith());
		expect(cell(r, 't4.litigation_direct.total')).toMatchObject({ value: 1, raw: '11' });
		expect(cell(r, 't4.litigation_direct.total')!.flags).toEqual(['ambiguous', 'repaired']);
	});
	it('leaves the row empty and flagged when more than one reading fits', () => {
		// "11" under 总计 with "1 1" under 结果维持: 1+… and 11+… both balance — no single reading.
		const r = parse(seedWith([SEED_T4, t4Tab(['0 0', '0', '0', '0', '0', '1 1', '0', '0', '0', '11', '0', '0', '0', '0', '0'])]));
		expect(cell(r, 't4.litigation_direct.total')!.value).toBeNull();
		expect(cell(r, 't4.litigation_direct.total')!.flags).toContain('ambiguous');
		expect(r.issues.some((i) => i.subject === 'table4' && i.code === 'ambiguous')).toBe(true);
	});
});

describe('D7 PDF text: vertical headers and one line of 15 values', () => {
	it('takes the run of 15 numbers after the table-四 heading', () => {
		const header = '\t行\n\t政\n\t复\n\t议\n\t结 结 其 尚\n\t果 果 他 未\n\t维 纠 结 审\n\t持 正 果 结';
		const r = parse(seedWith([SEED_T4, `${header}\n\t2 0 0 1 3 1 0 0 0 1 0 0 0 0 0`]));
		expect(cell(r, 't4.review.upheld')!.value).toBe(2);
		expect(cell(r, 't4.review.total')!.value).toBe(3);
		expect(cell(r, 't4.litigation_direct.total')!.value).toBe(1);
	});
});

describe('D8 one number split over two cells', () => {
	it('joins the only pair that makes the row add up (I-3c), and flags it', () => {
		const text = pipeReport2021({ t3: { new_received: ['1', '2', '0', '0', '0', '0', '0', '12'] } }).replace(
			/一、本年新收政府信息公开申请数量 \| ([^\n]*)/,
			'一、本年新收政府信息公开申请数量 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 12'
		);
		const r = parse(text);
		expect(cell(r, 't3.new_received.natural_person')!.value).toBe(12);
		expect(cell(r, 't3.new_received.natural_person')!.flags).toContain('repaired');
		expect(cell(r, 't3.new_received.total')!.value).toBe(12);
		expect(cell(r, 't3.new_received.commercial_enterprise')!.value).toBe(0);
	});
});

describe('D9 Markdown / pipe flattening with half-width brackets', () => {
	it('reads a 2021 report laid out as pipe rows', () => {
		const r = parse(pipeReport2021({ t2: { admin_license: ['349'], admin_penalty: ['12'] } }));
		expect(r.meta.format).toBe('2021');
		expect(cell(r, 't2.admin_license.decisions')!.value).toBe(349);
		expect(cell(r, 't2.admin_penalty.decisions')!.value).toBe(12);
		expect(cell(r, 't2.normative_docs.valid')!.value).toBe(5);
	});
});

describe('D10 provincial template extensions', () => {
	it('reads national rows under long instructions and keeps the extra row out (Hubei)', () => {
		const r = parse(corpusText('022-tuoshizhen-2020.txt'));
		expect(cell(r, 't2.normative_docs.new_made')!.value).toBe(34);
		expect(cell(r, 't2.normative_docs.total_published')!.value).toBe(47);
		expect([...r.cells.keys()].some((k) => k.includes('other_public'))).toBe(false);
	});
});

describe('D11 not-applicable markers', () => {
	it('stores a lone "-" as null / not_applicable, while "-7" stays a value', () => {
		const r = parse(seedWith(['\t行政强制\n\t0\n\t0\n\t0', '\t行政强制\n\t-\n\t／\n\t—']));
		expect(cell(r, 't2.admin_coercion.decisions')).toMatchObject({ value: null, flags: ['not_applicable'] });
		expect(cell(r, 't2.admin_penalty.items_delta')!.value).toBe(-7);
	});
});

describe('D12 units and signs inside cells', () => {
	it('reads 38.39万, 251000元 and +1036', () => {
		expect(cell(parse(seedWith(['\t38.39万', '\t251000元'])), 't2.gov_procurement.amount_yuan')!.value).toBe(251000);
		expect(cell(parse(seedWith()), 't2.gov_procurement.amount_yuan')!.value).toBe(383900);
		expect(cell(parse(seedWith(['\t21\n\t-7\n\t14', '\t21\n\t+1036\n\t1057'])), 't2.admin_penalty.items_delta')!.value).toBe(1036);
	});
	it('flags a bare amount in the unitless 2019 column as uncertain_unit', () => {
		const c = cell(parse(seedWith(['\t38.39万', '\t38.39'])), 't2.gov_procurement.amount_yuan')!;
		expect(c.value).toBe(383900);
		expect(c.flags).toContain('uncertain_unit');
	});
	it('converts 2021 fees from the header unit 万元', () => {
		expect(cell(parse(pipeReport2021({ t2: { admin_fees: ['0.092'] } })), 't2.admin_fees.amount_yuan')!.value).toBe(920);
	});
});

describe('D13 label variants and reported subtotals', () => {
	it('accepts 合计 for （七）总计', () => {
		const r = parse(pipeReport2021().replace('（七）总计 |', '（七）合计 |'));
		expect(cell(r, 't3.total_processed.total')!.value).toBe(0);
	});
});

describe('D13 reported subtotal rows', () => {
	it('checks a printed （三）不予公开 subtotal against its eight sub-rows', () => {
		const good = pipeReport2021({ t3: { denied_state_secret: ['1', '0', '0', '0', '0', '0', '1'] } }).replace('1.属于国家秘密 |', '（三）不予公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n1.属于国家秘密 |');
		const r = parse(good);
		expect(r.issues.find((i) => i.code === 'subtotal')).toMatchObject({ severity: 'info' });
		const bad = good.replace('（三）不予公开 | 1 |', '（三）不予公开 | 2 |');
		expect(parse(bad).issues.find((i) => i.code === 'subtotal')).toMatchObject({ severity: 'warning', message: expect.stringContaining('自然人') });
		expect(cell(parse(bad), 't3.denied_state_secret.natural_person')!.value).toBe(1);
	});
});

describe('D14 table-三 rows the national template does not have', () => {
	it('reports the extra row and keeps its values out of the metrics', () => {
		const r = parse(pipeReport2021({ extraT3: ['9.属于工作秘密', '2', '0', '0', '0', '0', '0', '2'] }));
		expect(r.issues.some((i) => i.code === 'extra_row' && i.message.includes('属于工作秘密'))).toBe(true);
		expect(cell(r, 't3.unable_not_held.natural_person')!.value).toBe(0);
	});
});

describe('D15 tables as images', () => {
	it('yields no values from an image-only page (the ingest names the reason)', () => {
		const r = parse('<html><body><p><img src="table1.png"></p><p><img src="table2.png"></p></body></html>', 'x.html');
		expect(r.cells.size).toBe(0);
		expect(r.notAReport).toBe(true);
	});
});

describe('D16 GBK / GB2312 pages', () => {
	it('decodes a page that declares gb2312 and parses it', () => {
		const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>${corpusText('001-shanghai-shizhengfubangongting-2019.html')}</body></html>`;
		const decoded = decodeBytes(iconv.encode(html, 'gbk'));
		expect(decoded.encoding).toBe('gb18030');
		const r = parse(decoded.text, 'x.html');
		expect(cell(r, 't3.new_received.total')!.value).toBe(859);
	});
});

describe('D17 thousands separators', () => {
	it('reads 1,234 in a value cell', () => {
		const r = parse(pipeReport2021({ t2: { admin_license: ['1,234'] } }));
		expect(cell(r, 't2.admin_license.decisions')!.value).toBe(1234);
	});
});

describe('D18 keyword collisions: 其他 and 总计 as row and column', () => {
	it('puts （六）3.其他 in other_other and the 总计 column in .total', () => {
		const r = parse(pipeReport2021({ t3: { other_other: ['2', '0', '0', '0', '0', '1', '3'], total_processed: ['2', '0', '0', '0', '0', '1', '3'], new_received: ['2', '0', '0', '0', '0', '1', '3'] } }));
		expect(cell(r, 't3.other_other.other_org')!.value).toBe(1);
		expect(cell(r, 't3.other_other.total')!.value).toBe(3);
		expect(cell(r, 't3.other_handling.total')).toMatchObject({ value: 3, flags: ['derived'] });
		expect(r.issues.filter((i) => i.code === 'identity')).toEqual([]);
	});
});
