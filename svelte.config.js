import adapter from '@sveltejs/adapter-static';

/**
 * SvelteKit 2.70 configuration: a static site (any district can host it as plain files); unknown paths
 * fall back to the client-side app so every view's URL works when bookmarked.
 * NIANBAO_KIT_OUT / NIANBAO_BUILD_DIR let the benchmark build into its own folders, so a build running for the
 * browser tests at the same time cannot pull files from under its preview server.
 */
/** @type {import('@sveltejs/kit').Config} */
export default {
	kit: {
		outDir: process.env.NIANBAO_KIT_OUT || '.svelte-kit',
		adapter: adapter({
			pages: process.env.NIANBAO_BUILD_DIR || 'build',
			assets: process.env.NIANBAO_BUILD_DIR || 'build',
			fallback: '404.html'
		})
	}
};
