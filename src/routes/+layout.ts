// Everything runs in the visitor's browser (DuckDB-WASM, or the baked aggregates for /embed), so there is no
// server rendering; prerendering writes an HTML shell per route so the static build serves every view's URL.
export const ssr = false;
export const prerender = true;
