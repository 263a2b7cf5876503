/**
 * The trust rule: a value leaves the parser without a flag only when its row label anchors it, its column
 * is confirmed (by count) and, where the template has identities, one of them holds with it; the report
 * says how many values need a human look.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { REVIEW_FLAGS } from '../../../src/lib/parser/types.ts';
import { trustReport } from '../../helpers/trust.ts';

const parse = (text: string) => parseReport({ text, fileName: 'trust.txt' });

describe('a clean report', () => {
	const r = parse(trustReport());
	it('has every value unflagged and says all were confirmed', () => {
		expect([...r.cells.values()].filter((c) => c.flags.some((f) => REVIEW_FLAGS.includes(f)))).toEqual([]);
		expect(r.needsReview).toBe(0);
		expect(r.issues.find((i) => i.code === 'all_confirmed')?.severity).toBe('info');
	});
});

describe('values no identity can check', () => {
	it('are flagged unverified when every identity they are part of has an unreadable cell', () => {
		// 予以公开's 总计 and 总计's 自然人 printed "-": 予以公开 · 自然人 is in the row of one and the column of the other.
		const text = trustReport()
			.replace('（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |', '（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | - |')
			.replace('（七）总计 | 3 | 1 |', '（七）总计 | - | 1 |');
		const r = parse(text);
		expect(r.cells.get('t3.granted.total')!.value).toBeNull();
		expect(r.cells.get('t3.granted.natural_person')!.flags).toContain('unverified');
		// Its neighbour in 本年新收 still adds up along its row.
		expect(r.cells.get('t3.new_received.natural_person')!.flags).toEqual([]);
	});

	it('are counted in the report-level status with the metrics named', () => {
		const r = parse(trustReport().replace('行政规范性文件 | 4 | 3 | 25 |', '行政规范性文件 | 4 | 25 |'));
		expect(r.needsReview).toBeGreaterThan(0);
		const note = r.issues.find((i) => i.code === 'needs_review')!;
		expect(note.severity).toBe('warning');
		expect(note.message).toContain('t2.normative_docs.issued');
	});
});

describe('a value that breaks an identity', () => {
	it('is flagged suspect, not trusted', () => {
		const r = parse(trustReport().replace('（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |', '（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 5 |'));
		expect(r.cells.get('t3.granted.total')!.flags).toContain('suspect');
		expect(r.needsReview).toBeGreaterThan(0);
	});
});
