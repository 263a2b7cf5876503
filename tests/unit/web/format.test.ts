import { describe, expect, it } from 'vitest';
import { MINUS, MISSING, fmtDelta, fmtNumber, fmtPct, fmtWan, relChange, roundShares } from '../../../src/lib/format.ts';

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

describe('signs and shares as printed', () => {
	it('prints negative numbers with the minus sign U+2212, never a hyphen', () => {
		expect(fmtNumber(-1234)).toBe(`${MINUS}1,234`);
		expect(fmtWan(-50_000)).toBe(`${MINUS}5`);
		expect(fmtPct(-0.123)).toBe(`${MINUS}12.3%`);
		expect(fmtDelta(1, 2)).toBe(`${MINUS}50.0%`);
		for (const s of [fmtNumber(-1), fmtWan(-1), fmtPct(-1), fmtDelta(1, 3, { absolute: true })]) expect(s).not.toContain('-');
	});

	it('rounds shares so the printed percentages add up to exactly 100', () => {
		// 1/3 each: 33.3 + 33.3 + 33.3 = 99.9 when each is rounded alone.
		const thirds = roundShares([1 / 3, 1 / 3, 1 / 3]);
		expect(thirds.reduce((a, b) => a! + b!, 0)).toBeCloseTo(1, 12);
		expect(thirds.map((s) => fmtPct(s))).toEqual(['33.4%', '33.3%', '33.3%']);
		const six = [221, 43, 30, 133, 37, 24].map((v) => v / 488);
		const r = roundShares(six);
		expect(Math.round(r.reduce((a, b) => a! + b!, 0)! * 1000)).toBe(1000);
		r.forEach((x, i) => expect(Math.abs(x! - six[i])).toBeLessThanOrEqual(0.001));
		expect(roundShares([null, 0.5, 0.5])).toEqual([null, 0.5, 0.5]);
	});
});
