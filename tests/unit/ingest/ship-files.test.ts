/**
 * `nianbao ingest` ships each read report's PDF beside the dataset, in `files/<sha256>.pdf`, and lists it in the
 * manifest (schema 3) with its size, hash and reports — so the dashboard can draw the page a value came from.
 * Only PDFs of reports kept in the dataset are shipped, under names that say nothing of the user's folders;
 * `--no-files` ships none; a file changed after it was read is not shipped (and says so); a dataset with files
 * is replaced by the next run, but a file of someone else's in `files/` is never deleted. `nianbao serve` sends
 * the listed PDFs and nothing else of the folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../../../src/node/ingest.ts';
import { ShippedFiles } from '../../../src/node/ship-files.ts';
import { OutputRefused } from '../../../src/node/out-folder.ts';
import { checkFileList, fileOfReport, isFilePath, pdfPath } from '../../../src/lib/dataset/files.ts';
import { SCHEMA_VERSION, type Manifest } from '../../../src/lib/dataset/schema.ts';
import { CORPUS } from '../../helpers/corpus.ts';
import { serve } from '../../../src/node/serve.ts';
import { spawnSync } from 'node:child_process';
import { queryFolder } from '../../helpers/dataset.ts';

const OFFICE = 'tests/fixtures/office';
const PDFS = ['110101002-景山街道-2022.writer.pdf', '110101003-交道口街道-2023.office.pdf'];
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dir: string;
let src: string;
let out: string;
let summary: Awaited<ReturnType<typeof ingest>>;
const manifestOf = async (folder: string) => JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as Manifest;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-files-'));
	src = join(dir, 'private', 'my reports');
	await mkdir(join(src, 'sub'), { recursive: true });
	await copyFile(join(OFFICE, PDFS[0]), join(src, PDFS[0]));
	await copyFile(join(OFFICE, PDFS[1]), join(src, 'sub', PDFS[1]));
	// A Word report and a text report: read, but only PDFs are shipped.
	await copyFile(join(OFFICE, '110101004-安定门街道-2019.docx'), join(src, '110101004-安定门街道-2019.docx'));
	await copyFile(join(CORPUS, '000-xianxiangzhen-2020.txt'), join(src, '000-xianxiangzhen-2020.txt'));
	// A second copy of the first PDF under another name: a duplicate report, dropped, so not shipped twice.
	await copyFile(join(OFFICE, PDFS[0]), join(src, 'sub', 'copy-of-jingshan.pdf'));
	// A PDF that is not a report: failed, not shipped.
	await writeFile(join(src, 'broken.pdf'), '%PDF-1.7\nnot really\n');
	out = join(dir, 'out');
	summary = await ingest([src], { out, name: 'files-test' });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ingest ships the report PDFs in files/', () => {
	it('copies each kept PDF once, byte for byte, named by its SHA-256', async () => {
		const names = (await readdir(join(out, 'files'))).sort();
		const want = await Promise.all(PDFS.map(async (f) => sha(await readFile(join(OFFICE, f)))));
		expect(names).toEqual(want.map((h) => `${h}.pdf`).sort());
		for (const f of PDFS) {
			const bytes = await readFile(join(OFFICE, f));
			expect(Buffer.compare(await readFile(join(out, pdfPath(sha(bytes)))), bytes)).toBe(0);
		}
		expect(summary.shipped).toMatchObject({ files: 2, reports: 2, failed: 0 });
	});

	it('lists them in the manifest (schema 3) with path, bytes, hash and the report read from each', async () => {
		const m = await manifestOf(out);
		expect(m.schema_version).toBe(SCHEMA_VERSION);
		expect(SCHEMA_VERSION).toBe(3);
		const reports = await queryFolder(out, `SELECT report_id, sha256, status, file_type FROM read_parquet('$out/reports.parquet') ORDER BY report_id`);
		const kept = reports.filter((r) => r.file_type === 'pdf' && r.status !== 'failed');
		expect(kept.map((r) => r.report_id)).toEqual(['110101002-景山街道-2022.writer', '110101003-交道口街道-2023.office']);
		expect(m.files).toHaveLength(2);
		for (const r of kept) {
			const f = fileOfReport(m.files, String(r.report_id))!;
			expect(f).toMatchObject({ path: `files/${r.sha256}.pdf`, sha256: r.sha256, type: 'pdf', reports: [r.report_id] });
			expect(f.bytes).toBe((await stat(join(out, f.path))).size);
		}
		// The manifest's list is what the dashboard's check keeps (nothing dropped as malformed).
		expect(checkFileList(m.files)).toEqual(m.files);
	});

	it('ships no Word, text, failed or duplicate report, and leaks no input path', async () => {
		const m = await manifestOf(out);
		const listed = m.files!.flatMap((f) => f.reports);
		expect(listed).not.toContain('110101004-安定门街道-2019');
		expect(listed).not.toContain('000-xianxiangzhen-2020');
		expect(listed).not.toContain('copy-of-jingshan');
		expect(listed).not.toContain('broken');
		expect(summary.duplicates.map((d) => d.file)).toEqual(['sub/copy-of-jingshan.pdf']);
		const text = JSON.stringify(m.files);
		expect(text).not.toContain('private');
		expect(text).not.toContain('my reports');
		for (const f of m.files!) expect(isFilePath(f.path)).toBe(true);
	});

	it('is replaced by the next run (files/ is the dataset’s own), with the same names', async () => {
		const before = (await readdir(join(out, 'files'))).sort();
		const again = await ingest([src], { out, name: 'files-test' });
		expect(again.written).toBe(true);
		expect((await readdir(join(out, 'files'))).sort()).toEqual(before);
	}, 120_000);

	it('refuses to replace a dataset whose files/ holds a file it does not list, and leaves it', async () => {
		const foreign = join(out, 'files', 'notes.txt');
		await writeFile(foreign, 'mine');
		try {
			await expect(ingest([src], { out, name: 'files-test' })).rejects.toThrow(OutputRefused);
			await expect(ingest([src], { out, name: 'files-test' })).rejects.toThrow(/files\/notes\.txt/);
			expect(await readFile(foreign, 'utf8')).toBe('mine');
		} finally {
			await rm(foreign);
		}
	});

	it('refuses a files/ that is a symbolic link (it could lead anywhere)', async () => {
		const ds = join(dir, 'linked');
		await mkdir(ds);
		const m = await manifestOf(out);
		await writeFile(join(ds, 'manifest.json'), JSON.stringify(m));
		await mkdir(join(dir, 'elsewhere'));
		await symlink(join(dir, 'elsewhere'), join(ds, 'files'));
		await expect(ingest([join(src, '000-xianxiangzhen-2020.txt')], { out: ds })).rejects.toThrow(/"files"/);
	});

	it('--no-files ships nothing: no files/ folder, no files in the manifest', async () => {
		const bare = join(dir, 'bare');
		const s = await ingest([join(src, PDFS[0])], { out: bare, files: false });
		expect(s.written).toBe(true);
		expect(s.shipped.files).toBe(0);
		expect(await readdir(bare)).not.toContain('files');
		expect((await manifestOf(bare)).files).toBeUndefined();
	}, 60_000);
});

describe('ShippedFiles', () => {
	it('stores identical bytes once, listing every report read from them', async () => {
		const folder = await mkdtemp(join(dir, 'ship-'));
		const bytes = await readFile(join(OFFICE, PDFS[0]));
		const h = sha(bytes);
		const s = new ShippedFiles(folder);
		await s.add(join(OFFICE, PDFS[0]), h, 'b-report');
		await s.add(join(src, PDFS[0]), h, 'a-report');
		expect(s.list()).toEqual([{ path: `files/${h}.pdf`, bytes: bytes.length, sha256: h, type: 'pdf', reports: ['a-report', 'b-report'] }]);
		expect(s.bytes).toBe(bytes.length);
	});

	it('does not ship a file whose bytes are no longer those read, and leaves nothing half-written', async () => {
		const folder = await mkdtemp(join(dir, 'ship-'));
		const changed = join(dir, 'changed.pdf');
		await writeFile(changed, 'other bytes');
		const s = new ShippedFiles(folder);
		await expect(s.add(changed, sha(await readFile(join(OFFICE, PDFS[0]))), 'r')).rejects.toThrow(/changed after it was read/);
		expect(await readdir(join(folder, 'files'))).toEqual([]);
		expect(s.list()).toEqual([]);
	});
});

describe('the manifest check (dashboard and server)', () => {
	const h = 'a'.repeat(64);
	it('keeps only files/<sha256>.pdf entries whose name is their hash and that name a report', () => {
		const good = { path: `files/${h}.pdf`, bytes: 10, sha256: h, type: 'pdf', reports: ['r1'] };
		expect(checkFileList([good])).toEqual([good]);
		expect(
			checkFileList([
				{ ...good, path: `files/../../etc/${h}.pdf` },
				{ ...good, path: `/files/${h}.pdf` },
				{ ...good, sha256: 'b'.repeat(64) },
				{ ...good, path: `files/${h}.html`, type: 'html' },
				{ ...good, reports: [] },
				null,
				'files/x.pdf'
			])
		).toEqual([]);
		expect(checkFileList({ not: 'a list' })).toEqual([]);
		expect(() => pdfPath('../x')).toThrow();
	});
});

describe('nianbao serve sends the shipped PDFs', () => {
	it('answers GET /files/<sha256>.pdf for a listed file, byte for byte, and 404 for anything else', async () => {
		const server = await serve({ dir: out, port: 0, pool: 1 });
		try {
			const m = (await (await fetch(`${server.url}/manifest`)).json()) as Manifest;
			expect(m.files).toHaveLength(2);
			const f = m.files![0];
			const res = await fetch(`${server.url}/${f.path}`);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/pdf');
			expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), await readFile(join(out, f.path)))).toBe(0);
			for (const bad of [`files/${'0'.repeat(64)}.pdf`, 'files/../manifest.json', 'facts.parquet', `files/${f.sha256}.PDF`, `files%2F${f.sha256}.pdf`]) {
				expect((await fetch(`${server.url}/${bad}`)).status, bad).toBe(404);
			}
		} finally {
			await server.close();
		}
	});
});

describe('nianbao ingest on the command line', () => {
	const cli = (args: string[]) => {
		const r = spawnSync(process.execPath, ['src/cli/nianbao.ts', 'ingest', ...args], { encoding: 'utf8' });
		return { code: r.status, out: r.stdout, err: r.stderr };
	};

	it('says how many PDFs it shipped, and how to leave them out', () => {
		const r = cli([join(OFFICE, PDFS[0]), '--out', join(dir, 'cli-files'), '-q']);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/PDFs shipped in files\/: 1 \(0\.1 MB\) for 1 reports — --no-files leaves them out/);
		const n = cli([join(OFFICE, PDFS[0]), '--out', join(dir, 'cli-nofiles'), '--no-files', '-q']);
		expect(n.code).toBe(0);
		expect(n.out).not.toContain('PDFs shipped');
	}, 60_000);

	it('refuses --files with --no-files before touching anything', () => {
		const r = cli([join(OFFICE, PDFS[0]), '--out', join(dir, 'cli-both'), '--files', '--no-files']);
		expect(r.code).toBe(2);
		expect(r.err).toContain('--files and --no-files contradict each other');
	});
});
