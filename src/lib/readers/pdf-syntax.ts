/**
 * Just enough PDF syntax, on the file's bytes, to find and copy a dictionary: character classes, white space
 * and comments, tokens, and the extent of a value (a name, number, string, array, dictionary or `n g R`
 * reference). Used by the Type 3 reading view (pdf-type3.ts); PDF.js reads everything else.
 */

export type Span = [number, number];

// PDF's character classes: 0 regular, 1 white-space, 2 delimiter.
export const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;
export const LT = 0x3c;
const GT = 0x3e;
/** The byte arrays one after the other. */
export function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
export function latin(t: string): Uint8Array {
	const out = new Uint8Array(t.length);
	for (let i = 0; i < t.length; i++) out[i] = t.charCodeAt(i);
	return out;
}

export function text(data: Uint8Array, span: Span | undefined): string {
	if (!span) return '';
	let s = '';
	for (let i = span[0]; i < span[1]; i++) s += String.fromCharCode(data[i]);
	return s;
}
export function startsWith(data: Uint8Array, at: number, word: Uint8Array): boolean {
	if (at + word.length > data.length) return false;
	for (let k = 0; k < word.length; k++) if (data[at + k] !== word[k]) return false;
	return true;
}
/** The next occurrence of a word (found by its last byte: in PDF syntax the first is often a frequent '/'). */
export function find(data: Uint8Array, word: Uint8Array, from: number): number {
	const k = word.length - 1;
	for (let i = data.indexOf(word[k], from + k); i >= 0; i = data.indexOf(word[k], i + 1)) if (startsWith(data, i - k, word)) return i - k;
	return -1;
}
export function skipSpace(data: Uint8Array, i: number): number {
	while (i < data.length) {
		if (CLASS[data[i]] === 1) i++;
		else if (data[i] === 0x25) while (i < data.length && data[i] !== 0x0a && data[i] !== 0x0d) i++;
		else break;
	}
	return i;
}
export function regularEnd(data: Uint8Array, i: number): number {
	while (i < data.length && CLASS[data[i]] === 0) i++;
	return i;
}

/** A dictionary's top-level entries (key → the span of its value) and where it ends; null if it is malformed. */
export function readDict(data: Uint8Array, i: number): { entries: Map<string, Span>; end: number } | null {
	if (data[i] !== LT || data[i + 1] !== LT) return null;
	const entries = new Map<string, Span>();
	i += 2;
	for (;;) {
		i = skipSpace(data, i);
		if (i >= data.length) return null;
		if (data[i] === GT && data[i + 1] === GT) return { entries, end: i + 2 };
		if (data[i] !== 0x2f) return null;
		const keyEnd = regularEnd(data, i + 1);
		const key = text(data, [i + 1, keyEnd]);
		const vStart = skipSpace(data, keyEnd);
		const vEnd = skipValue(data, vStart);
		if (vEnd < 0) return null;
		entries.set(key, [vStart, vEnd]);
		i = vEnd;
	}
}

/** Where the value starting at i ends (an indirect reference `n g R` counts as one value); -1 if malformed. */
export function skipValue(data: Uint8Array, i: number): number {
	if (i >= data.length) return -1;
	const c = data[i];
	if (c === 0x2f) return regularEnd(data, i + 1);
	if (c === LT && data[i + 1] !== LT) {
		const e = data.indexOf(GT, i);
		return e < 0 ? -1 : e + 1;
	}
	if (c === LT || c === 0x5b) return skipNested(data, i);
	if (c === 0x28) return skipString(data, i);
	if (CLASS[c] !== 0) return -1;
	const end = regularEnd(data, i);
	if (!isDigits(data, i, end)) return end;
	// `n g R`: an indirect reference.
	const g = skipSpace(data, end);
	const gEnd = regularEnd(data, g);
	if (g === end || !isDigits(data, g, gEnd)) return end;
	const r = skipSpace(data, gEnd);
	return r > gEnd && data[r] === 0x52 && CLASS[data[r + 1]] !== 0 ? r + 1 : end;
}
/** Past the array or dictionary at i, by its brackets (strings, hex strings and comments skipped whole). */
function skipNested(data: Uint8Array, i: number): number {
	const open: number[] = [];
	for (let k = i; k < data.length; ) {
		const c = data[k];
		if (c === 0x28) {
			k = skipString(data, k);
			if (k < 0) return -1;
			continue;
		}
		if (c === 0x25) {
			k = skipSpace(data, k);
			continue;
		}
		if (c === LT && data[k + 1] === LT) {
			open.push(LT);
			k += 2;
		} else if (c === GT && data[k + 1] === GT) {
			if (open.pop() !== LT) return -1;
			k += 2;
		} else if (c === LT) {
			const e = data.indexOf(GT, k);
			if (e < 0) return -1;
			k = e + 1;
		} else if (c === 0x5b) {
			open.push(c);
			k++;
		} else if (c === 0x5d) {
			if (open.pop() !== 0x5b) return -1;
			k++;
		} else k++;
		if (open.length === 0) return k;
	}
	return -1;
}
function skipString(data: Uint8Array, i: number): number {
	let depth = 0;
	for (let k = i; k < data.length; k++) {
		if (data[k] === 0x5c) k++;
		else if (data[k] === 0x28) depth++;
		else if (data[k] === 0x29 && --depth === 0) return k + 1;
	}
	return -1;
}
function isDigits(data: Uint8Array, a: number, b: number): boolean {
	if (b <= a) return false;
	for (let k = a; k < b; k++) if (data[k] < 0x30 || data[k] > 0x39) return false;
	return true;
}
