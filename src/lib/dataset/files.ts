/**
 * Report files shipped beside a dataset (manifest schema 3): the PDF each report was read from, so the dashboard
 * can draw the page and outline the cell a value came from. A file lives at `files/<sha256>.pdf` — named by its
 * content, so the name is stable across runs, safe on every file system and in a URL, tells nothing of the
 * folder it came from, and two reports read from identical bytes share one copy. The manifest lists each file
 * once with the reports read from it. Shared by the ingest writer (Node) and the dashboard (browser).
 */

/** The folder of a dataset that holds its report files. */
export const FILES_DIR = 'files';

/** One shipped file: where it is in the dataset folder, its size and hash, and the reports read from it. */
export interface DatasetFile {
	/** `files/<sha256>.pdf`, relative to the dataset folder. */
	path: string;
	bytes: number;
	/** SHA-256 of the file's bytes (hex) — equal to `reports.sha256` of every report listed. */
	sha256: string;
	/** What the file is: only `pdf` is shipped (see README, "Report files beside the dataset"). */
	type: 'pdf';
	/** The ids of the reports read from this file (`reports.report_id`). */
	reports: string[];
}

const SHA = /^[0-9a-f]{64}$/;
const PATH = /^files\/([0-9a-f]{64})\.pdf$/;

/** The dataset path of a PDF with this SHA-256. */
export function pdfPath(sha256: string): string {
	if (!SHA.test(sha256)) throw new Error(`not a SHA-256 in hex: ${JSON.stringify(sha256).slice(0, 80)}`);
	return `${FILES_DIR}/${sha256}.pdf`;
}

/** True for a path this contract allows (`files/<64 hex>.pdf`): nothing else is ever served or fetched. */
export function isFilePath(path: string): boolean {
	return PATH.test(path);
}

/**
 * The `files` entry of a manifest, checked: entries whose path, hash or report list are not what this contract
 * writes are dropped (a hand-edited or hostile manifest cannot point the dashboard or the server elsewhere).
 */
export function checkFileList(json: unknown): DatasetFile[] {
	if (!Array.isArray(json)) return [];
	const out: DatasetFile[] = [];
	for (const f of json) {
		if (!f || typeof f !== 'object') continue;
		const e = f as Record<string, unknown>;
		const m = typeof e.path === 'string' ? PATH.exec(e.path) : null;
		if (!m || e.sha256 !== m[1] || e.type !== 'pdf') continue;
		const reports = Array.isArray(e.reports) ? e.reports.filter((r): r is string => typeof r === 'string') : [];
		if (!reports.length) continue;
		out.push({ path: e.path as string, bytes: Number(e.bytes) || 0, sha256: m[1], type: 'pdf', reports });
	}
	return out;
}

/** The shipped file a report was read from, if any. */
export function fileOfReport(files: readonly DatasetFile[] | undefined, reportId: string): DatasetFile | null {
	return files?.find((f) => f.reports.includes(reportId)) ?? null;
}
