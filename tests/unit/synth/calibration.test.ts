/**
 * The value model stays calibrated against the real town and street reports in datasets/sources/real
 * (docs/synth.md): for each quantity the real reports state, the generated median and share of zeros
 * fall in a band around the corpus figures. The corpus is small, so the bands are wide; they catch a
 * model drifting to another order of magnitude, not a few percent.
 */
import { describe, expect, it } from 'vitest';
import { simulateOrg } from '../../../src/lib/synth/model.ts';
import { selectOrgs } from '../../../src/lib/synth/orgs.ts';
import { loadDivisions } from '../../../src/node/synth/divisions.ts';
import { corpusFiles } from '../../helpers/corpus.ts';

const TOWN_LEVEL = /^(town|street|township)/;
const real = corpusFiles()
	.map((f) => f.expected as typeof f.expected & { level: string })
	.filter((e) => TOWN_LEVEL.test(e.level));
const orgs = selectOrgs(loadDivisions(), { province: '浙江省' }).filter((_, i) => i % 3 === 0);
const generated = orgs.flatMap((o) => simulateOrg(o, [2019, 2020, 2021, 2022, 2023, 2024, 2025], 99).map((y) => y.values));

const stats = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return { n: s.length, median: s[Math.floor(s.length / 2)], zeros: s.filter((x) => x === 0).length / Math.max(1, s.length) };
};
const of = (rows: Record<string, number | null>[], id: string) => rows.map((r) => r[id]).filter((v): v is number => typeof v === 'number');

describe('calibration against the real corpus', () => {
	it('has town and street reports to calibrate on', () => {
		expect(real.length).toBeGreaterThanOrEqual(8);
	});
	it.each([
		['n.proactive.items', 0.5, 2],
		['t2.admin_penalty.decisions', 0.25, 4]
	])('%s: the generated median is within ×%s–×%s of the corpus median', (id, lo, hi) => {
		const r = stats(of(real.map((e) => e.values), id));
		const g = stats(of(generated, id));
		expect(r.n).toBeGreaterThanOrEqual(5);
		expect(g.median).toBeGreaterThanOrEqual(r.median * lo);
		expect(g.median).toBeLessThanOrEqual(r.median * hi);
	});
	it.each(['t2.admin_license.decisions', 't2.admin_penalty.decisions', 't2.admin_coercion.decisions', 't3.new_received.total'])(
		'%s: the corpus count of zeros is plausible under the generated share (binomial, both tails ≥ 2.5 %%)',
		(id) => {
			const r = stats(of(real.map((e) => e.values), id));
			const g = stats(of(generated, id));
			expect(r.n).toBeGreaterThanOrEqual(3);
			const k = Math.round(r.zeros * r.n);
			expect(Math.min(binomTail(r.n, g.zeros, k, 'ge'), binomTail(r.n, g.zeros, k, 'le'))).toBeGreaterThanOrEqual(0.025);
		}
	);
});

/** P(X ≥ k) or P(X ≤ k) for X ~ Binomial(n, p). */
function binomTail(n: number, p: number, k: number, side: 'ge' | 'le'): number {
	let sum = 0;
	for (let x = 0; x <= n; x++) {
		if ((side === 'ge' && x < k) || (side === 'le' && x > k)) continue;
		let c = 1;
		for (let j = 1; j <= x; j++) c = (c * (n - x + j)) / j;
		sum += c * p ** x * (1 - p) ** (n - x);
	}
	return sum;
}
