/**
 * Builds the dataset ZIP of the reports read (dataset-zip.ts) off the page's thread: encoding Parquet and CSV
 * for 200 reports took seconds, during which the page could not scroll or answer a click. One message in
 * (the rows), one out (the ZIP's bytes, transferred, or the error).
 */
import { datasetZip, type DatasetRows } from './dataset-zip.ts';

export interface ZipRequest {
	rows: DatasetRows;
	name: string;
	title: string;
	createdAt: string;
	/** The PDFs of the reports read (kept in this browser), shipped in the ZIP's `files/`. */
	pdfs?: { report_id: string; sha256: string; data: Blob }[];
}
export type ZipReply = { zip: Uint8Array } | { error: string };

self.onmessage = async (e: MessageEvent<ZipRequest>) => {
	const { rows, name, title, createdAt, pdfs = [] } = e.data;
	try {
		const bytes = await Promise.all(pdfs.map(async (p) => ({ report_id: p.report_id, sha256: p.sha256, data: new Uint8Array(await p.data.arrayBuffer()) })));
		const { zip } = datasetZip(rows, { name, title, createdAt: new Date(createdAt) }, bytes);
		(self as unknown as Worker).postMessage({ zip } satisfies ZipReply, [zip.buffer]);
	} catch (err) {
		(self as unknown as Worker).postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies ZipReply);
	}
};
