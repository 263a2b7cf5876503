/**
 * Turns an HTML report into the same cell stream as flattened text: one token per table cell (rowspan and
 * colspan are not expanded — values are mapped by their order among non-label cells, templates.md D5) and
 * one per paragraph of prose. Spans point into the HTML source so every value can be shown in context.
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { norm } from './normalize.ts';
import type { Token } from './tokens.ts';

const BLOCK = new Set([
	'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'section', 'article', 'header', 'footer', 'blockquote',
	'pre', 'title', 'caption', 'dt', 'dd', 'center'
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'select', 'option']);

export function tokenizeHtml(html: string): Token[] {
	const doc = parseDocument(html, { withStartIndices: true, withEndIndices: true, decodeEntities: true });
	const out: Token[] = [];
	let buf: { parts: string[]; start: number; end: number } | null = null;

	const flush = () => {
		if (buf) {
			const text = buf.parts.join('').replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '');
			if (text !== '') out.push({ text, n: norm(text), start: buf.start, end: buf.end, i: out.length });
		}
		buf = null;
	};
	const addText = (data: string, start: number, end: number) => {
		if (!buf) buf = { parts: [], start, end };
		if (buf.parts.join('').trim() === '' && data.trim() !== '') buf.start = start + leading(data);
		buf.parts.push(data);
		if (data.trim() !== '') buf.end = end + 1 - trailing(data);
	};

	const walk = (nodes: ChildNode[]) => {
		for (const node of nodes) {
			if (node.type === 'text') {
				addText(node.data, node.startIndex ?? 0, node.endIndex ?? 0);
			} else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
				const el = node as Element;
				const name = el.name.toLowerCase();
				if (SKIP.has(name)) continue;
				if (name === 'td' || name === 'th') {
					flush();
					cell(el);
				} else if (name === 'br') {
					if (buf) buf.parts.push('\n');
				} else if (name === 'tr' || name === 'table' || BLOCK.has(name)) {
					flush();
					walk(el.children);
					flush();
				} else {
					walk(el.children);
				}
			}
		}
	};

	/** A table cell is one token even when empty (a blank cell holds its place, D2). */
	const cell = (el: Element) => {
		const parts: string[] = [];
		let start = -1;
		let end = -1;
		const collect = (nodes: ChildNode[]) => {
			for (const n of nodes) {
				if (n.type === 'text') {
					parts.push(n.data);
					if (n.data.trim() !== '' && n.data.replace(/[\s\u3000\u00a0]/g, '') !== '') {
						if (start < 0) start = (n.startIndex ?? 0) + leading(n.data);
						end = (n.endIndex ?? 0) + 1 - trailing(n.data);
					}
				} else if (n.type === 'tag') {
					const name = (n as Element).name.toLowerCase();
					if (SKIP.has(name)) continue;
					if (name === 'br' || name === 'p' || name === 'div') parts.push('\n');
					collect((n as Element).children);
				}
			}
		};
		collect(el.children);
		const text = parts.join('').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
		if (start < 0) start = end = el.startIndex ?? 0;
		out.push({ text, n: norm(text), start, end, i: out.length });
	};

	walk(doc.children);
	flush();
	return out;
}

function leading(s: string): number {
	return s.length - s.replace(/^[\s\u3000\u00a0]+/, '').length;
}
function trailing(s: string): number {
	return s.length - s.replace(/[\s\u3000\u00a0]+$/, '').length;
}

/** Heuristic used by readers: does this text look like an HTML document rather than flattened text? */
export function looksLikeHtml(text: string): boolean {
	const head = text.slice(0, 4096).toLowerCase();
	return /<(?:!doctype html|html|body|table|p|div)[\s>]/.test(head) && /<\/(?:p|div|td|table|html|body)>/.test(text.slice(0, 200000).toLowerCase());
}
