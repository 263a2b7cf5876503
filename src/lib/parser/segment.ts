/**
 * Finds where tables 二, 三 and 四 sit in the token stream. Anchors are the tables' own labels and the
 * section headings matched by content, not by their numeral: reports renumber sections (一、主动公开…
 * under a narrative of their own) or drop headings altogether.
 */
import type { Token } from './tokens.ts';
import { matchRow, T3_LABELS } from './labels.ts';

export interface Regions {
	t2: [number, number] | null;
	t3: [number, number] | null;
	t4: [number, number] | null;
	/** Index of the first token after the tables (section 五/六), or the token count. */
	tail: number;
}

// 第二十条第(一)项, and the same caption that lost its numeral (第二十条第项) in a converter.
const isArticle = (n: string) => /^第二十条第(?:\(|[一二三四五六七八九十]*项)/.test(n);
const isT2Heading = (n: string) => n.length <= 30 && n.includes('主动公开政府信息情况');
const isT3Heading = (n: string) => n.length <= 30 && n.includes('收到和处理政府信息公开申请情况');
const isT4Heading = (n: string) => n.length <= 45 && /行政复议.{0,4}行政诉讼(?:情况)?$/.test(n);
const isTailHeading = (n: string) =>
	n.length <= 30 && /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))?(?:政府信息公开工作)?(?:存在的?主要问题|存在问题|其他需要报告)/.test(n);

export function findRegions(toks: Token[]): Regions {
	const n = toks.length;
	const find = (from: number, pred: (t: Token) => boolean) => {
		for (let i = Math.max(0, from); i < n; i++) if (pred(toks[i])) return i;
		return -1;
	};
	// The first block title starts table 二 (prose under the heading still belongs to the narrative).
	let t2 = find(0, (t) => isArticle(t.n));
	if (t2 < 0) t2 = find(0, (t) => isT2Heading(t.n));
	const t3 = find(t2 + 1, (t) => isT3Heading(t.n) || t.n.includes('勾稽关系') || matchRow(t.text, T3_LABELS)?.row.row === 'new_received');
	let t4 = find(Math.max(t3, t2) + 1, (t) => isT4Heading(t.n));
	if (t4 < 0 && t3 >= 0) {
		const last = find(t3, (t) => matchRow(t.text, T3_LABELS)?.row.row === 'carried_forward');
		if (last >= 0) t4 = find(last + 1, (t) => t.n.startsWith('行政复议'));
	}
	const tail = find(Math.max(t4, t3, t2) + 1, (t) => isTailHeading(t.n));
	const end = tail >= 0 ? tail : n;
	const starts = [t2, t3, t4, end];
	const region = (k: number): [number, number] | null => {
		if (starts[k] < 0) return null;
		const next = starts.slice(k + 1).find((s) => s > starts[k]);
		return [starts[k], next ?? n];
	};
	return { t2: region(0), t3: region(1), t4: region(2), tail: end };
}
