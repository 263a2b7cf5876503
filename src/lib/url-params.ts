/**
 * Typed, validating readers of view state in the URL, and the pure patch logic behind `setParams`.
 * Every value from a URL is untrusted: metric ids are checked against the catalog, years are integers in a
 * range, names are returned as bounded plain strings for the caller to check against the data, and nothing
 * here ever builds SQL. Kept free of SvelteKit imports so it can be specified by unit tests.
 */
import { isMetricId } from './catalog/index.ts';

export type Params = URLSearchParams;
export type ParamValue = string | number | boolean | null | undefined | readonly (string | number)[];

export const MIN_YEAR = 2008; // the disclosure regulations took effect in 2008
export const MAX_YEAR = 2100;
const MAX_NAME = 80;

/** A metric id from the catalog, or the fallback. */
export function readMetric(p: Params, key = 'metric', fallback: string | null = null): string | null {
	const v = p.get(key);
	return v !== null && isMetricId(v) ? v : fallback;
}

/** Several metric ids (comma-separated); unknown ids are dropped, duplicates removed, order kept. */
export function readMetrics(p: Params, key = 'metrics'): string[] {
	return [...new Set(readList(p, key).filter(isMetricId))];
}

/** An integer within [min, max], or the fallback. */
export function readInt(p: Params, key: string, min: number, max: number, fallback: number | null = null): number | null {
	const v = p.get(key);
	if (v === null || !/^-?\d{1,9}$/.test(v.trim())) return fallback;
	const n = Number(v.trim());
	return n >= min && n <= max ? n : fallback;
}

/** A year (integer, 2008..2100), or the fallback. */
export function readYear(p: Params, key = 'year', fallback: number | null = null): number | null {
	return readInt(p, key, MIN_YEAR, MAX_YEAR, fallback);
}

/** A year range from `from`/`to` (swapped if reversed); each end null when absent or invalid. */
export function readYearRange(p: Params, fromKey = 'from', toKey = 'to'): { from: number | null; to: number | null } {
	const from = readYear(p, fromKey);
	const to = readYear(p, toKey);
	return from !== null && to !== null && from > to ? { from: to, to: from } : { from, to };
}

/**
 * A name (town, district, dataset…) as a trimmed string of at most 80 characters without control characters,
 * or null. The caller checks it against the data (and binds it as a SQL parameter).
 */
export function readName(p: Params, key: string): string | null {
	const v = p.get(key)?.trim();
	if (!v || v.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(v)) return null;
	return v;
}

/** At most this many items are read from one list parameter (a URL can hold thousands). */
export const MAX_LIST = 500;
/** At most this many characters of a value from the URL are shown back to the visitor. */
export const ECHO_MAX = 80;

/** `s` cut to `max` characters with an ellipsis, for echoing URL values in messages. */
export function echo(s: string, max = ECHO_MAX): string {
	const chars = [...s];
	return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}

/** At most `max` items of a list to echo (each cut by `echo`), and how many were left out. */
export function echoList(items: readonly string[], max = 10): { shown: string[]; more: number } {
	return { shown: items.slice(0, max).map((s) => echo(s, 40)), more: Math.max(0, items.length - max) };
}

/**
 * Split a list parameter on commas; `\,` is a comma inside a name and `\\` a backslash (names such as
 * "城关镇,东区" exist). Old links without escapes read as before.
 */
export function splitList(v: string): string[] {
	const out: string[] = [];
	let cur = '';
	for (let i = 0; i < v.length; i++) {
		const c = v[i];
		if (c === '\\' && i + 1 < v.length) cur += v[++i];
		else if (c === ',') {
			out.push(cur);
			cur = '';
		} else cur += c;
	}
	out.push(cur);
	return out;
}

/** The inverse of `splitList`: items joined with commas, commas and backslashes inside them escaped. */
export function joinList(items: readonly (string | number)[]): string {
	return items.map((x) => String(x).replaceAll('\\', '\\\\').replaceAll(',', '\\,')).join(',');
}

