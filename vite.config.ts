import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { datasetsPlugin } from './vite/datasets-plugin.ts';
import { pdfjsAssetsPlugin } from './vite/pdfjs-assets-plugin.ts';

/**
 * The dashboard build: SvelteKit plus the plugins that serve `datasets/<name>/…` and `/datasets/index.json`, and
 * PDF.js's CMaps, standard fonts and decoder wasm under `/pdfjs/`.
 * DuckDB-WASM is excluded from dependency pre-bundling so its worker and wasm files keep their own URLs.
 */
/**
 * NIANBAO_SERVER: the build-time query server (src/lib/db/server-choice.ts; svelte.config.js allows its origin).
 * NIANBAO_API_PROXY (dev/preview only): forward `/api/*` to a `nianbao serve` at that address, as the reverse
 * proxy of README's hosting section does — the e2e spec of `?server=/api` uses it.
 */
const apiProxy = process.env.NIANBAO_API_PROXY
	? { '/api': { target: process.env.NIANBAO_API_PROXY, changeOrigin: true, rewrite: (p: string) => p.replace(/^\/api/, '') } }
	: undefined;

/** The app modules grouped into the `light` chunk (see `build` below). */
const LIGHT_MODULES =
	/src[\\/]lib[\\/](catalog[\\/](index|metrics\.data|outcomes|headlines)|format|i18n\.svelte|export[\\/]citation|url-params|scope|perf|town-keys|db[\\/]sql|data[\\/](dataset-state\.svelte|tidy|fetch|early|file-checks|partition)|dataset[\\/](aggregates|schema|layout|files)|queries[\\/](overview|series|batch|compare|embed)|components[\\/](embed[\\/]EmbedProblems|EmptyState|ErrorState|Loading))\.(ts|svelte)/;
/** Observable Plot with d3, and the app's chart builders that use it (see `build` below). */
const PLOT_MODULES =
	/node_modules[\\/](@observablehq[\\/]plot|d3-[\w-]+|internmap|interval-tree-1d|isoformat|binary-search-bounds|delaunator|robust-predicates)[\\/]|src[\\/]lib[\\/](charts[\\/](common|trend|outcomes|compare|heatmap|embeds)\.ts|components[\\/](embed[\\/]EmbedChart|Chart)\.svelte)/;

export default defineConfig({
	plugins: [sveltekit(), datasetsPlugin(), pdfjsAssetsPlugin()],
	define: { 'import.meta.env.VITE_NIANBAO_SERVER': JSON.stringify(process.env.NIANBAO_SERVER ?? '') },
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	worker: { format: 'es' },
	build: {
		rolldownOptions: {
			output: {
				// Fewer, larger chunks for what every page's first picture loads (an embed's first chart waited on
				// two dozen small requests): the Svelte and SvelteKit runtime in one chunk, Observable Plot with d3 and the
				// chart builders in another (only pages that draw load it).
				codeSplitting: {
					groups: [
						{ name: 'framework', test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]/, priority: 3 },
						{ name: 'plot', test: PLOT_MODULES, priority: 1 },
						// The app's modules an embed's and the Overview's first chart need besides Plot (catalog, labels, URL
						// checks, the baked-data path): one chunk instead of a dozen, taken before `plot` so that pages
						// without charts do not get Plot with the catalog. None imports DuckDB, hyparquet or the report
						// reader statically (tests/e2e/embed-light.spec.ts would fail).
						{ name: 'light', test: LIGHT_MODULES, priority: 2 }
					]
				}
			}
		}
	},
	server: { fs: { allow: ['.'] }, proxy: apiProxy },
	preview: { port: 4173, strictPort: true, proxy: apiProxy }
});
