/**
 * Which `nianbao serve` server (if any) the dashboard sends its queries to (src/lib/db/rest.ts). Two ways in:
 *
 * - **Build-time** `NIANBAO_SERVER` (`/api` behind the site's own reverse proxy, or an origin such as
 *   `https://api.example.gov.cn`): the site's operator chose it, so it is the default and svelte.config.js adds
 *   its origin to the CSP's `connect-src`.
 * - **`?server=`** in a link: only the site's own origin (a path like `/api`, or an absolute URL on the same
 *   origin) or the build-time server. A shared link cannot make a visitor's browser talk to any other address —
 *   the choice is refused with a message and the browser engine is used; the CSP would block it anyway.
 *   `?server=off` uses the browser engine even when a server is configured.
 */

/** The build-time server (`NIANBAO_SERVER`, injected by vite.config.ts), '' when none. */
export const BUILD_SERVER: string = (import.meta.env?.VITE_NIANBAO_SERVER as string | undefined) ?? '';

export type ServerChoice = { url: string } | { refused: string } | null;

/** A same-origin path such as `/api` (never `//host`, which is another origin). */
function isPath(s: string): boolean {
	return /^\/(?!\/)[\w\-./~%]*$/.test(s);
}

function originOf(url: string, base: string): string | null {
	try {
		const u = new URL(url, base);
		return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
	} catch {
		return null;
	}
}

/**
 * The server for this page: `param` is the link's `?server=` (null when absent), `configured` the build-time
 * server, `origin` the page's own origin. Null: query in the browser.
 */
export function chooseServer(param: string | null, configured: string, origin: string): ServerChoice {
	const strip = (u: string) => u.replace(/\/+$/, '') || '/';
	if (param === null) return configured ? { url: strip(configured) } : null;
	const p = param.trim();
	if (p === '' || p === 'off') return null;
	if (isPath(p)) return { url: strip(p) };
	const o = originOf(p, origin);
	if (o && /^https?:\/\//i.test(p) && (o === origin || (configured && o === originOf(configured, origin)))) return { url: strip(p) };
	return { refused: p.slice(0, 80) };
}

/** The origin the CSP must allow for a build-time server (null for a same-origin path or none). */
export function serverOrigin(configured: string): string | null {
	if (!configured || isPath(configured)) return null;
	try {
		const u = new URL(configured);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
		return u.origin;
	} catch {
		throw new Error(`NIANBAO_SERVER must be a path such as /api or an http(s) URL, got "${configured}"`);
	}
}
