/** Performance marks and measures for the benchmark: one helper, three ways of saying where a measure starts. */
import { describe, expect, it } from 'vitest';
import { mark, measure } from '../../../src/lib/perf.ts';

describe('measure', () => {
	it('measures from a mark, from a performance.now() time, and carries its detail', () => {
		mark('perf-spec:begin');
		const t0 = performance.now();
		expect(measure('perf-spec:from-mark', 'perf-spec:begin')).toBeGreaterThanOrEqual(0);
		expect(measure('perf-spec:from-time', t0, { rows: 3 })).toBeGreaterThanOrEqual(0);
		const [entry] = performance.getEntriesByName('perf-spec:from-time') as PerformanceMeasure[];
		expect(entry.detail).toEqual({ rows: 3 });
	});

	it('returns null instead of throwing for a mark that was never set (a measure never breaks the page)', () => {
		expect(measure('perf-spec:nothing', 'perf-spec:no-such-mark')).toBeNull();
	});
});
