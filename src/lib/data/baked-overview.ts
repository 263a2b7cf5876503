/**
 * Where the Overview's figures come from, decided in one place (`overviewSource`): the baked aggregates while
 * DuckDB-WASM is still starting (the first chart does not wait for it), then DuckDB — its aggregate tables once
 * built, `facts_r` until then. A dataset without baked aggregates (the visitor's own files, an old build) waits
 * for DuckDB as before. All three give the same rows (tests/unit/data/baked-overview.test.ts,
 * tests/unit/serve/bake.test.ts), so the switch is invisible. `loadOverviewFrom` reads a source, with
 * `liveQuery` like every view.
 */
import type { Connector } from '../db/connector.ts';
import { tableRows, type BakedScope } from '../dataset/aggregates.ts';
import {
	countsFromLevels,
	loadOverview,
	sameOrgsQuery,
	type ContinuityRow,
	type CountRow,
	type HeadlineRow,
	type Overview,
	type OverviewFigures,
	type OutcomeRow,
	type ReportCounts,
	type SameOrgsRow
} from '../queries/overview.ts';
import type { Scope } from '../url-params.ts';

export type { OverviewFigures };

/** Where baked entries are found (data/baked.ts `LightDataset`: the root, or a province's part fetched on demand). */
export interface BakedLookup {
	scopeOf(scope: Partial<Scope>): Promise<BakedScope | null>;
}

export type OverviewSource = { kind: 'baked'; scope: BakedScope } | { kind: 'agg' | 'facts'; conn: Connector };

/**
 * The source for a scope: DuckDB once it holds the dataset (`db` given: aggregate tables when built, else
 * `facts_r`) and the scope (`holds`: a dataset by province loads one province into DuckDB), the baked aggregates
 * before that or outside it when they hold the scope, else null (wait for DuckDB).
 */
export async function overviewSource(
	scope: Partial<Scope>,
	o: { baked: BakedLookup | null; db: (() => Promise<Connector>) | null; holds?: boolean; aggregates: boolean }
): Promise<OverviewSource | null> {
	if (o.db && o.holds !== false) return { kind: o.aggregates ? 'agg' : 'facts', conn: await o.db() };
	const s = o.baked ? await o.baked.scopeOf(scope) : null;
	return s ? { kind: 'baked', scope: s } : null;
}

/**
 * Everything the Overview shows for a scope, from a source; `early` gets the counts, headline figures and
 * continuity (the first charts) before the outcome shares are in.
 */
export async function loadOverviewFrom(scope: Partial<Scope>, src: OverviewSource, early?: (figures: OverviewFigures) => void): Promise<Overview> {
	if (src.kind !== 'baked') return loadOverview(src.conn, scope, src.kind, early);
	const b = src.scope;
	const figures = { ...bakedCounts(b), headlines: tableRows<HeadlineRow>(b.headlines), continuity: tableRows<ContinuityRow>(b.continuity) };
	early?.(figures);
	return { ...figures, outcomes: tableRows<OutcomeRow>(b.outcomes) };
}

/** Like-for-like change of `year` over the previous year (`sameOrgsQuery`). */
export async function overviewSameOrgs(scope: Partial<Scope>, year: number, src: OverviewSource): Promise<SameOrgsRow[]> {
	if (src.kind === 'baked') return src.scope.same_orgs[year] ? tableRows<SameOrgsRow>(src.scope.same_orgs[year]) : [];
	const q = sameOrgsQuery(scope, year, src.kind);
	return src.conn.query<SameOrgsRow & Record<string, unknown>>(q.sql, q.params);
}

/** The baked `counts` table as `loadCounts` returns it (levels 0, 1 and 3 of `reportCountsQuery`). */
export function bakedCounts(b: BakedScope): ReportCounts {
	return countsFromLevels(tableRows<CountRow & { level: number }>(b.counts));
}
