/**
 * The command line as a user meets it: every command answers --help, mistakes get one line and the usage
 * (never a stack trace), the summary names what went wrong, file names cannot drive the terminal, an
 * interrupted run leaves nothing behind and two runs into one folder do not race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from '../../helpers/corpus.ts';

const CLI = new URL('../../../src/cli/nianbao.ts', import.meta.url).pathname;
const ROOT = new URL('../../../', import.meta.url).pathname;
const VERSION = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;

function run(args: string[], cwd = ROOT) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
	return { code: r.status, out: r.stdout, err: r.stderr };
}
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |ERR_PARSE_ARGS|node:internal/);

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('help, version and mistakes', () => {
	it.each(['ingest', 'parse', 'synth', 'serve'])('nianbao %s --help prints its usage and exits 0', (cmd) => {
		const r = run([cmd, '--help']);
		expect(r.code).toBe(0);
		expect(r.out).toContain(`nianbao ${cmd}`);
		noStack(r.out + r.err);
	});
	it('nianbao ingest --help explains what --out may replace', () => {
		expect(run(['ingest', '-h']).out).toMatch(/replaced only when it is empty or a dataset\s+nianbao wrote/);
	});
	it('an unknown option is one line naming it, then the usage; exit 2', () => {
		const r = run(['ingest', 'x', '--out', 'y', '--force']);
		expect(r.code).toBe(2);
		const lines = r.err.split('\n');
		expect(lines[0]).toBe("nianbao ingest: Unknown option '--force'");
		expect(lines[1]).toMatch(/^usage: nianbao ingest /);
		noStack(r.err);
	});
	it('an unknown command is an error with the usage; exit 2', () => {
		const r = run(['frobnicate']);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/^nianbao: unknown command "frobnicate"\n/);
		expect(r.err).toContain('nianbao ingest <files or folders…>');
	});
	it('--version prints the version', () => {
		const r = run(['--version']);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(new RegExp(`^nianbao ${VERSION.replace(/\./g, '\\.')} \\(node v\\d+`));
	});
});

describe('parse', () => {
	it('does not call the README a report: it quotes a narrative figure but has no report title', () => {
		const r = run(['parse', 'README.md']);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/README\.md: this does not look like a 政府信息公开工作年度报告/);
		expect(r.out).toBe('');
	});
	it('still reads a real report', () => {
		const r = run(['parse', join(CORPUS, '000-xianxiangzhen-2020.txt')]);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/^000-xianxiangzhen-2020\.txt: 咸祥镇人民政府 2020/);
	});
	it('refuses a named pipe without opening it', () => {
		const fifo = join(dir, 'pipe.txt');
		spawnSync('mkfifo', [fifo]);
		const r = run(['parse', fifo]);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/pipe\.txt: is not a regular file/);
	});
});

describe('ingest', () => {
	it('refuses --out . and leaves the folder as it was', async () => {
		const cwd = join(dir, 'project');
		await mkdir(cwd);
		await writeFile(join(cwd, 'thesis.tex'), 'mine');
		const r = run(['ingest', CORPUS, '--out', '.', '-q'], cwd);
		expect(r.code).toBe(2);
		expect(r.err).toBe("nianbao ingest: .: refusing to write into the current folder; give --out a folder of its own (e.g. datasets/<name>)\n");
		expect(await readdir(cwd)).toEqual(['thesis.tex']);
	});

	it('names the partial and duplicate files in its summary and escapes control characters in file names', async () => {
		const src = join(dir, 'mixed');
		await mkdir(src);
		await copyFile(join(CORPUS, '000-xianxiangzhen-2020.txt'), join(src, 'a.txt'));
		await copyFile(join(CORPUS, '000-xianxiangzhen-2020.txt'), join(src, 'b-copy.txt'));
		await copyFile(join(CORPUS, '005-liangchengzhen-2020.txt'), join(src, 'cut.txt'));
		await writeFile(join(src, 'x\u001b[31mred\u0007.txt'), 'hello');
		const r = run(['ingest', src, '--out', join(dir, 'mixed-ds')]);
		expect(r.code).toBe(0);
		expect(r.out).toContain('inputs: 4 entries = 2 read + 2 failed + 0 skipped + 0 ignored');
		expect(r.out).toMatch(/partial \(cut off or missing a table\): 1\n {4}cut\.txt: text ends at character \d+/);
		expect(r.out).toContain('b-copy.txt: duplicate of a.txt (咸祥镇人民政府 2020; both have as many values and errors; the first by file name is kept)');
		expect(r.out).toContain('x\\x1b[31mred\\x07.txt: no annual-report title');
		expect(r.out + r.err).not.toMatch(/[\u001b\u0007]/);
	});

	it('keeps the old dataset and says so when no report could be read', async () => {
		const out = join(dir, 'kept-ds');
		expect(run(['ingest', join(CORPUS, '000-xianxiangzhen-2020.txt'), '--out', out]).code).toBe(0);
		const before = await readFile(join(out, 'manifest.json'), 'utf8');
		const bad = join(dir, 'bad');
		await mkdir(bad);
		await writeFile(join(bad, 'empty.txt'), '');
		const r = run(['ingest', bad, '--out', out]);
		expect(r.code).toBe(1);
		expect(r.out).toMatch(/nothing written: no report could be read; .*kept-ds was left as it was/);
		expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe(before);
	});
});

describe('synth', () => {
	it('writes neither documents nor a facts-only dataset into a folder it did not write', async () => {
		const mine = join(dir, 'mine');
		await mkdir(mine);
		await writeFile(join(mine, 'manifest.csv'), 'my,own,table\n');
		for (const args of [['--limit', '1'], ['--facts-only', '--towns', '2', '--years', '2020']]) {
			const r = run(['synth', '--out', mine, ...args]);
			expect(r.code, args.join(' ')).toBe(2);
			expect(r.err).toMatch(/mine: is a folder that (synth did not write|is not a nianbao dataset)/);
		}
		expect(await readdir(mine)).toEqual(['manifest.csv']);
		expect(await readFile(join(mine, 'manifest.csv'), 'utf8')).toBe('my,own,table\n');
	});
});

describe('interrupts and concurrent runs', () => {
	let big: string;
	beforeAll(async () => {
		big = join(dir, 'big');
		await mkdir(big);
		const names = (await readdir(CORPUS)).filter((f) => /\.(txt|html)$/.test(f));
		for (let k = 0; k < 300; k++) await copyFile(join(CORPUS, names[k % names.length]), join(big, `${String(k).padStart(3, '0')}-${names[k % names.length]}`));
	});

	/** Starts an ingest and resolves once its temporary folder exists (the run is under way). */
	async function startIngest(out: string) {
		const child = spawn(process.execPath, [CLI, 'ingest', big, '--out', out, '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let err = '';
		child.stderr.on('data', (d) => (err += d));
		const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
		const tmp = `${out}.tmp-${child.pid}`;
		for (let t = 0; t < 600 && !existsSync(tmp); t++) await new Promise((r) => setTimeout(r, 20));
		expect(existsSync(tmp), 'the run started').toBe(true);
		return { child, done, tmp, err: () => err };
	}

	it('SIGINT removes the temporary folder and the lock and keeps the previous dataset', async () => {
		const out = join(dir, 'int-ds');
		expect(run(['ingest', join(CORPUS, '000-xianxiangzhen-2020.txt'), '--out', out, '-q']).code).toBe(0);
		const before = await readFile(join(out, 'manifest.json'), 'utf8');
		const r = await startIngest(out);
		r.child.kill('SIGINT');
		expect(await r.done).toBe(130);
		expect(r.err()).toMatch(/interrupted \(SIGINT\); temporary files removed/);
		expect(existsSync(r.tmp)).toBe(false);
		expect(existsSync(`${out}.lock`)).toBe(false);
		expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe(before);
	});

	it('a second run into the same folder is refused while the first holds the lock', async () => {
		const out = join(dir, 'race-ds');
		const first = await startIngest(out);
		const second = run(['ingest', big, '--out', out, '-q']);
		expect(second.code).toBe(2);
		expect(second.err).toMatch(new RegExp(`race-ds: another nianbao run \\(PID ${first.child.pid}, started .*\\) is writing this dataset`));
		first.child.kill('SIGTERM');
		expect(await first.done).toBe(143);
		expect((await readdir(dir)).filter((n) => n.startsWith('race-ds'))).toEqual([]);
	});
});
