/**
 * Serves the shipped datasets to the dashboard without copying them into `static/`: in `vite dev` and
 * `vite preview` a middleware answers `/datasets/index.json` and `/datasets/<name>/<file>` straight from
 * `datasets/<name>/`, and the production build emits the same files so a district can host the site as plain
 * files. Only folders with a `manifest.json` count as datasets (never `datasets/sources`, the raw reports).
 * A dataset's report PDFs (`files/<sha256>.pdf`, manifest schema 3) are served and emitted with it — only names
 * of that form, so nothing else in the folder is ever published.
 * `NIANBAO_EXTRA_DATASETS` (a `:`-separated list of folders) adds datasets in dev/preview only, for
 * benchmarks on generated data that must not ship.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface DatasetEntry {
	name: string;
	title: string;
	title_en?: string;
	synthetic: boolean;
	reports: number;
	years: number[];
	dir: string;
}

const SERVED = /\.(parquet|csv|json)$/;
/** Part files of a dataset laid out by province (src/lib/dataset/layout.ts `isPartFile`). */
const PART = /^((facts|rollups)\/[\w-]+\.parquet|aggregates\/(p\d+|towns-\d+)\.json)$/;
/** A report PDF shipped beside the dataset (src/lib/dataset/files.ts `isFilePath`). */
const SHIPPED = /^files\/[0-9a-f]{64}\.pdf$/;
/** A file of a dataset folder the site may publish. */
const served = (f: string) => (f.includes('/') ? PART.test(f) || SHIPPED.test(f) : SERVED.test(f));
/** Scratch datasets (git-ignored `datasets/scale*`, `datasets/tmp*`) are served in dev but never shipped. */
const SCRATCH = /^(scale|tmp)/;
const TYPES: Record<string, string> = {
	'.parquet': 'application/vnd.apache.parquet',
	'.csv': 'text/csv; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.pdf': 'application/pdf'
};

/** Datasets found under `root` (one level deep) plus extra folders; sorted by name, `demo` first. */
export function scanDatasets(root: string, extra: string[] = []): DatasetEntry[] {
	const dirs = fs.existsSync(root)
		? fs
				.readdirSync(root, { withFileTypes: true })
				.filter((d) => d.isDirectory() && d.name !== 'sources')
				.map((d) => path.join(root, d.name))
		: [];
	const out: DatasetEntry[] = [];
	for (const dir of [...dirs, ...extra]) {
		const file = path.join(dir, 'manifest.json');
		if (!fs.existsSync(file)) continue;
		try {
			const m = JSON.parse(fs.readFileSync(file, 'utf8'));
			const name = String(m.name ?? path.basename(dir));
			if (!/^[\w.-]+$/.test(name)) continue;
			out.push({
				name,
				title: String(m.title ?? name),
				...(typeof m.title_en === 'string' && m.title_en ? { title_en: m.title_en } : {}),
				synthetic: m.synthetic === true,
				reports: Number(m.summary?.reports ?? m.tables?.reports?.rows ?? 0),
				years: Array.isArray(m.summary?.years) ? m.summary.years.map(Number) : [],
				dir
			});
		} catch (e) {
			console.warn(`[datasets] skipping ${file}: ${(e as Error).message}`);
		}
	}
	return out.sort((a, b) => (a.name === 'demo' ? -1 : b.name === 'demo' ? 1 : a.name.localeCompare(b.name)));
}

function indexJson(list: DatasetEntry[]): string {
	return JSON.stringify(
		list.map(({ dir: _dir, ...rest }) => rest),
		null,
		1
	);
}

function extraDirs(): string[] {
	return (process.env.NIANBAO_EXTRA_DATASETS ?? '')
		.split(':')
		.filter(Boolean)
		.map((d) => path.resolve(d));
}

/** The connect middleware shared by dev and preview. */
function middleware(root: string) {
	return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
		const url = (req.url ?? '').split('?')[0];
		if (!url.startsWith('/datasets/')) return next();
		const list = scanDatasets(root, extraDirs());
		if (url === '/datasets/index.json') {
			res.setHeader('Content-Type', TYPES['.json']);
			res.setHeader('Cache-Control', 'no-cache');
			return res.end(indexJson(list));
		}
		// A file of the dataset folder, a part of a dataset laid out by province (`facts/33.parquet`,
		// `rollups/city.parquet`), of its baked aggregates (`aggregates/p0.json`) or a shipped report PDF
		// (`files/<sha256>.pdf`).
		const m = /^\/datasets\/([\w.-]+)\/((?:(?:facts|rollups|aggregates|files)\/)?[\w.-]+)$/.exec(decodeURIComponent(url));
		const ds = m && list.find((d) => d.name === m[1]);
		if (!m || !ds || !served(m[2])) return next();
		const file = path.join(ds.dir, m[2]);
		let stat: fs.Stats;
		try {
			stat = fs.statSync(file);
		} catch {
			return next();
		}
		res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
		res.setHeader('Cache-Control', 'no-cache');
		// Range requests, as any static host answers them: the light embed reads Parquet column chunks only.
		res.setHeader('Accept-Ranges', 'bytes');
		const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
		if (range && (range[1] || range[2])) {
			const start = range[1] ? Number(range[1]) : Math.max(0, stat.size - Number(range[2]));
			const end = range[1] && range[2] ? Math.min(Number(range[2]), stat.size - 1) : stat.size - 1;
			if (start > end || start >= stat.size) {
				res.statusCode = 416;
				res.setHeader('Content-Range', `bytes */${stat.size}`);
				return res.end();
			}
			res.statusCode = 206;
			res.setHeader('Content-Range', `bytes ${start}-${end}/${stat.size}`);
			res.setHeader('Content-Length', String(end - start + 1));
			if (req.method === 'HEAD') return res.end();
			return void fs.createReadStream(file, { start, end }).pipe(res);
		}
		res.setHeader('Content-Length', String(stat.size));
		if (req.method === 'HEAD') return res.end();
		fs.createReadStream(file).pipe(res);
	};
}

export function datasetsPlugin(options: { root?: string } = {}): Plugin {
	const root = path.resolve(options.root ?? 'datasets');
	return {
		name: 'nianbao-datasets',
		configureServer(server) {
			server.middlewares.use(middleware(root));
		},
		configurePreviewServer(server) {
			server.middlewares.use(middleware(root));
		},
		generateBundle() {
			// SvelteKit builds twice (client and server); the files belong with the client assets only.
			const env = (this as unknown as { environment?: { name: string } }).environment;
			if (env && env.name !== 'client') return;
			const list = scanDatasets(root).filter((d) => !SCRATCH.test(path.basename(d.dir)));
			this.emitFile({ type: 'asset', fileName: 'datasets/index.json', source: indexJson(list) });
			for (const ds of list) {
				const parts = ['facts', 'rollups', 'aggregates', 'files'].flatMap((sub) => {
					const dir = path.join(ds.dir, sub);
					return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).map((f) => `${sub}/${f}`) : [];
				});
				for (const f of [...fs.readdirSync(ds.dir), ...parts]) {
					if (!served(f)) continue;
					this.emitFile({
						type: 'asset',
						fileName: `datasets/${ds.name}/${f}`,
						source: fs.readFileSync(path.join(ds.dir, f))
					});
				}
			}
		}
	};
}
