/**
 * Performance marks the benchmark reads from the page (`performance.getEntriesByName`): `chart:render`
 * after each chart draw, `duckdb:start`, `dataset:ready`… One helper so names stay consistent and calls are
 * harmless where the Performance API is missing.
 */

export function mark(name: string, detail?: unknown): void {
	if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
	try {
		performance.mark(name, { detail });
	} catch {
		/* a mark must never break rendering */
	}
}

/**
 * Measure from `start` to now: a mark's name, a `performance.now()` time, or navigation start when omitted;
 * `detail` travels with the entry (a query's text, a download's size). Returns the duration in ms, or null where
 * it cannot be measured (no Performance API, an unknown mark): a measure is a diagnostic and never throws.
 */
export function measure(name: string, start?: string | number, detail?: unknown): number | null {
	if (typeof performance === 'undefined' || typeof performance.measure !== 'function') return null;
	try {
		const m = performance.measure(name, { start, end: performance.now(), detail });
		return m?.duration ?? null;
	} catch {
		return null;
	}
}
