/**
 * Rankings (`/rank`): the organisations of a scope ranked for one year by a catalog metric or an indicator, by
 * value or by change on the previous year. The query returns one row per organisation and year; ranking is a
 * pure function of those rows so the rules are specified by unit tests:
 * - ties share a rank (standard competition ranking, "1, 2, 2, 4");
 * - an organisation whose indicator has too small a denominator (or only inconsistent reports, or no previous
 *   year when ranking by change) is listed apart with the reason, never ranked;
 * - change is in percentage points for indicators and relative for metrics, and is never computed across the
 *   2020/2021 format change for metrics whose definition changed there (grades B/C);
 * - the change of rank compares with the rank the same rule gives the year before.
 */
import { indicator, isIndicatorId, type Indicator } from '../catalog/indicators.ts';
import { isMetricId, labelZh, metric } from '../catalog/index.ts';
import type { Param } from '../db/connector.ts';
import { shortName } from '../town-keys.ts';
import { indicatorQuery, indicatorWhere, shortfall, type IndicatorFilter } from './indicators.ts';
import { and, breaksAtFormatChange, resolveSeries } from './series.ts';
import { countedSql } from '../db/sql.ts';

export type RankBy = 'value' | 'change';
export type RankOrder = 'desc' | 'asc';

/** A measure to rank by: a catalog metric id or an indicator id. */
export function isMeasureId(id: string): boolean {
	return isMetricId(id) || isIndicatorId(id);
}

export interface OrgYearRow {
	province: string | null;
	city: string | null;
	district: string | null;
	org: string;
	year: number;
	/** Report format of the year ('mixed' when an organisation has reports of both). */
	format: string | null;
	value: number | null;
	/** Σ numerator and Σ denominator for indicators; for a metric the numerator is its value, the denominator null. */
	numerator: number | null;
	denominator: number | null;
	n_reports: number;
	n_inconsistent: number;
	[key: string]: unknown;
}

/** Per organisation and year in scope: the measure's value with its parts (see OrgYearRow). */
export function rankQuery(measure: string, f: IndicatorFilter = {}): { sql: string; params: Param[] } {
	if (isIndicatorId(measure)) {
		const q = indicatorQuery(measure, 'org', f);
		// The indicator's rows, with the format of the organisation's reports that year for the table.
		return {
			sql: `WITH q AS (${q.sql}),
fm AS (SELECT province, city, district, org, year, CASE WHEN count(DISTINCT format) = 1 THEN any_value(format) ELSE 'mixed' END AS format
       FROM indicators_r WHERE indicator = ? GROUP BY ALL)
SELECT q.province, q.city, q.district, q.org, q.year, fm.format, q.value, q.numerator, q.denominator, q.n_reports, q.n_inconsistent
FROM q LEFT JOIN fm ON fm.org IS NOT DISTINCT FROM q.org AND fm.district IS NOT DISTINCT FROM q.district
  AND fm.city IS NOT DISTINCT FROM q.city AND fm.province IS NOT DISTINCT FROM q.province AND fm.year = q.year
ORDER BY q.org, q.year`,
			params: [...q.params, measure]
		};
	}
	const info = resolveSeries(measure);
	if (!info) throw new Error(`unknown metric or indicator: ${measure}`);
	const w = and(
		{ sql: `series = ? AND ${countedSql()} AND org IS NOT NULL`, params: [info.series] },
		indicatorWhere(f)
	);
	return {
		sql: `SELECT province, city, district, org, CAST(year AS INTEGER) AS year,
  CASE WHEN count(DISTINCT format) = 1 THEN any_value(format) ELSE 'mixed' END AS format,
  sum(value) AS value, sum(value) AS numerator, CAST(NULL AS DOUBLE) AS denominator,
  CAST(count(value) AS INTEGER) AS n_reports, 0 AS n_inconsistent
FROM facts_r WHERE ${w.sql}
GROUP BY province, city, district, org, year
HAVING count(value) > 0
ORDER BY org, year`,
		params: w.params
	};
}

/** Why an organisation is listed apart instead of ranked. */
export type ApartReason = 'small' | 'inconsistent' | 'no_value' | 'no_previous' | 'format_change';

