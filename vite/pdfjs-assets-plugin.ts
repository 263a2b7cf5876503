/**
 * PDF.js's data files served by the app itself (no CDN, nothing committed): the Adobe CJK CMaps (an older PDF
 * whose 宋体 is not embedded names only `UniGB-UCS2-H`; without the CMap its text cannot be read or drawn), the
 * 14 standard fonts' data, and the image decoders' wasm (JPX/JBIG2 pages, ICC colours). `vite dev` and
 * `vite preview` answer `/pdfjs/<folder>/<file>` straight from `node_modules/pdfjs-dist/`; the build copies
 * the same files into the static output, so the report worker and the page renderer fetch them from the
 * site's own origin (`connect-src 'self'`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** URL prefix (under the site's base path) of the files. */
export const PDFJS_ASSETS = 'pdfjs';

/** The folders of pdfjs-dist that are shipped, and which of their files. */
const FOLDERS: Record<string, RegExp> = {
	cmaps: /^[\w.-]+\.bcmap$/,
	standard_fonts: /^[\w.-]+\.(?:pfb|ttf)$/,
	wasm: /^(?:openjpeg|jbig2|qcms_bg)\.wasm$/
};
const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.ttf': 'font/ttf' };

/** pdfjs-dist's folder, wherever npm put it. */
function pdfjsDir(): string {
	const require = createRequire(import.meta.url);
	return path.dirname(require.resolve('pdfjs-dist/package.json'));
}

function listFiles(dir: string): { folder: string; file: string }[] {
	const out: { folder: string; file: string }[] = [];
	for (const [folder, ok] of Object.entries(FOLDERS)) {
		for (const file of fs.readdirSync(path.join(dir, folder))) if (ok.test(file)) out.push({ folder, file });
	}
	return out;
}

function middleware(dir: string) {
	return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
		const url = (req.url ?? '').split('?')[0];
		const m = new RegExp(`^/${PDFJS_ASSETS}/(\\w+)/([\\w.-]+)$`).exec(url);
		if (!m || !FOLDERS[m[1]]?.test(m[2])) return next();
		const file = path.join(dir, m[1], m[2]);
		if (!fs.existsSync(file)) return next();
		res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
		res.setHeader('Cache-Control', 'public, max-age=86400');
		fs.createReadStream(file).pipe(res);
	};
}

export function pdfjsAssetsPlugin(): Plugin {
	const dir = pdfjsDir();
	return {
		name: 'nianbao-pdfjs-assets',
		configureServer(server) {
			server.middlewares.use(middleware(dir));
		},
		configurePreviewServer(server) {
			server.middlewares.use(middleware(dir));
		},
		generateBundle() {
			// SvelteKit builds twice (client and server); the files belong with the client assets only.
			const env = (this as unknown as { environment?: { name: string } }).environment;
			if (env && env.name !== 'client') return;
			for (const { folder, file } of listFiles(dir)) {
				this.emitFile({ type: 'asset', fileName: `${PDFJS_ASSETS}/${folder}/${file}`, source: fs.readFileSync(path.join(dir, folder, file)) });
			}
		}
	};
}
