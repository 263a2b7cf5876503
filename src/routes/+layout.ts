// Everything runs in the visitor's browser (DuckDB-WASM), so there is no server rendering; prerendering
// writes an HTML shell per route so the static build serves every view's URL directly.
import { browser } from '$app/environment';
import { openDataset, rawConnector } from '$lib/data/store.svelte.ts';
import { readDatasetName } from '$lib/url-params.ts';
import type { LayoutLoad } from './$types.js';

export const ssr = false;
export const prerender = true;

/**
 * Start DuckDB-WASM and the dataset download as early as the app allows — before any component mounts — since
 * the wasm start-up is the longest step before the first chart. (+layout.svelte keeps following `?ds` after.)
 */
export const load: LayoutLoad = ({ url }) => {
	if (!browser) return;
	const ds = readDatasetName(url.searchParams);
	if (ds) void openDataset(ds).catch(() => {});
	else void rawConnector().getDuckDB().catch(() => {});
};
