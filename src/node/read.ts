/**
 * Reads one report file in Node: the shared byte dispatch (src/lib/readers/read-bytes.ts: PDF, DOCX, legacy
 * Word refused, else text/HTML decoded) with Node's PDF.js build, its CMaps and fonts from pdfjs-dist's
 * folder, and the file's SHA-256.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
// @ts-expect-error -- pdfjs-dist ships no types for its worker module; only its WorkerMessageHandler export is used.
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { decodeBytes as decodeShared, readReportBytes as readShared, type DecodedFile } from '../lib/readers/read-bytes.ts';
import type { PdfLib } from '../lib/readers/pdf.ts';

export { ReadError, type DecodedFile } from '../lib/readers/read-bytes.ts';

export async function readReportFile(path: string): Promise<DecodedFile> {
	return readReportBytes(new Uint8Array(await readFile(path)));
}

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/**
 * Predefined CJK CMaps and the standard fonts ship with pdfjs-dist: older PDFs with unembedded 宋体 need them.
 * disableFontFace stays false: with `true` PDF.js builds and sends the outline of the glyphs of every text-showing
 * operation (a glyph per operation in WPS-style PDFs); with `false` it sends each font once, and the reader's font
 * loader takes it without asking for outlines (skipFontFaces in pdf.ts).
 */
const PDF_OPTIONS = { disableFontFace: false, cMapUrl: join(pdfjsDir, 'cmaps') + '/', cMapPacked: true, standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/' };

/** PDF.js with its worker code in this thread (the reader joins the two over a port that does not copy operator lists). */
const PDF_LIB = { ...(pdfjs as unknown as PdfLib), WorkerMessageHandler } as PdfLib;

/** Node's PDF.js and its options, as every report is read with them (the benchmark reads PDFs through readPdf with them). */
export const PDF_READING = { lib: PDF_LIB, options: PDF_OPTIONS };

const sha = (buf: Uint8Array) => createHash('sha256').update(buf).digest('hex');

/** Any report file's bytes → its text (and tokens), choosing the reader from the bytes. */
export async function readReportBytes(buf: Uint8Array): Promise<DecodedFile> {
	const d = await readShared(buf, { lib: PDF_LIB, options: PDF_OPTIONS });
	return { ...d, sha256: sha(buf) };
}

/** A text or HTML file's bytes → its text (see read-bytes.ts for the rule). */
export function decodeBytes(buf: Uint8Array): DecodedFile {
	return { ...decodeShared(buf), sha256: sha(buf) };
}
