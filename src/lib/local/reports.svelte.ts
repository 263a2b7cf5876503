/**
 * The visitor's own report files: which dropped or opened files are reports (PDF, Word, HTML, text — not a
 * Parquet/CSV dataset), reading them in the report worker with progress per file, and showing what was read
 * as the dataset (it replaces the open one; the dataset picker goes back to a shipped dataset). Nothing leaves
 * the browser.
 */
import type { ReadOutcome } from './report-rows.ts';
import { uniqueId } from './report-rows.ts';
import type { ReadReply, ReadRequest } from './report.worker.ts';
import { openRows } from '../data/store.svelte.ts';

export type FileStage = 'queued' | 'reading' | 'parsing' | 'done';

export interface ReadEntry {
	seq: number;
	name: string;
	bytes: number;
	stage: FileStage;
	outcome: ReadOutcome | null;
}

/** Every report file read in this session, in the order opened (the list page shows them). */
export const reads = $state<{ files: ReadEntry[]; loading: boolean; error: string | null }>({ files: [], loading: false, error: null });

const DATASET_EXT = /\.(?:parquet|csv|tsv)$/i;

/**
 * A report file rather than a dataset file: told by the bytes first (Parquet's PAR1, PDF's %PDF-, a ZIP or
 * legacy Office file), then by the name for text (.csv/.tsv are dataset tables, any other text is a report).
 */
export async function isReportFile(file: File): Promise<boolean> {
	const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
	const at = (sig: number[], k = 0) => sig.every((b, i) => head[k + i] === b);
	if (at([0x50, 0x41, 0x52, 0x31])) return false; // PAR1
	for (let k = 0; k + 5 <= head.length; k++) if (at([0x25, 0x50, 0x44, 0x46, 0x2d], k)) return true; // %PDF-
	if (at([0x50, 0x4b, 0x03, 0x04]) || at([0xd0, 0xcf, 0x11, 0xe0])) return !/\.xlsx?$/i.test(file.name);
	return !DATASET_EXT.test(file.name);
}

let worker: Worker | null = null;
let seq = 0;
const waiting = new Map<number, (o: ReadOutcome) => void>();
const ids = new Set<string>();

function getWorker(): Worker {
	if (worker) return worker;
	worker = new Worker(new URL('./report.worker.ts', import.meta.url), { type: 'module' });
	worker.onmessage = (e: MessageEvent<ReadReply>) => {
		const m = e.data;
		const entry = reads.files.find((f) => f.seq === m.seq);
		if (m.kind === 'stage') {
			if (entry) entry.stage = m.stage;
		} else {
			if (entry) {
				entry.stage = 'done';
				entry.outcome = m.outcome;
			}
			waiting.get(m.seq)?.(m.outcome);
			waiting.delete(m.seq);
		}
	};
	worker.onerror = (e) => {
		reads.error = `the report reader stopped: ${e.message || 'worker error'}`;
		for (const [s, done] of waiting) {
			const entry = reads.files.find((f) => f.seq === s);
			if (entry) entry.stage = 'done';
			done(failedOutcome(entry?.name ?? '?', reads.error));
		}
		waiting.clear();
		worker = null;
	};
	return worker;
}

function failedOutcome(name: string, reason: string): ReadOutcome {
	const id = uniqueId(name, ids);
	return {
		file: name, id, org: null, year: null, format: null, fileType: null, status: 'failed', reason, proactive: null, received: null, values: 0,
		report: { report_id: id, org: null, level: null, province: null, city: null, district: null, year: null, published: null, format: null, source_file: name, source_url: null, encoding: null, file_type: null, sha256: '', status: 'failed', truncated: false, n_values: 0, n_errors: 1, n_warnings: 0, n_infos: 0 },
		facts: [],
		issues: [{ report_id: id, subject: 'document', severity: 'error', code: 'crash', message: `${name}: ${reason}` }],
		text: null
	};
}

/**
 * Read report files in the worker (all of them queued at once; the worker takes them in turn), then show
 * every report read so far as the dataset. Resolves when the dataset is loaded.
 */
export async function readReports(files: File[]): Promise<void> {
	if (files.length === 0) return;
	reads.error = null;
	reads.loading = true;
	const w = getWorker();
	const done: Promise<ReadOutcome>[] = [];
	for (const file of files) {
		const entry: ReadEntry = { seq: ++seq, name: file.name, bytes: file.size, stage: 'queued', outcome: null };
		reads.files.push(entry);
		done.push(
			new Promise<ReadOutcome>((resolve) => {
				waiting.set(entry.seq, resolve);
				file.arrayBuffer().then(
					(bytes) => {
						const msg: ReadRequest = { seq: entry.seq, id: uniqueId(file.name, ids), name: file.name, bytes };
						w.postMessage(msg, [bytes]);
					},
					(e) => {
						waiting.delete(entry.seq);
						const entryNow = reads.files.find((f) => f.seq === entry.seq);
						const o = failedOutcome(file.name, `the file could not be read (${(e as Error).message})`);
						if (entryNow) [entryNow.stage, entryNow.outcome] = ['done', o];
						resolve(o);
					}
				);
			})
		);
	}
	await Promise.all(done);
	try {
		await openRows(rowsOf(reads.files.map((f) => f.outcome).filter((o): o is ReadOutcome => o !== null)), titleOf(reads.files.length));
	} catch (e) {
		reads.error = e instanceof Error ? e.message : String(e);
	} finally {
		reads.loading = false;
	}
}

function titleOf(n: number): string {
	return `${n} report file${n > 1 ? 's' : ''} read in the browser`;
}

/** The four contract tables of the outcomes (failed files keep their reports and issues rows, like ingest). */
export function rowsOf(outcomes: readonly ReadOutcome[]) {
	return {
		facts: outcomes.flatMap((o) => o.facts) as unknown as Record<string, unknown>[],
		reports: outcomes.map((o) => o.report) as unknown as Record<string, unknown>[],
		issues: outcomes.flatMap((o) => o.issues) as unknown as Record<string, unknown>[],
		texts: outcomes.filter((o) => o.text !== null).map((o) => ({ report_id: o.id, text: o.text }))
	};
}
