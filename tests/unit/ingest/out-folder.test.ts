/**
 * Ingest never deletes or overwrites what is not its own: `--out` may replace only a missing folder, an empty
 * one, or a dataset nianbao wrote (nothing else inside). A run that reads no report keeps the old dataset; a
 * lock keeps two runs apart and a dead run's lock is taken over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../../../src/node/ingest.ts';
import { OutputRefused } from '../../../src/node/out-folder.ts';
import { CORPUS } from '../../helpers/corpus.ts';

let dir: string;
let src: string;

/** Every file under `p` with its content, to prove a folder was left exactly as it was. */
async function snapshot(p: string): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const e of await readdir(p, { withFileTypes: true, recursive: true })) {
		if (e.isFile()) out[join(e.parentPath, e.name).slice(p.length)] = await readFile(join(e.parentPath, e.name), 'utf8');
	}
	return out;
}

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-out-'));
	src = join(dir, 'reports');
	await mkdir(src);
	for (const f of ['000-xianxiangzhen-2020.txt', '005-liangchengzhen-2020.txt']) await copyFile(join(CORPUS, f), join(src, f));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ingest --out refuses what is not its own dataset', () => {
	it('keeps a foreign folder with files and subfolders exactly as it was', async () => {
		const thesis = join(dir, 'thesis');
		await mkdir(join(thesis, 'chapters'), { recursive: true });
		await writeFile(join(thesis, 'thesis.tex'), '\\section{Intro}');
		await writeFile(join(thesis, 'chapters', 'one.tex'), 'one');
		const before = await snapshot(thesis);
		await expect(ingest([src], { out: thesis })).rejects.toThrow(OutputRefused);
		await expect(ingest([src], { out: thesis })).rejects.toThrow(/thesis: is a folder that is not a nianbao dataset .*thesis\.tex/);
		expect(await snapshot(thesis)).toEqual(before);
		expect((await readdir(dir)).filter((n) => n.startsWith('thesis.'))).toEqual([]); // no temp folder, no lock left
	});

	it('refuses an existing file, the input folder and a folder holding the inputs', async () => {
		const report = join(src, '000-xianxiangzhen-2020.txt');
		const text = await readFile(report, 'utf8');
		await expect(ingest([src], { out: report })).rejects.toThrow(/is an existing file/);
		await expect(ingest([src], { out: src })).rejects.toThrow(/is one of the inputs/);
		await expect(ingest([src], { out: dir })).rejects.toThrow(/contains the input/);
		expect(await readFile(report, 'utf8')).toBe(text);
	});

	it('refuses a folder whose manifest.json nianbao did not write', async () => {
		const app = join(dir, 'webapp');
		await mkdir(app);
		await writeFile(join(app, 'manifest.json'), '{"name":"my app","icons":[]}');
		await expect(ingest([src], { out: app })).rejects.toThrow(/manifest\.json was not written by nianbao/);
		expect(await readFile(join(app, 'manifest.json'), 'utf8')).toContain('my app');
	});

	it('replaces its own dataset, but not one that also holds someone else’s file', async () => {
		const out = join(dir, 'ds');
		await ingest([src], { out, name: 'first' });
		await ingest([src], { out, name: 'second' });
		expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).name).toBe('second');
		await writeFile(join(out, 'notes.txt'), 'my notes');
		await expect(ingest([src], { out })).rejects.toThrow(/also holds other files \("notes\.txt"\)/);
		expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
		await rm(join(out, 'notes.txt'));
	});

	it('writes into an empty folder', async () => {
		const out = join(dir, 'empty-ds');
		await mkdir(out);
		const s = await ingest([src], { out });
		expect(s.written).toBe(true);
		expect((await readdir(out)).sort()).toContain('manifest.json');
	});
});

describe('a failed run keeps the previous dataset', () => {
	it('reads nothing from an empty and a binary file and leaves the old dataset untouched', async () => {
		const out = join(dir, 'keep');
		await ingest([src], { out, name: 'good' });
		const before = await snapshot(out);
		const bad = join(dir, 'bad');
		await mkdir(bad);
		await writeFile(join(bad, 'empty.txt'), '');
		await writeFile(join(bad, 'blob.txt'), Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919) % 256)));
		const s = await ingest([bad], { out });
		expect(s.written).toBe(false);
		expect(s.files.map((f) => f.status)).toEqual(['failed', 'failed']);
		expect(await snapshot(out)).toEqual(before);
		expect((await readdir(dir)).filter((n) => /^keep\.(tmp|lock|old)/.test(n))).toEqual([]);
	});
});

describe('the lock', () => {
	it('refuses while another live process holds it, naming the process', async () => {
		const out = join(dir, 'locked');
		// This test's own process is alive: its PID in the lock stands for a concurrent run.
		await writeFile(`${out}.lock`, JSON.stringify({ pid: process.ppid, started: '2026-01-01T00:00:00Z' }));
		await expect(ingest([src], { out })).rejects.toThrow(new RegExp(`another nianbao run \\(PID ${process.ppid}.*is writing this dataset`));
		await expect(stat(out)).rejects.toThrow(); // nothing written
		await rm(`${out}.lock`);
	});

	it('takes over a stale lock of a process that has ended, and removes it when done', async () => {
		const out = join(dir, 'stale');
		const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
		await writeFile(`${out}.lock`, JSON.stringify({ pid: Number(dead) }));
		// A leftover temp folder of that dead run, carrying nianbao's mark, is cleaned up too.
		await mkdir(`${out}.tmp-${dead}`);
		await writeFile(join(`${out}.tmp-${dead}`, '.nianbao-tmp'), dead);
		const s = await ingest([src], { out });
		expect(s.written).toBe(true);
		expect((await readdir(dir)).filter((n) => n.startsWith('stale.'))).toEqual([]);
	});
});

describe('an --out inside the input folder', () => {
	it('is allowed, and its own files, lock and temporary folder are never read as inputs', async () => {
		const inner = join(src, 'dataset');
		const first = await ingest([src], { out: inner });
		const second = await ingest([src], { out: inner });
		expect(second.files.map((f) => f.file)).toEqual(first.files.map((f) => f.file));
		expect(second.ignored).toBe(0);
		await rm(inner, { recursive: true });
	});
});
