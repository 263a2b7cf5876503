import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { datasetsPlugin } from './vite/datasets-plugin.ts';
import { pdfjsAssetsPlugin } from './vite/pdfjs-assets-plugin.ts';

/**
 * The dashboard build: SvelteKit plus the plugins that serve `datasets/<name>/…` and `/datasets/index.json`, and
 * PDF.js's CMaps, standard fonts and decoder wasm under `/pdfjs/`.
 * DuckDB-WASM is excluded from dependency pre-bundling so its worker and wasm files keep their own URLs.
 */
export default defineConfig({
	plugins: [sveltekit(), datasetsPlugin(), pdfjsAssetsPlugin()],
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	worker: { format: 'es' },
	server: { fs: { allow: ['.'] } },
	preview: { port: 4173, strictPort: true }
});
