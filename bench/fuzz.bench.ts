/**
 * Fuzz bench of the CLI: generates ≥ 1,000 bad inputs (random bytes, truncations of real reports at any byte,
 * other encodings with and without BOMs, huge / negative / fractional / 400-digit numbers, deep and broken
 * HTML, NUL bytes and control characters, hostile file names and sidecars, and special files: named pipes,
 * sockets, device links, symbolic link loops and dangling links), runs `nianbao ingest` over them as a user
 * would (a child process with a time limit), and checks:
 *   - 0 crashes: the CLI exits 0 or 1 without a stack trace, and no file failed with a parser exception;
 *   - 0 hangs: the run ends within the limit, and no single file takes more than HANG_MS to decode + parse;
 *   - every file accounted for: the summary's entry count equals the number of entries generated.
 * Usage: npm run bench:fuzz [-- --files 1200 --seed 8]
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { decodeBytes, ReadError } from '../src/node/read.ts';
import { parseReport } from '../src/lib/parser/index.ts';

let values: { files: string; seed: string; keep?: boolean; help?: boolean };
try {
	({ values } = parseArgs({ options: { files: { type: 'string', default: '1200' }, seed: { type: 'string', default: '8' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
} catch (e) {
	process.stderr.write(`bench:fuzz: ${(e as Error).message.split('\n')[0]}\n`);
	process.exit(2);
}
if (values.help) {
	process.stdout.write('usage: npm run bench:fuzz [-- --files 1200 --seed 8 --keep]\n  --keep  leave the generated inputs and the dataset in the temporary folder\n');
	process.exit(0);
}
const N = Math.max(1000, Number(values.files));
const RUN_LIMIT_MS = 600_000;
/** A file that takes this long to decode + parse counts as a hang; over SLOW_MS it is reported as slow. */
const HANG_MS = 30_000;
const SLOW_MS = 2_000;
const CLI = new URL('../src/cli/nianbao.ts', import.meta.url).pathname;
const corpusDir = new URL('../datasets/sources/real/', import.meta.url).pathname;
const corpus = await Promise.all(
	(await readdir(corpusDir))
		.filter((f) => /\.(txt|html)$/.test(f))
		.sort()
		.map(async (f) => ({ f, text: await readFile(join(corpusDir, f), 'utf8') }))
);

