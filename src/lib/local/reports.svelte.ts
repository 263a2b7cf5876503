/**
 * The visitor's own report files: which dropped or opened files are reports (PDF, Word, HTML, text — not a
 * Parquet/CSV dataset), reading them in the report worker with progress per file, and showing what was read
 * as the dataset (it replaces the open one; the dataset picker goes back to a shipped dataset). Nothing leaves
 * the browser.
 */
import type { ReadOutcome } from './report-rows.ts';
import { uniqueId, withBatchRules } from './report-rows.ts';
import type { ReadReply, ReadRequest } from './report.worker.ts';
import { dataset, defaultDataset, LOCAL_FILES, openDataset, openRows } from '../data/store.svelte.ts';
import { clearReads, loadReads, saveFiles, saveReads } from './saved.ts';
import { t } from '../i18n.svelte.ts';
import { base } from '$app/paths';
import { pdfAssetOptions } from './pdf-assets.ts';
import type { ZipReply, ZipRequest } from './dataset-zip.worker.ts';
import { keptPdfs } from './pdf-source.ts';
import { downloadBlob } from '../export/download.ts';

export type FileStage = 'queued' | 'reading' | 'parsing' | 'done';

export interface ReadEntry {
	seq: number;
	name: string;
	bytes: number;
	stage: FileStage;
	outcome: ReadOutcome | null;
}

/** Every report file read in this session, in the order opened (the list page shows them). */
class Reads {
	/**
	 * Raw, replaced on each change: a deep $state proxy over every fact and text made building the tables take
	 * over a second on the page's thread for 40 PDFs.
	 */
	files = $state.raw<ReadEntry[]>([]);
	loading = $state(false);
	error = $state<string | null>(null);
	/** The list came from the browser's storage and is not the dataset shown yet. */
	restored = $state(false);
	/** The dataset ZIP is being made. */
	zipping = $state(false);
	/**
	 * Each file's outcome with ingest's batch rules applied (a second report of an organisation and year left
	 * out, cross-year checks), by seq: what the list shows and the dataset holds.
	 */
	checked = $derived.by(() => {
		const done = this.files.filter((f) => f.outcome !== null);
		// Stage changes (reading → parsing) do not change any outcome: keep the last result then.
		const same = lastChecked && lastChecked.done.length === done.length && done.every((f, k) => lastChecked!.done[k] === f.outcome);
		if (same) return lastChecked!.map;
		const out = withBatchRules(done.map((f) => f.outcome!));
		// An outcome the batch rules changed is a new copy on every run: keep the last copy while it says the
		// same, so only the rows that did change are drawn again (all 200 were, on every list update).
		const before = lastChecked;
		const map = new Map(
			done.map((f, k) => {
				const last = before?.map.get(f.seq);
				const kept = last && last !== out[k] && before!.base.get(f.seq) === f.outcome && sameChecks(last, out[k]);
				return [f.seq, kept ? last : out[k]];
			})
		);
		lastChecked = { done: done.map((f) => f.outcome!), base: new Map(done.map((f) => [f.seq, f.outcome!])), map };
		return map;
	});
}
let lastChecked: { done: ReadOutcome[]; base: Map<number, ReadOutcome | null>; map: Map<number, ReadOutcome> } | null = null;

/** Two results of the batch rules for the same file say the same: status and issues. */
function sameChecks(a: ReadOutcome, b: ReadOutcome): boolean {
	return a.status === b.status && a.issues.length === b.issues.length && a.issues.every((i, k) => i.code === b.issues[k].code && i.severity === b.issues[k].severity && i.message === b.issues[k].message);
}
export const reads = new Reads();

/**
 * Change one entry (by seq). Changes are gathered and applied at most every FLUSH_MS, in an animation frame:
 * each update re-lays out and repaints the whole list, 100–300 ms of the page's thread with 200 rows (bench:read
 * trace: Paint, Layout, PrePaint), so once per frame meant one long task per file.
 */
