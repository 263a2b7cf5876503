/**
 * Where PDF.js finds its data files in the browser: the CJK CMaps, standard fonts and decoder wasm that the
 * app serves itself under `<base>/pdfjs/` (vite/pdfjs-assets-plugin.ts). Absolute URLs, so the report worker
 * (which has no `document` to resolve against) and the page renderer fetch the same files.
 */
export interface PdfAssetOptions {
	cMapUrl: string;
	cMapPacked: true;
	standardFontDataUrl: string;
	wasmUrl: string;
}

/** The options for `getDocument`, from the site's base path and the page's address. */
export function pdfAssetOptions(base: string, href: string): PdfAssetOptions {
	const root = new URL(`${base}/pdfjs/`, href).href;
	return { cMapUrl: `${root}cmaps/`, cMapPacked: true, standardFontDataUrl: `${root}standard_fonts/`, wasmUrl: `${root}wasm/` };
}
