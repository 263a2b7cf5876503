/**
 * Soft checks across the years of one organisation (templates.md §5 X-3, X-2a, X-2b): applications carried
 * over into year y should equal those carried forward out of y−1; stocks should move with the flows.
 * They often fail in practice, so they produce warnings and infos, never flags on values.
 */
import { T3_COLS, t2RowsWith } from '../catalog/index.ts';
import type { Issue } from './types.ts';

export interface YearReport {
	id: string;
	org: string;
	year: number;
	value: (metric: string) => number | null;
}

/** Returns issues keyed by report id. */
export function crossYearChecks(reports: YearReport[]): Map<string, Issue[]> {
	const out = new Map<string, Issue[]>();
	const add = (id: string, issue: Issue) => out.set(id, [...(out.get(id) ?? []), issue]);
	const byOrg = new Map<string, YearReport[]>();
	for (const r of reports) byOrg.set(r.org, [...(byOrg.get(r.org) ?? []), r]);
	for (const list of byOrg.values()) {
		const byYear = new Map(list.map((r) => [r.year, r]));
		for (const cur of list) {
			const prev = byYear.get(cur.year - 1);
			if (!prev) continue;
			for (const c of T3_COLS) {
				const a = prev.value(`t3.carried_forward.${c.key}`);
				const b = cur.value(`t3.carried_over.${c.key}`);
				if (a !== null && b !== null && a !== b) {
					add(cur.id, {
						subject: 'X-3',
						severity: 'warning',
						code: 'cross_year',
						message: `上年结转 (${c.zh}) is ${b} in ${cur.year} but ${prev.year}'s report carried ${a} forward`
					});
				}
			}
			for (const kind of ['rules', 'normative_docs']) {
				const valid0 = prev.value(`t2.${kind}.valid`);
				const [valid, issued, repealed] = ['valid', 'issued', 'repealed'].map((k) => cur.value(`t2.${kind}.${k}`));
				if (valid0 !== null && valid !== null && issued !== null && repealed !== null && valid !== valid0 + issued - repealed) {
					add(cur.id, { subject: 'X-2a', severity: 'info', code: 'cross_year', message: `现行有效件数 of ${kind} is ${valid}; ${prev.year}'s ${valid0} + ${issued} issued − ${repealed} repealed = ${valid0 + issued - repealed}` });
				}
			}
			for (const row of t2RowsWith('prev_year_items', 'items_delta')) {
				const p0 = prev.value(`t2.${row}.prev_year_items`);
				const d0 = prev.value(`t2.${row}.items_delta`);
				const p1 = cur.value(`t2.${row}.prev_year_items`);
				if (p0 !== null && d0 !== null && p1 !== null && p1 !== p0 + d0) {
					add(cur.id, { subject: 'X-2b', severity: 'info', code: 'cross_year', message: `上一年项目数量 of ${row} is ${p1}; ${prev.year}'s ${p0} ${d0 >= 0 ? '+' : '−'} ${Math.abs(d0)} = ${p0 + d0}` });
				}
			}
		}
	}
	return out;
}
