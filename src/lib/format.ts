/**
 * Number formatting shared by every view, so the same figure reads the same everywhere: grouped integers,
 * money converted from yuan (how the dataset stores it) to 万元 (how reports and readers think of it),
 * shares as percentages and year-on-year changes with an explicit sign. Pure functions: a missing value is
 * always shown as an em dash, never as 0 or NaN.
 */

export const MISSING = '—';

function isNum(n: number | null | undefined): n is number {
	return typeof n === 'number' && Number.isFinite(n);
}

/** 12345.6 → "12,346"; digits fixes the fraction digits (default: integers as integers, else up to 1). */
export function fmtNumber(n: number | null | undefined, digits?: number): string {
	if (!isNum(n)) return MISSING;
	const d = digits ?? (Number.isInteger(n) ? 0 : 1);
	return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** Yuan → 万元 without the unit: 1234500 → "123.45"; small sums keep two decimals so 500 yuan is "0.05". */
export function fmtWan(yuan: number | null | undefined, digits = 2): string {
	if (!isNum(yuan)) return MISSING;
	const wan = yuan / 10_000;
	const d = Math.abs(wan) >= 10_000 ? 0 : digits;
	return wan.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: d });
}

/** A share 0..1 → "12.3%". */
export function fmtPct(share: number | null | undefined, digits = 1): string {
	if (!isNum(share)) return MISSING;
	return `${(share * 100).toFixed(digits)}%`;
}

/** Relative change from previous to current, or null when it is undefined (no previous, previous 0). */
export function relChange(current: number | null | undefined, previous: number | null | undefined): number | null {
	if (!isNum(current) || !isNum(previous) || previous === 0) return null;
	return (current - previous) / Math.abs(previous);
}

/**
 * Year-on-year change as text: "+12.3%" / "−4.0%" (true minus sign), "±0%" for no change; with
 * `{ absolute: true }` the difference itself ("+12", "−3"). "—" when there is nothing to compare.
 */
export function fmtDelta(
	current: number | null | undefined,
	previous: number | null | undefined,
	opts: { absolute?: boolean; digits?: number } = {}
): string {
	if (opts.absolute) {
		if (!isNum(current) || !isNum(previous)) return MISSING;
		return signed(current - previous, (v) => fmtNumber(v, opts.digits));
	}
	const r = relChange(current, previous);
	if (r === null) return MISSING;
	return signed(r, (v) => fmtPct(v, opts.digits ?? 1));
}

function signed(v: number, fmt: (abs: number) => string): string {
	const text = fmt(Math.abs(v));
	if (/^0(\.0+)?%?$/.test(text)) return `±${text}`;
	return `${v > 0 ? '+' : '−'}${text}`;
}
