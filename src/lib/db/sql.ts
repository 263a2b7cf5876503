/**
 * Small pieces of SQL text every query module, loader and the setup SQL share, written once: a string literal,
 * and which reports a figure counts.
 */

/** SQL string literal for our own constant data (catalog ids, file names): quotes doubled. */
export function lit(s: string): string {
	return `'${s.replaceAll("'", "''")}'`;
}

/**
 * The reports every figure counts: read (status not `failed`) and dated (a year). `alias` prefixes the report's
 * `status`, `yearAlias` its `year` (e.g. `countedSql('r', 'f')` for facts `f` joined with reports `r`).
 * A NULL status is not `<> 'failed'` in SQL: such a report is not counted (`isCounted` says the same).
 */
export function countedSql(alias = '', yearAlias = alias): string {
	const p = (a: string) => (a ? `${a}.` : '');
	return `${p(alias)}status <> 'failed' AND ${p(yearAlias)}year IS NOT NULL`;
}

/** `countedSql()` for rows already in memory (baked facts). */
export function isCounted(r: { status: string | null; year: number | null }): boolean {
	return r.status !== null && r.status !== 'failed' && r.year !== null;
}
