/**
 * The synthetic report generator: organisations × years → report documents (flattened text or HTML),
 * each with its ground truth (intended values per metric id and the faults injected). Pure and seeded:
 * the same seed, organisations and years give the same documents byte for byte.
 */
import type { Format } from '../catalog/index.ts';
import { FAULT_RATES, injectFaults, misalignColspans, pickMoneyStyle, publishingFaults, spaceLabels, varyLabels, type FaultRecord } from './faults.ts';
import { table2Grid, table3Grid, table4Grid } from './grid.ts';
import { simulateOrg } from './model.ts';
import type { Org } from './orgs.ts';
import { cleanCells } from './print.ts';
import { createRng, streamSeed } from './prng.ts';
import { proseFor, type Prose } from './prose.ts';
import { renderHtml } from './render-html.ts';
import { renderText, type DocTables, type TextStyle } from './render-text.ts';

export type DocForm = 'text-tab' | 'text-pipe' | 'text-markdown' | 'text-lines' | 'html';
/** Share of each document form (calibrated in docs/synth.md). */
export const FORM_SHARES: Record<DocForm, number> = { 'text-tab': 0.3, 'text-pipe': 0.15, 'text-markdown': 0.05, 'text-lines': 0.2, html: 0.3 };

export interface Truth {
	file: string;
	org: string;
	province: string;
	city: string;
	district: string;
	year: number;
	format: Format;
	form: DocForm;
	encoding: 'utf-8' | 'gbk';
	seed: number;
	/** Intended value per metric id (money in yuan). */
	values: Record<string, number>;
	faults: FaultRecord[];
}

export interface GeneratedDoc {
	file: string;
	/** The document text; the writer encodes it as `truth.encoding`. */
	content: string;
	truth: Truth;
	/** What the document is made of, for renderers of other formats (DOCX, PDF: src/node/synth/office.ts). */
	parts: { prose: Prose; tables: DocTables; signed: string };
}

export const GENERATOR_NAME = 'nianbao synth';

/** Generates every year of one organisation (carry-over needs the years in order). */
export function generateOrg(org: Org, years: number[], seed: number): GeneratedDoc[] {
	return simulateOrg(org, years, seed).map(({ year, format, values }) => {
		const r = createRng(streamSeed(seed, 'doc', org.code, year));
		const form = pickForm(r.next());
		const style = format === '2019' ? pickMoneyStyle(r, values['t2.gov_procurement.amount_yuan']) : null;
		const printed = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith('t3.other_handling.') || format === '2019'));
		const plan = injectFaults(r, format, values, cleanCells(printed, format, style ?? 'wan'), style, form === 'text-pipe' || form === 'text-markdown' || form === 'text-lines');
		const prose = proseFor(org, year, values['n.proactive.items'], r);
		const truthValues = { ...values };
		if (format === '2021' && prose.fee !== null) truthValues['t6.info_processing_fee.amount_yuan'] = prose.fee;
		// The provincial row 其他主动公开文件: made = published this year, a stock on top.
		const made = r.int(0, 30);
		const extra: [string, string, string] = [String(made), String(made), String(made + r.int(0, 60))];
		const grid = { format, year, cells: plan.cells, provincial: plan.provincial, extraRow: extra };
		const tables = { t2: table2Grid(grid), t3: table3Grid(grid), t4: table4Grid(grid) };
		if (r.chance(FAULT_RATES.label_spaces)) {
			const labels = spaceLabels([tables.t2, tables.t3, tables.t4], r);
			if (labels.length) plan.faults.push({ type: 'label_spaces', cells: [], detail: labels.join(' · ') });
		}
		if (r.chance(FAULT_RATES.label_variants)) plan.faults.push({ type: 'label_variants', cells: [], detail: varyLabels(tables.t3).join(' · ') });
		if (form === 'html' && format === '2019' && r.chance(FAULT_RATES.colspan_misaligned)) {
			const rows = misalignColspans(tables.t2);
			if (rows) plan.faults.push({ type: 'colspan_misaligned', cells: [], detail: `${rows} rows of table 二` });
		}
		const signed = `${org.name}\n${year + 1}年${r.int(1, 3)}月${r.int(1, 28)}日`;
		const encoding = plan.gbk ? 'gbk' : 'utf-8';
		const splitHeaders = r.chance(0.5);
		const pdfT4 = form === 'text-lines' && r.chance(FAULT_RATES.pdf_table4);
		if (pdfT4) plan.faults.push({ type: 'pdf_table4', cells: [], detail: 'headers one character per column, 15 values on one line' });
		const rendered = form === 'html' ? renderHtml(prose, tables, encoding, signed, { breakHeaders: splitHeaders, word: r.chance(0.3), splitTable2: r.chance(0.2) }) : renderText(prose, tables, TEXT_STYLE[form as Exclude<DocForm, 'html'>], signed, splitHeaders, pdfT4);
		// What publishing does to the finished page (mirrors, converters, lost and glued cells).
		const published = publishingFaults(rendered, r, { gbk: plan.gbk, metrics: Object.keys(truthValues) });
		const content = published.content;
		plan.faults.push(...published.faults);
		const file = `${org.code}-${org.place}-${year}.${form === 'html' ? 'html' : 'txt'}`;
		return {
			file,
			content,
			truth: { file, org: org.name, province: org.province, city: org.city, district: org.district, year, format, form, encoding, seed, values: truthValues, faults: plan.faults },
			parts: { prose, tables, signed }
		};
	});
}

const TEXT_STYLE: Record<Exclude<DocForm, 'html'>, TextStyle> = { 'text-tab': 'tab', 'text-pipe': 'pipe', 'text-markdown': 'markdown', 'text-lines': 'lines' };

function pickForm(u: number): DocForm {
	let acc = 0;
	for (const [form, share] of Object.entries(FORM_SHARES) as [DocForm, number][]) if (u < (acc += share)) return form;
	return 'html';
}

/** Parses a year list such as "2019-2025" or "2020,2022". */
export function parseYears(spec: string): number[] {
	const out = new Set<number>();
	for (const part of spec.split(',')) {
		const m = /^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$/.exec(part);
		if (!m) throw new Error(`years "${spec}": expected e.g. 2019-2025 or 2019,2021`);
		const a = Number(m[1]);
		const b = m[2] ? Number(m[2]) : a;
		if (a < 2019 || b > 2100 || b < a) throw new Error(`years "${spec}": the annual-report formats start in 2019`);
		for (let y = a; y <= b; y++) out.add(y);
	}
	return [...out].sort((x, y) => x - y);
}
