/**
 * The towns (more exactly: the reporting organisations) of the open dataset, read from `reports`, with the
 * pinyin people type to find them: `xxz` or `xianxiang` finds 咸祥镇. Compare, Profile and Embed all pick towns
 * from this one list, and every town in a URL is checked against it before it reaches a query.
 */
import { pinyin } from 'pinyin-pro';
import type { Connector, Param } from './db/connector.ts';
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

interface TownRow {
	org: string;
	district: string | null;
	level: string | null;
	province: string | null;
	city: string | null;
	years: string;
	reports: number;
	[k: string]: unknown;
}

/** Load the town list of the open dataset. */
export async function loadTowns(conn: Connector): Promise<Town[]> {
	return buildTowns(await conn.query<TownRow>(TOWNS_SQL));
}

/** Turn the rows of TOWNS_SQL into towns with keys and pinyin (exported for tests). */
export function buildTowns(rows: readonly TownRow[]): Town[] {
	const perOrg = new Map<string, number>();
	for (const r of rows) perOrg.set(r.org, (perOrg.get(r.org) ?? 0) + 1);
	return rows.map((r) => {
		const name = shortName(r.org, [r.province, r.city, r.district]);
		const shared = (perOrg.get(r.org) ?? 0) > 1;
		return {
			key: shared ? `${r.org}@${r.district ?? r.city ?? r.province ?? ''}` : r.org,
			org: r.org,
			name,
			level: r.level,
			province: r.province,
			city: r.city,
			district: r.district,
			years: r.years.split(',').map(Number).sort((a, b) => a - b),
			reports: r.reports,
			pinyin: unique([pinyinOf(name), pinyinOf(r.org)]).join(' '),
			initials: unique([initialsOf(name), initialsOf(r.org)]).join(' ')
		};
	});
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

function pinyinOf(s: string): string {
	return (pinyin(s, { toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[]).join('').toLowerCase();
}

function initialsOf(s: string): string {
	return (pinyin(s, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[])
		.join('')
		.toLowerCase();
}

function unique(xs: string[]): string[] {
	return [...new Set(xs.filter(Boolean))];
}

/**
 * Towns matching what someone typed, best first: Chinese text against the names, Latin letters against pinyin
 * initials (`xxz`) and full pinyin (`xianxiang`). Prefix matches rank above matches inside the name.
 */
export function searchTowns(towns: readonly Town[], query: string, limit = 20): Town[] {
	const q = query.trim().toLowerCase().replace(/\s+/g, '');
	if (!q) return towns.slice(0, limit);
	const scored: { town: Town; score: number }[] = [];
	for (const town of towns) {
		const score = matchScore(town, q);
		if (score > 0) scored.push({ town, score });
	}
	scored.sort((a, b) => b.score - a.score || a.town.name.length - b.town.name.length || a.town.key.localeCompare(b.town.key));
	return scored.slice(0, limit).map((s) => s.town);
}

function matchScore(t: Town, q: string): number {
	if (/[\u3400-\u9fff]/.test(q)) {
		if (t.name === q) return 100;
		if (t.name.startsWith(q)) return 90;
		if (t.org.startsWith(q)) return 85;
		if (t.name.includes(q) || t.org.includes(q)) return 70;
		if ((t.district ?? '').includes(q) || (t.city ?? '').includes(q)) return 40;
		return 0;
	}
	const initials = t.initials.split(' ');
	const full = t.pinyin.split(' ');
	if (initials.some((i) => i === q)) return 95;
	if (initials.some((i) => i.startsWith(q))) return 80;
	if (full.some((p) => p.startsWith(q))) return 75;
	if (initials.some((i) => i.includes(q))) return 60;
	if (full.some((p) => p.includes(q))) return 50;
	return 0;
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
