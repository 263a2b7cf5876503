import { browser } from '$app/environment';
import { base } from '$app/paths';
import { openLight, prefetchEmbedFacts } from '$lib/data/baked.ts';
import { readDatasetName } from '$lib/url-params.ts';
import { needsDuck } from '$lib/charts/embeds.ts';
import type { PageLoad } from './$types.js';

/**
 * Start fetching the dataset's manifest and baked aggregates before the page mounts (the page then finds them
 * in openLight's cache), and the Parquet ranges of a chart the bake cannot draw: the chart's data is on its way
 * while the components are created.
 */
export const load: PageLoad = ({ url }) => {
	if (!browser || needsDuck(url.searchParams.get('chart'))) return;
	const ds = readDatasetName(url.searchParams);
	if (ds)
		openLight(base, ds)
			.then((d) => prefetchEmbedFacts(d, url.searchParams))
			.catch(() => {});
};
