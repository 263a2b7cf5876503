/**
 * View state lives in the URL so every view can be shared, bookmarked and embedded. Readers validate
 * (see url-params.ts, re-exported here); `setParams` writes through SvelteKit's `goto`, pushing a history entry
 * by default so back/forward restore the previous state, without moving focus or scrolling.
 */
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { patchParams, searchString, type ParamValue } from './url-params.ts';

export * from './url-params.ts';

/** The current URL's search params (reactive when read inside an effect or template). */
export function params(): URLSearchParams {
	return page.url.searchParams;
}

/**
 * Merge `patch` into the current URL's params and navigate. `replace: true` for changes that should not add
 * a history entry (typing in a search box). Resolves when the navigation is done.
 */
export function setParams(patch: Record<string, ParamValue>, opts: { replace?: boolean } = {}): Promise<void> {
	const next = patchParams(page.url.searchParams, patch);
	if (next.toString() === page.url.searchParams.toString()) return Promise.resolve();
	return goto(page.url.pathname + searchString(next) + page.url.hash, {
		replaceState: opts.replace ?? false,
		keepFocus: true,
		noScroll: true
	});
}
