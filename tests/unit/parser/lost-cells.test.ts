/**
 * Cells lost in extraction (a blank or a value dropped by a PDF or web converter): the values left could
 * sit in several columns, so they are placed only where the identities or the count pin them; otherwise
 * the row is flagged (`unconfirmed_position`) — never silently shifted.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { T4, trustReport } from '../../helpers/trust.ts';

const parse = (text: string) => parseReport({ text, fileName: 'lost.txt' });

describe('a table 二 row that lost a cell', () => {
	it('flags the values it still shows instead of sliding them left', () => {
		const r = parse(trustReport().replace('行政规范性文件 | 4 | 3 | 25 |', '行政规范性文件 | 4 | 25 |'));
		const valid = r.cells.get('t2.normative_docs.valid');
		const repealed = r.cells.get('t2.normative_docs.repealed')!;
		expect(repealed.value).toBe(25);
		expect(repealed.flags).toContain('unconfirmed_position');
		expect(valid?.value ?? null).toBeNull();
		expect(r.issues.find((i) => i.subject === 't2.normative_docs')?.code).toBe('row_incomplete');
	});

	it('flags a row of a padded grid that shows one cell fewer than its neighbours', () => {
		// Pipe rows padded to the grid: "| 4 | 3 | 25 | |"; the damaged one lost "3" and kept its padding.
		const padded = trustReport()
			.replace('规章 | 2 | 1 | 7 |', '规章 | 2 | 1 | 7 | |')
			.replace('行政规范性文件 | 4 | 3 | 25 |', '行政规范性文件 | 4 | 25 | |');
		const r = parse(padded);
		expect(r.cells.get('t2.rules.valid')!.flags).toEqual([]);
		expect(r.cells.get('t2.normative_docs.repealed')!.flags).toContain('unconfirmed_position');
	});

	it('trusts a row whose padding a converter trimmed when its last value is printed', () => {
		const r = parse(trustReport().replace('规章 | 2 | 1 | 7 |', '规章 | 2 | 1 | 7 | |'));
		expect(r.cells.get('t2.normative_docs.valid')).toMatchObject({ value: 25, flags: [] });
	});
});

describe('a table 四 row of 14 values', () => {
	const drop = (k: number) => trustReport({ t4: T4.filter((_, i) => i !== k) });

	it('restores a lost cell when every way that satisfies I-4 agrees, flagging the restored cell', () => {
		// 行政复议 2 1 0 1 [4]: only a missing total of 4 keeps all three groups' identities.
		const r = parse(drop(4));
		expect(r.cells.get('t4.review.total')).toMatchObject({ value: 4, printed: null });
		expect(r.cells.get('t4.review.total')!.flags).toEqual(expect.arrayContaining(['inferred', 'ambiguous']));
		expect(r.cells.get('t4.litigation_direct.corrected')).toMatchObject({ value: 3, flags: [] });
		expect(r.cells.get('t4.litigation_after_review.upheld')).toMatchObject({ value: 1, flags: [] });
	});

	it('leaves the columns empty, flagged, where several readings satisfy I-4 and disagree', () => {
		// A lost 0 in 复议后起诉 (1 0 0 0 1): it could have been any of the three zeros and every reading
		// agrees, but in 行政复议 (2 1 [0] 1 4) a lost 0 between 1 and 1 reads the same either way too.
		const r = parse(trustReport({ t4: ['2', '1', '1', '4', '0', '3', '0', '0', '3', '1', '0', '0', '0', '1'] }));
		for (const c of [...r.cells.values()].filter((x) => x.metric.startsWith('t4.'))) {
			if (c.value === null) expect(c.flags).toContain('ambiguous');
		}
		expect(r.issues.some((i) => i.subject === 'table4' && (i.code === 'row_incomplete' || i.code === 'repaired'))).toBe(true);
	});

	it('never places 13 values by their order without a flag', () => {
		const r = parse(trustReport({ t4: T4.slice(0, 13) }));
		for (const c of [...r.cells.values()].filter((x) => x.metric.startsWith('t4.') && x.value !== null)) expect(c.flags).toContain('unconfirmed_position');
	});
});

describe('a table 三 row that lost a cell', () => {
	it('flags the six values left', () => {
		const r = parse(trustReport().replace('（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |', '（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 3 |'));
		const total = r.cells.get('t3.granted.legal_service_org')!;
		expect(total.flags).toContain('ambiguous');
		// The column the six values cannot reach is empty and says why.
		expect(r.cells.get('t3.granted.total')).toMatchObject({ value: null, flags: ['ambiguous'] });
	});
});

describe('a table 三 row printed as one cell of seven numbers (PDF text)', () => {
	it('is counted like inline values and trusted', () => {
		const r = parse(trustReport().replace('（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |', '（一）予以公开\n2 1 0 0 0 0 3'));
		expect(r.cells.get('t3.granted.total')).toMatchObject({ value: 3, flags: [] });
		expect(r.cells.get('t3.granted.natural_person')).toMatchObject({ value: 2, flags: [] });
	});

	it('with six numbers is flagged', () => {
		const r = parse(trustReport().replace('（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |', '（一）予以公开\n2 1 0 0 0 3'));
		expect(r.cells.get('t3.granted.total')?.value ?? null).toBeNull();
	});
});