const FLUSH_MS = 500;
const pending = new Map<number, Partial<ReadEntry>>();
let flushQueued = false;
let lastFlush = 0;
function patch(seqNo: number, change: Partial<ReadEntry>): void {
	pending.set(seqNo, { ...pending.get(seqNo), ...change });
	if (flushQueued) return;
	flushQueued = true;
	const frame = () => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : flush());
	setTimeout(frame, Math.max(0, lastFlush + FLUSH_MS - Date.now()));
}
function flush(): void {
	flushQueued = false;
	lastFlush = Date.now();
	if (pending.size === 0) return;
	const changes = new Map(pending);
	pending.clear();
	reads.files = reads.files.map((f) => (changes.has(f.seq) ? { ...f, ...changes.get(f.seq) } : f));
}

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

/**
 * Which of the files opened are reports (in the order given), looked at 20 at a time, each group in a task of
 * its own: the first bytes of 200 files read at once held the page's thread ~150 ms (bench:read trace).
 */
export async function whichAreReports(files: readonly File[]): Promise<boolean[]> {
	const out: boolean[] = [];
	for (let k = 0; k < files.length; k += 20) {
		if (k > 0) await nextTask();
		out.push(...(await Promise.all(files.slice(k, k + 20).map((f) => isReportFile(f).catch(() => false)))));
	}
	return out;
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
		if (m.kind === 'stage') patch(m.seq, { stage: m.stage });
		else {
			patch(m.seq, { stage: 'done', outcome: m.outcome });
			waiting.get(m.seq)?.(m.outcome);
			waiting.delete(m.seq);
		}
	};
	worker.onerror = (e) => {
		reads.error = `the report reader stopped: ${e.message || 'worker error'}`;
		for (const [s, done] of waiting) {
			const o = failedOutcome(reads.files.find((f) => f.seq === s)?.name ?? '?', reads.error);
			patch(s, { stage: 'done', outcome: o });
			done(o);
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
	const added: ReadEntry[] = [];
	for (const file of files) {
		const entry: ReadEntry = { seq: ++seq, name: file.name, bytes: file.size, stage: 'queued', outcome: null };
		added.push(entry);
		done.push(
			new Promise<ReadOutcome>((resolve) => {
				waiting.set(entry.seq, resolve);
				const msg: ReadRequest = { seq: entry.seq, id: uniqueId(file.name, ids), name: file.name, file, assets: pdfAssetOptions(base, location.href) };
				w.postMessage(msg);
			})
		);
	}
	reads.files = [...reads.files, ...added];
	const outcomes = await Promise.all(done);
	flush();
	reads.restored = false;
	// The steps after the batch, each in a task of its own (together they held the page's thread ~0.5 s).
	await nextTask();
	// Kept for the next visit; a browser that refuses storage (private mode) still shows them now.
	const keep = reads.files.filter((f) => f.outcome).map((f) => ({ seq: f.seq, name: f.name, bytes: f.bytes, outcome: f.outcome! }));
	saveReads(keep).catch((e) => console.warn('the reports read could not be kept in this browser:', e));
	// The PDFs themselves, so the Town profile can draw the page a value came from (kept before it can be opened).
	const pdfs = outcomes.flatMap((o, k) => (o.fileType === 'pdf' && o.values > 0 ? [{ report_id: o.id, name: files[k].name, blob: files[k] as Blob }] : []));
	await saveFiles(pdfs).catch((e) => console.warn('the PDF files could not be kept in this browser:', e));
	await nextTask();
	await showReads();
}

/** Let the page draw and handle input before going on. */
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** Show every report read (this visit's and the kept ones) as the dataset. */
export async function showReads(): Promise<void> {
	reads.loading = true;
	try {
		await openRows(rowsOf(reads.files.map((f) => f.outcome).filter((o): o is ReadOutcome => o !== null)), titleOf(reads.files.length));
		reads.restored = false;
	} catch (e) {
		// A newer load replaced this one (a second batch opened meanwhile shows every report read): no error.
		if (!(e instanceof Error && e.message === 'superseded')) reads.error = e instanceof Error ? e.message : String(e);
	} finally {
		reads.loading = false;
	}
}

/** The reports read on an earlier visit, back in the list (not yet shown as the dataset: the visitor chooses). */
export async function restoreReads(): Promise<void> {
	if (reads.files.length || restoring) return;
	restoring = true;
	try {
		const saved = await loadReads();
		if (reads.files.length || saved.length === 0) return;
		reads.files = saved.map((r) => ({ seq: r.seq, name: r.name, bytes: r.bytes, stage: 'done' as const, outcome: r.outcome }));
		for (const r of saved) {
			ids.add(r.outcome.id);
			seq = Math.max(seq, r.seq);
		}
		reads.restored = true;
	} catch (e) {
		console.warn('the reports read earlier could not be restored:', e);
	} finally {
		restoring = false;
	}
}
let restoring = false;

/** Forget every report read (list and browser storage); when they are the dataset shown, go back to the default one. */
export async function removeReads(): Promise<void> {
	await clearReads().catch(() => {});
	reads.files = [];
	reads.restored = false;
	ids.clear();
	if (dataset.name === LOCAL_FILES) openDataset(await defaultDataset()).catch(() => {});
}

/**
 * Download every report read (this visit's and the kept ones) as a dataset ZIP: Parquet + CSV + manifest in one
 * folder, to ship or to load again (unzipped with `nianbao serve`, or the ZIP dropped on the dashboard). Built in
 * a worker of its own (dataset-zip.worker.ts), so the page stays usable meanwhile.
 */
export async function downloadReads(now = new Date()): Promise<void> {
	const outcomes = reads.files.map((f) => f.outcome).filter((o): o is ReadOutcome => o !== null);
	if (outcomes.length === 0 || reads.zipping) return;
	const name = `nianbao-reports-${now.toISOString().slice(0, 10)}`;
	reads.zipping = true;
	reads.error = null;
	const w = new Worker(new URL('./dataset-zip.worker.ts', import.meta.url), { type: 'module' });
	try {
		const rows = rowsOf(outcomes);
		// The PDFs kept in this browser go in the ZIP's files/, so its Town profiles draw their pages anywhere.
		const pdfs = await keptPdfs(rows.reports);
		const reply = await new Promise<ZipReply>((resolve) => {
			w.onmessage = (e: MessageEvent<ZipReply>) => resolve(e.data);
			w.onerror = (e) => resolve({ error: e.message || 'worker error' });
			const msg: ZipRequest = { rows, name, title: titleOf(outcomes.length), createdAt: now.toISOString(), pdfs };
			w.postMessage(msg);
		});
		if ('error' in reply) throw new Error(reply.error);
		downloadBlob(reply.zip as Uint8Array<ArrayBuffer>, `${name}.zip`, 'application/zip');
	} catch (e) {
		reads.error = t(`数据集 ZIP 未能生成：${(e as Error).message}`, `The dataset ZIP could not be made: ${(e as Error).message}`);
	} finally {
		w.terminate();
		reads.zipping = false;
	}
}

function titleOf(n: number): string {
	return t(`浏览器中读取的 ${n} 个年报文件`, `${n} report file${n > 1 ? 's' : ''} read in the browser`);
}

/**
 * The four contract tables of the outcomes, with ingest's batch rules applied (failed files keep their reports
 * and issues rows, like ingest).
 */
export function rowsOf(raw: readonly ReadOutcome[]) {
	const outcomes = withBatchRules(raw);
	return {
		facts: outcomes.flatMap((o) => o.facts) as unknown as Record<string, unknown>[],
		reports: outcomes.map((o) => o.report) as unknown as Record<string, unknown>[],
		issues: outcomes.flatMap((o) => o.issues) as unknown as Record<string, unknown>[],
		texts: outcomes.filter((o) => o.text !== null).map((o) => ({ report_id: o.id, text: o.text }))
	};
}
