/**
 * Where the Overview's figures come from, decided in one place (`overviewSource`): the baked aggregates while
 * DuckDB-WASM is still starting (the first chart does not wait for it), then DuckDB — its aggregate tables once
 * built, `facts_r` until then. A dataset without baked aggregates (the visitor's own files, an old build) waits
 * for DuckDB as before. All three give the same rows (tests/unit/serve/bake.test.ts), so the switch is invisible.
 */
import type { Connector } from '../db/connector.ts';
import { bakedScope, tableRows, type BakedAggregates, type BakedScope } from '../dataset/aggregates.ts';
import {
	continuityQuery,
	loadCounts,
	loadHeadlines,
	loadOutcomes,
	sameOrgsQuery,
	type ContinuityRow,
	type CountRow,
	type HeadlineRow,
	type OutcomeRow,
	type ReportCounts,
	type SameOrgsRow
} from '../queries/overview.ts';
import type { Scope } from '../url-params.ts';

export type OverviewSource = { kind: 'baked'; scope: BakedScope } | { kind: 'agg' | 'facts'; conn: Connector };

/**
 * The source for a scope: DuckDB once it holds the dataset (aggregate tables when built, else `facts_r`), the
 * baked aggregates before that when they hold the scope, else null (wait for DuckDB).
 */
export function overviewSource(scope: Partial<Scope>, o: { baked: BakedAggregates | null; conn: Connector | null; aggregates: boolean }): OverviewSource | null {
	if (o.conn) return { kind: o.aggregates ? 'agg' : 'facts', conn: o.conn };
	const s = o.baked ? bakedScope(o.baked, scope) : null;
	return s ? { kind: 'baked', scope: s } : null;
}

export interface OverviewFigures extends ReportCounts {
	headlines: HeadlineRow[];
	continuity: ContinuityRow[];
}

/**
 * The scope's report counts, headline figures and continuity (the first charts), and its outcome shares as a
 * second promise (drawn after). DuckDB's queries are issued together: the worker runs them back to back.
 */
export function overviewFigures(scope: Partial<Scope>, src: OverviewSource): { figures: Promise<OverviewFigures>; outcomes: Promise<OutcomeRow[]> } {
	if (src.kind === 'baked') {
		const b = src.scope;
		return {
			figures: Promise.resolve({ ...bakedCounts(b), headlines: tableRows<HeadlineRow>(b.headlines), continuity: tableRows<ContinuityRow>(b.continuity) }),
			outcomes: Promise.resolve(tableRows<OutcomeRow>(b.outcomes))
		};
	}
	const { conn, kind } = src;
	const countsP = loadCounts(conn, scope);
	const headlinesP = loadHeadlines(conn, scope, kind);
	const cq = continuityQuery(scope, { by: 'metric', source: kind });
	const continuityP = conn.query<ContinuityRow & Record<string, unknown>>(cq.sql, cq.params);
	const outcomes = loadOutcomes(conn, scope, kind);
	outcomes.catch(() => {}); // awaited by the caller; not an unhandled rejection if an earlier query fails first
	const figures = Promise.all([countsP, headlinesP, continuityP]).then(([counts, headlines, continuity]) => ({ ...counts, headlines, continuity }));
	return { figures, outcomes };
}

/** Like-for-like change of `year` over the previous year (`sameOrgsQuery`). */
export async function overviewSameOrgs(scope: Partial<Scope>, year: number, src: OverviewSource): Promise<SameOrgsRow[]> {
	if (src.kind === 'baked') return src.scope.same_orgs[year] ? tableRows<SameOrgsRow>(src.scope.same_orgs[year]) : [];
	const q = sameOrgsQuery(scope, year, src.kind);
	return src.conn.query<SameOrgsRow & Record<string, unknown>>(q.sql, q.params);
}

/** The baked `counts` table as `loadCounts` returns it (levels 0, 1 and 3 of `reportCountsQuery`). */
export function bakedCounts(b: BakedScope): ReportCounts {
	const levels = tableRows<CountRow & { level: number }>(b.counts);
	const counts = levels.filter((r) => r.level === 0).map(({ year, format, reports, orgs }) => ({ year, format, reports, orgs }));
	const perYear = levels.filter((r) => r.level === 1).map(({ year, reports, orgs }) => ({ year, reports, orgs }));
	const totals = levels.find((r) => r.level === 3);
	return {
		years: perYear.map((y) => y.year),
		counts,
		perYear,
		totals: totals ? { reports: totals.reports, orgs: totals.orgs } : { reports: 0, orgs: 0 }
	};
}
