/**
 * Number formatting shared by every view, so the same figure reads the same everywhere: grouped integers,
 * money converted from yuan (how the dataset stores it) to 万元 (how reports and readers think of it),
 * shares as percentages and year-on-year changes with an explicit sign. Pure functions: a missing value is
 * always shown as an em dash, never as 0 or NaN.
 */

export const MISSING = '—';
/** The minus sign printed for negative numbers (U+2212), never the hyphen-minus of `toLocaleString`. */
export const MINUS = '−';

const minus = (text: string) => text.replace(/^-/, MINUS);

function isNum(n: number | null | undefined): n is number {
	return typeof n === 'number' && Number.isFinite(n);
}

/** 12345.6 → "12,346"; digits fixes the fraction digits (default: integers as integers, else up to 1). */
export function fmtNumber(n: number | null | undefined, digits?: number): string {
	if (!isNum(n)) return MISSING;
	const d = digits ?? (Number.isInteger(n) ? 0 : 1);
	return minus(n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
}

/** Yuan → 万元 without the unit: 1234500 → "123.45"; small sums keep two decimals so 500 yuan is "0.05". */
export function fmtWan(yuan: number | null | undefined, digits = 2): string {
	if (!isNum(yuan)) return MISSING;
	const wan = yuan / 10_000;
	const d = Math.abs(wan) >= 10_000 ? 0 : digits;
	return minus(wan.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: d }));
}

/** A share 0..1 → "12.3%". */
export function fmtPct(share: number | null | undefined, digits = 1): string {
	if (!isNum(share)) return MISSING;
	return `${minus((share * 100).toFixed(digits))}%`;
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

/**
 * Shares 0..1 that add up to 1, rounded for display so that the printed percentages still add up to exactly
 * 100 (largest remainder: the parts that lost most in rounding get the last tenths). Missing shares stay null.
 */
export function roundShares(shares: readonly (number | null)[], digits = 1): (number | null)[] {
	const unit = 10 ** (digits + 2);
	const scaled = shares.map((s) => (isNum(s) ? s * unit : null));
	const floors = scaled.map((v) => (v === null ? null : Math.floor(v + 1e-9)));
	const total = scaled.reduce<number>((a, v) => a + (v ?? 0), 0);
	let left = Math.round(total) - floors.reduce<number>((a, v) => a + (v ?? 0), 0);
	const order = scaled
		.map((v, i) => ({ i, r: v === null ? -1 : v - (floors[i] ?? 0) }))
		.filter((x) => x.r >= 0)
		.sort((a, b) => b.r - a.r);
	const out = [...floors];
	for (const { i } of order) {
		if (left <= 0) break;
		out[i] = (out[i] ?? 0) + 1;
		left--;
	}
	return out.map((v) => (v === null ? null : v / unit));
}