export interface RankEntry {
	key: string;
	org: string;
	name: string;
	district: string | null;
	city: string | null;
	/** Rank (ties share one); null when listed apart. */
	rank: number | null;
	/** Rank the year before by the same rule; null when it was not ranked. */
	prevRank: number | null;
	/** prevRank − rank: positive when the organisation moved up. */
	rankChange: number | null;
	/** What it is ranked by: the value, or its change on the previous year. */
	score: number | null;
	value: number | null;
	prev: number | null;
	numerator: number | null;
	denominator: number | null;
	n_reports: number;
	n_inconsistent: number;
	format: string | null;
	reason: ApartReason | null;
	/** The last years' values up to the ranked year (oldest first), for the small trend. */
	trend: { year: number; value: number | null }[];
}

export interface RankOptions {
	year: number;
	by: RankBy;
	order: RankOrder;
	/** How many years the trend shows (the ranked year included). */
	trendYears?: number;
}

export interface RankResult {
	ranked: RankEntry[];
	apart: RankEntry[];
	years: number[];
}

/** The key of an organisation: two towns may share a name, so the region is part of it. */
export function orgKey(r: Pick<OrgYearRow, 'org' | 'district' | 'city' | 'province'>): string {
	return [r.province ?? '', r.city ?? '', r.district ?? '', r.org].join('\u0000');
}

interface Ctx {
	ind: Indicator | undefined;
	/** B/C metric series: no change across the format change. */
	splitFormats: boolean;
	byKey: Map<string, Map<number, OrgYearRow>>;
}

function context(measure: string, rows: readonly OrgYearRow[]): Ctx {
	const byKey = new Map<string, Map<number, OrgYearRow>>();
	for (const r of rows) {
		const k = orgKey(r);
		let m = byKey.get(k);
		if (!m) byKey.set(k, (m = new Map()));
		m.set(r.year, r);
	}
	const info = isMetricId(measure) ? resolveSeries(measure) : null;
	return { ind: indicator(measure), splitFormats: !!info && breaksAtFormatChange(info.grade), byKey };
}

/** The score of one organisation in one year, or why it has none. */
function scoreOf(ctx: Ctx, years: Map<number, OrgYearRow>, year: number, by: RankBy): { score: number | null; reason: ApartReason | null } {
	const cur = years.get(year);
	if (!cur) return { score: null, reason: 'no_value' };
	const why = (r: OrgYearRow): ApartReason | null => {
		if (r.value !== null) return null;
		if (ctx.ind) {
			if (r.n_reports === 0 && r.n_inconsistent > 0) return 'inconsistent';
			return shortfall(ctx.ind, r) === 'small' ? 'small' : 'no_value';
		}
		return 'no_value';
	};
	const w = why(cur);
	if (w) return { score: null, reason: w };
	if (by === 'value') return { score: cur.value, reason: null };
	const prev = years.get(year - 1);
	if (!prev || why(prev)) return { score: null, reason: 'no_previous' };
	if (ctx.splitFormats && prev.format !== cur.format) return { score: null, reason: 'format_change' };
	if (ctx.ind) return { score: cur.value! - prev.value!, reason: null };
	if (prev.value === 0) return { score: null, reason: 'no_previous' };
	return { score: (cur.value! - prev.value!) / Math.abs(prev.value!), reason: null };
}

/** Standard competition ranks ("1, 2, 2, 4") of the scored keys, best first in the given order. */
export function competitionRanks(scores: readonly { key: string; score: number }[], order: RankOrder): Map<string, number> {
	const sorted = [...scores].sort((a, b) => (order === 'desc' ? b.score - a.score : a.score - b.score));
	const out = new Map<string, number>();
	sorted.forEach((s, i) => out.set(s.key, i > 0 && sorted[i - 1].score === s.score ? out.get(sorted[i - 1].key)! : i + 1));
	return out;
}

function ranksFor(ctx: Ctx, year: number, by: RankBy, order: RankOrder): Map<string, number> {
	const scores: { key: string; score: number }[] = [];
	for (const [key, years] of ctx.byKey) {
		const s = scoreOf(ctx, years, year, by).score;
		if (s !== null) scores.push({ key, score: s });
	}
	return competitionRanks(scores, order);
}

