/**
 * Batch ingest: files and folders → parsed reports → the dataset tables. One file's failure becomes a
 * `failed` report row with its reason and never stops the batch; cross-year checks run once all are read.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { metric } from '../lib/catalog/index.ts';
import { parseReport } from '../lib/parser/index.ts';
import { crossYearChecks } from '../lib/parser/cross-year.ts';
import { levelOf } from '../lib/parser/meta.ts';
import type { ParsedReport } from '../lib/parser/types.ts';
import type { FactRow, IssueRow, Manifest, ReportRow } from '../lib/dataset/schema.ts';
import { readReportFile, ReadError } from './read.ts';
import { readSidecar, type SidecarRow } from './sidecar.ts';
import { writeDataset } from './write-dataset.ts';

const REPORT_EXT = new Set(['.txt', '.text', '.html', '.htm', '.xhtml', '.md', '.pdf', '.doc', '.docx', '.png', '.jpg', '.jpeg', '']);
const SKIP = /\.expected\.json$|^manifest\.csv$|^INDEX\.md$|^README|^\./i;

export interface IngestOptions {
	out: string;
	name?: string;
	title?: string;
	synthetic?: boolean;
	generator?: Manifest['generator'];
	onProgress?: (done: number, total: number, file: string) => void;
}

export interface FileOutcome {
	file: string;
	reportId: string;
	status: 'ok' | 'partial' | 'failed';
	format: string | null;
	values: number;
	reason?: string;
}

export interface IngestSummary {
	files: FileOutcome[];
	facts: number;
	issuesBySeverity: Record<string, number>;
	byFormat: Record<string, number>;
	out: string;
}

/** Expands files and folders (recursively) into report files with their folder's sidecar, sorted. */
export async function collectInputs(inputs: string[]): Promise<{ file: string; sidecar?: SidecarRow }[]> {
	const out: { file: string; sidecar?: SidecarRow }[] = [];
	const walk = async (p: string, explicit: boolean) => {
		const s = await stat(p).catch(() => null);
		if (!s) throw new Error(`${p}: no such file or folder`);
		if (s.isDirectory()) {
			const names = (await readdir(p)).sort();
			const side = names.includes('manifest.csv') ? await readSidecar(join(p, 'manifest.csv')) : null;
			for (const n of names) {
				const child = join(p, n);
				const cs = await stat(child);
				if (cs.isDirectory()) await walk(child, false);
				else if (!SKIP.test(n) && REPORT_EXT.has(extname(n).toLowerCase())) out.push({ file: child, sidecar: side?.get(n) });
			}
		} else if (explicit) {
			const side = await readSidecar(join(dirname(p), 'manifest.csv')).catch(() => null);
			out.push({ file: p, sidecar: side?.get(basename(p)) });
		}
	};
	for (const i of inputs) await walk(i, true);
	return out;
}

