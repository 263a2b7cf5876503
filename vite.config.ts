import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { datasetsPlugin } from './vite/datasets-plugin.ts';

/**
 * The dashboard build: SvelteKit plus the plugin that serves `datasets/<name>/…` and `/datasets/index.json`.
 * DuckDB-WASM is excluded from dependency pre-bundling so its worker and wasm files keep their own URLs.
 */
export default defineConfig({
	plugins: [sveltekit(), datasetsPlugin()],
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	worker: { format: 'es' },
	server: { fs: { allow: ['.'] } },
	preview: { port: 4173, strictPort: true }
});
