/**
 * Splits a flattened report (web page text, Markdown, PDF text) into a stream of cells with source spans.
 * Tables survive flattening in several shapes (templates.md D1, D7, D9): tab-prefixed cells that may run
 * over several lines, `a | b | c |` pipe rows, one cell per line or paragraph with `|` lines between,
 * Markdown tables. The extractors then anchor on labels in this stream, never on grid positions.
 */
import { norm } from './normalize.ts';

export interface Token {
	/** Cell text as in the source (trimmed). */
	text: string;
	/** Normalised text for label matching. */
	n: string;
	start: number;
	end: number;
	/** Index in the token stream. */
	i: number;
	/** Page (1-based) and box [x0, y0, x1, y1] in PDF user space, for readers that have geometry (PDF). */
	page?: number;
	box?: [number, number, number, number];
}

const HEADING = /^[\s\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/;
const MD_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

export function tokenizeText(text: string): Token[] {
	const out: Token[] = [];
	let cell: { start: number; end: number; tab: boolean } | null = null;
	// After a plain line, a following bare "|" closes that cell rather than adding an empty one.
	let awaitPipe = false;

	const emit = (start: number, end: number) => {
		// Trim the span to visible content; an all-blank cell keeps a zero-width span at its start.
		let s = start;
		let e = end;
		while (s < e && isSpace(text.charCodeAt(s))) s++;
		while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
		const raw = text.slice(s, e);
		out.push({ text: raw, n: norm(raw), start: s, end: e, i: out.length });
	};
	const close = () => {
		if (cell) emit(cell.start, cell.end);
		cell = null;
	};

	let pos = 0;
	while (pos <= text.length) {
		let nl = text.indexOf('\n', pos);
		if (nl < 0) nl = text.length;
		const lineEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
		const line = text.slice(pos, lineEnd);
		const trimmed = line.trim();

		if (line.startsWith('\t')) {
			close();
			awaitPipe = false;
			cell = { start: pos + 1, end: lineEnd, tab: true };
		} else if (trimmed === '' || /^[\u3000\u00a0\s]*$/.test(line)) {
			const c = cell as { tab: boolean } | null;
			if (c && !c.tab) close();
			// A line holding only NBSP / U+3000 is what an empty table cell (&nbsp;) leaves when a page is
			// copied one cell per paragraph: keep it as a blank cell, or the row's values slide left.
			if (!(c && c.tab) && /[\u3000\u00a0]/.test(line)) {
				emit(pos, lineEnd);
				awaitPipe = true;
			}
		} else if (line.includes('|')) {
			close();
			if (!MD_RULE.test(line)) awaitPipe = pipeLine(text, pos, lineEnd, awaitPipe, emit);
		} else {
			const c = cell as { start: number; end: number; tab: boolean } | null;
			// A tab cell may continue over short lines ("结果\n\n维持", "0\n\n0"), never into a heading or prose.
			if (c && c.tab && trimmed.length <= 12 && !HEADING.test(line)) {
				c.end = lineEnd;
			} else {
				close();
				emit(pos, lineEnd);
				awaitPipe = true;
			}
		}
		pos = nl + 1;
	}
	close();
	return out;
}

/** Emits the cells of one line holding pipes; returns the new awaitPipe state. */
function pipeLine(
	text: string,
	from: number,
	to: number,
	awaitPipe: boolean,
	emit: (s: number, e: number) => void
): boolean {
	let segStart = from;
	// Markdown row "| a | b |": the leading pipe opens the row, it does not end an empty cell.
	const firstPipe = text.indexOf('|', from);
	const lead = text.slice(from, firstPipe).trim() === '';
	const hasContent = /[^|\s\u3000\u00a0]/.test(text.slice(from, to));
	if (lead && hasContent) {
		segStart = firstPipe + 1;
		awaitPipe = false;
	}
	for (let p = text.indexOf('|', segStart); p >= 0 && p < to; p = text.indexOf('|', p + 1)) {
		const blank = text.slice(segStart, p).trim() === '';
		if (!(blank && awaitPipe)) emit(segStart, p);
		awaitPipe = false;
		segStart = p + 1;
	}
	if (text.slice(segStart, to).trim() !== '') {
		emit(segStart, to);
		return true;
	}
	return false;
}

function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0 || c === 0x200b || c === 0xfeff;
}
