/**
 * Turns an HTML report into the same cell stream as flattened text: one token per table cell (rowspan and
 * colspan are not expanded — values are mapped by their order among non-label cells, templates.md D5) and
 * one per paragraph of prose. Spans point into the HTML source so every value can be shown in context.
 * Uses htmlparser2's streaming parser (no DOM) because ingest speed matters at national scale.
 */
import { Parser } from 'htmlparser2';
import { norm } from './normalize.ts';
import type { Token } from './tokens.ts';

const BLOCK = new Set([
	'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'blockquote',
	'pre', 'title', 'caption', 'dt', 'dd', 'center', 'tr', 'table', 'tbody', 'thead', 'tfoot', 'body', 'html', 'hr'
]);
// <head> is read: its <title> often carries the report's title.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'select', 'option', 'textarea']);
const WS_ONLY = /^[\s\u3000\u00a0]*$/;
const EDGE_WS = /^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g;

interface Buffer {
	parts: string[];
	start: number;
	end: number;
	cell: boolean;
}

export function tokenizeHtml(html: string): Token[] {
	const out: Token[] = [];
	let buf: Buffer | null = null;
	let skip = 0;

	const emit = (b: Buffer) => {
		const text = b.parts.join('').replace(EDGE_WS, '');
		// A table cell is a token even when empty (a blank cell holds its place, D2); empty prose is not.
		if (text === '' && !b.cell) return;
		const start = b.start < 0 ? b.end : b.start;
		out.push({ text, n: norm(text), start, end: b.start < 0 ? start : b.end, i: out.length });
	};
	const flush = () => {
		if (buf) emit(buf);
		buf = null;
	};

	const parser: Parser = new Parser(
		{
			// onopentagname, not onopentag: attributes are never needed, so the parser need not collect them.
			onopentagname(name) {
				if (SKIP.has(name)) return void skip++;
				if (skip) return;
				if (name === 'td' || name === 'th') {
					flush();
					buf = { parts: [], start: -1, end: parser.startIndex, cell: true };
				} else if (name === 'br') {
					if (buf) buf.parts.push('\n');
				} else if (BLOCK.has(name)) {
					if (buf?.cell) buf.parts.push('\n');
					else flush();
				}
			},
			ontext(data) {
				if (skip) return;
				if (!buf && WS_ONLY.test(data)) return;
				if (!buf) buf = { parts: [], start: -1, end: parser.startIndex, cell: false };
				buf.parts.push(data);
				// Spans cover the visible text only (entities such as &nbsp; are not content).
				if (/[^\s\u3000\u00a0]/.test(data)) {
					const from = skipSpace(html, parser.startIndex, parser.endIndex + 1, 1);
					if (buf.start < 0) buf.start = from;
					buf.end = skipSpace(html, parser.endIndex + 1, from, -1);
				}
			},
			onclosetag(name) {
				if (SKIP.has(name)) return void (skip = Math.max(0, skip - 1));
				if (skip) return;
				if (name === 'td' || name === 'th') flush();
				else if (BLOCK.has(name) && !buf?.cell) flush();
			}
		},
		{ decodeEntities: true, lowerCaseTags: true }
	);
	parser.write(html);
	parser.end();
	flush();
	return out;
}

/** Heuristic used by readers: does this text look like an HTML document rather than flattened text? */
export function looksLikeHtml(text: string): boolean {
	const head = text.slice(0, 4096).toLowerCase();
	return /<(?:!doctype html|html|body|table|p|div)[\s>]/.test(head) && /<\/(?:p|div|td|table|html|body)>/.test(text.slice(0, 200000).toLowerCase());
}

/** Moves from `i` towards `stop` past white space and &nbsp; entities (dir 1: forwards, -1: backwards). */
function skipSpace(s: string, i: number, stop: number, dir: 1 | -1): number {
	const ws = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0x3000 || c === 0xa0;
	if (dir === 1) {
		while (i < stop) {
			if (ws(s.charCodeAt(i))) i++;
			else if (s.startsWith('&nbsp;', i)) i += 6;
			else if (s.startsWith('&#160;', i)) i += 6;
			else break;
		}
	} else {
		while (i > stop) {
			if (ws(s.charCodeAt(i - 1))) i--;
			else if (s.endsWith('&nbsp;', i) || s.endsWith('&#160;', i)) i -= 6;
			else break;
		}
	}
	return i;
}
