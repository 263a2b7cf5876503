/**
 * The real corpus is the ground truth: every hand-checked value must come out exactly, every key the
 * checker marked ambiguous must carry a flag, and cut-off reports must say where their text ends.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { toReportJson } from '../../../src/lib/parser/json.ts';
import { corpusFiles, corpusText } from '../../helpers/corpus.ts';

describe.each(corpusFiles())('$file', ({ file, expected }) => {
	const report = parseReport({ text: corpusText(file), fileName: file });
	const json = toReportJson(report);

	it('reads every hand-checked value exactly (null where the source cell is blank)', () => {
		const wrong = Object.entries(expected.values)
			.filter(([id, v]) => json.values[id] !== v)
			.map(([id, v]) => `${id}: expected ${v}, got ${json.values[id]} ${JSON.stringify(json.flags[id] ?? [])}`);
		expect(wrong).toEqual([]);
	});

	it('flags every key the checker found ambiguous instead of guessing silently', () => {
		for (const a of expected.ambiguous ?? []) {
			const keys = a.key.endsWith('.*') ? Object.keys(json.values).filter((k) => k.startsWith(a.key.slice(0, -1))) : [a.key];
			expect(keys.length, a.key).toBeGreaterThan(0);
			for (const k of keys) expect(json.flags[k] ?? [], k).not.toEqual([]);
		}
	});

	it('detects the template format from the labels', () => {
		expect(json.format).toBe(expected.template === 'A' ? '2019' : '2021');
	});

	it('finds the report year', () => {
		expect(json.year).toBe(expected.year);
	});

	it(expected.truncated ? 'says where the cut-off text ends' : 'is not reported as cut off', () => {
		expect(report.truncated).toBe(expected.truncated);
		const note = report.issues.find((i) => i.code === 'truncated');
		if (expected.truncated) expect(note?.message).toMatch(/text ends at character \d+/);
		else expect(note).toBeUndefined();
	});

	it('keeps a source span whose text is the raw cell for every table value', () => {
		const text = corpusText(file);
		for (const c of report.cells.values()) {
			if (c.flags.includes('derived') || c.raw === '' || c.metric.startsWith('n.') || c.metric.startsWith('t6.')) continue;
			if (file.endsWith('.html')) expect(text.slice(c.start, c.end).replace(/<[^>]+>/g, '\n').replace(/&nbsp;/g, '')).toContain(c.raw.split('\n')[0]);
			else expect(text.slice(c.start, c.end), c.metric).toBe(c.raw);
		}
	});
});

describe('the seed report (咸祥镇 2020)', () => {
	const report = parseReport({ text: corpusText('000-xianxiangzhen-2020.txt'), fileName: '000-xianxiangzhen-2020.txt' });
	const v = (id: string) => report.cells.get(id)?.value;

	it('reads the narrative figure and the table 二 values the brief names', () => {
		expect(v('n.proactive.items')).toBe(366);
		expect(report.cells.get('n.proactive.items')!.raw).toBe('共主动公开政府信息366条');
		expect(v('t2.admin_penalty.prev_year_items')).toBe(21);
		expect(v('t2.admin_penalty.items_delta')).toBe(-7);
		expect(v('t2.admin_penalty.decisions')).toBe(14);
		expect(v('t2.gov_procurement.projects')).toBe(8);
		expect(v('t2.gov_procurement.amount_yuan')).toBe(383900);
		expect(report.cells.get('t2.gov_procurement.amount_yuan')!.flags).toContain('unit_in_cell');
		expect(v('t3.new_received.total')).toBe(0);
	});

	it('infers the blank applicant cells of table 三 as 0 only with a flag (the identities hold)', () => {
		const c = report.cells.get('t3.granted.natural_person')!;
		expect(c.printed).toBeNull();
		expect(c.value).toBe(0);
		expect(c.flags).toEqual(['blank', 'inferred_zero']);
	});

	it('repairs the garbled table 四 because exactly one reading satisfies I-4, and flags it', () => {
		expect(v('t4.litigation_direct.corrected')).toBe(1);
		expect(v('t4.litigation_direct.total')).toBe(1);
		expect(report.cells.get('t4.litigation_direct.total')!.raw).toBe('11');
		for (const id of ['t4.review.upheld', 't4.litigation_direct.total', 't4.litigation_after_review.total']) {
			expect(report.cells.get(id)!.flags).toEqual(['ambiguous', 'repaired']);
		}
		expect(report.issues.find((i) => i.code === 'repaired')?.message).toMatch(/exactly one reading satisfies I-4/);
	});

	it('warns softly that 处理决定数量 equals items + change (§10)', () => {
		expect(report.issues.some((i) => i.code === 'decisions_equal_items' && i.subject === 't2.admin_penalty.decisions')).toBe(true);
	});
});

describe('Shanghai 2019 HTML with blank 总计 cells (D3)', () => {
	const report = parseReport({ text: corpusText('001-shanghai-shizhengfubangongting-2019.html'), fileName: 'x.html' });
	it('computes blank totals from their rows and flags them inferred', () => {
		const c = report.cells.get('t3.granted.total')!;
		expect(c.printed).toBeNull();
		expect(c.value).toBe(272);
		expect(c.flags).toContain('inferred');
	});
	it('keeps 251000元 as yuan', () => {
		expect(report.cells.get('t2.gov_procurement.amount_yuan')!.value).toBe(251000);
	});
	it('finds no identity failure once blanks are resolved', () => {
		expect(report.issues.filter((i) => i.code === 'identity')).toEqual([]);
	});
});
