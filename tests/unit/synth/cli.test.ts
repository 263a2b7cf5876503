/**
 * `nianbao synth` on the command line: writes documents, truth files and the sidecar manifest; the same
 * seed writes the same bytes; bad arguments get a clear message and exit code 2.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSynth } from '../../../src/cli/synth.ts';

const dirs: string[] = [];
const tmp = async () => {
	const d = await mkdtemp(join(tmpdir(), 'nianbao-synth-cli-'));
	dirs.push(d);
	return d;
};
afterAll(async () => {
	for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const quiet = () => {
	const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
	const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
	return { err, restore: () => (out.mockRestore(), err.mockRestore()) };
};

describe('nianbao synth', () => {
	it('writes each report with its truth and a manifest.csv naming org, region and year', async () => {
		const out = await tmp();
		const q = quiet();
		expect(await runSynth(['--out', out, '--limit', '9', '--seed', '4'])).toBe(0);
		q.restore();
		const files = (await readdir(out)).sort();
		const docs = files.filter((f) => /\.(txt|html)$/.test(f));
		expect(docs).toHaveLength(9);
		for (const d of docs) expect(files).toContain(`${d}.truth.json`);
		const manifest = (await readFile(join(out, 'manifest.csv'), 'utf8')).trim().split('\n');
		expect(manifest[0]).toBe('file,org,province,city,district,year');
		expect(manifest).toHaveLength(10);
		expect(manifest[1]).toMatch(/^330203001-南门街道-2019\.(txt|html),南门街道办事处,浙江省,宁波市,海曙区,2019$/);
	});
	it('writes the same bytes twice for the same seed', async () => {
		const [a, b] = [await tmp(), await tmp()];
		const q = quiet();
		await runSynth(['--out', a, '--limit', '14', '--seed', '8', '--city', '宁波市']);
		await runSynth(['--out', b, '--limit', '14', '--seed', '8', '--city', '宁波市']);
		q.restore();
		const names = (await readdir(a)).sort();
		expect((await readdir(b)).sort()).toEqual(names);
		for (const n of names) expect((await readFile(join(a, n))).equals(await readFile(join(b, n))), n).toBe(true);
	});
	it('rejects bad arguments with a message that names the problem', async () => {
		const out = await tmp();
		for (const [args, message] of [
			[['--out', out, '--years', '2015-2016'], /years "2015-2016"/],
			[['--out', out, '--city', '某某市'], /unknown city "某某市"/],
			[['--out', out, '--towns', 'many'], /--towns must be a whole number/],
			[['--years', '2020'], /--out <folder> is required/]
		] as const) {
			const q = quiet();
			expect(await runSynth([...args])).toBe(2);
			expect(q.err.mock.calls.map((c) => String(c[0])).join('')).toMatch(message);
			q.restore();
		}
	});
});
