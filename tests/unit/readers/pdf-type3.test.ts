/**
 * The reading view without Type 3 glyph programs (pdf-type3.ts): the reader gets the same text, tokens and boxes
 * from it as from the file itself, and a font is restated only where the file says for certain which object it is
 * and PDF.js would not have needed its glyphs to size the text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../src/lib/readers/pdf.ts';
import { withoutType3GlyphPrograms } from '../../../src/lib/readers/pdf-type3.ts';
import { PDF_READING } from '../../../src/node/read.ts';
import { amendPdf, concat, stream, type3Pdf } from '../../helpers/minipdf.ts';

const office = new URL('../../fixtures/office/', import.meta.url).pathname;
const edge = new URL('../../fixtures/pdf-text/', import.meta.url).pathname;
const bytes = (path: string) => new Uint8Array(readFileSync(path));
const latin = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
const read = (data: Uint8Array, keepGlyphPrograms = false) => readPdf(data, PDF_READING.lib, PDF_READING.options, { keepGlyphPrograms });
/** The objects the view restates, from the cross-reference section it appends. */
const restated = (view: Uint8Array, original: Uint8Array) => [...latin(view.subarray(original.length)).matchAll(/^(\d+) 1$/gm)].map((m) => Number(m[1]));

describe('Chromium prints (a CFF CJK font printed as ~120 Type 3 fonts)', () => {
	const prints = [...readdirSync(office).filter((f) => f.endsWith('.chromium.pdf')).map((f) => join(office, f)), join(edge, 'edge.chromium.pdf')];

	it.each(prints)('%s reads exactly as with its glyph programs', async (path) => {
		const data = bytes(path);
		const view = withoutType3GlyphPrograms(data);
		expect(view).not.toBeNull();
		expect(await read(data)).toEqual(await read(data, true));
	});

	it.each(prints)('%s: every Type 3 font is restated, after the untouched original bytes', (path) => {
		const data = bytes(path);
		const copy = data.slice();
		const view = withoutType3GlyphPrograms(data)!;
		expect(data).toEqual(copy);
		expect(view.subarray(0, data.length)).toEqual(data);
		const fonts = new Set([...latin(data).matchAll(/(\d+) 0 obj\s*<<\/Type \/Font\s*\/Subtype \/Type3/g)].map((m) => Number(m[1])));
		expect(fonts.size).toBeGreaterThan(10);
		expect(new Set(restated(view, data))).toEqual(fonts);
		expect(latin(view.subarray(data.length)).match(/\/CharProcs <<>>/g)).toHaveLength(fonts.size);
	});
});

describe('files it leaves as they are', () => {
	it('office exports without Type 3 fonts', () => {
		for (const f of readdirSync(office).filter((f) => /\.(writer|office)\.pdf$/.test(f))) expect(withoutType3GlyphPrograms(bytes(join(office, f))), f).toBeNull();
	});

	it('a font whose box is empty or far off its glyphs (PDF.js then sizes text by the glyphs)', () => {
		expect(withoutType3GlyphPrograms(type3Pdf())).not.toBeNull();
		expect(withoutType3GlyphPrograms(type3Pdf({ fontBBox: '[0 0 0 0]' }))).toBeNull();
		expect(withoutType3GlyphPrograms(type3Pdf({ fontBBox: '[0 0 1000 30]' }))).toBeNull();
		expect(withoutType3GlyphPrograms(type3Pdf({ fontBBox: '[0 0 1000 9000]' }))).toBeNull();
		expect(withoutType3GlyphPrograms(type3Pdf({ fontBBox: '10 0 R' }))).toBeNull();
	});

	it('an encrypted file', () => {
		expect(withoutType3GlyphPrograms(type3Pdf({ trailerExtra: '/Encrypt 12 0 R ' }))).toBeNull();
	});

	it('a file indexed by a cross-reference stream (its objects may sit in object streams)', () => {
		const pdf = type3Pdf();
		const text = latin(pdf);
		const at = text.lastIndexOf('xref\n0 ');
		const xrefStream = stream('/Type /XRef /Size 11 /W [1 4 2] /Root 1 0 R', new Uint8Array(77));
		const body = concat([new TextEncoder().encode('10 0 obj\n'), xrefStream, new TextEncoder().encode('\nendobj\n')]);
		const file = concat([pdf.subarray(0, at), body, new TextEncoder().encode(`startxref\n${at}\n%%EOF\n`)]);
		expect(withoutType3GlyphPrograms(file)).toBeNull();
	});

	it('a file whose cross-reference table is damaged anywhere (PDF.js then rebuilds its index from the file)', () => {
		const pdf = type3Pdf();
		const text = latin(pdf);
		const entry5 = text.indexOf('\n', text.lastIndexOf('xref\n0 ') + 8) + 1 + 5 * 20;
		for (const [at, byte] of [
			[entry5 + 9, '7'],
			[entry5 + 4, 'A'],
			[entry5 + 17, 'x']
		] as const) {
			const damaged = pdf.slice();
			damaged.set(new TextEncoder().encode(byte), at);
			expect(withoutType3GlyphPrograms(damaged)).toBeNull();
		}
	});

	it('a font whose object the cross-reference table places elsewhere', () => {
		const pdf = type3Pdf();
		const text = latin(pdf);
		const entry = text.indexOf('\n', text.lastIndexOf('xref\n0 ') + 8) + 1 + 3 * 20;
		const moved = pdf.slice();
		moved.set(new TextEncoder().encode('0000000001'), entry);
		expect(withoutType3GlyphPrograms(moved)).toBeNull();
	});
});

describe('a hand-made Type 3 font', () => {
	it('reads the same text and boxes from the view, with its glyph programs inline or in an object', async () => {
		for (const charProcsObject of [false, true]) {
			const pdf = type3Pdf({ charProcsObject });
			const view = withoutType3GlyphPrograms(pdf)!;
			expect(restated(view, pdf)).toEqual([3]);
			const out = await read(pdf);
			expect(out.text).toContain('年报年');
			expect(out).toEqual(await read(pdf, true));
		}
	});

	it('restates the newest version of an amended font', async () => {
		const pdf = type3Pdf();
		const font = /3 0 obj\n([\s\S]*?)\nendobj/.exec(latin(pdf))![1];
		const amended = amendPdf(pdf, [[3, font.replace('/Widths [1000 900]', '/Widths [1000 500]')]]);
		const view = withoutType3GlyphPrograms(amended)!;
		expect(latin(view.subarray(amended.length))).toContain('/Widths [1000 500]');
		expect(await read(amended)).toEqual(await read(amended, true));
	});

});
