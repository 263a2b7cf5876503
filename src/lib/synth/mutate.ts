/**
 * Rewrites a finished report the way publishing does (issue 9), for bench:mutations and the specs: some
 * rewrites keep every number (mirror sites in traditional characters, pinyin glosses, full-width forms,
 * converters' white space and line ends, page footers), some destroy one (a cell dropped or two glued
 * together, table 四 split into three captioned tables, captions and labels lost). Every mutation works on
 * any report text — pipe rows, tab cells, one cell per line, HTML — by finding cells in the text itself,
 * never by knowing the file. Returns null when a report has nothing the mutation could act on.
 */
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import type { Rng } from './prng.ts';

export const MUTATIONS = {
	footers: { keeps: true, what: 'page footers (- 3 -, — 3 —, 第 3 页 共 5 页, 第3页) inserted between lines, inside tables too' },
	traditional_tw: { keeps: true, what: 'whole report in traditional characters (OpenCC cn→tw)' },
	traditional_hk: { keeps: true, what: 'whole report in traditional characters (OpenCC cn→hk)' },
	traditional_t: { keeps: true, what: 'whole report in traditional characters (OpenCC cn→t)' },
	traditional_twp: { keeps: true, what: 'traditional characters with Taiwan phrasing (OpenCC cn→twp: 信息→資訊)' },
	pinyin_glosses: { keeps: true, what: 'traditional characters with pinyin glosses after some characters: 鎮(zhèn)' },
	fullwidth: { keeps: true, what: 'digits and ASCII punctuation in full-width forms (０-９, ｜, （）, ：)' },
	crlf: { keeps: true, what: 'CRLF line ends' },
	ideographic_spaces: { keeps: true, what: 'tabs and spaces replaced by U+3000 / NBSP' },
	encoding: { keeps: true, what: 'bytes re-encoded (GBK, GB18030, Big5 for traditional text, UTF-16 with BOM, UTF-8 with BOM)' },
	dropped_cell: { keeps: false, what: 'one value cell of a table lost (its row shows one value fewer)' },
	glued_cells: { keeps: false, what: 'two adjacent value cells printed as one (3 | 0 → 30)' },
	split_table4: { keeps: false, what: 'table 四 printed as three captioned tables, each with its own header row, in shuffled order' },
	lost_captions: { keeps: false, what: 'outline numbers lost from captions and row labels ((一), 1., 第二十条第（一）项 → 第二十条第项)' },
	blank_label: { keeps: false, what: 'one row label of table 二 or 三 printed blank' },
	header_copied: { keeps: true, what: 'the applicant header row of table 三 replaced by a header row copied from table 二' },
	floating_row: { keeps: false, what: 'PDF-to-Markdown: a table 三 row\'s values float away from its label to the end of the table' }
} as const;
export type MutationKind = keyof typeof MUTATIONS;

export interface Mutated {
	text: string;
	/** Offset in the input text where a number-destroying rewrite struck (its table is the truth of what was lost). */
	at?: number;
	/** Bytes to decode instead of the text (encoding mutations). */
	bytes?: Uint8Array;
	detail: string;
}

const converters = new Map<string, (s: string) => string>();
function opencc(to: 'tw' | 'hk' | 't' | 'twp'): (s: string) => string {
	const c = converters.get(to) ?? OpenCC.Converter({ from: 'cn', to });
	converters.set(to, c);
	return c;
}

const isHtml = (text: string) => /<(?:table|td|p|div|html)[\s>]/i.test(text.slice(0, 100000));

/** Applies `f` to the text between tags only (HTML), or to all of it. */
function onText(text: string, f: (s: string) => string): string {
	if (!isHtml(text)) return f(text);
	return text.replace(/>([^<]+)</g, (_, t: string) => `>${f(t)}<`);
}

