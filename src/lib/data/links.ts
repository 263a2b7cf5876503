/**
 * Links taken from data: a report's `source_url` comes from sidecar files or mirror sites and may be anything
 * (`javascript:…`, a local file name, a relative path). Only an absolute http(s) URL becomes a link.
 */

/** The URL as an href when it is an absolute http: or https: URL, else null (render it as text, or not at all). */
export function safeHttpUrl(value: string | null | undefined): string | null {
	const s = value?.trim();
	if (!s || !/^https?:\/\//i.test(s)) return null;
	try {
		const u = new URL(s);
		return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
	} catch {
		return null;
	}
}
