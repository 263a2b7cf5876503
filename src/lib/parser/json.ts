/**
 * The stable JSON shape of one report's extraction (`nianbao parse --json`), checked by outside accuracy
 * tests: `values` holds what the report states — null where a cell is blank, not applicable or garbled
 * beyond repair — and `inferred` what the engine filled in from the identities (flagged in `flags`).
 */
import type { ParsedReport } from './types.ts';

export interface ReportJson {
	org: string | null;
	year: number | null;
	format: string | null;
	values: Record<string, number | null>;
	flags: Record<string, string[]>;
	inferred: Record<string, number>;
	issues: { subject: string; severity: string; code: string; message: string }[];
	truncated: boolean;
}

export function toReportJson(r: ParsedReport): ReportJson {
	const values: Record<string, number | null> = {};
	const flags: Record<string, string[]> = {};
	const inferred: Record<string, number> = {};
	for (const [id, c] of [...r.cells].sort(([a], [b]) => a.localeCompare(b))) {
		const filled = c.flags.includes('inferred') || c.flags.includes('inferred_zero');
		values[id] = filled ? null : c.value;
		if (filled && c.value !== null) inferred[id] = c.value;
		if (c.flags.length) flags[id] = [...c.flags];
	}
	return { org: r.meta.org, year: r.meta.year, format: r.meta.format, values, flags, inferred, issues: r.issues, truncated: r.truncated };
}
