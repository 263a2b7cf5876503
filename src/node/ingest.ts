/**
 * Batch ingest: files and folders → parsed reports → the dataset tables. One file's failure becomes a
 * `failed` report row with its reason and never stops the batch; cross-year checks run once all are read.
 * What cannot be read as a file at all (a symbolic link loop, a named pipe, a device) is skipped with its
 * reason, and a run that reads no report keeps the previous dataset: every input is accounted for in the
 * summary, and nothing is replaced unless the new dataset is complete (see out-folder.ts for what may be).
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { metric } from '../lib/catalog/index.ts';
import { parseReport } from '../lib/parser/index.ts';
import { crossYearChecks } from '../lib/parser/cross-year.ts';
import { levelOf } from '../lib/parser/meta.ts';
import { boxColumns, type IssueRow, type Manifest, type ReportRow } from '../lib/dataset/schema.ts';
import { readReportFile, ReadError, type DecodedFile } from './read.ts';
import { urlDate } from '../lib/publication-date.ts';
import { readSidecar, type SidecarRow } from './sidecar.ts';
import { DatasetWriter } from './write-dataset.ts';
import { ShippedFiles } from './ship-files.ts';
import { enrichRegion } from './divisions.ts';
import { checkNotInputs, checkReplaceable } from './out-folder.ts';
import { CROSS_YEAR_METRICS, duplicateMessage, notAReportReason, PARTIAL_CODES, pickDuplicates, readOutcome, readerWarningCode, uniqueId } from '../lib/dataset/report-rules.ts';

/** Where it always was for its callers (the rule itself is shared with the browser's report reader). */
export { pickDuplicates };

export { uniqueId };

const REPORT_EXT = new Set(['.txt', '.text', '.html', '.htm', '.xhtml', '.md', '.pdf', '.doc', '.docx', '.png', '.jpg', '.jpeg', '']);
const SKIP = /\.expected\.json$|^manifest\.csv$|^INDEX\.md$|^README|^\./i;

export interface IngestOptions {
	out: string;
	name?: string;
	title?: string;
	/** The English title (manifest `title_en`); the English interface shows `title` without it. */
	titleEn?: string;
	synthetic?: boolean;
	generator?: Manifest['generator'];
	/** Write the CSV copies next to the Parquet files (default true). */
	csv?: boolean;
	/**
	 * Ship each read report's PDF in the dataset's `files/` (default true: the dashboard then draws the page a
	 * value came from); false for `--no-files`.
	 */
	files?: boolean;
	onProgress?: (done: number, total: number, file: string) => void;
}

export interface FileOutcome {
	file: string;
	reportId: string;
	status: 'ok' | 'partial' | 'failed';
	format: string | null;
	values: number;
	/** Why a file failed or is only partial. */
	reason?: string;
}

/** An input entry that was not read as a report, and why (it never reached the parser). */
export interface SkippedEntry {
	path: string;
	reason: string;
}

/** A problem with the inputs rather than with one report (a sidecar manifest and its rows). */
export interface InputProblem {
	severity: 'error' | 'warning';
	message: string;
}

export interface IngestSummary {
	files: FileOutcome[];
	/** Entries skipped before reading: special files, broken links, unreadable folders. */
	skipped: SkippedEntry[];
	/** Files left out on purpose: sidecar manifests, READMEs, hidden files, other file types. */
	ignored: number;
	problems: InputProblem[];
	/** Second copies of an organisation's year, with the file kept and why. */
	duplicates: { file: string; kept: string; reason: string }[];
	facts: number;
	issuesBySeverity: Record<string, number>;
	byFormat: Record<string, number>;
	out: string;
	/** False when nothing was written because no report could be read (the previous dataset, if any, is kept). */
	written: boolean;
	/** The report PDFs shipped in `files/` (0 with `--no-files`): distinct files, their bytes, the reports they serve. */
	shipped: { files: number; bytes: number; reports: number; failed: number };
}

export interface InputFile {
	file: string;
	sidecar?: SidecarRow;
	/** Folder-level sidecar problems that concern this file's metadata. */
	notes: string[];
}

export interface CollectedInputs {
	files: InputFile[];
	skipped: SkippedEntry[];
	ignored: number;
	problems: InputProblem[];
}

/** Reports are kilobytes to a few megabytes; a file beyond this is not read (it would only exhaust memory). */
export const MAX_FILE_BYTES = 256 * 2 ** 20;

