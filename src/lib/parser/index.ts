/**
 * parseReport: one annual report's text (flattened or HTML) → its identity, every table cell and key
 * narrative figure as metric cells with spans and flags, and the issues found. Plain TypeScript with no
 * Node imports, so the browser can run it too; reading files and encodings is the ingest layer's job.
 */
import { metric, type Format } from '../catalog/index.ts';
import { looksLikeHtml, tokenizeHtml } from './html.ts';
import { signalsIn } from './labels.ts';
import { readMeta } from './meta.ts';
import { infoProcessingFee, proactiveItems } from './narrative.ts';
import { checkPlausibility } from './numbers.ts';
import { reportEvidence } from './evidence.ts';
import { findRegions } from './segment.ts';
import { extractTable2 } from './table2.ts';
import { extractTable3 } from './table3.ts';
import { extractTable4 } from './table4.ts';
import { tokenizeText, type Token } from './tokens.ts';
import { REVIEW_FLAGS, type Cell, type DocFormat, type Issue, type ParsedReport, type ReportMeta } from './types.ts';
import { validate } from './validate.ts';
import { prepareText, prepareTokens, toOriginal, type Prepared } from './prepare.ts';

export type { Cell, Issue, ParsedReport, ReportMeta, DocFormat } from './types.ts';

export interface ParseInput {
	text: string;
	fileName: string;
	/** Forces the reader; by default HTML is recognised from the name or the content. */
	kind?: 'text' | 'html';
	/** Tokens a reader made (PDF: with page and box); `text` is then the reader's text their spans index into. */
	tokens?: Token[];
}

export function parseReport(input: ParseInput): ParsedReport {
	const { fileName } = input;
	const html = input.kind ? input.kind === 'html' : /\.x?html?$/i.test(fileName) || looksLikeHtml(input.text);
	// Undo what mirrors, converters and PDF fonts did (traditional characters, glosses, radicals, footers…);
	// spans map back below. Tokens made by a file reader (PDF) go through the same steps, cell by cell.
	const fromReader = input.tokens ? prepareTokens(input.text, input.tokens) : null;
	const prepared: Prepared = fromReader ?? prepareText(input.text, html);
	const text = prepared.text;
	const report = parsePrepared(text, fileName, html, fromReader?.tokens);
	if (prepared.changes.length) {
		report.issues.unshift({ subject: 'document', severity: 'info', code: 'normalised', message: `text normalised before reading: ${prepared.changes.join('; ')}` });
	}
	reviewStatus(report);
	return prepared.map ? mapSpans(report, prepared, input.text) : report;
}

/** The report-level trust status: how many values need a human look, said once as an issue. */
function reviewStatus(report: ParsedReport): void {
	const doubtful = [...report.cells.values()].filter((c) => c.flags.some((f) => REVIEW_FLAGS.includes(f)));
	report.needsReview = doubtful.length;
	if (report.cells.size === 0) return;
	const withValue = [...report.cells.values()].filter((c) => c.value !== null).length;
	report.issues.push(
		doubtful.length
			? {
					subject: 'document',
					severity: 'warning',
					code: 'needs_review',
					message: `${doubtful.length} of ${report.cells.size} values need a human look (position not confirmed, identity broken or unchecked, reading uncertain): ${doubtful
						.slice(0, 8)
						.map((c) => c.metric)
						.join(', ')}${doubtful.length > 8 ? ', …' : ''}`
				}
			: { subject: 'document', severity: 'info', code: 'all_confirmed', message: `every value read (${withValue}) has a confirmed position${report.meta.format ? ' and agrees with the identities it is part of' : ''}` }
	);
}

/** Puts every cell's span back onto the original text; a verbatim cell's raw text becomes the original's. */
function mapSpans(report: ParsedReport, p: Prepared, original: string): ParsedReport {
	for (const c of report.cells.values()) {
		const verbatim = c.raw !== '' && p.text.slice(c.start, c.end) === c.raw;
		const start = toOriginal(p, c.start);
		const end = c.end > c.start ? Math.max(start, toOriginal(p, c.end - 1) + 1) : start;
		c.start = start;
		c.end = end;
		if (verbatim) c.raw = original.slice(start, end);
	}
	return report;
}

