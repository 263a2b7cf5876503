import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { serverOrigin as originOfServer } from './src/lib/db/server-choice.ts';

/**
 * SvelteKit 2.70 configuration: a static site (any district can host it as plain files); unknown paths
 * fall back to the client-side app so every view's URL works when bookmarked.
 * NIANBAO_KIT_OUT / NIANBAO_BUILD_DIR let the benchmark build into its own folders, so a build running for the
 * browser tests at the same time cannot pull files from under its preview server.
 *
 * `csp` puts a Content-Security-Policy <meta> (with the hash of SvelteKit's inline bootstrap script) into every
 * prerendered page and the fallback: the page may connect only to its own origin. DuckDB-WASM needs exactly
 * two extras: 'wasm-unsafe-eval' (compiling its wasm; not 'unsafe-eval') and blob: workers (its bootstrap
 * worker, src/lib/db/wasm.ts). Inline style stays allowed: Observable Plot writes a <style> per chart.
 * A <meta> cannot carry frame-ancestors; README ("Hosting") gives the headers a host should add.
 */
/*
 * NIANBAO_SERVER (build time): the `nianbao serve` server the dashboard queries by default
 * (src/lib/db/server-choice.ts). A path (`/api`, behind the site's reverse proxy) is the page's own origin; an
 * http(s) URL's origin is added to connect-src — the only way another origin gets in.
 */
const serverOrigin = originOfServer(process.env.NIANBAO_SERVER ?? '');

/**
 * The hashes of src/app.html's own inline scripts (the embed's early data fetch, src/lib/data/early.ts): SvelteKit
 * hashes only the scripts it writes, so these are computed from the template here and never go stale.
 */
const appHtmlHashes = [...readFileSync(new URL('./src/app.html', import.meta.url), 'utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
	(m) => /** @type {const} */ (`sha256-${createHash('sha256').update(m[1]).digest('base64')}`)
);

/** @type {import('@sveltejs/kit').Config} */
export default {
	kit: {
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval', ...appHtmlHashes],
				'worker-src': ['self', 'blob:'],
				'connect-src': ['self', ...(serverOrigin ? [serverOrigin] : [])],
				'img-src': ['self', 'data:', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
		// Stylesheets under 8 kB go into the page itself: an embed's first chart no longer waits on six CSS requests
		// (SvelteKit's bootstrap script, being inline, runs only once every linked stylesheet is in).
		inlineStyleThreshold: 8192,
		outDir: process.env.NIANBAO_KIT_OUT || '.svelte-kit',
		adapter: adapter({
			pages: process.env.NIANBAO_BUILD_DIR || 'build',
			assets: process.env.NIANBAO_BUILD_DIR || 'build',
			fallback: '404.html'
		})
	}
};
