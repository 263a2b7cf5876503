/**
 * Bad input costs only itself: broken links, special files, damaged sidecars and damaged text are each
 * skipped or read with a warning naming the entry, while the rest of the batch is read. Values that cannot be
 * right are flagged, formula-looking text is neutralised in the dataset's CSV, and only http(s) sources are links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ingest, pickDuplicates, uniqueId } from '../../../src/node/ingest.ts';
import type { ReportRow } from '../../../src/lib/dataset/schema.ts';
import { decodeBytes } from '../../../src/node/read.ts';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { implausibility } from '../../../src/lib/parser/numbers.ts';
import { CORPUS } from '../../helpers/corpus.ts';
import { queryFolder } from '../../helpers/dataset.ts';

const SEED_FILE = '000-xianxiangzhen-2020.txt';
let dir: string;
let src: string;
let out: string;
let seed: string;
let summary: Awaited<ReturnType<typeof ingest>>;

const query = (sql: string) => queryFolder(out, sql);

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-faults-'));
	src = join(dir, 'in');
	seed = await readFile(join(CORPUS, SEED_FILE), 'utf8');
	const liang = await readFile(join(CORPUS, '005-liangchengzhen-2020.txt'), 'utf8');
	// Folder a: links and special files next to a good report; a damaged sidecar.
	await mkdir(join(src, 'a'), { recursive: true });
	await copyFile(join(CORPUS, SEED_FILE), join(src, 'a', 'good.txt'));
	await symlink('loop2.txt', join(src, 'a', 'loop1.txt'));
	await symlink('loop1.txt', join(src, 'a', 'loop2.txt'));
	await symlink('nowhere.txt', join(src, 'a', 'dangling.txt'));
	await symlink('.', join(src, 'a', 'self')); // a folder link back to itself
	await symlink('/dev/zero', join(src, 'a', 'zero.txt')); // a device: reading it would never end
	execFileSync('mkfifo', [join(src, 'a', 'pipe.txt')]); // nobody writes: opening it would hang
	await writeFile(join(src, 'a', 'huge.txt'), '');
	await truncate(join(src, 'a', 'huge.txt'), 300 * 2 ** 20); // sparse: 300 MB that take no disk
	await writeFile(join(src, 'a', 'manifest.csv'), 'name,org\ngood.txt,Wrong\n');
	// Folder b: the same base name as a's report, a sidecar with row problems and unsafe text.
	await mkdir(join(src, 'b'));
	await writeFile(join(src, 'b', 'good.txt'), liang);
	await writeFile(
		join(src, 'b', 'manifest.csv'),
		[
			'file,org,province,city,district,year,source',
			'good.txt,"=HYPERLINK(""http://evil.example"",""x"")",@SUM(1),-2+3,+1,2020x,javascript:alert(1)',
			'good.txt,Second,,,,2020,',
			'missing.txt,Nobody,,,,2020,',
			'../../etc/passwd,Escape,,,,2020,'
		].join('\n')
	);
	// Folder c: damaged text that is still a report.
	await mkdir(join(src, 'c'));
	const bytes = new TextEncoder().encode(seed.replace('咸祥镇2020年', '咸祥镇2021年').trimEnd());
	await writeFile(join(src, 'c', 'cut-utf8.txt'), bytes.subarray(0, bytes.length - 1)); // ends mid-character
	await writeFile(join(src, 'c', 'utf16.txt'), iconv.encode(seed.replace('咸祥镇2020年', '咸祥镇2022年'), 'utf-16le')); // no BOM
	const withNul = new TextEncoder().encode(seed.replace('咸祥镇2020年', '咸祥镇2023年'));
	await writeFile(join(src, 'c', 'nul.txt'), new Uint8Array([...withNul.subarray(0, 40), 0, ...withNul.subarray(40)]));
	await writeFile(join(src, 'c', 'title-only.txt'), '桂花街道2024年政府信息公开工作年度报告\n');
	await writeFile(join(src, 'c', 'one-line.txt'), seed.replace('咸祥镇2020年', '咸祥镇2024年').replace(/\s+/g, ' '));
	// Folder d: a second copy of 咸祥镇 2020 in GBK and a file whose name holds an ANSI escape sequence.
	await mkdir(join(src, 'd'));
	await writeFile(join(src, 'd', 'gbk-copy.txt'), iconv.encode(seed.replace(/\u00a0/g, ' '), 'gbk'));
	await writeFile(join(src, 'd', 'evil\u001b[2Jname.txt'), 'not a report at all');
	out = join(dir, 'out');
	summary = await ingest([src], { out, name: 'faults' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const skipped = (name: string) => summary.skipped.find((s) => s.path.endsWith(name))?.reason;
const outcome = (file: string) => summary.files.find((f) => f.file === file);

describe('links and special files cost only themselves', () => {
	it('skips a symbolic link loop and a dangling link, each with its reason', () => {
		expect(skipped('loop1.txt')).toMatch(/symbolic link loop/);
		expect(skipped('loop2.txt')).toMatch(/symbolic link loop/);
		expect(skipped('dangling.txt')).toMatch(/dangling symbolic link/);
		expect(skipped('self')).toMatch(/already read/);
	});
	it('never opens a named pipe or a device (the run finishes)', () => {
		expect(skipped('pipe.txt')).toMatch(/named pipe \(FIFO\).*not opened/);
		expect(skipped('zero.txt')).toMatch(/character device.*not opened/);
	});
	it('does not read a file far too large to be a report', () => {
		expect(skipped('huge.txt')).toMatch(/^300 MB: too large to be an annual report \(limit 256 MB\); not read$/);
	});
	it('reads the rest of the batch', () => {
		expect(outcome('a/good.txt')?.status).toBe('ok');
		expect(summary.written).toBe(true);
	});
});

describe('sidecar manifests', () => {
	it('a manifest without a file column is an error for its folder only', async () => {
		expect(summary.problems).toContainEqual({ severity: 'error', message: expect.stringMatching(/a[/\\]manifest\.csv: a sidecar manifest needs a "file" column/) });
		const [r] = await query(`SELECT org FROM '$out/reports.parquet' WHERE source_file = 'a/good.txt'`);
		expect(r.org).toBe('咸祥镇人民政府'); // read from the report, not from the damaged manifest
		const issues = await query(`SELECT code FROM '$out/issues.parquet' i JOIN '$out/reports.parquet' r USING (report_id) WHERE r.source_file = 'a/good.txt' AND code = 'sidecar'`);
		expect(issues).toHaveLength(1);
	});
	it('warns about a duplicate row, a missing file, a bad year and a path leaving the folder, naming each row', () => {
		const w = summary.problems.filter((p) => p.severity === 'warning').map((p) => p.message);
		expect(w).toContainEqual(expect.stringMatching(/b[/\\]manifest\.csv row 2: year "2020x" is not a year/));
		expect(w).toContainEqual(expect.stringMatching(/row 3: a second row for "good\.txt" \(first at row 2\)/));
		expect(w).toContainEqual(expect.stringMatching(/row 4: names "missing\.txt", which is not in the folder/));
		expect(w).toContainEqual(expect.stringMatching(/row 5: file "\.\.\/\.\.\/etc\/passwd" points outside this folder; row ignored/));
	});
	it('stores a source only when it is an http(s) address, and says so', async () => {
		const [r] = await query(`SELECT source_url, report_id FROM '$out/reports.parquet' WHERE source_file = 'b/good.txt'`);
		expect(r.source_url).toBeNull();
		const [i] = await query(`SELECT message FROM '$out/issues.parquet' WHERE report_id = '${r.report_id}' AND code = 'source_url'`);
		expect(i.message).toMatch(/"javascript:alert\(1\)" is not an http\(s\) address/);
	});
	it('neutralises formula-looking text in the dataset’s CSV as the dashboard’s downloads do; Parquet keeps it', async () => {
		const csv = await readFile(join(out, 'reports.csv'), 'utf8');
		expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
		expect(csv).toContain(`'@SUM(1)`);
		expect(csv).toContain(`'-2+3`);
		expect(csv).toContain(`'+1`);
		expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
		const [r] = await query(`SELECT org, province FROM '$out/reports.parquet' WHERE source_file = 'b/good.txt'`);
		expect(r).toEqual({ org: '=HYPERLINK("http://evil.example","x")', province: '@SUM(1)' });
		// Numbers stay numbers: a negative value is not turned into text.
		expect(await readFile(join(out, 'facts.csv'), 'utf8')).toMatch(/,-7\.0,count,/);
	});
});

describe('report ids', () => {
	it('sanitise the base name and number repeats -2, -3 in input order, never starting like a formula', () => {
		const used = new Set<string>();
		expect(['a b', 'a b', 'a-b', 'a\u001b[0mb', '=cmd', '..', '-rf'].map((n) => uniqueId(n, used))).toEqual(['a-b', 'a-b-2', 'a-b-3', 'a-0mb', 'cmd', 'report', 'rf']);
	});
	it('gives the same base name in two folders consistent, sanitised ids in input order', async () => {
		expect(outcome('a/good.txt')?.reportId).toBe('good');
		expect(outcome('b/good.txt')?.reportId).toBe('good-2');
		expect(outcome('d/evil\u001b[2Jname.txt')?.reportId).toBe('evil-2Jname');
	});
});

describe('damaged text is read with a warning', () => {
	const issue = async (file: string, code: string) =>
		(await query(`SELECT i.message FROM '$out/issues.parquet' i JOIN '$out/reports.parquet' r USING (report_id) WHERE r.source_file = '${file}' AND i.code = '${code}'`)).map((r) => r.message);
	it('UTF-8 cut off in the middle of a character stays UTF-8', async () => {
		const [r] = await query(`SELECT encoding, status, year FROM '$out/reports.parquet' WHERE source_file = 'c/cut-utf8.txt'`);
		expect(r).toMatchObject({ encoding: 'utf-8', year: 2021 });
		expect(r.status).not.toBe('failed');
		expect(await issue('c/cut-utf8.txt', 'encoding')).toEqual([expect.stringMatching(/1 byte sequence is not valid UTF-8/)]);
	});
	it('UTF-16 without a byte-order mark is detected', async () => {
		const [r] = await query(`SELECT encoding, status, n_values FROM '$out/reports.parquet' WHERE source_file = 'c/utf16.txt'`);
		expect(r).toMatchObject({ encoding: 'utf-16le', status: 'ok' });
		expect(r.n_values).toBeGreaterThan(100);
	});
	it('one NUL byte early in a text file is removed with a warning, not called binary', async () => {
		const [r] = await query(`SELECT status, n_values FROM '$out/reports.parquet' WHERE source_file = 'c/nul.txt'`);
		expect(r.status).toBe('ok');
		expect(await issue('c/nul.txt', 'encoding')).toEqual([expect.stringMatching(/1 NUL byte/)]);
	});
	it('a title-only report and a report flattened onto one line are partial with a reason, not ok with 0 values', () => {
		for (const f of ['c/title-only.txt', 'c/one-line.txt']) {
			expect(outcome(f)).toMatchObject({ status: 'partial', values: 0, reason: expect.stringMatching(/no table cell or narrative figure could be read/) });
		}
	});
});

describe('duplicates and the summary', () => {
	it('keeps one report per organisation and year and says which and why', () => {
		expect(summary.duplicates).toEqual([{ file: 'd/gbk-copy.txt', kept: 'a/good.txt', reason: 'both have as many values and errors; the first by file name is kept' }]);
		expect(outcome('d/gbk-copy.txt')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/duplicate of a\/good\.txt/) });
	});
	it('does not take a same-named body of another region for a duplicate (大河镇 exists in many counties)', () => {
		const row = (id: string, district: string) =>
			({ report_id: id, org: '大河镇人民政府', year: 2022, province: '河北省', city: '邢台市', district, status: 'ok', n_values: 200, source_file: `${id}.txt` }) as ReportRow;
		expect(pickDuplicates([row('a', '南和区'), row('b', '宁晋县')], () => 0)).toEqual([]);
		expect(pickDuplicates([row('a', '南和区'), row('b', '南和区')], () => 0).map((d) => [d.keep.report_id, d.drop.report_id])).toEqual([['a', 'b']]);
	});
	it('leaves the duplicate’s values out of the dataset', async () => {
		const [r] = await query(`SELECT count(*)::INTEGER AS n FROM '$out/facts.parquet' WHERE report_id = 'gbk-copy'`);
		expect(r.n).toBe(0);
		const [m] = await query(`SELECT count(*)::INTEGER AS n FROM '$out/facts.parquet'`);
		expect(m.n).toBe(summary.facts);
	});
	it('accounts for every entry: read, failed, skipped or ignored', () => {
		// 9 report files + 7 skipped (links, special files, the huge file) + 2 manifest.csv files ignored.
		expect(summary.files).toHaveLength(9);
		expect(summary.skipped).toHaveLength(7);
		expect(summary.ignored).toBe(2);
	});
});

describe('implausible numbers are flagged', () => {
	const bad = () =>
		seed
			.replace('规范性文件\n\t1\n\t1\n\t1', '规范性文件\n\t-5\n\t3.5\n\t12.5万')
			.replace('行政许可\n\t0\n\t0\n\t0', `行政许可\n\t9999999999999999999\n\t${'9'.repeat(400)}\n\t0`);
	it('negative and fractional counts, 万 in a count, 19 digits and a 400-digit run: suspect; non-finite → null', () => {
		const r = parseReport({ text: bad(), fileName: 'x.txt' });
		const c = (id: string) => r.cells.get(id)!;
		for (const id of ['t2.normative_docs.new_made', 't2.normative_docs.new_published', 't2.normative_docs.total_published', 't2.admin_license.prev_year_items', 't2.admin_license.items_delta']) {
			expect(c(id).flags, id).toContain('suspect');
		}
		expect(c('t2.admin_license.items_delta').value).toBeNull();
		const msgs = r.issues.filter((i) => i.code === 'implausible').map((i) => `${i.subject}: ${i.message}`);
		expect(msgs).toEqual([
			expect.stringMatching(/new_made: 「-5」: a negative count/),
			expect.stringMatching(/new_published: 「3\.5」: a count with a fraction/),
			expect.stringMatching(/total_published: 「12\.5万」: a count written with the unit 万/),
			expect.stringMatching(/prev_year_items: 「9999999999999999999」: the number has 19 digits/),
			expect.stringMatching(/items_delta: 「9{20}…\(400 characters\)」: the number is too long/)
		]);
	});
	it('a figure in a sentence with dates is judged by its own digits', () => {
		expect(implausibility(366, 'count', '2020年1月1日至2020年12月31日共主动公开政府信息366条', false)).toBeNull();
		expect(implausibility(1e19, 'count', '共主动公开政府信息9999999999999999999条', false)).toMatch(/19 digits/);
	});
	it('a negative change (本年增/减 −7) is not suspect', () => {
		const r = parseReport({ text: seed, fileName: 'x.txt' });
		expect(r.cells.get('t2.admin_penalty.items_delta')).toMatchObject({ value: -7, flags: [] });
	});
	it('decodeBytes keeps a damaged UTF-8 file UTF-8 rather than guessing Big5', () => {
		const bytes = new TextEncoder().encode(seed);
		expect(decodeBytes(bytes.subarray(0, bytes.length - 2)).encoding).toBe('utf-8');
	});
});
