/**
 * Synthetic reports as offices publish them: a Word document built with the `docx` package from the
 * same prose and table grids as the text and HTML forms, then PDF made the two ways reports are really
 * made — LibreOffice converting the DOCX (as Word/WPS "export to PDF" does) and Chromium printing the HTML
 * version. Layout traits vary per document, seeded: label columns narrow enough that labels wrap, merged
 * label cells printed vertically, tables breaking across pages with or without a repeated header, rows
 * allowed to split at a page break, page-number footers (`- 3 -`, `第 3 页 共 5 页`), and in some browser
 * prints tables without borders (read from column alignment alone).
 * The ground truth is the document's own: the same values and faults (minus those of other forms).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	Packer,
	PageNumber,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextDirection,
	TextRun,
	VerticalAlign,
	WidthType
} from 'docx';
import { SPLIT } from '../../lib/synth/faults.ts';
import type { GeneratedDoc, Truth } from '../../lib/synth/generate.ts';
import type { Grid, GridCell } from '../../lib/synth/grid.ts';
import { SECTION } from '../../lib/synth/layout.ts';
import { createRng, streamSeed } from '../../lib/synth/prng.ts';
import { renderHtml } from '../../lib/synth/render-html.ts';
import { pdfOfficeStyle, type PdfOfficeStyle } from '../../lib/synth/pdf-office.ts';

const run = promisify(execFile);

export type OfficeForm = 'docx' | 'pdf-writer' | 'pdf-chromium' | 'pdf-office';
export const OFFICE_FORMS: OfficeForm[] = ['docx', 'pdf-writer', 'pdf-chromium', 'pdf-office'];

export interface OfficeStyle {
	/** Merged label cells (rowspan ≥ 3) printed with vertical text. */
	verticalLabels: boolean;
	/** Table 三's header rows repeat on every page it runs onto. */
	repeatHeader: boolean;
	/** Rows may break across pages (Word's default); else each row is kept whole. */
	splitRows: boolean;
	footer: 'dash' | 'page-of' | 'none';
	/** Body text size in points (三号 16 pt, 四号 14 pt, 小四 12 pt): decides where the tables break. */
	bodySize: number;
	/** Chromium only: keep the browser's own header and footer (title, date, URL, "1/5"). */
	browserHeaders: boolean;
	/** Chromium only: the page's tables drawn without borders (a stylesheet that lost them), so no rules to read. */
	unruled: boolean;
}

export function officeStyle(doc: GeneratedDoc): OfficeStyle {
	const r = createRng(streamSeed(doc.truth.seed, 'office', doc.file));
	return {
		verticalLabels: r.chance(0.5),
		repeatHeader: r.chance(0.4),
		splitRows: r.chance(0.6),
		footer: r.chance(0.45) ? 'dash' : r.chance(0.6) ? 'page-of' : 'none',
		bodySize: [16, 14, 12][r.int(0, 2)],
		browserHeaders: r.chance(0.3),
		unruled: r.chance(0.1)
	};
}

/** Faults that belong to another form (text flattening, GBK bytes): an office document does not have them. */
const OTHER_FORM_FAULTS = new Set(['pdf_table4', 'split_number', 'gbk']);

/** An office document's truth: the report's own, plus the layout traits it was drawn with (for per-trait scores). */
export function officeTruth(doc: GeneratedDoc, form: OfficeForm, file: string): Truth & { layout: OfficeStyle | PdfOfficeStyle } {
	const faults = doc.truth.faults.filter((f) => !OTHER_FORM_FAULTS.has(f.type));
	// The WPS/Word-style writer (lib/synth/pdf-office.ts) has traits of its own.
	if (form === 'pdf-office') return { ...doc.truth, file, form: form as Truth['form'], encoding: 'utf-8', faults, layout: pdfOfficeStyle(doc) };
	const st = officeStyle(doc);
	// Only the traits this form can show: the browser print has no Word footer or repeated header; Word files
	// have no browser header and always their borders.
	const layout = form === 'pdf-chromium' ? { ...st, repeatHeader: false, footer: 'none' as const } : { ...st, browserHeaders: false, unruled: false };
	return { ...doc.truth, file, form: form as Truth['form'], encoding: 'utf-8', faults, layout };
}

