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
import { boxColumns, type IssueRow, type Manifest, type ReportRow } from '../lib/dataset/schema.ts';
import { readReportFile, ReadError, type DecodedFile } from './read.ts';
import { readSidecar, type SidecarRow } from './sidecar.ts';
import { DatasetWriter } from './write-dataset.ts';
import { enrichRegion } from './divisions.ts';

const REPORT_EXT = new Set(['.txt', '.text', '.html', '.htm', '.xhtml', '.md', '.pdf', '.doc', '.docx', '.png', '.jpg', '.jpeg', '']);
const SKIP = /\.expected\.json$|^manifest\.csv$|^INDEX\.md$|^README|^\./i;

export interface IngestOptions {
	out: string;
	name?: string;
	title?: string;
	synthetic?: boolean;
	generator?: Manifest['generator'];
	/** Write the CSV copies next to the Parquet files (default true). */
	csv?: boolean;
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

/** Metrics the cross-year checks compare; only these are kept in memory for the whole batch. */
const CROSS_YEAR = /^t3\.(carried_forward|carried_over)\.|^t2\.\w+\.(valid|issued|repealed|prev_year_items|items_delta)$/;

export async function ingest(inputs: string[], opts: IngestOptions): Promise<IngestSummary> {
	const files = await collectInputs(inputs);
	const writer = new DatasetWriter(opts.out);
	await writer.open();
	const reports: ReportRow[] = [];
	const outcomes: FileOutcome[] = [];
	const severities: Record<string, number> = {};
	const perReport = new Map<string, Record<string, number>>();
	const crossValues: { id: string; org: string; year: number; values: Map<string, number | null> }[] = [];
	const ids = new Set<string>();
	const root = commonRoot(files.map((f) => f.file));
	let facts = 0;
	const addIssue = (i: IssueRow) => {
		writer.add('issues', i);
		severities[i.severity] = (severities[i.severity] ?? 0) + 1;
		const c = perReport.get(i.report_id) ?? {};
		c[i.severity] = (c[i.severity] ?? 0) + 1;
		perReport.set(i.report_id, c);
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

	try {
		for (let k = 0; k < files.length; k++) {
			readAhead(k);
			const { file, sidecar } = files[k];
			const id = uniqueId(basename(file, extname(file)), ids);
			const rel = relative(root, file) || basename(file);
			opts.onProgress?.(k, files.length, rel);
			const row: ReportRow = {
				report_id: id, org: sidecar?.org ?? null, level: null, province: sidecar?.province ?? null, city: sidecar?.city ?? null,
				district: sidecar?.district ?? null, year: sidecar?.year ?? null, published: null, format: null, source_file: rel,
				source_url: sidecar?.source ?? null, encoding: null, file_type: null, sha256: '', status: 'failed', truncated: false, n_values: 0, n_errors: 0, n_warnings: 0, n_infos: 0
			};
			try {
				const read = pending.get(k)!;
				pending.delete(k);
				const decoded = await read;
				row.sha256 = decoded.sha256;
				row.encoding = decoded.encoding;
				row.file_type = decoded.fileType ?? null;
				const report = parseReport({ text: decoded.text, fileName: file, tokens: decoded.tokens, kind: decoded.kind });
				if (report.notAReport) throw new ReadError('not_a_report', notAReportReason(decoded.text));
				for (const w of decoded.warnings) addIssue({ report_id: id, subject: 'document', severity: 'warning', code: readerWarningCode(w, decoded.fileType), message: w });
				for (const e of decoded.errors ?? []) addIssue({ report_id: id, subject: 'document', severity: 'error', code: 'pdf_unruled', message: e });
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
				row.published = m.published;
				row.format = m.format;
				row.truncated = report.truncated;
				row.status = report.truncated || report.issues.some((i) => i.code === 'table_missing') ? 'partial' : 'ok';
				for (const i of report.issues) addIssue({ report_id: id, ...i });
				const keep = new Map<string, number | null>();
				for (const c of report.cells.values()) {
					writer.add('facts', {
						report_id: id, year: row.year, metric: c.metric, value: c.value, unit: metric(c.metric)?.unit ?? 'count',
						flags: c.flags.join(';'), raw: c.raw, span_start: c.start, span_end: c.end, ...boxColumns(c.page, c.box)
					});
					if (CROSS_YEAR.test(c.metric)) keep.set(c.metric, c.value);
				}
				facts += report.cells.size;
				row.n_values = report.cells.size;
				writer.add('texts', { report_id: id, text: decoded.text });
				if (row.org && row.year) crossValues.push({ id, org: row.org, year: row.year, values: keep });
			} catch (e) {
				const reason = e instanceof ReadError ? e.message : `could not be parsed: ${(e as Error).message}`;
				addIssue({ report_id: id, subject: 'document', severity: 'error', code: e instanceof ReadError ? e.code : 'crash', message: `${rel}: ${reason}` });
				outcomes.push({ file: rel, reportId: id, status: 'failed', format: null, values: 0, reason });
			}
			reports.push(row);
		}
		opts.onProgress?.(files.length, files.length, '');

		// Cross-year checks need every year of an organisation.
		const cross = crossYearChecks(crossValues.map((r) => ({ id: r.id, org: r.org, year: r.year, value: (mt: string) => r.values.get(mt) ?? null })));
		for (const [id, list] of cross) for (const i of list) addIssue({ report_id: id, ...i });

		for (const r of reports) {
			const c = perReport.get(r.report_id) ?? {};
			r.n_errors = c.error ?? 0;
			r.n_warnings = c.warning ?? 0;
			r.n_infos = c.info ?? 0;
			writer.add('reports', r);
			if (r.status !== 'failed') outcomes.push({ file: r.source_file, reportId: r.report_id, status: r.status, format: r.format, values: r.n_values });
		}
		outcomes.sort((a, b) => a.file.localeCompare(b.file));
		const name = opts.name ?? basename(resolve(opts.out));
		await writer.finish({ name, title: opts.title ?? name, synthetic: opts.synthetic ?? false, generator: opts.generator, csv: opts.csv });
	} catch (e) {
		await writer.abort();
		throw e;
	}
	const count = (xs: (string | null)[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x ?? 'unknown'] = (acc[x ?? 'unknown'] ?? 0) + 1), acc), {});
	return {
		files: outcomes,
		facts,
		issuesBySeverity: severities,
		byFormat: count(reports.filter((r) => r.status !== 'failed').map((r) => r.format)),
		out: opts.out
	};
}

/** Issue code of a reader's warning: scanned pages are their own kind (they need OCR). */
function readerWarningCode(w: string, fileType: string | undefined): string {
	if (/^scanned/.test(w)) return 'scanned';
	return fileType === 'pdf' || fileType === 'docx' ? `${fileType}_reader` : 'encoding';
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
