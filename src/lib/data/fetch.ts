/**
 * Fetching dataset files with byte progress and errors that name the file: an HTTP failure says which URL
 * and status, a network failure says the server could not be reached.
 */
import { fetchEarly } from './early.ts';
import { DatasetError } from './file-checks.ts';

export async function fetchBytes(url: string, onBytes?: (loaded: number, total: number) => void): Promise<Uint8Array> {
	let res: Response;
	try {
		res = await fetchEarly(url);
	} catch (e) {
		throw new DatasetError(url, `could not be fetched (${(e as Error).message})`);
	}
	if (!res.ok) throw new DatasetError(url, `HTTP ${res.status} ${res.statusText || ''}`.trim());
	const total = Number(res.headers.get('content-length') ?? 0);
	if (!res.body || !onBytes) return new Uint8Array(await res.arrayBuffer());
	const reader = res.body.getReader();
	const parts: Uint8Array[] = [];
	let loaded = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		parts.push(value);
		loaded += value.length;
		onBytes(loaded, total);
	}
	if (parts.length === 1) return parts[0];
	const out = new Uint8Array(loaded);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

export async function fetchJson(url: string): Promise<unknown> {
	const bytes = await fetchBytes(url);
	const text = new TextDecoder().decode(bytes);
	try {
		return JSON.parse(text);
	} catch (e) {
		throw new DatasetError(url, `is not valid JSON (${(e as Error).message})`);
	}
}
