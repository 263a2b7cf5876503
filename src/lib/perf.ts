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

/** Measure from a start mark (or navigation start) to now. Returns the duration in ms. */
export function measure(name: string, startMark?: string): number | null {
	if (typeof performance === 'undefined' || typeof performance.measure !== 'function') return null;
	try {
		const m = performance.measure(name, startMark);
		return m?.duration ?? null;
	} catch {
		return null;
	}
}
