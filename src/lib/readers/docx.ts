/**
 * DOCX reader: Word's XML → HTML with mammoth, so a Word report takes the HTML table path (merged cells
 * come out as colspan/rowspan, nested tables as tables in cells). Images are dropped (a report's figures
 * are text; embedded pictures would only bloat the kept text). No Node imports: runs in a browser worker.
 */
import mammoth from 'mammoth';
import { ReaderError } from './errors.ts';
import type { ReaderOutput } from './types.ts';

export async function readDocx(data: Uint8Array): Promise<ReaderOutput> {
	const arrayBuffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
	// mammoth's Node build takes a Buffer, its browser build an ArrayBuffer.
	const NodeBuffer = (globalThis as { Buffer?: { from(a: ArrayBuffer): unknown } }).Buffer;
	const input = NodeBuffer ? { buffer: NodeBuffer.from(arrayBuffer) } : { arrayBuffer };
	let html: string;
	let messages: { type: string; message: string }[];
	try {
		const r = await mammoth.convertToHtml(input as { arrayBuffer: ArrayBuffer }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), ignoreEmptyParagraphs: true });
		html = r.value;
		messages = r.messages;
	} catch (e) {
		throw new ReaderError('damaged', `the Word file is damaged or not a .docx (${(e as Error).message}): open it in Word or WPS and save it again`);
	}
	const errors = messages.filter((m) => m.type === 'error').map((m) => m.message);
	const warnings = errors.length ? [`the Word file had ${errors.length} problem${errors.length > 1 ? 's' : ''} while reading: ${errors.slice(0, 3).join('; ')}`] : [];
	return { format: 'docx', text: `<!DOCTYPE html>\n<html><body>\n${html}\n</body></html>\n`, kind: 'html', warnings };
}

/** A ZIP archive that is a Word document (its main part is word/document.xml). */
export function isDocx(data: Uint8Array): boolean {
	const head = new TextDecoder('latin1').decode(data.subarray(0, Math.min(data.length, 1 << 20)));
	return head.includes('word/document.xml') || head.includes('[Content_Types].xml') && head.includes('word/');
}
