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

export default defineConfig({
	plugins: [sveltekit(), datasetsPlugin(), pdfjsAssetsPlugin()],
	define: { 'import.meta.env.VITE_NIANBAO_SERVER': JSON.stringify(process.env.NIANBAO_SERVER ?? '') },
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	worker: { format: 'es' },
	server: { fs: { allow: ['.'] }, proxy: apiProxy },
	preview: { port: 4173, strictPort: true, proxy: apiProxy }
});
