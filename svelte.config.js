import adapter from '@sveltejs/adapter-static';

/**
 * SvelteKit 2.70 configuration: a static site (any district can host it as plain files); unknown paths
 * fall back to the client-side app so every view's URL works when bookmarked.
 */
/** @type {import('@sveltejs/kit').Config} */
export default {
	kit: {
		adapter: adapter({ fallback: '404.html' })
	}
};
