/**
 * The real corpus's hand-read numbers printed as WPS/Word-style PDFs (src/lib/synth/pdf-office.ts) and read
 * back through the PDF reader and the parser: real values (blank cells, 万 amounts, 本年增/减 below zero, the
 * rows real reports fill) under each office trait — a glyph per show operation, radicals and an unmapped glyph
 * in the text layer, rows broken across pages, stacked labels, landscape table 三, traditional text, fake bold. Every
 * hand-read cell comes out exact or flagged; none is wrong without a flag.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { docFromValues } from '../../../src/lib/synth/from-values.ts';
import { renderPdfOffice, type PdfOfficeStyle } from '../../../src/lib/synth/pdf-office.ts';
import { scoreReport } from '../../../src/lib/synth/score.ts';
import { readReportBytes } from '../../../src/node/read.ts';

const REAL = 'datasets/sources/real';
/** Every report of the corpus: the complete ones and the cut-off page beginnings (their missing rows print blank). */
const FULL = readdirSync(REAL).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace('.expected.json', ''));

const base: PdfOfficeStyle = { glyphs: 'each', borders: 'filled', splitRows: true, repeatHeader: false, pageHeader: false, footer: 'dash', verticalLabels: false, valign: 'center', landscapeT3: 'none', radicals: false, unmapped: false, traditional: false, bodySize: 16, fakeBold: false };
const STYLES: [string, Partial<PdfOfficeStyle>][] = [
	['WPS: a glyph per Tj, filled-rectangle borders, radicals, split rows, fake bold', { radicals: true, fakeBold: true }],
	['Word: TJ arrays, per-cell segments, repeated header, stacked labels, 第 N 页 共 M 页, fake bold', { glyphs: 'tj-array', borders: 'segments', repeatHeader: true, verticalLabels: true, footer: 'page-of', bodySize: 14, fakeBold: true }],
	['double border, page header, values on the last line, landscape table 三 by /Rotate', { borders: 'double', pageHeader: true, valign: 'bottom', landscapeT3: 'rotate', footer: 'emdash' }],
	['wide landscape page, values on the first line, rows kept whole, small body', { landscapeT3: 'wide', valign: 'top', splitRows: false, bodySize: 12 }],
	['an unmapped label glyph and a traditional-character text layer', { unmapped: true, traditional: true, verticalLabels: true }]
];

describe.each(FULL)('real report %s printed as an office PDF', (name) => {
	const exp = JSON.parse(readFileSync(`${REAL}/${name}.expected.json`, 'utf8')) as { org: string; year: number; template: 'A' | 'B'; values: Record<string, number | null> };
	const doc = docFromValues({ org: exp.org, year: exp.year, format: exp.template === 'A' ? '2019' : '2021', values: exp.values, name, seed: 1 });

	it.each(STYLES)('%s: every hand-read cell exact or flagged, none silently wrong', async (_, over) => {
		const bytes = renderPdfOffice(doc, { ...base, ...over });
		const d = await readReportBytes(bytes);
		expect(d.fileType).toBe('pdf');
		const r = parseReport({ text: d.text, fileName: `${name}.pdf`, tokens: d.tokens, kind: d.kind });
		const got = new Map([...r.cells].map(([k, c]) => [k, { value: c.value, flags: c.flags }]));
		const s = scoreReport(doc.truth, got, r.issues.some((i) => i.severity === 'error'));
		expect(s.cells.silent, JSON.stringify(s.wrong.filter((w) => w.outcome === 'silent'))).toBe(0);
		expect(s.cells.exact / Object.keys(doc.truth.values).length).toBeGreaterThanOrEqual(0.99);
		expect(r.meta.year).toBe(exp.year);
	});
});
