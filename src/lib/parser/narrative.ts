/**
 * Key figures stated in the prose rather than the tables: items proactively published
 * (n.proactive.items, "共主动公开政府信息366条" and its phrasings) and, in 2021-format reports, the
 * information-processing fees of section 六 (t6.info_processing_fee.amount_yuan, low confidence).
 */
import type { Token } from './tokens.ts';
import type { Cell } from './types.ts';

// verb … (up to 12 chars, may include a year) … noun [共计|累计…] number 条/件
const PROACTIVE =
	/(?:共计|共|累计|全年)?(主动公开|公开|发布|公示)((?:[^。；;，,\d\s]|20\d\d\s*年|\s){0,14}?)(政府信息|信息|政务)(?:数量?|总数)?\s*(?:共计|总计|合计|累计|共|达|为)?\s*[:：]?\s*(\d[\d,，]*)\s*(条|件)/g;
const FEE = /信息(?:公开)?处理费[^。]{0,30}?(\d+(?:\.\d+)?)\s*(万元|元)/;
const NO_FEE = /(?:未|没有|无)(?:发生|收取)?[^。]{0,12}处理费|处理费[^。]{0,10}(?:为零|为0|0元)/;

/**
 * Finds n.proactive.items in prose tokens. Reports also quote partial figures ("主动公开财政预决算信息3条",
 * "其中通过政府网站公开信息72条", a website's 全年累计发布信息 that includes news), so every phrase is scored and
 * the one that reads most like the total wins: 主动公开 over a generic verb, then the noun 政府信息 itself, then
 * a totalling word (共, 累计, 全年…); a topic between verb and noun marks a part. Ties go to the first phrase.
 */
export function proactiveItems(toks: Token[], source: string): Cell | null {
	let best: { cell: Cell; score: number; topic: boolean } | null = null;
	const values = new Set<number>();
	for (const t of toks) {
		if (t.text.length < 8) continue;
		PROACTIVE.lastIndex = 0;
		for (let m = PROACTIVE.exec(t.text); m; m = PROACTIVE.exec(t.text)) {
			// "其中…" and enumerations list parts, not the total.
			const before = t.text.slice(Math.max(0, m.index - 6), m.index);
			if (/其中|分别|包括/.test(before + m[2])) continue;
			const proactive = m[1] === '主动公开' || m[2].includes('主动公开');
			const totalling = /共|累计|全年|总计|合计/.test(before.slice(-3) + m[0].slice(0, m[0].indexOf(m[1]) + m[1].length));
			const topic = m[2].replace(/主动公开|20\d\d\s*年|\s/g, '') !== '';
			const score = (proactive ? 4 : 0) + (m[3] === '政府信息' ? 2 : 0) + (totalling ? 1 : 0) - (topic ? 2 : 0);
			const value = Number(m[4].replace(/[,，]/g, ''));
			values.add(value);
			if (best && best.score >= score) continue;
			best = { cell: sentenceCell('n.proactive.items', t, m.index, m[0].length, value, source), score, topic };
		}
	}
	// Trusted only when the phrase names the total itself (主动公开 … 政府信息, no topic between), or is the
	// only figure of its kind without a topic: a partial figure that won for want of a better one is flagged.
	if (best && best.score < 6 && (best.topic || values.size > 1)) best.cell.flags.push('ambiguous');
	return best?.cell ?? null;
}

/** 信息处理费 from section 六 prose; 0 when the text says none was charged. */
export function infoProcessingFee(toks: Token[], source: string): Cell | null {
	for (const t of toks) {
		const m = FEE.exec(t.text);
		if (m) {
			const v = Number(m[1]) * (m[2] === '万元' ? 10000 : 1);
			return sentenceCell('t6.info_processing_fee.amount_yuan', t, m.index, m[0].length, Math.round(v * 100) / 100, source);
		}
		const z = NO_FEE.exec(t.text);
		if (z) return sentenceCell('t6.info_processing_fee.amount_yuan', t, z.index, z[0].length, 0, source);
	}
	return null;
}

/** A cell whose raw text is the matched phrase; exact span when the token is verbatim source text. */
function sentenceCell(metric: string, t: Token, at: number, len: number, value: number, source: string): Cell {
	const verbatim = source.slice(t.start, t.end) === t.text;
	return {
		metric,
		value,
		printed: value,
		raw: t.text.slice(at, at + len),
		start: verbatim ? t.start + at : t.start,
		end: verbatim ? t.start + at + len : t.end,
		flags: []
	};
}
