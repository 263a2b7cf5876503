/**
 * Normalisation that keeps every number: what mirror sites, converters and PDF fonts do to a report's text,
 * undone before the report is read — traditional characters (OpenCC, opencc-js), pinyin glosses after
 * characters (`鎮(zhèn)`), Kangxi radicals and compatibility ideographs that CJK fonts map glyphs to (`⾏` for
 * 行), full-width pipes and digits, lone CR line ends, ideographic / no-break spaces where tabs were, page
 * footers printed inside tables (`- 3 -`, `第 3 页 共 5 页`) and, in a reader's tokens, spaces between every
 * CJK character. Each step records where every character of its output came from, so the parser's spans
 * can be mapped back onto the ORIGINAL text (provenance). The text path (`prepareText`) and the token path
 * of file readers (`prepareTokens`, PDF) share the steps.
 */
import * as OpenCC from 'opencc-js';
import { norm } from './normalize.ts';
import type { Token } from './tokens.ts';

export interface Prepared {
	/** The text the parser reads. */
	text: string;
	/**
	 * Offset in the original text of each character of `text` (length text.length + 1, the last entry is
	 * the original length); null when `text` is the original itself.
	 */
	map: Int32Array | null;
	/** What was undone, for the report's issues ("traditional characters converted", …). */
	changes: string[];
}

type Converter = (s: string) => string;
let toSimplified: Converter | null = null;

/** Characters that are only ever traditional (frequent in reports): cheap test before running OpenCC. */
const TRADITIONAL = /[開資訊條處與數請報辦務機關會議發間類關統計區總關於們這個時經過實現]/g;

/**
 * Steps applied one after another, each a text → text with its offset map: the maps compose, so every prepared
 * character still leads back to the original. Shared by the text path and the reader-token path.
 */
function steps(original: string) {
	const p: Prepared = { text: original, map: null, changes: [] };
	const step = (next: { text: string; map: Int32Array } | null, what: string) => {
		if (!next) return;
		p.map = p.map ? compose(p.map, next.map) : next.map;
		p.text = next.text;
		p.changes.push(what);
	};
	/** The steps that work inside a cell, common to both paths (in this order). */
	const cellSteps = (html: boolean, marks: string) => {
		// Glosses first: 反(fǎn)覆 must be one word again before OpenCC converts 反覆 to 反复.
		step(dropGlosses(p.text), 'pinyin glosses after characters removed');
		// Traditional characters: OpenCC's t→cn conversion is one character for one (checked per line below).
		if ((p.text.match(TRADITIONAL)?.length ?? 0) >= 8) step(simplify(p.text), 'traditional characters converted to simplified (OpenCC)');
		step(foldGlyphs(p.text), 'Kangxi radicals / compatibility ideographs read as the characters they stand for');
		step(foldMarks(p.text, html), marks);
	};
	return { p, step, cellSteps };
}

export function prepareText(original: string, html: boolean): Prepared {
	const { p, step, cellSteps } = steps(original);
	// Full-width digits before footers: "第３页" is a footer too.
	cellSteps(html, 'full-width digits and pipes, lone carriage returns folded');
	if (!html) {
		step(dropFooters(p.text), 'page footers removed');
		step(tabsFromSpaces(p.text), 'ideographic / no-break spaces at line starts read as tabs');
	}
	return p;
}

/** A reader's tokens re-read on the prepared text (`start`/`end` index into `text`; `map` leads back). */
export interface PreparedTokens extends Prepared {
	tokens: Token[];
}

/**
 * The same normalisation for a file reader's tokens (PDF): the steps that work inside a cell (glosses,
 * traditional characters, radicals, full-width forms, letter-spaced CJK) run on the reader's text, and every
 * token is cut out of the result again with its page and box. Footers and tab cells are the reader's job
 * (it knows the page geometry), so those two text steps do not run here.
 */
export function prepareTokens(original: string, tokens: Token[]): PreparedTokens {
	const { p, step, cellSteps } = steps(original);
	cellSteps(true, 'full-width digits folded');
	step(closeLetterSpacing(p.text), 'spaces between CJK characters removed');
	const { text, map, changes } = p;
	if (!map) return { text, map, changes, tokens };
	const m: Int32Array = map;
	// Offsets of the original → the prepared text: the first prepared character at or after it.
	const forward = (o: number) => {
		let lo = 0;
		let hi = m.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (m[mid] >= o) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	};
	const out = tokens.map((t) => {
		const start = forward(t.start);
		const end = Math.max(start, forward(t.end));
		const s = text.slice(start, end);
		return { ...t, text: s, n: norm(s), start, end };
	});
	return { text, map, changes, tokens: out };
}

/** Maps an offset of the prepared text to the original. */
export function toOriginal(p: Prepared, offset: number): number {
	if (!p.map) return offset;
	return p.map[Math.max(0, Math.min(offset, p.map.length - 1))];
}

