/**
 * The report worker: the visitor's report files (PDF, DOCX, HTML, text) are read and parsed here, off the
 * page's thread, with the same readers and parser as `nianbao ingest`. One message per file in, a `stage`
 * message while it is read and one `done` message with its rows out; files are handled in the order sent.
 *
 * PDF.js runs inside this worker on its "main-thread" path (its own worker handler imported here and handed
 * over as `globalThis.pdfjsWorker`), so no second worker and no blob: URL is needed; `isEvalSupported: false`
 * (set by the PDF reader) keeps it within the app's CSP (no eval). CMaps and standard fonts come from the app's
 * own `/pdfjs/` files (pdf-assets.ts), so PDFs whose CJK fonts are not embedded read here as in `nianbao ingest`.
 */
import * as pdfjs from 'pdfjs-dist';
// @ts-expect-error -- pdfjs-dist ships no types for its worker module; only its WorkerMessageHandler export is used.
import * as pdfWorker from 'pdfjs-dist/build/pdf.worker.mjs';
import { ReadError, readReportBytes } from '../readers/read-bytes.ts';
import type { PdfLib } from '../readers/pdf.ts';
import { outcomeOf, type ReadOutcome } from './report-rows.ts';
import type { PdfAssetOptions } from './pdf-assets.ts';

export interface ReadRequest {
	seq: number;
	id: string;
	name: string;
	/**
	 * The file itself (a handle: cheap to send): its bytes are read here, not on the page's thread, where reading
	 * 200 PDFs at once held it for 100–200 ms (bench:read trace).
	 */
	file: Blob;
	/** Where PDF.js fetches its CMaps, standard fonts and wasm (the app's own files). */
	assets: PdfAssetOptions;
}
export type ReadReply = { seq: number; kind: 'stage'; stage: 'reading' | 'parsing' } | { seq: number; kind: 'done'; outcome: ReadOutcome };

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfWorker;

const post = (m: ReadReply) => (self as unknown as Worker).postMessage(m);

async function sha256(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

let queue: Promise<void> = Promise.resolve();

self.onmessage = (e: MessageEvent<ReadRequest>) => {
	const { seq, id, name, file, assets } = e.data;
	queue = queue.then(async () => {
		post({ seq, kind: 'stage', stage: 'reading' });
		let read: Parameters<typeof outcomeOf>[2];
		try {
			let bytes: ArrayBuffer;
			try {
				bytes = await file.arrayBuffer();
			} catch (e) {
				throw new ReadError('crash', `the file could not be read (${(e as Error).message})`);
			}
			const buf = new Uint8Array(bytes);
			const decoded = await readReportBytes(buf, { lib: pdfjs as unknown as PdfLib, options: { ...assets, useWorkerFetch: true } });
			read = { decoded: { ...decoded, sha256: await sha256(buf) } };
		} catch (error) {
			read = { error };
		}
		post({ seq, kind: 'stage', stage: 'parsing' });
		post({ seq, kind: 'done', outcome: outcomeOf(id, name, read) });
	});
};
