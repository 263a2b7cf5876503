/**
 * The left margin of every chart over the years (charts/common.ts `yearFrame` takes the larger of its usual
 * 44–56 px and `tickRoom`): the y axis's labels fit — a national sum ("1,600,000") as well as a town's ("40").
 */
import { describe, expect, it } from 'vitest';
import { tickRoom } from '../../../src/lib/charts/tick-room.ts';

describe('tickRoom', () => {
	it('asks no more than the usual margins for the labels of a town or a city', () => {
		expect(tickRoom([0, 20, 40])).toBeLessThanOrEqual(44);
		expect(tickRoom([0, 20_000, 40_000])).toBeLessThanOrEqual(44);
	});

	it('gives a national sum room for all its digits (≥ 5.6 px a character at 10 px, and the tick)', () => {
		const ticks = [0, 400_000, 800_000, 1_200_000, 1_600_000];
		expect(tickRoom(ticks)).toBeGreaterThan(56);
		expect(tickRoom(ticks)).toBeGreaterThanOrEqual('1,600,000'.length * 5.6 + 6);
	});

	it('measures the labels the axis prints when it has its own format', () => {
		expect(tickRoom([0, 1], (d) => `${d} 万元的很长标签`)).toBeGreaterThan(tickRoom([0, 1]));
	});
});