function identity(n: number): Int32Array {
	const m = new Int32Array(n + 1);
	for (let i = 0; i <= n; i++) m[i] = i;
	return m;
}

/** map2 is offsets of the step's output into its input; map1 offsets of that input into the original. */
function compose(map1: Int32Array, map2: Int32Array): Int32Array {
	const out = new Int32Array(map2.length);
	for (let i = 0; i < map2.length; i++) out[i] = map1[map2[i]];
	return out;
}

/** Rewrites the matches of `re` with `by(match)`; inserted text maps to the start of what it replaced. */
function rewrite(text: string, re: RegExp, by: (m: RegExpExecArray) => string | null): { text: string; map: Int32Array } | null {
	const parts: string[] = [];
	const offs: number[] = [];
	let last = 0;
	let changed = false;
	re.lastIndex = 0;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (m[0] === '') {
			re.lastIndex++;
			continue;
		}
		const rep = by(m);
		if (rep === null || rep === m[0]) continue;
		changed = true;
		parts.push(text.slice(last, m.index));
		for (let i = last; i < m.index; i++) offs.push(i);
		parts.push(rep);
		// Same length: character for character; otherwise every inserted character points at the match start.
		for (let k = 0; k < rep.length; k++) offs.push(rep.length === m[0].length ? m.index + k : m.index);
		last = m.index + m[0].length;
	}
	if (!changed) return null;
	parts.push(text.slice(last));
	for (let i = last; i <= text.length; i++) offs.push(i);
	return { text: parts.join(''), map: Int32Array.from(offs) };
}

// Taiwan phrasing (OpenCC `twp`) the character conversion does not undo, for the words the tables use.
const TW_PHRASES: [RegExp, string][] = [
	[/资讯/g, '信息'],
	[/专案/g, '项目'],
	[/释出/g, '发布'],
	[/档案/g, '文件']
];

function simplify(text: string): { text: string; map: Int32Array } | null {
	const conv = (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }));
	let out = conv(text);
	if (out.length !== text.length) {
		// A phrase changed length somewhere: convert line by line, and character by character where a line differs.
		out = text
			.split('\n')
			.map((line) => {
				const l = conv(line);
				return l.length === line.length ? l : [...line].map((ch) => (conv(ch).length === ch.length ? conv(ch) : ch)).join('');
			})
			.join('\n');
	}
	if (out === text) return null;
	// A text written in Taiwan phrasing says 资讯 where the template says 信息: only then are phrases mapped back.
	if ((out.match(/资讯/g)?.length ?? 0) >= 3 && (out.match(/资讯/g)?.length ?? 0) > (out.match(/信息/g)?.length ?? 0)) {
		for (const [re, to] of TW_PHRASES) out = out.replace(re, to);
	}
	return { text: out, map: identity(text.length) };
}

const TONES = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ';
// One gloss or several in a row (a page glossed twice: 機(jī)(jī)).
const GLOSS = new RegExp(`([\\u3400-\\u9fff])(?:[ \\u00a0]?[(（]([a-zA-Z${TONES}]{1,7}[1-5]?)[)）])+`, 'g');
const HAS_TONE = new RegExp(`[${TONES}]|[1-5]$`);

/** `鎮(zhèn)`: a gloss with tone marks is always dropped; plain Latin ones only when the text is full of them. */
function dropGlosses(text: string): { text: string; map: Int32Array } | null {
	GLOSS.lastIndex = 0;
	const all = [...text.matchAll(GLOSS)];
	if (all.length === 0) return null;
	const toned = all.filter((m) => HAS_TONE.test(m[2])).length;
	const dropPlain = toned >= 5 || all.length >= 20;
	return rewrite(text, GLOSS, (m) => (HAS_TONE.test(m[2]) || dropPlain ? m[1] : null));
}

// A line that is only a page number: "- 3 -", "— 3 —", "第 3 页 共 5 页", "第3页", "3 / 5", "Page 3 of 5".
const FOOTER =
	/^[ \t\u3000\u00a0]*(?:[-—–－―─]+[ \u3000\u00a0]*\d{1,3}[ \u3000\u00a0]*[-—–－―─]+|第[ \u3000\u00a0]*\d{1,3}[ \u3000\u00a0]*页(?:[ \u3000\u00a0,，/]*共[ \u3000\u00a0]*\d{1,3}[ \u3000\u00a0]*页)?|共[ \u3000\u00a0]*\d{1,3}[ \u3000\u00a0]*页[ \u3000\u00a0,，]*第[ \u3000\u00a0]*\d{1,3}[ \u3000\u00a0]*页|\d{1,3}[ \u3000\u00a0]*\/[ \u3000\u00a0]*\d{1,3}[ \u3000\u00a0]*页?|page[ \u3000\u00a0]*\d{1,3}(?:[ \u3000\u00a0]*(?:of|\/)[ \u3000\u00a0]*\d{1,3})?)[ \t\u3000\u00a0]*\r?(?:\n|$)/gim;