function parsePrepared(text: string, fileName: string, html: boolean, given?: Token[]): ParsedReport {
	const toks = given ?? (html ? tokenizeHtml(text) : tokenizeText(text));
	const issues: Issue[] = [];
	const meta: ReportMeta = readMeta(toks);
	const regions = findRegions(toks);

	const tableText = (r: [number, number] | null) => (r ? toks.slice(r[0], r[1]).map((t) => t.n).join('') : '');
	const sig = signalsIn(tableText(regions.t2) + tableText(regions.t3) + tableText(regions.t4));
	const format: DocFormat | null = sig['2019'] && sig['2021'] ? 'hybrid' : sig['2019'] ? '2019' : sig['2021'] ? '2021' : null;
	meta.format = format;
	if (format === 'hybrid') {
		issues.push({ subject: 'document', severity: 'warning', code: 'hybrid_format', message: 'labels of both the 2019 and the 2021 format appear: check which template this report used' });
	}
	// Columns follow the labels; where they say nothing, the year decides (2019 format for 2019–2020).
	const tableFormat: Format = format === '2019' || format === '2021' ? format : meta.year !== null && meta.year <= 2020 ? '2019' : '2021';

	const cells = new Map<string, Cell>();
	const put = (list: Cell[]) => list.forEach((c) => cells.set(c.metric, c));
	let t4Garbled = false;
	const reached: string[] = [];
	if (regions.t2) {
		const r = extractTable2(toks, regions.t2, tableFormat);
		put(r.cells);
		issues.push(...r.issues);
		if (r.lastRow) reached.push(`表二「${r.lastRow}」`);
	}
	if (regions.t3) {
		const r = extractTable3(toks, regions.t3, tableFormat);
		put(r.cells);
		issues.push(...r.issues);
		if (r.lastRow) reached.push(`表三「${r.lastRow}」`);
	}
	let t4Complete = false;
	if (regions.t4) {
		const r = extractTable4(toks, regions.t4);
		put(r.cells);
		issues.push(...r.issues);
		t4Garbled = r.garbled;
		t4Complete = !r.incomplete;
		if (r.cells.length) reached.push('表四');
	}

	// Narrative figures come from the prose before and after the tables.
	const firstTable = regions.t2?.[0] ?? regions.t3?.[0] ?? regions.t4?.[0] ?? toks.length;
	const prose = [...toks.slice(0, firstTable), ...toks.slice(regions.tail)];
	const proactive = proactiveItems(prose, text);
	if (proactive) cells.set(proactive.metric, proactive);
	if (tableFormat === '2021') {
		const fee = infoProcessingFee(toks.slice(regions.tail), text);
		if (fee) cells.set(fee.metric, fee);
	}

	issues.push(...checkPlausibility(cells, (id) => metric(id)?.unit));
	issues.push(...validate(cells, tableFormat, t4Garbled));
	if (given) placeCells(cells, toks);

	// What is missing, and whether the text was cut off.
	const truncated = regions.tail >= toks.length && !t4Complete && cells.size > 0;
	const tables = [
		['表二', regions.t2],
		['表三', regions.t3],
		['表四', regions.t4]
	] as const;
	if (truncated) {
		const last = toks[toks.length - 1];
		issues.push({
			subject: 'document',
			severity: 'warning',
			code: 'truncated',
			message: `text ends at character ${text.length}${reached.length ? ` after ${reached[reached.length - 1]}` : ''} (last text: ${JSON.stringify(last?.text.slice(-30) ?? '')}); later cells are missing`
		});
	} else if (cells.size > 0) {
		for (const [name, r] of tables) {
			if (!r) issues.push({ subject: 'document', severity: 'warning', code: 'table_missing', message: `${name} was not found in the report` });
		}
	}
	const notAReport = reportEvidence(toks, cells) === 'none';
	if (meta.year === null && !notAReport) issues.push({ subject: 'document', severity: 'warning', code: 'no_year', message: 'report year not found in the title or text' });
	if (meta.org === null && !notAReport) issues.push({ subject: 'document', severity: 'info', code: 'no_org', message: 'organisation not found in the title' });
	return { fileName, meta, cells, issues, truncated, notAReport, needsReview: 0 };
}

/** Gives each cell the page and box of the token its span lies in (readers with geometry). */
function placeCells(cells: Map<string, Cell>, toks: Token[]): void {
	for (const c of cells.values()) {
		let lo = 0;
		let hi = toks.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (toks[mid].start <= c.start) lo = mid;
			else hi = mid - 1;
		}
		const t = toks[lo];
		if (t && t.page !== undefined && c.start >= t.start && c.start <= t.end) {
			c.page = t.page;
			c.box = t.box;
		}
	}
}