const cellText = (c: GridCell) => c.text.replace(SPLIT, '');

// Widths in twentieths of a point for an A4 page with 2.5 cm margins (≈ 9070 twips of text).
const WIDTH = 9000;
function columnWidths(g: Grid, which: 't2' | 't3' | 't4'): number[] {
	const cols = g[g.length - 1].reduce((n, c) => n + (c.colspan ?? 1), 0);
	if (which === 't3') {
		const label = [640, 1000, 2560];
		const v = Math.floor((WIDTH - 4200) / (cols - 3));
		return [...label, ...Array(cols - 3).fill(v)];
	}
	if (which === 't2') return [2800, ...Array(cols - 1).fill(Math.floor((WIDTH - 2800) / (cols - 1)))];
	return Array(cols).fill(Math.floor(WIDTH / cols));
}

function docxTable(g: Grid, which: 't2' | 't3' | 't4', st: OfficeStyle, size: number): Table {
	const widths = columnWidths(g, which);
	const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
	const rows = g.map((row, ri) => {
		let col = 0;
		const cells: TableCell[] = [];
		for (const c of row) {
			const span = c.colspan ?? 1;
			if (c.cont) {
				col += span;
				continue;
			}
			const vertical = st.verticalLabels && !c.value && (c.rowspan ?? 1) >= 3 && ri >= 3;
			const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
			col += span;
			const lines = cellText(c).replace(/\u00a0/g, ' ').split('\n');
			cells.push(
				new TableCell({
					children: lines.map((l) => new Paragraph({ alignment: c.value || vertical ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text: l, size: size * 2 })] })),
					columnSpan: span > 1 ? span : undefined,
					rowSpan: (c.rowspan ?? 1) > 1 ? c.rowspan : undefined,
					verticalAlign: VerticalAlign.CENTER,
					textDirection: vertical ? TextDirection.TOP_TO_BOTTOM_RIGHT_TO_LEFT : undefined,
					width: { size: w, type: WidthType.DXA },
					borders: { top: border, bottom: border, left: border, right: border }
				})
			);
		}
		return new TableRow({ children: cells, tableHeader: which === 't3' && st.repeatHeader && ri < 3 ? true : undefined, cantSplit: st.splitRows ? undefined : true });
	});
	return new Table({ rows, width: { size: WIDTH, type: WidthType.DXA }, columnWidths: widths });
}

/** The report as a Word document. */
export async function renderDocx(doc: GeneratedDoc, st: OfficeStyle): Promise<Buffer> {
	const { prose: p, tables: t, signed } = doc.parts;
	const body = st.bodySize * 2;
	const para = (s: string, opts: { center?: boolean; right?: boolean; bold?: boolean; size?: number; indent?: boolean } = {}) =>
		s.split('\n').map(
			(line) =>
				new Paragraph({
					alignment: opts.center ? AlignmentType.CENTER : opts.right ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
					indent: opts.indent === false || opts.center || opts.right ? undefined : { firstLine: st.bodySize * 40 },
					spacing: { line: 360 },
					children: [new TextRun({ text: line, bold: opts.bold, size: opts.size ?? body })]
				})
		);
	const heading = (s: string) => para(s, { bold: true });
	const tableSize = 10.5;
	const children = [
		...para(p.title, { center: true, bold: true, size: 44 }),
		...para(p.preface),
		...heading(SECTION.one),
		...p.overview.flatMap((x) => para(x)),
		...heading(SECTION.two),
		...p.beforeTable2.flatMap((x) => para(x)),
		docxTable(t.t2, 't2', st, tableSize),
		...heading(SECTION.three),
		docxTable(t.t3, 't3', st, tableSize),
		...heading(SECTION.four),
		docxTable(t.t4, 't4', st, tableSize),
		...heading(SECTION.five),
		...p.problems.flatMap((x) => para(x)),
		...heading(SECTION.six),
		...p.other.flatMap((x) => para(x)),
		...para(signed, { right: true })
	];
	const footerRun =
		st.footer === 'dash'
			? new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 28 })
			: new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'], size: 21 });
	const document = new Document({
		styles: { default: { document: { run: { font: { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman' } } } } },
		sections: [
			{
				properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1418, right: 1418 } } },
				footers: st.footer === 'none' ? undefined : { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [footerRun] })] }) },
				children
			}
		]
	});
	return Packer.toBuffer(document);
}

