import { browser } from '$app/environment';
import { openDataset, rawConnector } from '$lib/data/store.svelte.ts';
import { readDatasetName } from '$lib/url-params.ts';
import type { LayoutLoad } from './$types.js';

/**
 * Start DuckDB-WASM and the dataset download as early as the app's views allow — before any component mounts —
 * since the wasm start-up is the longest step before DuckDB takes over. ((app)/+layout.svelte keeps following
 * `?ds` after.) Not for `/embed`, which never loads DuckDB.
 */
export const load: LayoutLoad = ({ url }) => {
	if (!browser) return;
	const ds = readDatasetName(url.searchParams);
	if (ds) void openDataset(ds).catch(() => {});
	else void rawConnector().getDuckDB().catch(() => {});
};
