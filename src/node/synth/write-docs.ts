/**
 * Writes generated report documents to a folder: each document in its encoding (GBK through iconv-lite),
 * `<file>.truth.json` beside it, and a sidecar `manifest.csv` (file,org,province,city,district,year) that
 * ingest reads. Files are written as they are generated, so a province never sits in memory.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { generateOrg, type GeneratedDoc } from '../../lib/synth/generate.ts';
import type { Org } from '../../lib/synth/orgs.ts';

export interface WriteDocsOptions {
	out: string;
	seed: number;
	years: number[];
	/** Stop after this many documents (the accuracy bench asks for N reports). */
	limit?: number;
	onDoc?: (doc: GeneratedDoc, done: number) => void;
}

export interface WriteDocsResult {
	documents: number;
	bytes: number;
	files: string[];
}

/** GBK has no NBSP: a GBK page pads with the ideographic space U+3000 instead (HTML keeps &nbsp;, which is ASCII). */
export function encodeDoc(doc: GeneratedDoc): Buffer {
	if (doc.truth.encoding === 'gbk') return iconv.encode(doc.content.replace(/\u00a0/g, '\u3000'), 'gbk');
	return Buffer.from(doc.content, 'utf8');
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function writeDocs(orgs: Org[], opts: WriteDocsOptions): Promise<WriteDocsResult> {
	await mkdir(opts.out, { recursive: true });
	const rows = ['file,org,province,city,district,year'];
	const files: string[] = [];
	let bytes = 0;
	// Writes overlap (one organisation's years at a time, ~14 files): the disk, not the generator, is the limit.
	let pending: Promise<void>[] = [];
	outer: for (const org of orgs) {
		await Promise.all(pending);
		pending = [];
		for (const doc of generateOrg(org, opts.years, opts.seed)) {
			if (opts.limit !== undefined && files.length >= opts.limit) break outer;
			const buf = encodeDoc(doc);
			pending.push(writeFile(join(opts.out, doc.file), buf), writeFile(join(opts.out, `${doc.file}.truth.json`), JSON.stringify(doc.truth, null, 1) + '\n'));
			const t = doc.truth;
			rows.push([doc.file, t.org, t.province, t.city, t.district, String(t.year)].map(csvField).join(','));
			files.push(doc.file);
			bytes += buf.length;
			opts.onDoc?.(doc, files.length);
		}
	}
	await Promise.all(pending);
	await writeFile(join(opts.out, 'manifest.csv'), rows.join('\n') + '\n');
	return { documents: files.length, bytes, files };
}