const SPECIAL: [keyof Stats & `is${string}`, string][] = [
	['isFIFO', 'a named pipe (FIFO)'],
	['isSocket', 'a socket'],
	['isCharacterDevice', 'a character device'],
	['isBlockDevice', 'a block device']
];

/** Why `p` (an lstat'ed symbolic link) cannot be followed, or null with its target's stats. */
async function followLink(p: string): Promise<{ stats: Stats } | { reason: string }> {
	try {
		return { stats: await stat(p) };
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === 'ELOOP') return { reason: 'a symbolic link loop (the link leads back to itself)' };
		if (code === 'ENOENT' || code === 'ENOTDIR') return { reason: 'a dangling symbolic link (its target does not exist)' };
		return { reason: `a symbolic link that cannot be followed (${code ?? (e as Error).message})` };
	}
}

/**
 * Expands files and folders (recursively, following links once) into report files with their folder's
 * sidecar, sorted by name within each folder. Special files are never opened; problems cost only their entry.
 * A missing explicit input is an error for the whole run (a typo should not produce a dataset).
 */
export async function collectInputs(inputs: string[], exclude: string[] = []): Promise<CollectedInputs> {
	const res: CollectedInputs = { files: [], skipped: [], ignored: 0, problems: [] };
	// The output's own paths (an --out inside an input folder): not inputs, so neither read nor counted.
	const own = new Set(exclude.map((p) => resolve(p)));
	const seenDirs = new Set<string>();
	const seenFiles = new Set<string>();
	const addFile = async (p: string, sidecar: SidecarRow | undefined, notes: string[]) => {
		const real = await realpath(p).catch(() => resolve(p));
		if (seenFiles.has(real)) return res.skipped.push({ path: p, reason: 'the same file was already read through another path' });
		const size = (await stat(p).catch(() => null))?.size ?? 0;
		if (size > MAX_FILE_BYTES) return res.skipped.push({ path: p, reason: `${(size / 2 ** 20).toFixed(0)} MB: too large to be an annual report (limit ${MAX_FILE_BYTES / 2 ** 20} MB); not read` });
		seenFiles.add(real);
		res.files.push({ file: p, sidecar, notes });
	};
	const walk = async (p: string, explicit: boolean) => {
		let s: Stats | null = await lstat(p).catch(() => null);
		if (!s) {
			if (explicit) throw new Error(`${p}: no such file or folder`);
			return res.skipped.push({ path: p, reason: 'disappeared while the folder was read' });
		}
		if (s.isSymbolicLink()) {
			const t = await followLink(p);
			if ('reason' in t) return res.skipped.push({ path: p, reason: t.reason });
			s = t.stats;
		}
		for (const [test, what] of SPECIAL) if ((s[test] as () => boolean)()) return res.skipped.push({ path: p, reason: `${what}, not a report file; not opened` });
		if (s.isDirectory()) {
			const real = await realpath(p).catch(() => resolve(p));
			if (seenDirs.has(real)) return res.skipped.push({ path: p, reason: 'a folder already read (a symbolic link leads back to it)' });
			seenDirs.add(real);
			let names: string[];
			try {
				names = (await readdir(p)).sort();
			} catch (e) {
				return res.skipped.push({ path: p, reason: `the folder cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
			}
			let side: Map<string, SidecarRow> | null = null;
			let folderNote: string[] = [];
			if (names.includes('manifest.csv')) {
				try {
					const sc = await readSidecar(join(p, 'manifest.csv'), new Set(names), join(p, 'manifest.csv'));
					side = sc.rows;
					for (const w of sc.warnings) res.problems.push({ severity: 'warning', message: w });
				} catch (e) {
					const msg = (e as Error).message;
					res.problems.push({ severity: 'error', message: msg });
					folderNote = [msg];
				}
			}
			for (const n of names) {
				const child = join(p, n);
				if (own.has(resolve(child))) continue;
				const cs = await lstat(child).catch(() => null);
				if (cs?.isDirectory()) await walk(child, false);
				else if (SKIP.test(n) || (!cs?.isSymbolicLink() && cs?.isFile() && !REPORT_EXT.has(extname(n).toLowerCase()))) res.ignored++;
				else if (cs?.isFile()) await addFile(child, side?.get(n), folderNote);
				else await walkEntry(child, side?.get(n), folderNote);
			}
		} else if (s.isFile()) {
			let row: SidecarRow | undefined;
			if (explicit) row = (await readSidecar(join(dirname(p), 'manifest.csv')).catch(() => null))?.rows.get(basename(p));
			await addFile(p, row, []);
		}
	};
	/** A link or special entry inside a folder: followed once, then treated by what it points at. */
	const walkEntry = async (p: string, sidecar: SidecarRow | undefined, notes: string[]) => {
		const l = await lstat(p).catch(() => null);
		if (!l) return res.skipped.push({ path: p, reason: 'disappeared while the folder was read' });
		let s: Stats = l;
		if (l.isSymbolicLink()) {
			const t = await followLink(p);
			if ('reason' in t) return res.skipped.push({ path: p, reason: t.reason });
			s = t.stats;
		}
		if (s.isDirectory()) return walk(p, false);
		if (s.isFile()) {
			if (!REPORT_EXT.has(extname(p).toLowerCase())) return void res.ignored++;
			return addFile(p, sidecar, notes);
		}
		for (const [test, what] of SPECIAL) if ((s[test] as () => boolean)()) return res.skipped.push({ path: p, reason: `${what}, not a report file; not opened` });
		res.skipped.push({ path: p, reason: 'not a regular file; not opened' });
	};
	for (const i of inputs) await walk(i, true);
	return res;
}


/** Issue codes that make a report `partial`, and so its reason in the summary. */

export async function ingest(inputs: string[], opts: IngestOptions): Promise<IngestSummary> {
	// Refuse a bad --out before reading anything (and again under the lock when the writer opens).
	checkNotInputs(opts.out, inputs);
	await checkReplaceable(opts.out);
	const writer = new DatasetWriter(opts.out);
	await writer.open();
	let collected: CollectedInputs;
	try {
		const target = resolve(opts.out);
		collected = await collectInputs(inputs, [target, `${target}.lock`, writer.tmpFolder]);
	} catch (e) {
		await writer.abort();
		throw e;
	}
	const files = collected.files;
	const reports: ReportRow[] = [];
	const outcomes: FileOutcome[] = [];
	const severities: Record<string, number> = {};
	const perReport = new Map<string, Record<string, number>>();
	const partialWhy = new Map<string, string[]>();
	const crossValues: { id: string; org: string; year: number; values: Map<string, number | null> }[] = [];
	const ids = new Set<string>();
	/** Where each report read from a PDF came from, to ship the file once the batch is settled. */
	const pdfSource = new Map<string, string>();
	const root = commonRoot(files.map((f) => f.file));
	let facts = 0;
	const addIssue = (i: IssueRow) => {
		writer.add('issues', i);
		severities[i.severity] = (severities[i.severity] ?? 0) + 1;
		const c = perReport.get(i.report_id) ?? {};
		c[i.severity] = (c[i.severity] ?? 0) + 1;
		perReport.set(i.report_id, c);
		if (PARTIAL_CODES.has(i.code)) partialWhy.set(i.report_id, [...(partialWhy.get(i.report_id) ?? []), i.message]);
	};

	// Read ahead a few files so the disk works while the CPU parses.
	const AHEAD = 8;
	const pending = new Map<number, Promise<DecodedFile>>();
	const readAhead = (k: number) => {
		for (let j = k; j < Math.min(files.length, k + AHEAD); j++) {
			if (!pending.has(j)) {
				const p = readReportFile(files[j].file);
				p.catch(() => {}); // handled when awaited below
				pending.set(j, p);
			}
		}
	};

	let written = false;
	let shipSummary: IngestSummary['shipped'] = { files: 0, bytes: 0, reports: 0, failed: 0 };
	const duplicates: IngestSummary['duplicates'] = [];
	try {
		for (let k = 0; k < files.length; k++) {
			readAhead(k);
			const { file, sidecar, notes } = files[k];
			const id = uniqueId(basename(file, extname(file)), ids);
			const rel = relative(root, file) || basename(file);
			opts.onProgress?.(k, files.length, rel);
			const url = sourceUrl(sidecar?.source);
			const row: ReportRow = {
				report_id: id, org: sidecar?.org ?? null, level: null, province: sidecar?.province ?? null, city: sidecar?.city ?? null,
				district: sidecar?.district ?? null, year: sidecar?.year ?? null, published: null, format: null, source_file: rel,
				source_url: url, encoding: null, file_type: null, sha256: '', status: 'failed', truncated: false, n_values: 0, n_errors: 0, n_warnings: 0, n_infos: 0, n_review: null
			};
			try {
				const read = pending.get(k)!;
				pending.delete(k);
				const decoded = await read;
				row.sha256 = decoded.sha256;
				row.encoding = decoded.encoding;
				row.file_type = decoded.fileType ?? null;
				if (decoded.fileType === 'pdf') pdfSource.set(id, file);
				const report = parseReport({ text: decoded.text, fileName: file, tokens: decoded.tokens, kind: decoded.kind });
				if (report.notAReport) throw new ReadError('not_a_report', notAReportReason(decoded.text));
				for (const w of decoded.warnings) addIssue({ report_id: id, subject: 'document', severity: 'warning', code: readerWarningCode(w, decoded.fileType), message: w });
				for (const e of decoded.errors ?? []) addIssue({ report_id: id, subject: 'document', severity: 'error', code: 'pdf_unruled', message: e });
				for (const n of notes) addIssue({ report_id: id, subject: 'document', severity: 'warning', code: 'sidecar', message: n });
				if (sidecar?.source && url === null) {
					addIssue({ report_id: id, subject: 'document', severity: 'warning', code: 'source_url', message: `manifest.csv row ${sidecar.row}: source ${JSON.stringify(sidecar.source.slice(0, 200))} is not an http(s) address; it is not stored as a link` });
				}
				const m = report.meta;
				row.org ??= m.org;
				row.year ??= m.year;
				if (sidecar?.year && m.year && sidecar.year !== m.year) {
					addIssue({ report_id: id, subject: 'document', severity: 'warning', code: 'year_mismatch', message: `manifest says ${sidecar.year}, the report's title says ${m.year}` });
				}
				row.level = row.org ? levelOf(row.org) : m.level;
				row.province ??= m.province;
				row.city ??= m.city;
				row.district ??= m.district;
				Object.assign(row, enrichRegion({ province: row.province, city: row.city, district: row.district }, row.org));
				// The report's own date line, else the manifest's `published`, else a date in the source URL.
				row.published = m.published ?? sidecar?.published ?? urlDate(url, row.year);
				row.format = m.format;
				row.truncated = report.truncated;
				row.n_review = report.needsReview;
				for (const i of report.issues) addIssue({ report_id: id, ...i });
				const outcome = readOutcome(report);
				if (outcome.noValues) addIssue({ report_id: id, ...outcome.noValues });
				row.status = outcome.status;
				const keep = new Map<string, number | null>();
				for (const c of report.cells.values()) {
					writer.add('facts', {
						report_id: id, year: row.year, metric: c.metric, value: c.value, unit: metric(c.metric)?.unit ?? 'count',
						flags: c.flags.join(';'), raw: c.raw, span_start: c.start, span_end: c.end, ...boxColumns(c.page, c.box)
					});
					if (CROSS_YEAR_METRICS.test(c.metric)) keep.set(c.metric, c.value);
				}
				facts += report.cells.size;
				row.n_values = report.cells.size;
				writer.add('texts', { report_id: id, text: decoded.text });
				if (row.org && row.year) crossValues.push({ id, org: row.org, year: row.year, values: keep });
			} catch (e) {
				// A file the system would not read (EACCES, EIO, removed meanwhile) is not a parser crash.
				const errno = (e as NodeJS.ErrnoException).code;
				const sys = !(e instanceof ReadError) && typeof errno === 'string' && /^E[A-Z]+$/.test(errno);
				const reason = e instanceof ReadError ? e.message : sys ? `the file could not be read (${errno})` : `could not be parsed: ${(e as Error).message}`;
				const code = e instanceof ReadError ? e.code : sys ? 'unreadable' : 'crash';
				addIssue({ report_id: id, subject: 'document', severity: 'error', code, message: `${rel}: ${reason}` });
				outcomes.push({ file: rel, reportId: id, status: 'failed', format: null, values: 0, reason });
			}
			reports.push(row);
		}
		opts.onProgress?.(files.length, files.length, '');

		// Two reports of one organisation (name and region) and year would count twice: keep one, deterministically, and say why.
		const dropped = new Set<string>();
		for (const d of pickDuplicates(reports, (id) => perReport.get(id)?.error ?? 0)) {
			dropped.add(d.drop.report_id);
			addIssue({
				report_id: d.drop.report_id, subject: 'document', severity: 'error', code: 'duplicate',
				message: duplicateMessage(d)
			});
			d.drop.status = 'failed';
			d.drop.n_values = 0;
			duplicates.push({ file: d.drop.source_file, kept: d.keep.source_file, reason: d.reason });
			outcomes.push({ file: d.drop.source_file, reportId: d.drop.report_id, status: 'failed', format: d.drop.format, values: 0, reason: `duplicate of ${d.keep.source_file} (${d.drop.org} ${d.drop.year}; ${d.reason})` });
		}
		if (dropped.size) facts -= await writer.dropReports([...dropped]);

		// Cross-year checks need every year of an organisation.
		const cross = crossYearChecks(crossValues.filter((r) => !dropped.has(r.id)).map((r) => ({ id: r.id, org: r.org, year: r.year, value: (mt: string) => r.values.get(mt) ?? null })));
		for (const [id, list] of cross) for (const i of list) addIssue({ report_id: id, ...i });

		// The PDFs of the reports kept (not of failed ones or second copies), into files/ under their hash.
		const shipped = new ShippedFiles(writer.tmpFolder);
		let shipFailed = 0;
		if (opts.files !== false) {
			for (const r of reports) {
				const src = pdfSource.get(r.report_id);
				if (r.status === 'failed' || !src) continue;
				try {
					await shipped.add(src, r.sha256, r.report_id);
				} catch (e) {
					shipFailed++;
					const errno = (e as NodeJS.ErrnoException).code;
					addIssue({ report_id: r.report_id, subject: 'document', severity: 'warning', code: 'file_not_shipped', message: `${r.source_file}: its PDF is not shipped in files/ (${errno ?? (e as Error).message}); the dashboard shows the text read instead of the page` });
				}
			}
		}
		shipSummary = { files: shipped.list().length, bytes: shipped.bytes, reports: shipped.list().reduce((n, f) => n + f.reports.length, 0), failed: shipFailed };

		for (const r of reports) {
			const c = perReport.get(r.report_id) ?? {};
			r.n_errors = c.error ?? 0;
			r.n_warnings = c.warning ?? 0;
			r.n_infos = c.info ?? 0;
			writer.add('reports', r);
			if (r.status !== 'failed') {
				const why = r.status === 'partial' ? (partialWhy.get(r.report_id) ?? []).join('; ') : undefined;
				outcomes.push({ file: r.source_file, reportId: r.report_id, status: r.status, format: r.format, values: r.n_values, ...(why ? { reason: why } : {}) });
			}
		}
		outcomes.sort((a, b) => a.file.localeCompare(b.file));
		const name = opts.name ?? basename(resolve(opts.out));
		if (reports.some((r) => r.status !== 'failed')) {
			await writer.finish({ name, title: opts.title ?? name, titleEn: opts.titleEn, synthetic: opts.synthetic ?? false, generator: opts.generator, csv: opts.csv, files: shipped.list() });
			written = true;
		} else {
			// Nothing worth keeping: the previous dataset (if any) stays as it was.
			await writer.abort();
		}
	} catch (e) {
		await writer.abort();
		throw e;
	}
	const count = (xs: (string | null)[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x ?? 'unknown'] = (acc[x ?? 'unknown'] ?? 0) + 1), acc), {});
	return {
		files: outcomes,
		skipped: collected.skipped,
		ignored: collected.ignored,
		problems: collected.problems,
		duplicates,
		facts,
		issuesBySeverity: severities,
		byFormat: count(reports.filter((r) => r.status !== 'failed').map((r) => r.format)),
		out: opts.out,
		written,
		shipped: written ? shipSummary : { files: 0, bytes: 0, reports: 0, failed: 0 }
	};
}


/** A source address is stored only when it is an http(s) URL: anything else could become a harmful link. */
export function sourceUrl(s: string | undefined): string | null {
	if (!s) return null;
	try {
		const u = new URL(s);
		return u.protocol === 'http:' || u.protocol === 'https:' ? s : null;
	} catch {
		return null;
	}
}

function commonRoot(files: string[]): string {
	if (files.length === 0) return '.';
	let root = dirname(resolve(files[0]));
	for (const f of files) while (!resolve(f).startsWith(root + '/') && root !== '/') root = dirname(root);
	return root;
}
