/** URL values keep their identity while they are equal, so the effects reading them re-run only on a real change. */
import { describe, expect, it } from 'vitest';
import { keepEqual, readScope } from '../../../src/lib/url-params.ts';

describe('keepEqual', () => {
	it('gives back the first of equal values and the new one once it differs', () => {
		const keep = keepEqual<ReturnType<typeof readScope>>();
		const a = keep(readScope(new URLSearchParams('province=浙江省&year=2023')));
		const b = keep(readScope(new URLSearchParams('province=浙江省&year=2024&lang=en')));
		expect(b).toBe(a);
		const c = keep(readScope(new URLSearchParams('province=浙江省&city=宁波市')));
		expect(c).not.toBe(a);
		expect(c).toEqual({ province: '浙江省', city: '宁波市', district: null });
	});

	it('tells names with commas apart (compared as JSON, not joined)', () => {
		const keep = keepEqual<string[]>();
		const a = keep(['甲,乙', '丙']);
		expect(keep(['甲', '乙,丙'])).not.toBe(a);
	});

	it('keeps null as a value of its own', () => {
		const keep = keepEqual<{ x: number } | null>();
		expect(keep(null)).toBeNull();
		const o = keep({ x: 1 });
		expect(keep({ x: 1 })).toBe(o);
	});
});