export async function ingest(inputs: string[], opts: IngestOptions): Promise<IngestSummary> {
	const files = await collectInputs(inputs);
	const facts: FactRow[] = [];
	const reports: ReportRow[] = [];
	const issues: IssueRow[] = [];
	const texts: { report_id: string; text: string }[] = [];
	const outcomes: FileOutcome[] = [];
	const parsed: { id: string; report: ParsedReport; row: ReportRow }[] = [];
	const ids = new Set<string>();
	const root = commonRoot(files.map((f) => f.file));

	for (let k = 0; k < files.length; k++) {
		const { file, sidecar } = files[k];
		const id = uniqueId(basename(file, extname(file)), ids);
		const rel = relative(root, file) || basename(file);
		opts.onProgress?.(k, files.length, rel);
		const row: ReportRow = {
			report_id: id, org: sidecar?.org ?? null, level: null, province: sidecar?.province ?? null, city: sidecar?.city ?? null,
			district: sidecar?.district ?? null, year: sidecar?.year ?? null, published: null, format: null, source_file: rel,
			source_url: sidecar?.source ?? null, encoding: null, sha256: '', status: 'failed', truncated: false, n_values: 0, n_errors: 0, n_warnings: 0, n_infos: 0
		};
		const fileIssues: IssueRow[] = [];
		try {
			const decoded = await readReportFile(file);
			row.sha256 = decoded.sha256;
			row.encoding = decoded.encoding;
			for (const w of decoded.warnings) fileIssues.push({ report_id: id, subject: 'document', severity: 'warning', code: 'encoding', message: w });
			const report = parseReport({ text: decoded.text, fileName: file });
			if (report.notAReport) throw new ReadError('not_a_report', notAReportReason(decoded.text));
			const m = report.meta;
			row.org ??= m.org;
			row.year ??= m.year;
			if (sidecar?.year && m.year && sidecar.year !== m.year) {
				fileIssues.push({ report_id: id, subject: 'document', severity: 'warning', code: 'year_mismatch', message: `manifest says ${sidecar.year}, the report's title says ${m.year}` });
			}
			row.level = row.org ? levelOf(row.org) : m.level;
			row.province ??= m.province;
			row.city ??= m.city;
			row.district ??= m.district;
			row.published = m.published;
			row.format = m.format;
			row.truncated = report.truncated;
			row.status = report.truncated || report.issues.some((i) => i.code === 'table_missing') ? 'partial' : 'ok';
			for (const i of report.issues) fileIssues.push({ report_id: id, ...i });
			for (const c of report.cells.values()) {
				facts.push({
					report_id: id, year: row.year, metric: c.metric, value: c.value, unit: metric(c.metric)?.unit ?? 'count',
					flags: c.flags.join(';'), raw: c.raw, span_start: c.start, span_end: c.end
				});
			}
			row.n_values = report.cells.size;
			texts.push({ report_id: id, text: decoded.text });
			parsed.push({ id, report, row });
		} catch (e) {
			const reason = e instanceof ReadError ? e.message : `could not be parsed: ${(e as Error).message}`;
			fileIssues.push({ report_id: id, subject: 'document', severity: 'error', code: e instanceof ReadError ? e.code : 'crash', message: `${rel}: ${reason}` });
			outcomes.push({ file: rel, reportId: id, status: 'failed', format: null, values: 0, reason });
		}
		issues.push(...fileIssues);
		reports.push(row);
	}
	opts.onProgress?.(files.length, files.length, '');

	// Cross-year checks need every year of an organisation.
	const cross = crossYearChecks(
		parsed
			.filter((p) => p.row.org && p.row.year)
			.map((p) => ({ id: p.id, org: p.row.org!, year: p.row.year!, value: (mt: string) => p.report.cells.get(mt)?.value ?? null }))
	);
	for (const [id, list] of cross) for (const i of list) issues.push({ report_id: id, ...i });

	for (const r of reports) {
		const mine = issues.filter((i) => i.report_id === r.report_id);
		r.n_errors = mine.filter((i) => i.severity === 'error').length;
		r.n_warnings = mine.filter((i) => i.severity === 'warning').length;
		r.n_infos = mine.filter((i) => i.severity === 'info').length;
		if (r.status !== 'failed') outcomes.push({ file: r.source_file, reportId: r.report_id, status: r.status, format: r.format, values: r.n_values });
	}
	outcomes.sort((a, b) => a.file.localeCompare(b.file));

	const name = opts.name ?? basename(resolve(opts.out));
	await writeDataset(opts.out, { facts, reports, issues, texts }, {
		name,
		title: opts.title ?? name,
		synthetic: opts.synthetic ?? false,
		generator: opts.generator
	});
	const count = (xs: (string | null)[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x ?? 'unknown'] = (acc[x ?? 'unknown'] ?? 0) + 1), acc), {});
	return {
		files: outcomes,
		facts: facts.length,
		issuesBySeverity: count(issues.map((i) => i.severity)),
		byFormat: count(reports.filter((r) => r.status !== 'failed').map((r) => r.format)),
		out: opts.out
	};
}

function notAReportReason(text: string): string {
	if (/<img[\s>]/i.test(text) && text.replace(/<[^>]*>/g, '').replace(/\s+/g, '').length < 300) {
		return 'the page holds images but almost no text: its tables are probably scanned images (OCR is not supported)';
	}
	return 'no annual-report title, tables or figures were found: this does not look like a 政府信息公开工作年度报告';
}

function uniqueId(base: string, used: Set<string>): string {
	let id = base.replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(0, 80) || 'report';
	for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
	used.add(id);
	return id;
}

function commonRoot(files: string[]): string {
	if (files.length === 0) return '.';
	let root = dirname(resolve(files[0]));
	for (const f of files) while (!resolve(f).startsWith(root + '/') && root !== '/') root = dirname(root);
	return root;
}
