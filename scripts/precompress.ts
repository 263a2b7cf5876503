/**
 * Post-build step: writes `.br` and `.gz` beside every compressible file of the static build (the DuckDB wasm,
 * its workers, the app's JS/CSS/HTML, the datasets' JSON), so a static host that serves precompressed files
 * (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`, `sirv --brotli --gzip`) sends 6 MB instead of
 * 34 MB of wasm without compressing on every request. Parquet is left as it is: it is zstd-compressed already
 * (brotli gains ~5 % on demo facts) and a compressed copy would break the HTTP Range reads the embeds rely on.
 * Big files use brotli quality 5 (within 5 % of quality 9 on the wasm, 5× faster), small ones the maximum.
 * `NIANBAO_PRECOMPRESS=0` skips it (the e2e build: vite preview compresses on the fly and ignores these files).
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const EXT = /\.(wasm|js|mjs|css|html|json|svg|txt)$/;
const MIN = 1024;

async function* walk(dir: string): AsyncGenerator<string> {
	for (const e of await readdir(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) yield* walk(p);
		else if (EXT.test(e.name)) yield p;
	}
}

export async function precompress(dir: string): Promise<{ files: number; bytes: number; br: number; gz: number }> {
	const sum = { files: 0, bytes: 0, br: 0, gz: 0 };
	for await (const file of walk(dir)) {
		if ((await stat(file)).size < MIN) continue;
		const data = await readFile(file);
		const quality = data.length > 1_000_000 ? 5 : zlib.constants.BROTLI_MAX_QUALITY;
		const [b, g] = await Promise.all([
			brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
			gzip(data, { level: 9 })
		]);
		await Promise.all([writeFile(`${file}.br`, b), writeFile(`${file}.gz`, g)]);
		sum.files++;
		sum.bytes += data.length;
		sum.br += b.length;
		sum.gz += g.length;
	}
	return sum;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const dir = process.argv[2] ?? process.env.NIANBAO_BUILD_DIR ?? 'build';
	if (process.env.NIANBAO_PRECOMPRESS === '0') process.exit(0);
	const t0 = performance.now();
	const s = await precompress(dir);
	const mb = (n: number) => (n / 1e6).toFixed(1);
	console.log(`precompressed ${s.files} files in ${dir}: ${mb(s.bytes)} MB → br ${mb(s.br)} MB, gz ${mb(s.gz)} MB (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
