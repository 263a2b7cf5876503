/**
 * Text normalisation for matching labels and numbers (templates.md D4, D9): NFKC folds full-width digits,
 * brackets and colons to ASCII; all whitespace, U+3000 and NBSP are dropped; quotes are dropped.
 */

const WS = /[\s\u3000\u00a0\u200b\ufeff]+/g;
const ASCII = /^[\x00-\x7f]*$/;
const SIMPLE = /^[\x00-\x7f\u00a0\u2010-\u201f\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]*$/;
// One pass for the common case: drop white space and quotes, fold full-width forms, 【】 → [].
const FOLD = /[\s\u3000\u00a0\u200b\ufeff"'“”‘’「」『』\uff01-\uff5e【】]/g;
function fold(c: string): string {
	const code = c.charCodeAt(0);
	if (code >= 0xff01 && code <= 0xff5e) {
		const a = String.fromCharCode(code - 0xfee0);
		return a === '"' || a === "'" ? '' : a;
	}
	return c === '【' ? '[' : c === '】' ? ']' : '';
}
const QUOTES = /["'“”‘’「」『』]/g;

/** Normalised form used to compare labels: NFKC, no whitespace, no quotes, ASCII brackets. */
export function norm(s: string): string {
	// Fast paths: ASCII needs no folding; plain CJK text only needs full-width forms folded (what NFKC does to
	// them). Anything else (circled digits, compatibility ideographs…) goes through full NFKC.
	if (ASCII.test(s)) return s.replace(WS, '').replace(QUOTES, '');
	if (SIMPLE.test(s)) return s.replace(FOLD, fold);
	return s.normalize('NFKC').replace(WS, '').replace(QUOTES, '').replace(/【/g, '[').replace(/】/g, ']');
}

/** True when the string has no visible content (blank cell, D2). */
export function isBlank(s: string): boolean {
	return s.replace(WS, '') === '';
}

/** Leading outline numbering of a label: "一、", "(三)", "1.", "1、", "(1)". Works on normalised text. */
export const NUMBERING = /^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、](?!\d)|\(\d{1,2}\))/;

/** Strips every leading outline number ("三、(一)1." → ""), returning the numbering and the rest. */
export function splitNumbering(n: string): { numbering: string; rest: string } {
	let rest = n;
	let numbering = '';
	for (let m = NUMBERING.exec(rest); m; m = NUMBERING.exec(rest)) {
		numbering += m[0];
		rest = rest.slice(m[0].length);
	}
	return { numbering, rest };
}