// A small seeded PRNG (mulberry32): the same seed generates the same inputs.
let s = Number(values.seed) >>> 0;
const rnd = () => {
	s = (s + 0x6d2b79f5) >>> 0;
	let t = s;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
const utf8 = (t: string) => new TextEncoder().encode(t);
const doc = () => pick(corpus).text;

const HUGE = ['9999999999999999999', '9'.repeat(400), '-5', '3.5', '12.5万', '1e308', '-0', '１２３', '0x1F', '999,999,999,999,999', 'NaN', 'Infinity', '١٢٣'];
/** Replaces a few numeric cells of a real report with hostile numbers. */
const hugeNumbers = (t: string) => t.replace(/(\n\t)(\d+)(?=\n)/g, (m, a) => (rnd() < 0.15 ? a + pick(HUGE) : m));
const FORMULAS = ['=HYPERLINK("http://x","y")', '@SUM(1)', '-2+3', '+cmd|calc', '\t=1', '=1+1'];

/** The summary's failed files grouped by the start of their reason. */
function reasons(summary: string): string {
	const block = summary.split(/\n  failed: \d+\n/)[1]?.split(/\n  \S/)[0] ?? '';
	const counts: Record<string, number> = {};
	for (const l of block.split('\n')) {
		const r = /: ([^:]+?)(?:[:(,;]|$)/.exec(l.replace(/^.*?\.(?:txt|html)/, ''))?.[1]?.trim().slice(0, 48);
		const key = r?.replace(/^duplicate of .*/, 'duplicate (same organisation and year)');
		if (key) counts[key] = (counts[key] ?? 0) + 1;
	}
	return Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([r, n]) => `${n} ${r}`).join('; ') || 'none';
}

type Gen = (k: number) => { name: string; bytes: Uint8Array };
const generators: Record<string, Gen> = {
	random: (k) => ({ name: `random-${k}.txt`, bytes: randomBytes(int(4) === 0 ? int(16) : int(20000)) }),
	truncated: (k) => {
		const b = utf8(doc());
		return { name: `cut-${k}.txt`, bytes: b.subarray(0, int(b.length)) };
	},
	encoding: (k) => {
		const enc = pick(['gbk', 'gb18030', 'big5', 'utf-16le', 'utf-16be', 'shift_jis', 'euc-kr', 'latin1', 'utf-8']);
		const body = iconv.encode(doc().replace(/\u00a0/g, ' '), enc);
		const bom = enc.startsWith('utf') && rnd() < 0.5 ? iconv.encode('\ufeff', enc) : new Uint8Array();
		return { name: `enc-${enc}-${k}.txt`, bytes: new Uint8Array([...bom, ...body]) };
	},
	mixed: (k) => {
		const t = doc();
		const cut = int(t.length);
		return { name: `mixed-${k}.txt`, bytes: new Uint8Array([...utf8(t.slice(0, cut)), ...iconv.encode(t.slice(cut), 'gbk')]) };
	},
	numbers: (k) => ({ name: `numbers-${k}.txt`, bytes: utf8(hugeNumbers(doc())) }),
	deepHtml: (k) => {
		const depth = pick([100, 1000, 10_000, 50_000]);
		const tag = pick(['div', 'table', 'td', 'b', 'span']);
		const inner = rnd() < 0.5 ? doc().slice(0, 3000) : '<td>1</td>'.repeat(1000);
		const close = rnd() < 0.5 ? `</${tag}>`.repeat(depth) : '';
		return { name: `deep-${k}.html`, bytes: utf8(`<html><body>${`<${tag}>`.repeat(depth)}${inner}${close}`) };
	},
	brokenHtml: (k) => {
		const t = doc();
		const junk = pick(['<', '<!--', '<![CDATA[', '<script>', '<table', '&#99999999;', '&amp', '<meta charset="big5">', '<meta charset="x-unknown">']);
		const at = int(t.length);
		return { name: `broken-${k}.html`, bytes: utf8(`<html><body><table><tr><td>${t.slice(0, at)}${junk}${t.slice(at)}`) };
	},
	nul: (k) => {
		const b = utf8(doc());
		const at = int(Math.min(b.length, 2000));
		const n = pick([1, 2, 10, 500]);
		return { name: `nul-${k}.txt`, bytes: new Uint8Array([...b.subarray(0, at), ...new Uint8Array(n), ...b.subarray(at)]) };
	},
	oneLine: (k) => ({ name: `oneline-${k}.txt`, bytes: utf8(doc().replace(/\s+/g, pick([' ', '', '\t']))) }),
	longLine: (k) => ({ name: `longline-${k}.txt`, bytes: utf8(`咸祥镇2020年政府信息公开工作年度报告\n${'表三'.repeat(int(200_000))}\n`) }),
	control: (k) => ({ name: `ctrl-${k}.txt`, bytes: utf8(doc().replace(/。/g, () => pick(['\u001b[2J', '\u202e', '\u0007', '\r', '\u2028', '。']))) }),
	titleOnly: (k) => ({ name: `title-${k}.txt`, bytes: utf8(`${pick(['咸祥镇', '桂花街道', 'X'])}${2019 + int(7)}年政府信息公开工作年度报告\n`.repeat(1 + int(3))) }),
	names: (k) => ({ name: `${pick(['=cmd', '@x', '-rf', 'a\u001b[31mb', 'a\nb', 'a\u202eb', ' lead', 'dot.', '年报 (1)', 'a'.repeat(200)])}-${k}.txt`, bytes: utf8(doc()) })
};
const kinds = Object.keys(generators);

const dir = await mkdtemp(join(tmpdir(), 'nianbao-fuzz-'));
const src = join(dir, 'in');
const byKind: Record<string, number> = {};
let entries = 0;
const note = (kind: string) => ((byKind[kind] = (byKind[kind] ?? 0) + 1), entries++);
const sockets: ReturnType<typeof createServer>[] = [];
try {
	// Files, spread over folders (some with hostile or broken sidecars).
	for (let k = 0; entries < N - 40; k++) {
		const kind = kinds[k % kinds.length];
		const folder = join(src, `f${String(k % 25).padStart(2, '0')}`);
		await mkdir(folder, { recursive: true });
		const { name, bytes } = generators[kind](k);
		await writeFile(join(folder, name.replace(/\//g, '_')), bytes);
		note(kind);
	}
	for (let f = 0; f < 25; f += 3) {
		const folder = join(src, `f${String(f).padStart(2, '0')}`);
		const files = (await readdir(folder)).slice(0, 5);
		const rows = files.map((n, k) => `"${n.replace(/"/g, '""')}",${pick(FORMULAS).replace(/"/g, '""').replace(/^|$/g, '"')},,,,${pick(['2020', '2020x', '', '99999'])},${pick(['javascript:alert(1)', 'http://example.gov.cn/x', '../x', ''])}`);
		const sidecar = f % 2 ? ['file,org,province,city,district,year,source', ...rows, ...rows.slice(0, 1), '../../etc/passwd,x,,,,2020,'].join('\n') : 'name,org\nx,y';
		await writeFile(join(folder, 'manifest.csv'), sidecar);
		note('sidecar');
	}
	// Special files: never to be opened.
	const special = join(src, 'special');
	await mkdir(special);
	for (let k = 0; k < 6; k++) (execFileSync('mkfifo', [join(special, `fifo-${k}.txt`)]), note('fifo'));
	for (let k = 0; k < 3; k++) {
		const server = createServer();
		await new Promise<void>((r) => server.listen(join(special, `sock-${k}`), r));
		sockets.push(server);
		note('socket');
	}
	for (const [k, target] of ['/dev/zero', '/dev/urandom', '/dev/null'].entries()) (await symlink(target, join(special, `device-${k}.txt`)), note('device'));
	for (let k = 0; k < 4; k++) {
		await symlink(`loop-${k}b.txt`, join(special, `loop-${k}a.txt`));
		await symlink(`loop-${k}a.txt`, join(special, `loop-${k}b.txt`));
		note('link-loop');
		note('link-loop');
	}
	for (let k = 0; k < 4; k++) (await symlink(`missing-${k}.txt`, join(special, `dangling-${k}.txt`)), note('dangling'));
	(await symlink('.', join(special, 'self')), note('dir-loop'));
	(await symlink('..', join(special, 'parent')), note('dir-loop'));

	process.stdout.write(`fuzz: ${entries} entries in ${dir}\n  ${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);

	// 1. The CLI over everything, with a time limit.
	const t0 = performance.now();
	const child = spawn(process.execPath, [CLI, 'ingest', src, '--out', join(dir, 'out'), '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (err += d));
	let timedOut = false;
	const killer = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), RUN_LIMIT_MS);
	const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
	clearTimeout(killer);
	const sec = (performance.now() - t0) / 1000;
	const m = /inputs: (\d+) entries = (\d+) read \+ (\d+) failed \+ (\d+) skipped \+ (\d+) ignored/.exec(out);
	const crashLines = out.split('\n').filter((l) => /could not be parsed:/.test(l));
	const stack = /\n\s+at |node:internal|TypeError|RangeError/.test(err);
	const cliCrash = timedOut ? 0 : (code !== 0 && code !== 1) || stack ? 1 : 0;

	// 2. Each regular file in-process (decode + parse), timed: a slow file is a hang in the making.
	let slow = 0;
	let hung = 0;
	let parseCrash = 0;
	let slowest = { ms: 0, file: '' };
	for (const e of await readdir(src, { recursive: true, withFileTypes: true })) {
		if (!e.isFile() || e.name === 'manifest.csv') continue;
		const p = join(e.parentPath, e.name);
		const t = performance.now();
		try {
			const d = decodeBytes(new Uint8Array(await readFile(p)));
			parseReport({ text: d.text, fileName: p });
		} catch (x) {
			if (!(x instanceof ReadError)) (parseCrash++, process.stdout.write(`  crash: ${p.slice(src.length + 1)}: ${(x as Error).message}\n`));
		}
		const ms = performance.now() - t;
		if (ms > slowest.ms) slowest = { ms, file: p.slice(src.length + 1) };
		if (ms > HANG_MS) hung++;
		else if (ms > SLOW_MS) slow++;
	}

	const counted = m ? Number(m[1]) : -1;
	process.stdout.write(
		[
			`  CLI: exit ${timedOut ? 'killed after time limit' : code} in ${sec.toFixed(1)} s (${(entries / sec).toFixed(0)} entries/s)`,
			`  summary: ${m ? `${m[1]} entries = ${m[2]} read + ${m[3]} failed + ${m[4]} skipped + ${m[5]} ignored` : 'missing'}`,
			`  slowest file (decode + parse in-process): ${slowest.ms.toFixed(0)} ms ${JSON.stringify(slowest.file)}; ${slow} file(s) over ${SLOW_MS} ms`,
			`  failure reasons: ${reasons(out)}`,
			`crashes: ${cliCrash + crashLines.length + parseCrash} (CLI ${cliCrash}, parser exceptions in ingest ${crashLines.length}, in-process ${parseCrash})`,
			`hangs: ${(timedOut ? 1 : 0) + hung} (run killed after ${RUN_LIMIT_MS / 1000} s: ${timedOut ? 1 : 0}, files over ${HANG_MS / 1000} s: ${hung})`,
			`accounted for: ${counted} of ${entries} entries${counted === entries ? '' : '  ← MISMATCH'}`
		].join('\n') + '\n'
	);
	if (stack || crashLines.length) process.stdout.write(`${crashLines.slice(0, 10).join('\n')}\n${err.slice(0, 2000)}\n`);
	if (cliCrash + crashLines.length + parseCrash + hung || timedOut || counted !== entries) process.exitCode = 1;
} finally {
	for (const sock of sockets) sock.close();
	if (!values.keep) await rm(dir, { recursive: true, force: true });
}