/** Rank the organisations for `opts.year` (see the top of this file for the rules). */
export function rankOrgs(measure: string, rows: readonly OrgYearRow[], opts: RankOptions): RankResult {
	const ctx = context(measure, rows);
	const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
	const ranks = ranksFor(ctx, opts.year, opts.by, opts.order);
	const prevRanks = ranksFor(ctx, opts.year - 1, opts.by, opts.order);
	const nTrend = opts.trendYears ?? 5;
	const names = uniqueNames(rows);
	const ranked: RankEntry[] = [];
	const apart: RankEntry[] = [];
	for (const [key, ys] of ctx.byKey) {
		const cur = ys.get(opts.year);
		if (!cur) continue;
		const { score, reason } = scoreOf(ctx, ys, opts.year, opts.by);
		const rank = ranks.get(key) ?? null;
		const prevRank = prevRanks.get(key) ?? null;
		const prev = ys.get(opts.year - 1);
		const entry: RankEntry = {
			key,
			org: cur.org,
			name: names.get(key) ?? cur.org,
			district: cur.district,
			city: cur.city,
			rank,
			prevRank,
			rankChange: rank !== null && prevRank !== null ? prevRank - rank : null,
			score,
			value: cur.value,
			prev: prev?.value ?? null,
			numerator: cur.numerator,
			denominator: cur.denominator,
			n_reports: cur.n_reports,
			n_inconsistent: cur.n_inconsistent,
			format: cur.format,
			reason,
			trend: Array.from({ length: nTrend }, (_, i) => opts.year - nTrend + 1 + i).map((y) => ({ year: y, value: ys.get(y)?.value ?? null }))
		};
		(rank === null ? apart : ranked).push(entry);
	}
	ranked.sort((a, b) => a.rank! - b.rank! || a.name.localeCompare(b.name, 'zh'));
	apart.sort((a, b) => (b.denominator ?? -1) - (a.denominator ?? -1) || a.name.localeCompare(b.name, 'zh'));
	return { ranked, apart, years };
}

export interface BumpPoint {
	key: string;
	name: string;
	year: number;
	rank: number;
}

/**
 * Ranks across the years for the top and bottom `n` of `opts.year` (by the same rule): the bump chart's data.
 * Years where an organisation was not ranked leave a gap in its line.
 */
export function bumpPoints(measure: string, rows: readonly OrgYearRow[], opts: RankOptions & { n: number; fromYear?: number }): BumpPoint[] {
	const { ranked } = rankOrgs(measure, rows, opts);
	const pick = new Set([...ranked.slice(0, opts.n), ...ranked.slice(Math.max(opts.n, ranked.length - opts.n))].map((r) => r.key));
	const ctx = context(measure, rows);
	const names = uniqueNames(rows);
	const years = [...new Set(rows.map((r) => r.year))].filter((y) => y <= opts.year && (opts.fromYear == null || y >= opts.fromYear)).sort((a, b) => a - b);
	const out: BumpPoint[] = [];
	for (const y of years) {
		const ranks = ranksFor(ctx, y, opts.by, opts.order);
		for (const key of pick) {
			const r = ranks.get(key);
			if (r !== undefined) out.push({ key, name: names.get(key) ?? key, year: y, rank: r });
		}
	}
	return out;
}

/** Short names, with the district added where two organisations would read the same. */
function uniqueNames(rows: readonly OrgYearRow[]): Map<string, string> {
	const byName = new Map<string, Set<string>>();
	const first = new Map<string, OrgYearRow>();
	for (const r of rows) {
		const k = orgKey(r);
		if (first.has(k)) continue;
		first.set(k, r);
		const n = shortName(r.org);
		byName.set(n, (byName.get(n) ?? new Set()).add(k));
	}
	const out = new Map<string, string>();
	for (const [k, r] of first) {
		const n = shortName(r.org);
		out.set(k, (byName.get(n)?.size ?? 0) > 1 ? `${n}（${r.district ?? r.city ?? '?'}）` : n);
	}
	return out;
}

/** The rows of the CSV download: one line per organisation, ranked first, then those listed apart. */
export function rankCsvRows(measure: string, res: RankResult, opts: RankOptions): Record<string, unknown>[] {
	const ind = indicator(measure);
	const m = metric(measure);
	const name = { zh: ind?.zh ?? (m ? labelZh(m) : measure), en: ind?.en ?? m?.labelEn ?? measure };
	const definition = ind ? `${ind.definitionZh} / ${ind.definitionEn}` : '';
	return [...res.ranked, ...res.apart].map((e) => ({
		measure,
		measure_zh: name.zh,
		measure_en: name.en,
		definition,
		year: opts.year,
		by: opts.by,
		rank: e.rank,
		rank_change: e.rankChange,
		org: e.org,
		district: e.district,
		city: e.city,
		value: e.value,
		previous: e.prev,
		score: e.score,
		numerator: e.numerator,
		denominator: ind ? e.denominator : null,
		min_denominator: ind?.minDenominator ?? null,
		reports: e.n_reports,
		reports_inconsistent: e.n_inconsistent,
		not_ranked_because: e.reason
	}));
}
