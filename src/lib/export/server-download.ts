/**
 * Downloads from a `nianbao serve` server (src/node/serve-download.ts), for a page whose queries go to that server:
 * the Data view's filtered facts (the filter sent as the view's own URL parameters, never SQL) and the SQL
 * console's whole result (its query in a JSON body, guarded on the server as `/query` is). The server streams the
 * file; here its bytes gather into Blob parts (outside the JS heap) with progress and Cancel, as the browser's
 * own exporters do, and an answer that breaks off is an error, never a short file.
 */
import { errorOf } from '../db/rest.ts';
import type { Param } from '../db/connector.ts';
import type { Lang } from '../url-params.ts';
import type { ExportProgress } from './exporter.ts';

export type ServerDownloadRequest =
	| { format: 'csv' | 'parquet'; filter: URLSearchParams; page?: string; lang?: Lang }
	| { format: 'csv'; sql: string; params?: Param[] };

export interface ServerDownload {
	blob: Blob;
	/** The server's file name (Content-Disposition), or null when it sent none. */
	fileName: string | null;
	/** Rows the server said the file holds (`X-Row-Count`; filter downloads), or null. */
	rows: number | null;
}

/** A GET URL longer than this goes as a POST instead (proxies and Node limit request lines to 8–16 kB). */
export const MAX_GET_URL = 6000;

/** The transfer broke off after the file began: the server stopped it (row cap, time limit) or the network failed. */
export class DownloadCutError extends Error {
	constructor(cause: unknown) {
		super(`the download broke off before the end of the file (${cause instanceof Error ? cause.message : String(cause)})`);
		this.name = 'DownloadCutError';
	}
}

/** The GET URL of a filter download (what a researcher can also fetch with curl). */
export function downloadUrl(base: string, req: Extract<ServerDownloadRequest, { filter: URLSearchParams }>): string {
	const q = new URLSearchParams(req.filter);
	q.set('format', req.format);
	if (req.lang) q.set('lang', req.lang);
	if (req.page) q.set('page', req.page);
	return `${base.replace(/\/+$/, '')}/download?${q}`;
}

/** The file name in a Content-Disposition header (`filename="…"`), if any. */
export function dispositionName(header: string | null): string | null {
	const m = header?.match(/filename="([^"]+)"/);
	return m ? m[1] : null;
}

/** Download from the server at `base`; `onProgress` gets rows (CSV: lines received) and bytes so far. */
export async function serverDownload(
	base: string,
	req: ServerDownloadRequest,
	opts: { onProgress?: (p: ExportProgress) => void; signal?: AbortSignal; fetch?: typeof fetch } = {}
): Promise<ServerDownload> {
	const fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
	const root = base.replace(/\/+$/, '');
	let res: Response;
	opts.onProgress?.({ phase: 'query', rows: 0, bytes: 0 });
	const common = { mode: 'cors' as const, credentials: 'omit' as const, signal: opts.signal };
	if ('sql' in req) {
		res = await fetchFn(`${root}/download`, { ...common, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 'csv', sql: req.sql, params: req.params ?? [] }) });
	} else {
		const url = downloadUrl(root, req);
		res =
			url.length <= MAX_GET_URL
				? await fetchFn(url, { ...common, method: 'GET' })
				: await fetchFn(`${root}/download`, {
						...common,
						method: 'POST',
						headers: { 'Content-Type': 'application/json' },
						body: JSON.stringify({ format: req.format, filter: req.filter.toString(), page: req.page, lang: req.lang })
					});
	}
	if (!res.ok) throw await errorOf(res, 'download');
	const rowsHeader = res.headers.get('X-Row-Count');
	const csv = req.format === 'csv';
	const parts: BlobPart[] = [];
	let bytes = 0;
	let lines = 0;
	try {
		const reader = res.body!.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			parts.push(value);
			bytes += value.length;
			if (csv) for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
			opts.onProgress?.({ phase: 'encode', rows: csv ? Math.max(0, lines - 1) : 0, bytes });
		}
	} catch (e) {
		opts.signal?.throwIfAborted();
		throw new DownloadCutError(e);
	}
	return {
		blob: new Blob(parts, { type: res.headers.get('Content-Type') ?? 'application/octet-stream' }),
		fileName: dispositionName(res.headers.get('Content-Disposition')),
		rows: rowsHeader !== null && /^\d+$/.test(rowsHeader) ? Number(rowsHeader) : null
	};
}
