/**
 * Is this document an annual report at all? A file is called a report only on real evidence: an annual-report
 * title (organisation or year, 信息公开…年度报告) together with at least one value from a template table or a
 * narrative figure — or, without a title, a template table read well enough to leave no doubt. A README or a
 * notice that merely mentions 年度报告 or quotes "共主动公开政府信息366条" is not a report. A title with nothing
 * readable after it is a report that yielded nothing (`title_only`): ingest keeps it as partial, with a reason.
 */
import type { Cell } from './types.ts';
import type { Token } from './tokens.ts';

export type Evidence = 'report' | 'title_only' | 'none';

// The title as printed at the head of a report: a year and 信息公开…年度报告/年报, within its first characters
// (a report flattened onto one line still starts with it).
const TITLE = /^.{0,40}?(?:19|20)\d{2}\s*年度?.{0,40}?(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)|^.{0,40}?(?:政府|政务)信息公开(?:工作)?(?:19|20)\d{2}\s*年度?(?:报告|年报)/;
/** Without a title, this many template-table values are evidence enough (a page cut before its title). */
const TABLE_ONLY_MIN = 8;

/** True when one of the first lines (or two joined, for a title broken over lines) is an annual-report title. */
export function hasReportTitle(toks: Token[]): boolean {
	const head = toks.slice(0, 60).map((t) => t.n.slice(0, 120));
	for (let k = 0; k < head.length; k++) {
		if (TITLE.test(head[k]) || (k + 1 < head.length && head[k].length < 60 && TITLE.test(head[k] + head[k + 1]))) return true;
	}
	return false;
}

/** What the document shows of being a report, from its tokens and the cells read from it. */
export function reportEvidence(toks: Token[], cells: Map<string, Cell>): Evidence {
	let table = 0;
	let narrative = 0;
	for (const c of cells.values()) {
		if (c.printed === null && c.value === null) continue;
		if (/^t[234]\./.test(c.metric)) table++;
		else narrative++;
	}
	const title = hasReportTitle(toks);
	if (title && table + narrative > 0) return 'report';
	if (table >= TABLE_ONLY_MIN) return 'report';
	return title ? 'title_only' : 'none';
}
