import { describe, expect, it } from 'vitest';
import { MISSING, fmtDelta, fmtNumber, fmtPct, fmtWan, relChange } from '../../../src/lib/format.ts';

describe('number formats', () => {
	it('groups thousands; integers stay integers', () => {
		expect(fmtNumber(1234567)).toBe('1,234,567');
		expect(fmtNumber(12.345)).toBe('12.3');
		expect(fmtNumber(12.345, 2)).toBe('12.35');
	});

	it('shows a missing value as a dash, never 0 or NaN', () => {
		for (const v of [null, undefined, NaN, Infinity]) {
			expect(fmtNumber(v)).toBe(MISSING);
			expect(fmtWan(v)).toBe(MISSING);
			expect(fmtPct(v)).toBe(MISSING);
		}
	});

	it('money is shown in 万元 (yuan / 10,000)', () => {
		expect(fmtWan(1_234_500)).toBe('123.45');
		expect(fmtWan(500)).toBe('0.05');
		expect(fmtWan(0)).toBe('0');
		expect(fmtWan(2_000_000_000)).toBe('200,000');
	});

	it('shares are percentages', () => {
		expect(fmtPct(0.1234)).toBe('12.3%');
		expect(fmtPct(1)).toBe('100.0%');
		expect(fmtPct(0.5, 0)).toBe('50%');
	});
});

describe('year-on-year change', () => {
	it('is relative to the previous value, signed with a true minus', () => {
		expect(fmtDelta(110, 100)).toBe('+10.0%');
		expect(fmtDelta(90, 100)).toBe('−10.0%');
		expect(fmtDelta(100, 100)).toBe('±0.0%');
	});

	it('is undefined without a previous value or from zero', () => {
		expect(relChange(5, 0)).toBeNull();
		expect(fmtDelta(5, 0)).toBe(MISSING);
		expect(fmtDelta(5, null)).toBe(MISSING);
		expect(fmtDelta(null, 5)).toBe(MISSING);
	});

	it('can be the absolute difference', () => {
		expect(fmtDelta(120, 100, { absolute: true })).toBe('+20');
		expect(fmtDelta(97, 100, { absolute: true })).toBe('−3');
		expect(fmtDelta(100, 100, { absolute: true })).toBe('±0');
	});

	it('uses the magnitude of a negative base', () => {
		expect(relChange(-50, -100)).toBe(0.5);
	});
});
