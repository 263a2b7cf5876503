import { describe, expect, it } from 'vitest';
import { orderBy, pivot, sumBy } from '../../../src/lib/data/tidy.ts';
import { matrixRows, topTowns } from '../../../src/lib/queries/quality.ts';

describe('table reshapes without eval (the app runs under a CSP without unsafe-eval)', () => {
	const rows = [
		{ org: 'A镇', year: 2020, sev: 'error', n: 2 },
		{ org: 'A镇', year: 2020, sev: 'info', n: 1 },
		{ org: 'A镇', year: 2020, sev: 'error', n: 3 },
		{ org: 'B镇', year: 2021, sev: 'info', n: 4 }
	];

	it('pivots a column into columns per group, aggregating each cell', () => {
		const p = pivot(rows, ['org', 'year'], 'sev', (d) => d.reduce((s, r) => s + r.n, 0));
		expect(p.columns).toEqual(['error', 'info']);
		expect(p.rows).toEqual([
			{ org: 'A镇', year: 2020, error: 5, info: 1 },
			{ org: 'B镇', year: 2021, info: 4 }
		]);
	});

	it('sums per group and sorts by several keys, nulls last', () => {
		const s = sumBy(rows, (r) => r.org, { n: (r) => r.n });
		expect(s).toEqual([
			{ key: 'A镇', sums: { n: 6 } },
			{ key: 'B镇', sums: { n: 4 } }
		]);
		const o = orderBy([{ v: 1, k: 'b' }, { v: null, k: 'a' }, { v: 3, k: 'a' }, { v: 1, k: 'a' }], { get: (r) => r.v, desc: true }, { get: (r) => r.k });
		expect(o.map((r) => `${r.v}${r.k}`)).toEqual(['3a', '1a', '1b', 'nulla']);
	});

	it('an empty table gives empty results (arquero threw "Invalid column reference" and hung the Quality view)', () => {
		expect(pivot([] as { a: string; b: string }[], ['a'], 'b', () => 0)).toEqual({ rows: [], columns: [] });
		expect(topTowns(matrixRows([]), 30)).toEqual({ rows: [], towns: 0, shown: 0 });
	});
});