export function mutate(kind: MutationKind, text: string, r: Rng, encode?: (text: string, enc: string) => Uint8Array): Mutated | null {
	switch (kind) {
		case 'footers':
			return footers(text, r);
		case 'traditional_tw':
		case 'traditional_hk':
		case 'traditional_t':
		case 'traditional_twp': {
			const to = kind.slice('traditional_'.length) as 'tw' | 'hk' | 't' | 'twp';
			return { text: onText(text, opencc(to)), detail: `OpenCC cn→${to}` };
		}
		case 'pinyin_glosses':
			return glosses(text, r);
		case 'fullwidth':
			return { text: onText(text, (s) => s.replace(/[0-9|():,.\-/%]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))), detail: 'full-width digits and punctuation' };
		case 'crlf':
			return { text: text.replace(/\r?\n/g, '\r\n'), detail: 'CRLF' };
		case 'ideographic_spaces': {
			const sp = r.chance(0.5) ? '\u3000' : '\u00a0';
			return { text: onText(text, (s) => s.replace(/\t/g, sp).replace(/ /g, () => (r.chance(0.5) ? '\u00a0' : '\u3000'))), detail: `tabs → U+${sp.charCodeAt(0).toString(16)}` };
		}
		case 'encoding': {
			if (!encode) return null;
			const enc = r.pick(['gbk', 'gb18030', 'big5', 'utf-16le', 'utf-8-bom']);
			// GBK and Big5 have no NBSP: converters write the ideographic space (A1A1) for it.
			const src = enc === 'big5' ? onText(text, opencc('tw')).replace(/\u00a0/g, '\u3000') : enc === 'gbk' ? text.replace(/\u00a0/g, '\u3000') : text;
			// A page re-encoded says so in its meta charset (as a mirror that re-encodes it would).
			const label = enc === 'utf-16le' ? 'utf-16' : enc === 'utf-8-bom' ? 'utf-8' : enc;
			const declared = src.replace(/(<meta[^>]*charset\s*=\s*["']?)[\w-]+/i, `$1${label}`);
			return { text: declared, bytes: encode(declared, enc), detail: enc };
		}
		case 'dropped_cell':
			return dropCell(text, r);
		case 'glued_cells':
			return glueCells(text, r);
		case 'split_table4':
			return splitTable4(text, r);
		case 'lost_captions':
			return lostCaptions(text);
		case 'blank_label':
			return blankLabel(text, r);
		case 'header_copied':
			return headerCopied(text);
		case 'floating_row':
			return floatingRow(text, r);
	}
}

const FOOTER_FORMS = [(p: number) => `- ${p} -`, (p: number) => `— ${p} —`, (p: number, n: number) => `第 ${p} 页 共 ${n} 页`, (p: number) => `第${p}页`, (p: number) => `－${p}－`];

function footers(text: string, r: Rng): Mutated | null {
	if (isHtml(text)) return null;
	const lines = text.split('\n');
	const form = r.pick(FOOTER_FORMS);
	const pages = r.int(3, 8);
	const at = new Set<number>();
	for (let k = 0; k < pages; k++) at.add(r.int(1, lines.length - 1));
	const out: string[] = [];
	let page = 1;
	lines.forEach((l, i) => {
		if (at.has(i)) out.push(form(page++, pages + 1));
		out.push(l);
	});
	return { text: out.join('\n'), detail: `${at.size} footers like ${form(1, pages + 1)}` };
}

let twToCn: ((s: string) => string) | null = null;
const back = (s: string) => (twToCn ??= OpenCC.Converter({ from: 'tw', to: 'cn' }))(s);

function glosses(text: string, r: Rng): Mutated | null {
	const trad = onText(text, opencc('tw'));
	// Glossed characters as mirror pages show them: a few place-name and rare characters, with tone marks.
	const out = onText(trad, (s) =>
		s.replace(/[\u4e00-\u9fff]/g, (ch) => {
			if (!r.chance(0.04)) return ch;
			const py = pinyin(back(ch), { toneType: 'symbol', type: 'string' });
			return /^[a-zü\u00c0-\u024f]+$/i.test(py) ? `${ch}(${py})` : ch;
		})
	);
	return { text: out, detail: 'cn→tw with pinyin glosses on ~4 % of characters' };
}

/** A value cell found in the text: its span and how it sits (pipe cell, its own line, in a run of numbers). */
interface CellSpan {
	start: number;
	end: number;
	kind: 'pipe' | 'line' | 'run' | 'td';
	/** Span of the next cell of the same row when it is a value too (for gluing). */
	next?: { start: number; end: number; between: [number, number] };
}

const NUM = /^[\u00a0\u3000\s]*\d{1,7}[\u00a0\u3000\s]*$/;

function valueCells(text: string): CellSpan[] {
	const out: CellSpan[] = [];
	// Cells inside the tables only: from the first 第二十条 / table-二 heading on.
	const from = Math.max(0, text.search(/第二十条|主动公开政府信息情况/));
	if (isHtml(text)) {
		// A cell's content may be wrapped (<td><p><span>0</span></p></td>): its text is what is between tags.
		const re = /<t[dh](?:\s[^>]*)?>([\s\S]*?)<\/t[dh]>/gi;
		let prev: (CellSpan & { row: number }) | null = null;
		let rowNo = 0;
		for (let m = re.exec(text); m; m = re.exec(text)) {
			if (m.index < from) continue;
			const rowBreak = text.slice(prev ? prev.end : m.index, m.index).includes('<tr');
			if (rowBreak) rowNo++;
			if (!/^\s*\d{1,7}\s*$/.test(m[1].replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ''))) {
				prev = null;
				continue;
			}
			const c = { start: m.index, end: m.index + m[0].length, kind: 'td' as const, row: rowNo };
			if (prev && prev.row === rowNo) prev.next = { start: c.start, end: c.end, between: [prev.end, c.start] };
			out.push(c);
			prev = c;
		}
		return out;
	}
	let pos = 0;
	let prevLine: CellSpan | null = null;
	for (const line of text.split('\n')) {
		const lineStart = pos;
		pos += line.length + 1;
		if (lineStart < from) continue;
		if (line.includes('|')) {
			prevLine = null;
			let s = lineStart;
			let prev: CellSpan | null = null;
			for (const part of line.split('|')) {
				const c = { start: s, end: s + part.length, kind: 'pipe' as const };
				if (NUM.test(part)) {
					if (prev) prev.next = { start: c.start, end: c.end, between: [prev.end, c.start] };
					out.push(c);
					prev = c;
				} else prev = null;
				s += part.length + 1;
			}
			continue;
		}
		const body = line.replace(/\r$/, '');
		if (NUM.test(body)) {
			const lead = body.length - body.replace(/^[\t ]+/, '').length;
			const c: CellSpan = { start: lineStart + lead, end: lineStart + body.replace(/[\s\u00a0\u3000]+$/, '').length, kind: 'line' };
			if (prevLine) prevLine.next = { start: c.start, end: c.end, between: [prevLine.end, c.start] };
			out.push(c);
			prevLine = c;
			continue;
		}
		if (body.trim() !== '' && !/^[\t\u00a0\u3000 ]*$/.test(body)) prevLine = null;
		// A run of numbers on one line ("行政许可 0 0 0", "0 0 0 0 0 0 0"): each number is a cell.
		const nums = [...body.matchAll(/(?<=^|[\s\u00a0\u3000])\d{1,7}(?=$|[\s\u00a0\u3000])/g)];
		if (nums.length >= 2 && /^[^\d]{0,40}(?:[\s\u00a0\u3000]+\d{1,7})+[\s\u00a0\u3000]*$/.test(body.replace(/^\t/, ''))) {
			let prev: CellSpan | null = null;
			for (const m of nums) {
				const c: CellSpan = { start: lineStart + m.index!, end: lineStart + m.index! + m[0].length, kind: 'run' };
				if (prev) prev.next = { start: c.start, end: c.end, between: [prev.end, c.start] };
				out.push(c);
				prev = c;
			}
		}
	}
	return out;
}

function dropCell(text: string, r: Rng): Mutated | null {
	const cells = valueCells(text);
	if (cells.length === 0) return null;
	const c = r.pick(cells);
	const shown = JSON.stringify(text.slice(c.start, c.end).trim());
	switch (c.kind) {
		case 'pipe': {
			// "| a | 3 | b |" → "| a | b |": the cell and the pipe after it go.
			const end = text[c.end] === '|' ? c.end + 1 : c.end;
			return { text: text.slice(0, c.start) + text.slice(end), at: c.start, detail: `pipe cell ${shown} at ${c.start}` };
		}
		case 'line': {
			const ls = text.lastIndexOf('\n', c.start - 1) + 1;
			const le = text.indexOf('\n', c.end);
			return { text: text.slice(0, ls) + (le < 0 ? '' : text.slice(le + 1)), at: c.start, detail: `line cell ${shown} at ${c.start}` };
		}
		case 'run': {
			let s = c.start;
			while (s > 0 && /[ \u00a0\u3000]/.test(text[s - 1])) s--;
			return { text: text.slice(0, s) + text.slice(c.end), at: c.start, detail: `number ${shown} in a run at ${c.start}` };
		}
		case 'td':
			return { text: text.slice(0, c.start) + text.slice(c.end), at: c.start, detail: `<td> ${shown} at ${c.start}` };
	}
}

function glueCells(text: string, r: Rng): Mutated | null {
	const cells = valueCells(text).filter((c) => c.next);
	if (cells.length === 0) return null;
	const c = r.pick(cells);
	const n = c.next!;
	const a = text.slice(c.start, c.end);
	const b = text.slice(n.start, n.end);
	const digits = (s: string) => s.replace(/<[^>]+>/g, '').replace(/[^\d]/g, '');
	const glued = digits(a) + digits(b);
	const rep = c.kind === 'td' ? a.replace(/>(\s*(?:&nbsp;)?\s*)\d+/, `>$1${glued}`) : a.replace(/\d+/, glued);
	return { text: text.slice(0, c.start) + rep + text.slice(n.end), at: c.start, detail: `${JSON.stringify(digits(a))} + ${JSON.stringify(digits(b))} → ${glued}` };
}

const T4_GROUPS = ['行政复议', '行政诉讼（未经复议直接起诉）', '行政诉讼（复议后起诉）'];
const T4_HEAD = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

/** Table 四 as three small captioned tables, each with its own header row, in shuffled order. */
function splitTable4(text: string, r: Rng): Mutated | null {
	if (isHtml(text)) return null;
	const head = text.search(/[四4][、.．]\s*政府信息公开行政复议/);
	if (head < 0) return null;
	const headEnd = text.indexOf('\n', head);
	let end = text.slice(headEnd).search(/\n[^\n]{0,6}(?:[五5][、.．]|存在的?主要问题)/);
	end = end < 0 ? text.length : headEnd + end + 1;
	const region = text.slice(headEnd, end);
	const nums = [...region.matchAll(/(?<=^|[\s|\u00a0\u3000])\d{1,7}(?=$|[\s|\u00a0\u3000])/gm)].map((m) => m[0]);
	// Only a clean row of 15 (a garbled one — "0 0", "00" — would be rewritten into other numbers).
	if (nums.length !== 15 || /\d[ \u00a0\u3000]+\d|\b0\d/.test(region.replace(/\|/g, '\n').split('\n').filter((l) => /\d/.test(l)).join('\n').replace(/^[^\d]*$/gm, ''))) return null;
	const values = nums;
	const pipe = text.includes('|');
	const order = [0, 1, 2];
	for (let k = 2; k > 0; k--) {
		const j = r.int(0, k);
		[order[k], order[j]] = [order[j], order[k]];
	}
	const row = (cells: string[]) => (pipe ? `| ${cells.join(' | ')} |` : cells.join('\n'));
	const parts = order.map((g) => [T4_GROUPS[g], row(T4_HEAD), row(values.slice(g * 5, g * 5 + 5))].join('\n'));
	return { text: text.slice(0, headEnd) + '\n' + parts.join('\n\n') + '\n' + text.slice(end), at: head, detail: `groups in order ${order.join(',')}` };
}

/** Outline numbers lost: 第二十条第（一）项 → 第二十条第项, "（一）予以公开" → "予以公开", "3.其他" → "其他". */
function lostCaptions(text: string): Mutated | null {
	const out = onText(text, (s) =>
		s
			.replace(/(第二十条第)[（(][一二三四五六七八九十]+[)）](项)/g, '$1$2')
			.replace(/(^|[\n\t|>]\s*)[（(][一二三四五六七八九十]{1,2}[)）]\s*(?=[\u4e00-\u9fff])/g, '$1')
			.replace(/(^|[\n\t|>]\s*)\d{1,2}[.．、]\s*(?=[\u4e00-\u9fff])/g, '$1')
	);
	return out === text ? null : { text: out, detail: 'outline numbers dropped' };
}

const LABELS = ['规章', '规范性文件', '行政许可', '行政处罚', '行政强制', '行政事业性收费', '予以公开', '部分公开', '本机关不掌握相关政府信息', '信访举报投诉类申请', '总计', '其他'];

function blankLabel(text: string, r: Rng): Mutated | null {
	const hits: [number, number][] = [];
	const re = /(^|[\n\t|>])[ \u3000\u00a0]*((?:[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、])?\s*([\u4e00-\u9fff]{2,16}))(?=[ \u3000\u00a0]*(?:[|<\n]|$))/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (LABELS.includes(m[3])) hits.push([m.index + m[0].length - m[2].length, m.index + m[0].length]);
		re.lastIndex = m.index + m[0].length;
	}
	if (hits.length === 0) return null;
	const [s, e] = r.pick(hits);
	return { text: text.slice(0, s) + text.slice(e), at: s, detail: `label ${JSON.stringify(text.slice(s, e))} blanked` };
}

