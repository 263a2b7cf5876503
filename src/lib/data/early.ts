/**
 * Requests started by the inline script of `src/app.html` before any of the app's JS has arrived: on `/embed`
 * and the Overview with a valid `?ds=` (and no `?server=`), the dataset's `manifest.json` and `aggregates.json`
 * are fetched while the chunks download, so the first chart's data is in when the page's code asks for it
 * (rather than a round trip after hydration, and a national root of ~100 kB costs no more time than the demo's).
 * The script leaves the pending `fetch` promises in `window.__nianbaoEarly`, keyed by absolute URL; the app's
 * fetches take them from here (once each) and fetch anew for anything else, so a URL the script guessed
 * differently (another base path) costs one extra request, never a wrong answer.
 */

declare global {
	interface Window {
		__nianbaoEarly?: Record<string, Promise<Response>>;
	}
}

/** The request the inline script started for this URL, if any (taken: a second call fetches anew). */
export function takeEarly(url: string): Promise<Response> | null {
	if (typeof window === 'undefined' || !window.__nianbaoEarly) return null;
	const key = new URL(url, window.location.href).href;
	const p = window.__nianbaoEarly[key];
	if (!p) return null;
	delete window.__nianbaoEarly[key];
	return p;
}

/** `fetch(url)`, or the same request already started by the inline script. */
export function fetchEarly(url: string): Promise<Response> {
	return takeEarly(url) ?? fetch(url);
}
