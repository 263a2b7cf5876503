/**
 * Seeded pseudo-random numbers for the synthetic generator. Reproducibility is the point: the same seed
 * must give the same bytes on every machine, so nothing here touches Math.random or the clock. Each
 * organisation-year gets its own stream derived from (seed, keys), so one report does not change when
 * another is added or removed.
 */

/** A seeded generator with the few distributions the value model needs. */
export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [lo, hi] (inclusive). */
	int(lo: number, hi: number): number;
	chance(p: number): boolean;
	pick<T>(items: readonly T[]): T;
	/** Standard normal (Box–Muller). */
	normal(): number;
	/** exp(N(log(median), sigma)): a positive skewed quantity with the given median. */
	logNormal(median: number, sigma: number): number;
	/** Poisson count with mean `lambda` (inversion for small means, normal approximation above 50). */
	poisson(lambda: number): number;
	/** Splits `n` into counts over the given weights (multinomial). */
	multinomial(n: number, weights: readonly number[]): number[];
}

/** FNV-1a over the keys' text: a stable 32-bit seed for a stream. */
export function streamSeed(seed: number, ...keys: (string | number)[]): number {
	let h = 0x811c9dc5 ^ (seed >>> 0);
	const s = keys.join('\u0001');
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/** sfc32: small, fast, and passes PractRand far beyond what a report generator needs. */
export function createRng(seed: number): Rng {
	let a = 0x9e3779b9,
		b = 0x243f6a88,
		c = 0xb7e15162,
		d = seed >>> 0;
	const next = (): number => {
		a >>>= 0;
		b >>>= 0;
		c >>>= 0;
		d >>>= 0;
		let t = (a + b) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		d = (d + 1) | 0;
		t = (t + d) | 0;
		c = (c + t) | 0;
		return (t >>> 0) / 4294967296;
	};
	for (let i = 0; i < 12; i++) next();
	const rng: Rng = {
		next,
		int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
		chance: (p) => next() < p,
		pick: (items) => {
			if (items.length === 0) throw new Error('pick from an empty list');
			return items[Math.floor(next() * items.length)];
		},
		normal: () => {
			const u = 1 - next();
			const v = next();
			return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		},
		logNormal: (median, sigma) => median * Math.exp(sigma * rng.normal()),
		poisson: (lambda) => {
			if (lambda <= 0) return 0;
			if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
			const l = Math.exp(-lambda);
			let k = 0;
			let p = next();
			while (p > l) {
				k++;
				p *= next();
			}
			return k;
		},
		multinomial: (n, weights) => {
			const out = weights.map(() => 0);
			let left = n;
			let wLeft = weights.reduce((s, w) => s + w, 0);
			for (let i = 0; i < weights.length && left > 0; i++) {
				if (i === weights.length - 1 || wLeft <= 0) {
					out[i] = left;
					break;
				}
				const p = Math.min(1, weights[i] / wLeft);
				let k = 0;
				// Binomial by counting for small n, normal approximation for large.
				if (left <= 60) for (let j = 0; j < left; j++) k += next() < p ? 1 : 0;
				else k = Math.min(left, Math.max(0, Math.round(left * p + Math.sqrt(left * p * (1 - p)) * rng.normal())));
				out[i] = k;
				left -= k;
				wLeft -= weights[i];
			}
			return out;
		}
	};
	return rng;
}