/**
 * A list of names (each validated as by readName), at most MAX_LIST; empty when absent. One parameter holds a
 * comma-separated list (see `splitList`); a repeated parameter (`towns=a&towns=b`) holds one name per value.
 */
export function readList(p: Params, key: string): string[] {
	const all = p.getAll(key).filter((v) => v !== '');
	if (all.length === 0) return [];
	const items = all.length > 1 ? all : splitList(all[0]);
	return items
		.map((s) => s.trim())
		.filter((s) => s.length > 0 && s.length <= MAX_NAME && !/[\u0000-\u001f\u007f]/.test(s))
		.slice(0, MAX_LIST);
}

/** One of a fixed set of values, or the fallback. */
export function readEnum<T extends string>(p: Params, key: string, allowed: readonly T[], fallback: T): T {
	const v = p.get(key);
	return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** A flag: "1"/"true" → true, "0"/"false" → false, else the fallback. */
export function readBool(p: Params, key: string, fallback = false): boolean {
	const v = p.get(key);
	if (v === '1' || v === 'true') return true;
	if (v === '0' || v === 'false') return false;
	return fallback;
}

/** Dataset name as used in `/datasets/<name>/` (letters, digits, `._-`), or null. */
export function readDatasetName(p: Params, key = 'ds'): string | null {
	const v = p.get(key);
	return v && /^[\w.-]{1,64}$/.test(v) ? v : null;
}

export type Lang = 'zh' | 'en';
export function readLang(p: Params): Lang {
	return readEnum(p, 'lang', ['zh', 'en'] as const, 'zh');
}

export interface Scope {
	province: string | null;
	city: string | null;
	district: string | null;
}
/** The region scope (province/city/district names, unchecked against the data). */
export function readScope(p: Params): Scope {
	return { province: readName(p, 'province'), city: readName(p, 'city'), district: readName(p, 'district') };
}

/**
 * Apply a patch to URL search params: null/undefined/''/[] removes the key, arrays are comma-joined (`joinList`),
 * booleans become 1/0. Returns a new URLSearchParams; keys keep their order, new keys are appended.
 */
export function patchParams(current: Params, patch: Record<string, ParamValue>): URLSearchParams {
	const next = new URLSearchParams(current);
	for (const [k, v] of Object.entries(patch)) {
		if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) next.delete(k);
		else if (Array.isArray(v)) next.set(k, joinList(v));
		else if (typeof v === 'boolean') next.set(k, v ? '1' : '0');
		else next.set(k, String(v));
	}
	return next;
}

/** The search string (with `?`, or '' when empty) of the params, for hrefs. */
export function searchString(p: Params): string {
	const s = p.toString();
	return s ? `?${s}` : '';
}

/** The params to carry across views: dataset and language (the rest is each view's own state). */
export const SHARED_KEYS = ['ds', 'lang'] as const;

/** An href to `path` keeping only the shared params (ds, lang) of the current URL. */
export function hrefKeeping(path: string, current: Params, keys: readonly string[] = SHARED_KEYS): string {
	const out = new URLSearchParams();
	for (const k of keys) {
		const v = current.get(k);
		if (v !== null) out.set(k, v);
	}
	return path + searchString(out);
}

/**
 * A memo for values read from the URL: gives back the value it gave last time while the new one is equal
 * (compared as JSON: names may hold commas), so a `$derived` of it keeps its identity and the effects reading it
 * do not re-run on an unrelated URL change (a year, a chart type, the language). One per value: `const keep =
 * keepEqual<Scope>(); const scope = $derived(keep(readScope(sp)));`.
 */
export function keepEqual<T>(): (value: T) => T {
	let kept: { key: string; value: T } | null = null;
	return (value) => {
		const key = JSON.stringify(value);
		if (kept?.key !== key) kept = { key, value };
		return kept.value;
	};
}
