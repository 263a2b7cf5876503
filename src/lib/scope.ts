/**
 * The region scope (province → city → district) as views use it in memory: whether a row lies in it, and how it
 * reads in a title. The SQL twin of `inScope` is `scopeWhere` (src/lib/queries/series.ts).
 */
import type { Scope } from './url-params.ts';

type Regioned = { province?: string | null; city?: string | null; district?: string | null };

/** Whether a row lies in the scope: every level the scope gives is equal (an empty scope holds every row). */
export function inScope(row: Regioned, scope: Partial<Scope> | null | undefined): boolean {
	return (!scope?.province || row.province === scope.province) && (!scope?.city || row.city === scope.city) && (!scope?.district || row.district === scope.district);
}

/**
 * The scope as a title reads it: the levels given, joined by ` · `, a level equal to the one above said once
 * (上海市 is a province and its city: 上海市 · 黄浦区). Empty for an empty scope (the caller says "all regions").
 */
export function scopeText(scope: Partial<Scope> | null | undefined): string {
	const levels = [scope?.province, scope?.city, scope?.district].map((v) => v?.trim());
	return levels.filter((v, i, a): v is string => !!v && a.indexOf(v) === i).join(' · ');
}
