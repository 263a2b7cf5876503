/**
 * The towns (more exactly: the reporting organisations) of the open dataset, read from `reports`, with the
 * pinyin people type to find them: `xxz` or `xianxiang` finds 咸祥镇. Compare, Profile and Embed all pick towns
 * from this one list, and every town in a URL is checked against it before it reaches a query.
 */
import { pinyin } from 'pinyin-pro';
import type { Connector } from './db/connector.ts';
import { townKeys, townOfRow, TOWNS_SQL, type Town, type TownRow } from './town-keys.ts';

// The pinyin-free part lives in town-keys.ts (imported by the light paths); re-exported for the pages.
export { resolveTownKeys, shortName, TOWNS_SQL, townsWhere, type Town, type TownRef, type TownRow } from './town-keys.ts';

/** Load the town list of the open dataset. */
export async function loadTowns(conn: Connector): Promise<Town[]> {
	return buildTowns(await conn.query<TownRow>(TOWNS_SQL));
}

/** Turn the rows of TOWNS_SQL into towns with keys and pinyin (exported for tests). */
export function buildTowns(rows: readonly TownRow[]): Town[] {
	const keys = townKeys(rows);
	return rows.map((r, i) => {
		const town = townOfRow(r, keys[i]);
		return { ...town, pinyin: unique([pinyinOf(town.name), pinyinOf(r.org)]).join(' '), initials: unique([initialsOf(town.name), initialsOf(r.org)]).join(' ') };
	});
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

