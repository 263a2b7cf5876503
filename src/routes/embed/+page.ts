import { browser } from '$app/environment';
import { base } from '$app/paths';
import { openLight } from '$lib/data/baked.ts';
import { readDatasetName } from '$lib/url-params.ts';
import { needsDuck } from '$lib/charts/embeds.ts';
import type { PageLoad } from './$types.js';

/**
 * Start fetching the dataset's manifest and baked aggregates before the page mounts (the page then finds them
 * in openLight's cache): the chart's data is on its way while the components are created.
 */
export const load: PageLoad = ({ url }) => {
	if (!browser || needsDuck(url.searchParams.get('chart'))) return;
	const ds = readDatasetName(url.searchParams);
	if (ds) openLight(base, ds).catch(() => {});
};
