/**
 * Writes generated report documents to a folder: each document in its encoding (GBK through iconv-lite),
 * `<file>.truth.json` beside it, and a sidecar `manifest.csv` (file,org,province,city,district,year) that
 * ingest reads. Files are written as they are generated, so a province never sits in memory. With
 * `forms`, each report is also (or only) written as DOCX and as PDF made by LibreOffice and by Chromium
 * (office.ts), each with its own truth file.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfOfficeStyle, renderPdfOffice } from '../../lib/synth/pdf-office.ts';
import { chromiumToPdf, libreOfficeToPdf, officeStyle, officeTruth, renderDocx, renderPrintHtml, type OfficeForm } from './office.ts';
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
	/** Forms to write: 'original' (the generated text or HTML, the default) and office forms. */
	forms?: ('original' | OfficeForm)[];
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
	const forms = new Set(opts.forms ?? ['original']);
	const staging = forms.has('pdf-writer') || forms.has('pdf-chromium') ? await mkdtemp(join(tmpdir(), 'nianbao-office-')) : null;
	const toConvert: { docx: string; pdf: string }[] = [];
	const record = (file: string, t: GeneratedDoc['truth'], size: number) => {
		rows.push([file, t.org, t.province, t.city, t.district, String(t.year)].map(csvField).join(','));
		files.push(file);
		bytes += size;
	};
	let docs = 0;
	try {
		outer: for (const org of orgs) {
			await Promise.all(pending);
			pending = [];
			for (const doc of generateOrg(org, opts.years, opts.seed)) {
				if (opts.limit !== undefined && docs >= opts.limit) break outer;
				docs++;
				if (forms.has('original')) {
					const buf = encodeDoc(doc);
					pending.push(writeFile(join(opts.out, doc.file), buf), writeFile(join(opts.out, `${doc.file}.truth.json`), JSON.stringify(doc.truth, null, 1) + '\n'));
					record(doc.file, doc.truth, buf.length);
				}
				const base = doc.file.replace(/\.[^.]+$/, '');
				const st = officeStyle(doc);
				const truthOf = (form: OfficeForm, file: string) => writeFile(join(opts.out, `${file}.truth.json`), JSON.stringify(officeTruth(doc, form, file), null, 1) + '\n');
				if (forms.has('docx') || forms.has('pdf-writer')) {
					const docx = await renderDocx(doc, st);
					if (forms.has('docx')) {
						const file = `${base}.docx`;
						pending.push(writeFile(join(opts.out, file), docx), truthOf('docx', file));
						record(file, doc.truth, docx.length);
					}
					if (staging && forms.has('pdf-writer')) {
						// LibreOffice names its output after the input: stage the DOCX under the PDF's base name.
						const file = `${base}.writer.pdf`;
						const staged = join(staging, `${base}.writer.docx`);
						await writeFile(staged, docx);
						toConvert.push({ docx: staged, pdf: file });
						pending.push(truthOf('pdf-writer', file));
						record(file, doc.truth, 0);
					}
				}
				if (forms.has('pdf-office')) {
					// Written directly (no LibreOffice, no browser): the traits of WPS and Word exports.
					const file = `${base}.office.pdf`;
					const pdf = renderPdfOffice(doc, pdfOfficeStyle(doc));
					pending.push(writeFile(join(opts.out, file), pdf), truthOf('pdf-office', file));
					record(file, doc.truth, pdf.length);
				}
				if (staging && forms.has('pdf-chromium')) {
					const file = `${base}.chromium.pdf`;
					const html = join(staging, `${base}.chromium.html`);
					await writeFile(html, renderPrintHtml(doc, st));
					await chromiumToPdf(html, join(opts.out, file), st.browserHeaders);
					pending.push(truthOf('pdf-chromium', file));
					record(file, doc.truth, 0);
				}
				opts.onDoc?.(doc, docs);
			}
		}
		await Promise.all(pending);
		if (toConvert.length) await libreOfficeToPdf(toConvert.map((c) => c.docx), opts.out);
	} finally {
		if (staging) await rm(staging, { recursive: true, force: true });
	}
	await writeFile(join(opts.out, 'manifest.csv'), rows.join('\n') + '\n');
	return { documents: files.length, bytes, files };
}
