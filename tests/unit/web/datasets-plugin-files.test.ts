/**
 * A dataset's report PDFs (`files/<sha256>.pdf`) are published with it: the build emits them beside its tables and
 * `vite dev`/`vite preview` serve them as `application/pdf` — and nothing else under `files/`, nor any other
 * folder of the dataset, is ever published.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { datasetsPlugin } from '../../../vite/datasets-plugin.ts';

const SHA = 'ab'.repeat(32);

function root(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-dsfiles-'));
	const files: Record<string, string> = {
		'pub/manifest.json': JSON.stringify({ name: 'pub', title: 'pub', tables: {}, files: [{ path: `files/${SHA}.pdf`, bytes: 8, sha256: SHA, type: 'pdf', reports: ['r'] }] }),
		'pub/facts.parquet': 'PAR1',
		[`pub/files/${SHA}.pdf`]: '%PDF-1.7',
		'pub/files/notes.txt': 'private',
		'pub/files/report.pdf': 'not a hash name',
		'pub/private/x.parquet': 'PAR1'
	};
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		writeFileSync(path.join(dir, name), text);
	}
	return dir;
}

describe('report PDFs beside a dataset, in the site', () => {
	it('the build emits files/<sha256>.pdf and no other file of files/ or other folders', () => {
		const plugin = datasetsPlugin({ root: root() });
		const emitted: string[] = [];
		const ctx = { emitFile: (f: { fileName: string }) => emitted.push(f.fileName) };
		(plugin.generateBundle as unknown as (this: typeof ctx) => void).call(ctx);
		expect(emitted.filter((f) => f.startsWith('datasets/pub/')).sort()).toEqual(['datasets/pub/facts.parquet', `datasets/pub/files/${SHA}.pdf`, 'datasets/pub/manifest.json']);
	});

	it('preview serves the PDF as application/pdf and answers nothing else under files/', async () => {
		const plugin = datasetsPlugin({ root: root() });
		let handler: ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) | null = null;
		(plugin.configurePreviewServer as unknown as (s: unknown) => void)({ middlewares: { use: (fn: typeof handler) => (handler = fn) } });
		const get = (url: string) =>
			new Promise<{ status: number; type?: string; body: string } | 'next'>((resolve) => {
				const headers: Record<string, string> = {};
				const chunks: Buffer[] = [];
				const res = {
					statusCode: 200,
					setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v),
					write: (c: Buffer) => (chunks.push(Buffer.from(c)), true),
					end: (c?: Buffer) => {
						if (c) chunks.push(Buffer.from(c));
						resolve({ status: res.statusCode, type: headers['content-type'], body: Buffer.concat(chunks).toString() });
					},
					on: () => res,
					once: () => res,
					emit: () => true,
					removeListener: () => res
				};
				handler!({ url, method: 'GET', headers: {} } as IncomingMessage, res as unknown as ServerResponse, () => resolve('next'));
			});
		const pdf = await get(`/datasets/pub/files/${SHA}.pdf`);
		expect(pdf).not.toBe('next');
		if (pdf !== 'next') {
			expect(pdf.type).toBe('application/pdf');
			expect(pdf.body).toBe('%PDF-1.7');
		}
		for (const other of ['/datasets/pub/files/notes.txt', '/datasets/pub/files/report.pdf', '/datasets/pub/private/x.parquet', `/datasets/pub/files/../files/${SHA}.pdf`]) {
			expect(await get(other), other).toBe('next');
		}
	});
});
