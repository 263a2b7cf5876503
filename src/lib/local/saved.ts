/**
 * The reports read in this browser, kept across reloads in the browser's own IndexedDB: one record per file
 * with its list line and its dataset rows, and for a PDF the file itself (by report id), so the Town profile
 * can draw the page a value was read from. Nothing leaves the machine; "remove" clears both.
 */
import type { ReadOutcome } from './report-rows.ts';

const DB = 'nianbao-reports';
const STORE = 'outcomes';
/** The PDF files themselves (Blobs), keyed by report id. Added in version 2. */
const FILES = 'files';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(DB, 2);
		req.onupgradeneeded = () => {
			const names = req.result.objectStoreNames;
			if (!names.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'seq' });
			if (!names.contains(FILES)) req.result.createObjectStore(FILES, { keyPath: 'report_id' });
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void, store = STORE): Promise<T | undefined> {
	return open().then(
		(db) =>
			new Promise<T | undefined>((resolve, reject) => {
				const tx = db.transaction(store, mode);
				const req = fn(tx.objectStore(store));
				tx.oncomplete = () => {
					db.close();
					resolve(req ? req.result : undefined);
				};
				tx.onerror = () => {
					db.close();
					reject(tx.error);
				};
			})
	);
}

export interface SavedRead {
	seq: number;
	name: string;
	bytes: number;
	outcome: ReadOutcome;
}

/**
 * Records per transaction: `put` copies its record on the page's thread, and 200 reports with their facts and
 * texts in one go held it ~350 ms, 20 at a time still ~100 ms (bench:read trace); in chunks the page draws between them.
 */
const SAVE_CHUNK = 5;

export async function saveReads(list: readonly SavedRead[]): Promise<void> {
	const db = await open();
	try {
		for (let k = 0; k < list.length; k += SAVE_CHUNK) {
			await new Promise<void>((resolve, reject) => {
				const tx = db.transaction(STORE, 'readwrite');
				for (const r of list.slice(k, k + SAVE_CHUNK)) tx.objectStore(STORE).put(r);
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
			await new Promise((r) => setTimeout(r, 0));
		}
	} finally {
		db.close();
	}
}

export async function loadReads(): Promise<SavedRead[]> {
	const all = (await run<SavedRead[]>('readonly', (s) => s.getAll() as IDBRequest<SavedRead[]>)) ?? [];
	return all.sort((a, b) => a.seq - b.seq);
}

export async function clearReads(): Promise<void> {
	await run('readwrite', (s) => void s.clear());
	await run('readwrite', (s) => void s.clear(), FILES);
}

/** A PDF report file kept for drawing its pages. */
export interface SavedFile {
	report_id: string;
	name: string;
	blob: Blob;
}

/** The PDFs, 20 per transaction (200 in one held the page's thread ~55 ms, bench:read trace). */
export async function saveFiles(list: readonly SavedFile[]): Promise<void> {
	if (list.length === 0) return;
	const db = await open();
	try {
		for (let k = 0; k < list.length; k += 20) {
			if (k > 0) await new Promise((r) => setTimeout(r, 0));
			await new Promise<void>((resolve, reject) => {
				const tx = db.transaction(FILES, 'readwrite');
				for (const f of list.slice(k, k + 20)) tx.objectStore(FILES).put(f);
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
		}
	} finally {
		db.close();
	}
}

/** The kept PDF of a report, or null. */
export async function loadFile(reportId: string): Promise<SavedFile | null> {
	return (await run<SavedFile>('readonly', (s) => s.get(reportId) as IDBRequest<SavedFile>, FILES)) ?? null;
}