/** The line of table 三's applicant header (商业企业 | 科研机构 | …) replaced by a table-二 header row. */
function headerCopied(text: string): Mutated | null {
	if (isHtml(text)) return null;
	const at = text.search(/(^|\n)[^\n]*商业\s*企业[^\n]*科研[^\n]*/);
	if (at < 0) return null;
	const s = text[at] === '\n' ? at + 1 : at;
	const e = text.indexOf('\n', s);
	const line = text.slice(s, e < 0 ? text.length : e);
	const pipe = line.includes('|');
	const copied = ['信息内容', '本年新收件数', '上年结转件数', '本年制发件数', '本年废止件数', '现行有效件数'];
	const rep = pipe ? `${copied.join(' | ')} |` : copied.join(line.startsWith('\t') ? '\n\t' : '\n');
	return { text: text.slice(0, s) + (line.startsWith('\t') && !pipe ? '\t' : '') + rep + text.slice(e < 0 ? text.length : e), at: s, detail: `header ${JSON.stringify(line.slice(0, 30))} replaced` };
}

/** A pipe row of table 三 split: its label stays, its seven values float to the end of the table. */
function floatingRow(text: string, r: Rng): Mutated | null {
	if (isHtml(text)) return null;
	const t3 = text.search(/三、\s*收到和处理政府信息公开申请情况/);
	const t4 = text.search(/四、\s*政府信息公开行政复议/);
	if (t3 < 0 || t4 < t3) return null;
	const rows: [number, number, string, string][] = [];
	const re = /(^|\n)([^|\n\d][^|\n]*?)\s*\|((?:\s*[\d\u00a0\u3000 ]*\s*\|){7,})[^\n]*/g;
	re.lastIndex = t3;
	for (let m = re.exec(text); m && m.index < t4; m = re.exec(text)) {
		const values = m[3].split('|').filter((v) => v.trim() !== '');
		if (values.length === 7) rows.push([m.index + m[1].length, m.index + m[0].length, m[2], m[3]]);
	}
	if (rows.length === 0) return null;
	const [s, e, label, values] = r.pick(rows);
	// The values land on a line of their own just before table 四's heading.
	const before = text.lastIndexOf('\n', t4 - 1);
	const out = text.slice(0, s) + `${label} |` + text.slice(e, before) + `\n|${values}` + text.slice(before);
	return { text: out, at: s, detail: `values of ${JSON.stringify(label.slice(0, 20))} moved to the end of table 三` };
}