function dropFooters(text: string): { text: string; map: Int32Array } | null {
	return rewrite(text, FOOTER, () => '');
}

/**
 * Tab-indented cells whose tab became U+3000 or NBSP (a converter's doing): when no line starts with a tab
 * but many start with exactly one such space before text, those spaces are the tabs. Prose indented with
 * two ideographic spaces keeps its indent.
 */
function tabsFromSpaces(text: string): { text: string; map: Int32Array } | null {
	if (/(?:^|\n)\t/.test(text)) return null;
	// One space before visible content, possibly a second one that belongs to the cell ("\u3000 8"). Pipe
	// rows indented by a space stay pipe rows.
	const LEAD = /(^|\n)[\u3000\u00a0 ](?=[\u3000\u00a0 ]?[^\s\u3000\u00a0|])(?![^\n]*\|)/g;
	const n = text.match(LEAD)?.length ?? 0;
	// Only a text laid out in such cells (most lines), not one whose numbers carry a leading space.
	const lines = text.match(/(?:^|\n)[^\S\n]*[^\s\u3000\u00a0]/g)?.length ?? 0;
	if (n < 20 || n * 2 < lines) return null;
	// Then every such line was a tab cell, blank ones ("\u3000\u00a0", "\u3000") included.
	return rewrite(text, /(^|\n)[\u3000\u00a0 ](?![^\n]*\|)/g, (m) => m[1] + '\t');
}

/**
 * Kangxi radicals (U+2F00–2FDF), CJK radical-supplement forms (U+2E80–2EFF) and compatibility ideographs
 * (U+F900–FAFF) that CJK fonts' Unicode maps send common characters to (WPS and Word exports: ⾏ for 行, ⼆ for
 * 二, ⺠ for 民). NFKC folds the radicals and the compatibility ideographs; the supplement's whole-character
 * forms need a table. One character for one, so spans stay put.
 */
const RADICALS = /[\u2e80-\u2fdf\uf900-\ufaff]/g;
const SUPPLEMENT: Record<string, string> = {
	'\u2e9f': '母', '\u2ea0': '民', '\u2ec4': '西', '\u2ec5': '见', '\u2ec6': '角', '\u2ec9': '贝', '\u2ecb': '车', '\u2ed3': '长',
	'\u2ed4': '门', '\u2ed7': '雨', '\u2ed8': '青', '\u2ed9': '韦', '\u2eda': '页', '\u2edb': '风', '\u2edc': '飞', '\u2edd': '食', '\u2ee2': '马',
	'\u2ee3': '骨', '\u2ee4': '鬼', '\u2ee5': '鱼', '\u2ee6': '鸟', '\u2ee7': '卤', '\u2ee8': '麦', '\u2ee9': '黄', '\u2eea': '黾', '\u2eec': '齐',
	'\u2eee': '齿', '\u2ef0': '龙', '\u2ef3': '龟'
};
/** One character's ordinary form (itself when it has none of one character). */
export function foldGlyph(c: string): string {
	const f = SUPPLEMENT[c] ?? c.normalize('NFKC');
	return f.length === 1 ? f : c;
}
function foldGlyphs(text: string): { text: string; map: Int32Array } | null {
	RADICALS.lastIndex = 0;
	if (!RADICALS.test(text)) return null;
	const out = text.replace(RADICALS, foldGlyph);
	return out === text ? null : { text: out, map: identity(text.length) };
}

/**
 * Text set with a space between every CJK character (a PDF's letter-spaced title or distributed header,
 * 总  计): white space between two CJK characters is dropped. Only in a reader's tokens, where a token is one
 * cell or paragraph and such a space never separates two cells; numbers are never CJK, so `行政许可 97` keeps it.
 */
const CJK = '\u3400-\u9fff\u3001-\u3003\u3008-\u3011\uff08\uff09\uff0c\uff1a\uff1b';
const LETTER_SPACE = new RegExp(`(?<=[${CJK}])[ \u3000\u00a0]+(?=[${CJK}])`, 'g');
function closeLetterSpacing(text: string): { text: string; map: Int32Array } | null {
	LETTER_SPACE.lastIndex = 0;
	if (!LETTER_SPACE.test(text)) return null;
	return rewrite(text, LETTER_SPACE, () => '');
}

/** Full-width digits and `｜` → ASCII (a full-width pipe row is still a pipe row); a lone CR is a line end. */
function foldMarks(text: string, html: boolean): { text: string; map: Int32Array } | null {
	const re = html ? /[０-９]|\r(?!\n)/g : /[０-９｜]|\r(?!\n)/g;
	if (!re.test(text)) return null;
	const out = text.replace(re, (c) => (c === '\r' ? '\n' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
	return { text: out, map: identity(text.length) };
}
