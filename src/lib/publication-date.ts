/**
 * Publication dates of reports, shared by ingest (which stores `reports.published`) and the Quality view's
 * timeliness (which falls back to the source URL only for datasets built before ingest stored it): one reading of
 * a date in a web address and of an ISO date cell, so both places judge a date the same way.
 */

/** A plausible ISO date (YYYY-MM-DD) from its parts, or null (month 13, 30 February, outside 2000–2100). */
export function isoDate(y: number, m: number, d: number): string | null {
	if (m < 1 || m > 12 || d < 1 || d > 31 || y < 2000 || y > 2100) return null;
	const dt = new Date(Date.UTC(y, m - 1, d));
	if (dt.getUTCMonth() !== m - 1) return null;
	return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A cell written as an ISO date (2021-01-26, optionally 2021-1-6 or 2021/01/26), normalised; null when it is not one. */
export function parseIsoDate(text: string): string | null {
	const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.trim());
	return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/**
 * A date in a report's source URL (…/20200218/…, …/202202/09/…, …/t20210126_…, …/2024013110470592735/…), or
 * null. Only dates after the report year (publication comes after it) and within two years of it are taken.
 */
export function urlDate(url: string | null | undefined, year: number | null): string | null {
	if (!url || year === null) return null;
	for (const m of url.matchAll(/(?<!\d)(20\d{2})[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?!\d{1,3}(?:[/_.]|$))/g)) {
		const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
		if (iso && iso > `${year}-12-31` && iso <= `${year + 2}-12-31`) return iso;
	}
	return null;
}
