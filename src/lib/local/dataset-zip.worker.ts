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
}
export type ZipReply = { zip: Uint8Array } | { error: string };

self.onmessage = (e: MessageEvent<ZipRequest>) => {
	const { rows, name, title, createdAt } = e.data;
	try {
		const { zip } = datasetZip(rows, { name, title, createdAt: new Date(createdAt) });
		(self as unknown as Worker).postMessage({ zip } satisfies ZipReply, [zip.buffer]);
	} catch (err) {
		(self as unknown as Worker).postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies ZipReply);
	}
};
