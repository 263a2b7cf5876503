/** Shapes the parser produces: one extracted cell per metric, issues, and the report's identity. */
import type { Flag, Severity } from '../dataset/schema.ts';

export type DocFormat = '2019' | '2021' | 'hybrid';

export interface Cell {
	metric: string;
	/** Best value for analysis: as printed, or inferred / repaired (then flagged). */
	value: number | null;
	/** What the source prints, read literally: null for a blank, a not-applicable marker or a garbled cell. */
	printed: number | null;
	raw: string;
	start: number;
	end: number;
	flags: Flag[];
	/** Where the value sits in a PDF: page (1-based) and box [x0, y0, x1, y1] in user space. */
	page?: number;
	box?: [number, number, number, number];
}

export interface Issue {
	/** Metric id, identity id (I-3a…) or a topic such as `table3` or `document`. */
	subject: string;
	severity: Severity;
	code: string;
	message: string;
}

export interface ReportMeta {
	org: string | null;
	year: number | null;
	published: string | null;
	level: string | null;
	province: string | null;
	city: string | null;
	district: string | null;
	format: DocFormat | null;
}

export interface ParsedReport {
	fileName: string;
	meta: ReportMeta;
	cells: Map<string, Cell>;
	issues: Issue[];
	/** The text ends before the report does (cut-off page). */
	truncated: boolean;
	/** True when the document shows no sign of being an annual report's tables or narrative. */
	notAReport: boolean;
	/**
	 * Values that need a human look: flagged ambiguous, suspect, unconfirmed_position, unverified or
	 * uncertain_unit (the trust rule, templates.md §11). 0 means every value read was confirmed.
	 */
	needsReview: number;
}

/** Flags that ask for a human look at a value (a blank read as 0 by the identities does not). */
export const REVIEW_FLAGS: readonly Flag[] = ['ambiguous', 'suspect', 'unconfirmed_position', 'unverified', 'uncertain_unit'];

export function addFlag(c: Cell, f: Flag): void {
	if (!c.flags.includes(f)) c.flags.push(f);
}
