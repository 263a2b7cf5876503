/** Number parsing of single cells (templates.md §6, D2, D4, D11, D12, D17). */
import { describe, expect, it } from 'vitest';
import { readCell, toYuan, doubledReadings } from '../../../src/lib/parser/numbers.ts';

const num = (raw: string) => {
	const r = readCell(raw);
	return r.kind === 'number' ? r.value : r.kind;
};

describe('readCell', () => {
	it('reads plain, signed, full-width and padded numbers', () => {
		expect(num('14')).toBe(14);
		expect(num('-7')).toBe(-7);
		expect(num('+19')).toBe(19);
		expect(num('\u30008')).toBe(8);
		expect(num('0\u00a0')).toBe(0);
		expect(num('１２３')).toBe(123);
		expect(num(' 0')).toBe(0);
	});
	it('treats NBSP, full-width space and empty strings as blank (D2)', () => {
		for (const raw of ['', '\u00a0', '\u3000', ' \n ']) expect(readCell(raw).kind).toBe('blank');
	});
	it('tells a lone dash (not applicable) from a negative number (D11)', () => {
		for (const raw of ['-', '—', '/', '／', '无']) expect(readCell(raw).kind).toBe('na');
		expect(num('-8')).toBe(-8);
	});
	it('strips thousands separators only in the thousands pattern (D17)', () => {
		expect(num('1,234')).toBe(1234);
		expect(num('1，234')).toBe(1234);
		expect(num('12,34')).toBe('text');
	});
	it('keeps the unit written in the cell (D12)', () => {
		const r = readCell('38.39万');
		expect(r).toMatchObject({ kind: 'number', value: 38.39, unit: '万' });
		expect(readCell('251000元')).toMatchObject({ kind: 'number', value: 251000, unit: '元' });
	});
	it('recognises several numbers in one cell as garbled, with candidate readings (D6, D8)', () => {
		expect(readCell('0 0')).toEqual({ kind: 'garbled', candidates: [0], parts: ['0', '0'] });
		expect(readCell('0\n\n0')).toMatchObject({ kind: 'garbled', candidates: [0] });
		expect(readCell('1 2')).toMatchObject({ kind: 'garbled', candidates: [12] });
	});
	it('offers a doubled reading of repeated digits only when asked', () => {
		expect(readCell('11')).toMatchObject({ kind: 'number', value: 11 });
		expect(doubledReadings('11')).toEqual([11, 1]);
		expect(doubledReadings('12')).toBeNull();
		expect(doubledReadings('00')).toBeNull();
	});
	it('reports prose as text', () => {
		expect(readCell('行政许可').kind).toBe('text');
	});
});

describe('toYuan', () => {
	const n = (raw: string) => readCell(raw) as Extract<ReturnType<typeof readCell>, { kind: 'number' }>;
	it('converts 万 to yuan and keeps 元', () => {
		expect(toYuan(n('38.39万'), null)).toEqual({ yuan: 383900, unitFrom: 'cell' });
		expect(toYuan(n('251000元'), null)).toEqual({ yuan: 251000, unitFrom: 'cell' });
	});
	it('uses the header unit (2021 fees in 万元) without float noise', () => {
		expect(toYuan(n('0.092'), '万元')).toEqual({ yuan: 920, unitFrom: 'header' });
	});
	it('guesses a bare amount only as a guess', () => {
		expect(toYuan(n('38.39'), null)).toEqual({ yuan: 383900, unitFrom: 'guess' });
		expect(toYuan(n('251000'), null)).toEqual({ yuan: 251000, unitFrom: 'guess' });
	});
});
