/**
 * What the browser benchmarks share: the production site built into a benchmark's own folders (so a bench never
 * serves someone else's build), the ≥1M-fact dataset they all measure (`.tmp/big`, generated once), and
 * `vite preview` serving the site with extra dataset folders.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIG_DIR = path.join(ROOT, '.tmp/big');

export interface BenchSite {
	base: string;
	/** Run a command from the repo root with the bench's build folders and the pinned Node first on PATH. */
	run(cmd: string, argv: string[]): void;
	/** Build the production site into the bench's folders. */
	build(): void;
	/** The ≥1M-fact dataset's name, generating it (synthetic, facts only) when missing. */
	ensureBig(): string;
	/** `vite preview` of the bench's build, serving these dataset folders too; resolves when it answers. */
	startServer(extraDatasets: string[]): Promise<ChildProcess>;
}

export function benchSite(port: number, folders: { kitOut: string; buildDir: string }): BenchSite {
	const base = `http://127.0.0.1:${port}`;
	const env = { NIANBAO_KIT_OUT: folders.kitOut, NIANBAO_BUILD_DIR: folders.buildDir, PATH: `${ROOT}/node_modules/.bin:${process.env.PATH}` };

	function run(cmd: string, argv: string[]) {
		const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
		if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status})`);
	}

	function ensureBig(): string {
		const manifest = path.join(BIG_DIR, 'manifest.json');
		if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).tables.facts.rows < 1_000_000) {
			console.log('generating the 1M-fact dataset…');
			run('node', ['src/cli/nianbao.ts', 'synth', '--facts-only', '--towns', '720', '--out', BIG_DIR]);
		}
		return JSON.parse(readFileSync(manifest, 'utf8')).name as string;
	}

	async function startServer(extraDatasets: string[]): Promise<ChildProcess> {
		const server = spawn(path.join(ROOT, 'node_modules/.bin/vite'), ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
			cwd: ROOT,
			env: { ...process.env, ...env, NIANBAO_EXTRA_DATASETS: extraDatasets.join(':') },
			stdio: ['ignore', 'ignore', 'inherit']
		});
		for (let i = 0; i < 150; i++) {
			try {
				if ((await fetch(`${base}/datasets/index.json`)).ok) return server;
			} catch {
				/* not up yet */
			}
			await new Promise((r) => setTimeout(r, 200));
		}
		server.kill();
		throw new Error('vite preview did not start');
	}

	return { base, run, build: () => run('vite', ['build', '--logLevel', 'warn']), ensureBig, startServer };
}