/** The HTML version with print CSS (A4, ruled tables, vertical merged labels where the style says so). */
export function renderPrintHtml(doc: GeneratedDoc, st: OfficeStyle): string {
	const { prose, tables, signed } = doc.parts;
	const clean = (g: Grid): Grid => g.map((row) => row.map((c) => ({ ...c, text: cellText(c) })));
	let html = renderHtml(prose, { t2: clean(tables.t2), t3: clean(tables.t3), t4: clean(tables.t4) }, 'utf-8', signed, { breakHeaders: false, word: false, splitTable2: false });
	if (st.unruled) html = html.replaceAll('border="1"', 'border="0"');
	const css = [
		'@page { size: A4; margin: 25mm 20mm; }',
		`body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: ${st.bodySize}pt; line-height: 1.5; }`,
		'h1 { font-size: 22pt; text-align: center; }',
		'p { text-indent: 2em; margin: 0.2em 0; }',
		'td p { text-indent: 0; margin: 0; }',
		'table { border-collapse: collapse; width: 100%; font-size: 10.5pt; margin: 0.5em 0; }',
		st.unruled ? 'td { border: none; padding: 2px 6px; }' : 'td { border: 1px solid #000; padding: 2px 3px; }',
		st.splitRows ? '' : 'tr { break-inside: avoid; }',
		st.verticalLabels ? 'tr > td[rowspan]:first-child:not([colspan]) { writing-mode: vertical-rl; text-align: center; }' : ''
	].join('\n');
	return html.replace('</head>', `<style>\n${css}\n</style>\n</head>`);
}

/** Converts DOCX files to PDF with LibreOffice headless, in one run (its start-up is the slow part). */
export async function libreOfficeToPdf(docxFiles: string[], outDir: string): Promise<void> {
	if (docxFiles.length === 0) return;
	const profile = await mkdtemp(join(tmpdir(), 'nianbao-lo-'));
	const work = await mkdtemp(join(tmpdir(), 'nianbao-lo-out-'));
	try {
		// Batches keep the command line short and a failure local.
		for (let k = 0; k < docxFiles.length; k += 50) {
			await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, ...docxFiles.slice(k, k + 50)], { timeout: 600_000 });
		}
		await mkdir(outDir, { recursive: true });
		for (const f of await readdir(work)) await rename(join(work, f), join(outDir, f));
	} catch (e) {
		throw new Error(`LibreOffice could not convert the DOCX files (${(e as Error).message.split('\n')[0]}); install it with: sudo bash scripts/setup.sh --office`);
	} finally {
		await rm(profile, { recursive: true, force: true });
		await rm(work, { recursive: true, force: true });
	}
}

/** Prints an HTML file to PDF with Debian's headless Chromium. */
export async function chromiumToPdf(htmlFile: string, pdfFile: string, browserHeaders: boolean): Promise<void> {
	const profile = await mkdtemp(join(tmpdir(), 'nianbao-chromium-'));
	try {
		const args = ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, `--print-to-pdf=${pdfFile}`];
		if (!browserHeaders) args.push('--no-pdf-header-footer');
		await run(process.env.CHROMIUM ?? '/usr/bin/chromium', [...args, `file://${htmlFile}`], { timeout: 120_000 });
	} catch (e) {
		throw new Error(`Chromium could not print ${htmlFile} (${(e as Error).message.split('\n')[0]}); install it with: sudo bash scripts/setup.sh --office`);
	} finally {
		await rm(profile, { recursive: true, force: true });
	}
}
