/**
 * The town vocabulary without pinyin: the `Town` record, the town list's SQL, short names, URL keys resolved
 * against a list, and the SQL condition for picked towns. Split from towns.ts (which adds the pinyin search and
 * pulls in pinyin-pro's dictionary, ~200 kB compressed) so that the queries, the light embed and the Overview's
 * first chart do not download it; the pages with a town search import towns.ts.
 */
import type { Param } from './db/connector.ts';
import { countedSql } from './db/sql.ts';

export interface Town {
	/** The key used in URLs (`towns=`): the organisation name, with its district appended only when two share it. */
	key: string;
	/** The organisation as its reports name it: 咸祥镇人民政府. */
	org: string;
	/** Short display name: 咸祥镇 (region prefixes and 人民政府/办事处 removed). */
	name: string;
	level: string | null;
	province: string | null;
	city: string | null;
	district: string | null;
	/** Report years, ascending. */
	years: number[];
	reports: number;
	/** Full pinyin of the short name and of the organisation, without tones or spaces: xianxiangzhen. */
	pinyin: string;
	/** Pinyin initials of the short name and of the organisation: xxz. */
	initials: string;
}

/** What a query needs to select one town's reports. */
export interface TownRef {
	org: string;
	district: string | null;
}

/** One row per organisation and district among the reports that could be read. */
export const TOWNS_SQL = `SELECT org, district,
  min(level) AS level, min(province) AS province, min(city) AS city,
  string_agg(DISTINCT CAST(year AS VARCHAR), ',' ORDER BY CAST(year AS VARCHAR)) AS years, count(*) AS reports
FROM reports
WHERE ${countedSql()} AND org IS NOT NULL
GROUP BY org, district
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST, org`;

export interface TownRow {
	org: string;
	district: string | null;
	level: string | null;
	province: string | null;
	city: string | null;
	years: string;
	reports: number;
	[k: string]: unknown;
}

/** The URL key of each TOWNS_SQL row: the organisation, with `@district` appended when two rows share the name. */
export function townKeys(rows: readonly { org: string; district: string | null; city: string | null; province: string | null }[]): string[] {
	const perOrg = new Map<string, number>();
	for (const r of rows) perOrg.set(r.org, (perOrg.get(r.org) ?? 0) + 1);
	return rows.map((r) => ((perOrg.get(r.org) ?? 0) > 1 ? `${r.org}@${r.district ?? r.city ?? r.province ?? ''}` : r.org));
}

/**
 * A town from its TOWNS_SQL row and its URL key (as the whole list keys it), without pinyin (`pinyin` and
 * `initials` empty): what the light embed resolves `towns=` with; a search needs towns.ts's `buildTowns`.
 */
export function townOfRow(r: TownRow, key: string): Town {
	return {
		key,
		org: r.org,
		name: shortName(r.org, [r.province, r.city, r.district]),
		level: r.level,
		province: r.province,
		city: r.city,
		district: r.district,
		years: r.years.split(',').map(Number).sort((a, b) => a - b),
		reports: r.reports,
		pinyin: '',
		initials: ''
	};
}

/** 石家庄市桥西区中山街道办事处 → 中山街道; 咸祥镇人民政府 → 咸祥镇; names without a suffix stay whole. */
export function shortName(org: string, regions: readonly (string | null)[] = []): string {
	let s = org.trim();
	for (const region of regions) {
		if (region && s.startsWith(region) && s.length > region.length + 1) s = s.slice(region.length);
	}
	const stripped = s.replace(/(人民政府|办事处)$/, '');
	return stripped.length >= 2 ? stripped : s;
}

/** Keys from a URL resolved against the town list: known towns (in the given order) and the unknown keys. */
export function resolveTownKeys(towns: readonly Town[], keys: readonly string[]): { found: Town[]; unknown: string[] } {
	const byKey = new Map(towns.map((t) => [t.key, t]));
	const found: Town[] = [];
	const unknown: string[] = [];
	for (const k of keys) {
		const t = byKey.get(k);
		if (t && !found.includes(t)) found.push(t);
		else if (!t) unknown.push(k);
	}
	return { found, unknown };
}

/** SQL condition selecting the reports of these towns (on a relation with org and district), with its params. */
export function townsWhere(towns: readonly TownRef[], alias = ''): { sql: string; params: Param[] } {
	if (towns.length === 0) return { sql: 'FALSE', params: [] };
	const p = alias ? `${alias}.` : '';
	return {
		sql: `(${towns.map(() => `(${p}org = ? AND ${p}district IS NOT DISTINCT FROM ?)`).join(' OR ')})`,
		params: towns.flatMap((t) => [t.org, t.district])
	};
}
