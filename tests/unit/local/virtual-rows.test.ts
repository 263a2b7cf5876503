/** Which rows of the /read list are drawn for a view: those in it plus a margin, with spacers for the rest. */
import { describe, expect, it } from 'vitest';
import { rowOffsets, rowWindow } from '../../../src/lib/local/virtual-rows.ts';

describe('rowOffsets', () => {
	it('adds measured heights and counts unmeasured rows at the estimate', () => {
		expect([...rowOffsets([10, undefined, 30], 20)]).toEqual([0, 10, 30, 60]);
		expect([...rowOffsets([], 20)]).toEqual([0]);
	});
});

describe('rowWindow', () => {
	const off = rowOffsets(Array(200).fill(40), 40); // 200 rows of 40 px: 8,000 px

	it('draws the rows in view and the margin around it, the rest as spacers of their height', () => {
		const w = rowWindow(off, 4000, 4800, 400); // rows 100–119 in view, ±10 rows of margin
		expect(w).toEqual({ start: 90, end: 131, before: 3600, after: 8000 - 131 * 40 });
		expect(w.before + (w.end - w.start) * 40 + w.after).toBe(8000);
	});

	it('starts at the first row while the list begins below the top of the view', () => {
		expect(rowWindow(off, -300, 600, 200)).toMatchObject({ start: 0, before: 0, end: 21 });
	});

	it('ends at the last row when the view is at the end of the list', () => {
		expect(rowWindow(off, 7600, 8400, 200)).toMatchObject({ start: 185, end: 200, after: 0 });
	});

	it('keeps one row drawn when the list is far out of view, and handles an empty list', () => {
		expect(rowWindow(off, -5000, -4000, 200)).toEqual({ start: 0, end: 1, before: 0, after: 7960 });
		expect(rowWindow(off, 9000, 9800, 200)).toEqual({ start: 199, end: 200, before: 7960, after: 0 });
		expect(rowWindow(rowOffsets([], 40), 0, 800, 200)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
	});

	it('follows rows of different heights (a status with reasons is taller)', () => {
		const mixed = rowOffsets([40, 120, 40, 40, 200, 40], 40); // tops 0 40 160 200 240 440, end 480
		expect(rowWindow(mixed, 170, 250, 0)).toMatchObject({ start: 2, end: 5, before: 160, after: 40 });
	});
});
