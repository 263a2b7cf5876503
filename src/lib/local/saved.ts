/**
 * The reports read in this browser, kept across reloads in the browser's own IndexedDB (one record per file:
 * its list line and its dataset rows, never the file itself). Nothing leaves the machine; "remove" clears it.
 */
import type { ReadOutcome } from './report-rows.ts';

const DB = 'nianbao-reports';
const STORE = 'outcomes';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(DB, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'seq' });
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
	return open().then(
		(db) =>
			new Promise<T | undefined>((resolve, reject) => {
				const tx = db.transaction(STORE, mode);
				const req = fn(tx.objectStore(STORE));
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

export async function saveReads(list: readonly SavedRead[]): Promise<void> {
	await open().then(
		(db) =>
			new Promise<void>((resolve, reject) => {
				const tx = db.transaction(STORE, 'readwrite');
				for (const r of list) tx.objectStore(STORE).put(r);
				tx.oncomplete = () => (db.close(), resolve());
				tx.onerror = () => (db.close(), reject(tx.error));
			})
	);
}

export async function loadReads(): Promise<SavedRead[]> {
	const all = (await run<SavedRead[]>('readonly', (s) => s.getAll() as IDBRequest<SavedRead[]>)) ?? [];
	return all.sort((a, b) => a.seq - b.seq);
}

export async function clearReads(): Promise<void> {
	await run('readwrite', (s) => void s.clear());
}
