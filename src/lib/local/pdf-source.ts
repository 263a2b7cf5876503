/**
 * The PDF a report was read from, wherever the dashboard can find it:
 * - shipped beside the dataset (`nianbao ingest` writes `files/<sha256>.pdf`, listed in `manifest.files`): fetched
 *   from the dataset's folder on this site, or from `nianbao serve`'s `/files/…` when the views use a server;
 * - in a dataset ZIP the visitor dropped (its `files/` kept in memory here by content hash, `keepPdfs`);
 * - opened by the visitor on /read (kept in IndexedDB by report id, saved.ts) while those reports are the dataset.
 * Every file is checked against the report's `reports.sha256` before it is drawn, so a page is never outlined
 * on a PDF other than the one the values were read from. The answer says which of three cases holds: the PDF;
 * no PDF for this report (the Town profile shows the text read, as for Word, HTML and text reports); or a PDF
 * that should be there but could not be had (the profile shows the text read, with a note saying why).
 */
import type { Connector } from '../db/connector.ts';
import { dataset, LOCAL_FILES } from '../data/store.svelte.ts';
import { fileOfReport } from '../dataset/files.ts';
import { loadFile } from './saved.ts';

export type PdfSource = { kind: 'pdf'; data: Blob } | { kind: 'unavailable'; reason: string } | null;

/** PDFs from a dropped dataset ZIP, by SHA-256 (content-addressed: any report read from the same bytes may use it). */
const dropped = new Map<string, Blob>();

/** Keeps the PDFs of a dropped dataset ZIP (`files/<sha256>.pdf` → bytes) for the reports read from them. */
export function keepPdfs(files: Iterable<[sha256: string, data: Blob]>): void {
	for (const [sha, blob] of files) dropped.set(sha, blob);
}

/** Hex SHA-256 of a blob; null where the browser offers no digest (WebCrypto needs a secure context). */
async function digest(blob: Blob): Promise<string | null> {
	if (typeof crypto === 'undefined' || !crypto.subtle) return null;
	const h = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
	return Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** True when `blob` is the file of that hash (or no hash can be computed here and the size matches). */
async function matches(blob: Blob, sha256: string, bytes?: number): Promise<boolean> {
	const got = await digest(blob);
	return got === null ? bytes === undefined || blob.size === bytes : got === sha256;
}

/** The recent answers, so reopening a value of the same report does not fetch and hash its PDF again. */
const recent = new Map<string, Promise<PdfSource>>();

/**
 * The PDF of report `reportId` of the dataset shown, read through `conn`; `base` is the site's base path (for a
 * dataset hosted with the app).
 */
export function reportPdf(conn: Connector, reportId: string, base: string): Promise<PdfSource> {
	const key = `${dataset.name}\u0000${dataset.version}\u0000${dataset.server ?? ''}\u0000${reportId}`;
	const hit = recent.get(key);
	if (hit) return hit;
	const p = find(conn, reportId, base);
	recent.set(key, p);
	// A file that could not be had is asked for again next time (the network may be back).
	p.then((r) => r?.kind === 'unavailable' && recent.delete(key), () => recent.delete(key));
	while (recent.size > 8) recent.delete(recent.keys().next().value!);
	return p;
}

async function find(conn: Connector, reportId: string, base: string): Promise<PdfSource> {
	const [row] = await conn.query<{ sha256: string | null; file_type: string | null }>('SELECT sha256, file_type FROM reports WHERE report_id = ? LIMIT 1', [reportId]);
	// A report read from Word, HTML or text has no page to draw.
	if (!row || (row.file_type !== null && row.file_type !== 'pdf')) return null;
	const sha = row.sha256 && /^[0-9a-f]{64}$/.test(row.sha256) ? row.sha256 : null;

	if (dataset.name === LOCAL_FILES) {
		// Named by its hash in the ZIP; checked all the same (a hand-made ZIP could name a file wrongly).
		const zipped = sha ? dropped.get(sha) : undefined;
		if (zipped && (await matches(zipped, sha!))) return { kind: 'pdf', data: zipped };
		if (typeof indexedDB !== 'undefined') {
			try {
				const kept = (await loadFile(reportId))?.blob ?? null;
				// Kept by report id: the same id may name another file in a dataset dropped since.
				if (kept && (!sha || (await matches(kept, sha)))) return { kind: 'pdf', data: kept };
			} catch (e) {
				console.warn('the kept PDF could not be read from this browser:', e);
			}
		}
		return null;
	}

	const entry = fileOfReport(dataset.manifest?.files, reportId);
	if (!entry) return null;
	if (sha && entry.sha256 !== sha) return { kind: 'unavailable', reason: 'manifest-mismatch' };
	const url = dataset.server ? `${dataset.server}/${entry.path}` : `${base}/datasets/${encodeURIComponent(dataset.name)}/${entry.path}`;
	let blob: Blob;
	try {
		const res = await fetch(url);
		if (!res.ok) return { kind: 'unavailable', reason: `HTTP ${res.status}` };
		blob = await res.blob();
	} catch (e) {
		return { kind: 'unavailable', reason: e instanceof Error ? e.message : String(e) };
	}
	if (!(await matches(blob, entry.sha256, entry.bytes))) return { kind: 'unavailable', reason: 'hash-mismatch' };
	return { kind: 'pdf', data: blob };
}

/**
 * The kept PDFs of the reports read on /read, for their dataset ZIP (`files/`): the PDF reports that are in the
 * dataset (not failed, not a second copy), each with its `reports.sha256`.
 */
export async function keptPdfs(reports: readonly Record<string, unknown>[]): Promise<{ report_id: string; sha256: string; data: Blob }[]> {
	const out: { report_id: string; sha256: string; data: Blob }[] = [];
	if (typeof indexedDB === 'undefined') return out;
	for (const r of reports) {
		const id = String(r.report_id);
		const sha = String(r.sha256 ?? '');
		if (r.file_type !== 'pdf' || r.status === 'failed' || !/^[0-9a-f]{64}$/.test(sha)) continue;
		const kept = await loadFile(id).catch(() => null);
		if (kept) out.push({ report_id: id, sha256: sha, data: kept.blob });
	}
	return out;
}
