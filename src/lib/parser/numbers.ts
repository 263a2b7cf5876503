/**
 * Reading one table cell as a number (templates.md §6, D2, D4, D11, D12, D17): blanks, not-applicable
 * markers, signs, units written in the cell, thousands separators, and garbled runs such as "0 0" or "11".
 */

export type CellReading =
	| { kind: 'blank' }
	| { kind: 'na'; marker: string }
	| { kind: 'number'; value: number; unit: '' | '元' | '万' | '万元'; sign: boolean }
	/** Several numbers in one cell ("0 0", "0\n\n0") or doubled digits ("11"): candidates, best first. */
	| { kind: 'garbled'; candidates: number[]; parts: string[] }
	| { kind: 'text' };

const NA = /^(?:[-—–－―一/／\\]|无|不适用|n\/?a)$/i;
const NUM = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|万|元|件|条|个|项|次)?$/;

// Cells repeat ("0", "", "1" …) and each is read several times (value test, cell, repair): memoise.
const cache = new Map<string, CellReading>();

/** Reads a raw cell as printed. The result is shared: do not mutate it. */
export function readCell(raw: string): CellReading {
	let r = cache.get(raw);
	if (r === undefined) {
		if (cache.size > 20000) cache.clear();
		r = readCellUncached(raw);
		cache.set(raw, r);
	}
	return r;
}

function readCellUncached(raw: string): CellReading {
	const s = raw.normalize('NFKC').replace(/[\u3000\u00a0\u200b\ufeff]/g, ' ').trim();
	if (s === '') return { kind: 'blank' };
	const compact = s.replace(/\s+/g, '');
	if (NA.test(compact)) return { kind: 'na', marker: compact };
	const parts = s.split(/\s+/);
	if (parts.length === 1) {
		const n = parseNumber(compact);
		return n ?? { kind: 'text' };
	}
	const nums = parts.map(parseNumber);
	if (nums.every((n) => n !== null)) {
		const values = nums.map((n) => n!.value);
		const candidates: number[] = [];
		// "0 0": the same value printed twice (D6); "1 2": one number split over two cells (D8).
		if (values.every((v) => v === values[0])) candidates.push(values[0]);
		if (parts.every((p) => /^\d+$/.test(p))) candidates.push(Number(parts.join('')));
		return { kind: 'garbled', candidates: [...new Set(candidates)], parts };
	}
	return { kind: 'text' };
}

function parseNumber(s: string): Extract<CellReading, { kind: 'number' }> | null {
	const m = NUM.exec(s.replace(/，/g, ','));
	if (!m) return null;
	const [, sign, int, frac, unit] = m;
	const value = Number(int.replace(/,/g, '') + (frac ? '.' + frac : '')) * (sign === '-' ? -1 : 1);
	const u = unit === '万元' || unit === '万' || unit === '元' ? unit : '';
	return { kind: 'number', value, unit: u, sign: sign !== '' };
}

/**
 * Other readings of a clean-looking cell, used only where a row is already garbled (D6): "11" may be a
 * doubled "1", "1212" a doubled "12". Returns the candidate values, the printed reading first.
 */
export function doubledReadings(raw: string): number[] | null {
	const s = raw.normalize('NFKC').replace(/\s+/g, '');
	if (!/^\d{2,}$/.test(s) || s.length % 2 !== 0 || /^0+$/.test(s)) return null;
	const half = s.slice(0, s.length / 2);
	return half + half === s ? [Number(s), Number(half)] : null;
}

/** True when a cell can stand in a value position (so a label search does not swallow it). */
export function isValueLike(raw: string): boolean {
	return readCell(raw).kind !== 'text';
}

/** Money in yuan from a reading; `defaultUnit` is the column's unit when the cell has none. */
export function toYuan(
	r: Extract<CellReading, { kind: 'number' }>,
	defaultUnit: '元' | '万元' | null
): { yuan: number; unitFrom: 'cell' | 'header' | 'guess' } {
	const scale = (u: string) => (u === '万' || u === '万元' ? 10000 : 1);
	const round = (v: number) => Math.round(v * 100) / 100;
	if (r.unit === '元' || r.unit === '万' || r.unit === '万元') return { yuan: round(r.value * scale(r.unit)), unitFrom: 'cell' };
	if (defaultUnit) return { yuan: round(r.value * scale(defaultUnit)), unitFrom: 'header' };
	// No unit anywhere (2019 采购总金额): decimals or small values are almost surely 万元.
	const wan = !Number.isInteger(r.value) || Math.abs(r.value) < 1000;
	return { yuan: round(r.value * (wan && r.value !== 0 ? 10000 : 1)), unitFrom: 'guess' };
}

/**
 * Plausibility of a value for its catalog unit. Counts are whole and not negative (except a year's change,
 * `*_delta`) and written without a unit; a printed number beyond 2^53 has lost its digits (JS doubles);
 * non-finite (a 400-digit run) is no value at all. Beyond these hard limits no report can be right either:
 * a hundred million applications or items, a hundred billion yuan.
 */
export const PLAUSIBLE_MAX = { count: 1e8, yuan: 1e11 } as const;

/** Why `value` cannot be right for a metric of `unit` printed as `raw`, or null when it can. */
export function implausibility(value: number, unit: string, raw: string, signed: boolean): string | null {
	if (!Number.isFinite(value)) return 'the number is too long to be a value (no value stored)';
	// The longest number in the raw text (a sentence may hold a date besides the figure).
	const digits = Math.max(0, ...(raw.normalize('NFKC').replace(/,/g, '').match(/\d+/g) ?? []).map((d) => d.replace(/^0+/, '').length));
	if (Math.abs(value) > Number.MAX_SAFE_INTEGER || digits > 15) return `the number has ${digits} digits: more than can be stored exactly, certainly a typo or damage`;
	if (unit === 'count') {
		const cellUnit = readCell(raw);
		if (cellUnit.kind === 'number' && cellUnit.unit !== '') return `a count written with the unit ${cellUnit.unit}`;
		if (!Number.isInteger(value)) return 'a count with a fraction';
		if (value < 0 && !signed) return 'a negative count';
	}
	const max = unit === 'yuan' ? PLAUSIBLE_MAX.yuan : unit === 'count' ? PLAUSIBLE_MAX.count : Infinity;
	if (Math.abs(value) > max) return `more than ${max.toExponential()} ${unit === 'yuan' ? 'yuan' : ''}`.trimEnd() + ' is implausible for one report';
	return null;
}

/**
 * Flags implausible values `suspect` (non-finite ones become null) and returns one warning each, naming the
 * cell and what is wrong. `unitOf` gives the catalog unit of a metric.
 */
export function checkPlausibility(
	cells: Map<string, { metric: string; value: number | null; printed: number | null; raw: string; flags: string[] }>,
	unitOf: (metric: string) => string | undefined
): { subject: string; severity: 'warning'; code: string; message: string }[] {
	const issues: { subject: string; severity: 'warning'; code: string; message: string }[] = [];
	for (const c of cells.values()) {
		if (c.value === null) continue;
		const why = implausibility(c.value, unitOf(c.metric) ?? 'count', c.raw, /_delta$/.test(c.metric));
		if (!why) continue;
		if (!Number.isFinite(c.value)) c.value = c.printed = null;
		if (!c.flags.includes('suspect')) c.flags.push('suspect');
		const shown = c.raw.length > 40 ? `${c.raw.slice(0, 20)}…(${c.raw.length} characters)` : c.raw;
		issues.push({ subject: c.metric, severity: 'warning', code: 'implausible', message: `「${shown}」: ${why}; check the source` });
	}
	return issues;
}
