/** The identities of templates.md §5 and what the engine does when they break or fill blanks. */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { table3Identities, table4Identities } from '../../../src/lib/parser/identities.ts';
import { crossYearChecks } from '../../../src/lib/parser/cross-year.ts';
import { pipeReport2021 } from '../../helpers/snippets.ts';

const parse = (text: string) => parseReport({ text, fileName: 'x.txt' });

describe('identity definitions', () => {
	it('has I-3a and I-3b per column, I-3c per row and I-4 per group', () => {
		const ids = table3Identities('2021');
		expect(ids.filter((i) => i.id === 'I-3a')).toHaveLength(7);
		expect(ids.filter((i) => i.id === 'I-3b')).toHaveLength(7);
		expect(ids.filter((i) => i.id === 'I-3c')).toHaveLength(25);
		expect(table4Identities()).toHaveLength(3);
	});
	it('sums （六） as one row in 2019 and as its three sub-rows in 2021', () => {
		const b19 = table3Identities('2019').find((i) => i.id === 'I-3b')!;
		const b21 = table3Identities('2021').find((i) => i.id === 'I-3b')!;
		expect(b19.right.some((id) => id.startsWith('t3.other_handling.'))).toBe(true);
		expect(b21.right.some((id) => id.startsWith('t3.other_handling.'))).toBe(false);
		expect(b21.right.filter((id) => id.startsWith('t3.other_'))).toHaveLength(3);
	});
});

describe('broken identities', () => {
	it('reports a table-三 row whose total does not add up and flags its cells suspect', () => {
		const ok = ['3', '1', '0', '0', '0', '0', '4'];
		const r = parse(pipeReport2021({ t3: { new_received: ['3', '1', '0', '0', '0', '0', '5'], granted: ok, total_processed: ok } }));
		expect(r.issues.filter((i) => i.subject === 'I-3c').map((i) => i.message)).toEqual([expect.stringContaining('本年新收')]);
		expect(r.issues.filter((i) => i.subject === 'I-3a').map((i) => [i.severity, i.message])).toEqual([['error', expect.stringContaining('总计')]]);
		expect(r.cells.get('t3.new_received.total')!.flags).toContain('suspect');
		// The printed numbers are kept: a report's own error is reported, not corrected.
		expect(r.cells.get('t3.new_received.total')!.value).toBe(5);
	});
	it('reports I-4 when a review group does not add up', () => {
		const t4 = ['1', '0', '0', '0', '2', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'];
		const r = parse(pipeReport2021({ t4 }));
		expect(r.issues.some((i) => i.subject === 'I-4' && i.message.includes('review'))).toBe(true);
	});
	it('finds no issue in a consistent report', () => {
		const row = ['2', '1', '0', '0', '0', '0', '3'];
		const r = parse(pipeReport2021({ t3: { new_received: row, granted: row, total_processed: row } }));
		expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
	});
});

describe('cross-year checks', () => {
	it('warns when carried-over applications do not match last year’s carried-forward', () => {
		const mk = (year: number, v: Record<string, number>) => ({ id: `r${year}`, org: '湖东镇', year, value: (m: string) => v[m] ?? null });
		const out = crossYearChecks([mk(2021, { 't3.carried_forward.total': 4 }), mk(2022, { 't3.carried_over.total': 3 })]);
		expect(out.get('r2022')?.map((i) => i.subject)).toEqual(['X-3']);
		expect(out.get('r2021')).toBeUndefined();
	});
});
