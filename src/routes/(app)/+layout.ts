import { browser } from '$app/environment';
import { base } from '$app/paths';
import { openLight } from '$lib/data/baked.ts';
import { defaultDatasetName } from '$lib/data/dataset-state.svelte.ts';
import { openDataset, openServer, rawConnector, scopeDataset } from '$lib/data/store.svelte.ts';
import { readDatasetName } from '$lib/url-params.ts';
import { readScope } from '$lib/url-state.ts';
import { BUILD_SERVER, chooseServer } from '$lib/db/server-choice.ts';
import type { LayoutLoad } from './$types.js';

/**
 * Start DuckDB-WASM and the dataset download as early as the app's views allow — before any component mounts —
 * since the wasm start-up is the longest step before DuckDB takes over. ((app)/+layout.svelte keeps following
 * `?ds` after.) Not for `/embed`, which never loads DuckDB.
 */
export const load: LayoutLoad = ({ url, untrack }) => {
	if (!browser) return;
	const server = chooseServer(url.searchParams.get('server'), BUILD_SERVER, url.origin);
	// A query server answers instead (the layout reports a refused ?server=): DuckDB-WASM is not needed.
	if (server) {
		if ('url' in server) void openServer(server.url).catch(() => {});
		return;
	}
	// A dataset laid out by province loads the province the link scopes to, with the first visit.
	void scopeDataset(readScope(url.searchParams).province);
	const ds = readDatasetName(url.searchParams);
	if (ds) void openDataset(ds).catch(() => {});
	else void rawConnector().getDuckDB().catch(() => {});
	// The baked aggregates the Overview draws its first chart from, fetched now rather than when the page has
	// mounted and seen the dataset's name (openLight caches: the page finds them on their way or arrived).
	// The path is read untracked: a change of page alone must not re-run this load, whose openDataset(ds) would
	// replace a dataset the visitor dropped since (the link still says its `ds`).
	const path = untrack(() => url.pathname);
	if (path.replace(/\/$/, '') === base || path === `${base}/`) {
		void (ds ? Promise.resolve(ds) : defaultDatasetName(base)).then((name) => openLight(base, name)).catch(() => {});
	}
};
