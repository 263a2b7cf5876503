/**
 * The faults real reports have (templates.md §8), injected at documented rates (docs/synth.md) and
 * recorded with the cells they touch, so the accuracy bench can tell a repaired fault from a flagged one
 * from a silent error. Faults change only how cells are printed; the intended values stay the truth.
 */
import type { Format } from '../catalog/index.ts';
import { T3_APPLICANTS, t3OutcomeRows, T4_GROUP_KEYS, T4_METRICS } from './layout.ts';
import type { MoneyStyle } from './print.ts';
import { printMoney, yuanToWan } from './print.ts';
import type { Rng } from './prng.ts';
import type { Grid } from './grid.ts';
import { mutate, type MutationKind } from './mutate.ts';

export const FAULT_TYPES = {
	blank_zero: 'table 三 cells that are 0 printed blank (NBSP): applicant cells, or whole zero rows (D2)',
	blank_total: 'table 三 总计 column left blank on the outcome rows (D3)',
	total_mismatch: 'a printed total that does not add up (off by 1–3)',
	doubled_t4: 'table 四 cells doubled: "0 0", "00", "11" (D6)',
	money_wan: '采购总金额 written with 万: 38.39万 (D12)',
	money_yuan: '采购总金额 written with 元: 251000元 (D12)',
	money_bare: '采购总金额 written as a bare number (unit unknown, §6)',
	fee_unit_in_cell: '2021 收费金额 with its own unit in the cell: 0.5万元 / 920元 (§6)',
	fullwidth: 'full-width digits, ideographic space before and NBSP after numbers (D4)',
	provincial_rows: 'Hubei-style instructions inside labels and an extra row 其他主动公开文件 (D10)',
	label_spaces: 'ASCII spaces inside header labels: 商业 企业, 结果维 持 (D4)',
	label_variants: 'table 三 labels in their variant wording: 合计 for 总计, 其他组织 for 其他 (D13)',
	colspan_misaligned: 'HTML value cells spanning other grid columns than their headers (D5)',
	not_applicable: 'a zero in table 二 written as -, / or 无 (D11): the reader cannot tell it is 0',
	pdf_table4: 'table 四 as PDF text: vertical headers one character per column, values on one line (D7)',
	split_number: 'a two-digit table-三 value split over two cells by PDF extraction: 12 → 1 | 2 (D8)',
	gbk: 'file encoded as GBK (D16)',
	traditional: 'a mirror copy in traditional characters (OpenCC cn→tw/hk/t/twp), sometimes with pinyin glosses after characters',
	page_footers: 'page footers (- 3 -, 第 3 页 共 5 页) printed between lines, inside tables too (text from PDFs)',
	converter_spaces: 'tabs written as U+3000 / NBSP, or CRLF line ends (converters)',
	dropped_cell: 'one value cell lost in extraction: its row shows one value fewer (issue 9)',
	glued_cells: 'two adjacent value cells printed as one: 3 | 0 → 30 (issue 9)',
	split_table4: 'table 四 printed as three captioned tables, each with its own header row, in shuffled order',
	lost_captions: 'outline numbers lost from captions and labels: 第二十条第（一）项 → 第二十条第项, （一）予以公开 → 予以公开'
} as const;
export type FaultType = keyof typeof FAULT_TYPES;

export interface FaultRecord {
	type: FaultType;
	/** Metric ids whose printed text the fault changed (empty for document-wide faults such as gbk). */
	cells: string[];
	detail?: string;
}

/** Probability per report of each fault (when applicable); calibrated in docs/synth.md. */
export const FAULT_RATES: Record<Exclude<FaultType, 'money_wan' | 'money_yuan' | 'money_bare'>, number> = {
	blank_zero: 0.25,
	blank_total: 0.05,
	total_mismatch: 0.04,
	doubled_t4: 0.06,
	fee_unit_in_cell: 0.15,
	fullwidth: 0.1,
	provincial_rows: 0.06,
	label_spaces: 0.08,
	label_variants: 0.05,
	colspan_misaligned: 0.3,
	not_applicable: 0.03,
	pdf_table4: 0.25,
	split_number: 0.05,
	gbk: 0.15,
	traditional: 0.03,
	page_footers: 0.1,
	converter_spaces: 0.05,
	dropped_cell: 0.03,
	glued_cells: 0.02,
	split_table4: 0.03,
	lost_captions: 0.03
};

export interface FaultPlan {
	cells: Record<string, string>;
	faults: FaultRecord[];
	provincial: boolean;
	gbk: boolean;
}

/** How a 2019 report writes its procurement amount (every style is seen in real reports). */
export function pickMoneyStyle(r: Rng, yuan: number): MoneyStyle {
	const u = r.next();
	if (u < 0.45) return 'wan';
	if (u < 0.8) return 'yuan';
	// A bare number: big round sums are usually yuan, small ones 万.
	return yuan >= 100000 && r.chance(0.5) ? 'bare_yuan' : 'bare_wan';
}

const FW = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Marks where a PDF split one number into two cells; text renderers print two cells there. */
export const SPLIT = '\u0000';

/** Applies faults to clean cell text. `values` are the intended numbers; `clean` their clean printing. */
export function injectFaults(
	r: Rng,
	format: Format,
	values: Record<string, number>,
	clean: Record<string, string>,
	moneyStyle: MoneyStyle | null,
	/** Tables that come from PDF-like text, where numbers can split (not HTML). */
	pdfLike: boolean
): FaultPlan {
	const cells = { ...clean };
	const faults: FaultRecord[] = [];
	if (moneyStyle && values['t2.gov_procurement.amount_yuan'] > 0) {
		const type: FaultType = moneyStyle === 'wan' ? 'money_wan' : moneyStyle === 'yuan' ? 'money_yuan' : 'money_bare';
		faults.push({ type, cells: ['t2.gov_procurement.amount_yuan'], detail: cells['t2.gov_procurement.amount_yuan'] });
	}
	const fee = values['t2.admin_fees.amount_yuan'];
	if (format === '2021' && fee > 0 && r.chance(FAULT_RATES.fee_unit_in_cell)) {
		cells['t2.admin_fees.amount_yuan'] = r.chance(0.5) ? `${yuanToWan(fee)}万元` : printMoney(fee, 'yuan');
		faults.push({ type: 'fee_unit_in_cell', cells: ['t2.admin_fees.amount_yuan'], detail: cells['t2.admin_fees.amount_yuan'] });
	}

	const t3Rows = ['new_received', 'carried_over', ...t3OutcomeRows(format).map((x) => x.key), 'carried_forward'];
	if (r.chance(FAULT_RATES.blank_zero)) {
		// Every zero applicant cell (as in the Xianxiang report), those of some rows, or whole zero rows
		// left empty, 总计 included.
		const mode = r.pick(['all', 'some rows', 'zero rows'] as const);
		const touched: string[] = [];
		for (const row of t3Rows) {
			if (mode === 'some rows' && r.chance(0.5)) continue;
			const wholeRow = mode === 'zero rows';
			if (wholeRow && values[`t3.${row}.total`] !== 0) continue;
			for (const col of wholeRow ? [...T3_APPLICANTS, 'total'] : T3_APPLICANTS) {
				const id = `t3.${row}.${col}`;
				if (values[id] === 0) (cells[id] = '\u00a0'), touched.push(id);
			}
		}
		const detail = { all: 'every zero applicant cell', 'some rows': 'zero applicant cells of some rows', 'zero rows': 'rows of zeros left empty, 总计 included' }[mode];
		if (touched.length) faults.push({ type: 'blank_zero', cells: touched, detail });
	}
	if (r.chance(FAULT_RATES.blank_total)) {
		const touched: string[] = [];
		for (const row of t3OutcomeRows(format)) {
			if (row.key === 'total_processed') continue;
			const id = `t3.${row.key}.total`;
			cells[id] = '\u00a0';
			touched.push(id);
		}
		faults.push({ type: 'blank_total', cells: touched });
	}
	if (r.chance(FAULT_RATES.total_mismatch)) {
		const off = r.int(1, 3);
		const id = r.chance(0.7) ? `t3.${r.pick(t3Rows)}.total` : `t4.${r.pick(T4_GROUP_KEYS)}.total`;
		// A blanked total cannot also be misprinted; pick the fault that is visible.
		if (cells[id].trim() !== '') {
			cells[id] = String(values[id] + off);
			faults.push({ type: 'total_mismatch', cells: [id], detail: `printed ${values[id] + off} for ${values[id]}` });
		}
	}
	if (r.chance(FAULT_RATES.doubled_t4)) {
		// A rendering glitch of the whole row (the Xianxiang page doubles 8 of 15 cells, zeros included):
		// about 40 % of the cells, and at least one of the zeros when the row has any.
		const touched: string[] = [];
		const zeros = T4_METRICS.filter((id) => values[id] === 0 && cells[id] === '0');
		const mustZero = zeros.length ? r.pick(zeros) : null;
		for (const id of T4_METRICS) {
			const v = values[id];
			if ((id !== mustZero && !r.chance(0.4)) || v > 9 || cells[id] !== String(v)) continue;
			cells[id] = v === 0 ? r.pick(['0 0', '00', '0\n\n0']) : `${v}${v}`;
			touched.push(id);
		}
		if (touched.length) faults.push({ type: 'doubled_t4', cells: touched });
	}
	if (r.chance(FAULT_RATES.fullwidth)) {
		const touched: string[] = [];
		for (const [id, text] of Object.entries(cells)) {
			if (id.startsWith('n.') || !/^\d+$/.test(text) || !r.chance(0.3)) continue;
			const u = r.next();
			cells[id] = u < 0.4 ? FW(text) : u < 0.7 ? `\u3000${text}` : `${text}\u00a0`;
			touched.push(id);
		}
		if (touched.length) faults.push({ type: 'fullwidth', cells: touched });
	}
	if (r.chance(FAULT_RATES.not_applicable)) {
		const zeros = ['t2.admin_coercion.decisions', 't2.admin_license.decisions', 't2.admin_penalty.decisions', 't2.other_mgmt_services.decisions'].filter((id) => values[id] === 0 && cells[id] === '0');
		if (zeros.length) {
			const id = r.pick(zeros);
			cells[id] = r.pick(['-', '/', '无', '—']);
			faults.push({ type: 'not_applicable', cells: [id], detail: cells[id] });
		}
	}
	if (pdfLike && r.chance(FAULT_RATES.split_number)) {
		const big = Object.keys(cells).filter((id) => id.startsWith('t3.') && !id.endsWith('.total') && /^\d{2,}$/.test(cells[id]));
		if (big.length) {
			const id = r.pick(big);
			const at = r.int(1, cells[id].length - 1);
			faults.push({ type: 'split_number', cells: [id], detail: `${cells[id].slice(0, at)} | ${cells[id].slice(at)}` });
			cells[id] = `${cells[id].slice(0, at)}${SPLIT}${cells[id].slice(at)}`;
		}
	}
	const provincial = r.chance(FAULT_RATES.provincial_rows);
	if (provincial) faults.push({ type: 'provincial_rows', cells: [], detail: 'extra row 其他主动公开文件 and instructions in labels' });
	const gbk = r.chance(FAULT_RATES.gbk);
	if (gbk) faults.push({ type: 'gbk', cells: [] });
	return { cells, faults, provincial, gbk };
}

/** Header labels that real pages print with a stray space inside (templates.md D4). */
const SPACEABLE = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '结果维持', '结果纠正', '其他结果', '尚未审结', '本年增/减', '处理决定数量'];

/** D4: puts an ASCII space inside some header labels of the grids; returns the labels touched. */
export function spaceLabels(grids: Grid[], r: Rng): string[] {
	const touched: string[] = [];
	for (const g of grids)
		for (const row of g)
			for (const c of row) {
				if (c.value || !SPACEABLE.includes(c.text) || !r.chance(0.5)) continue;
				const k = r.int(1, c.text.length - 1);
				c.text = `${c.text.slice(0, k)} ${c.text.slice(k)}`;
				touched.push(c.text);
			}
	return touched;
}

/** D5 (Shanghai 2019 HTML): in three-value rows the data cells span 2,1,1 grid columns while the header spans 1,2,1. */
export function misalignColspans(t2: Grid): number {
	let n = 0;
	for (const row of t2) {
		const vals = row.filter((c) => c.value);
		if (vals.length === 3 && vals[1].colspan === 2) {
			vals[0].colspan = 2;
			vals[1].colspan = undefined;
			n++;
		}
	}
	return n;
}

const VARIANTS: Record<string, string> = { '（七）总计': '（七）合计', 总计: '合计', 其他: '其他组织' };

/** D13: variant wordings of table-三 labels (合计, 其他组织); returns the labels changed. */
export function varyLabels(t3: Grid): string[] {
	const touched: string[] = [];
	for (const row of t3)
		for (const c of row) {
			const v = c.value ? undefined : VARIANTS[c.text];
			if (v) (touched.push(`${c.text}→${v}`), (c.text = v));
		}
	return touched;
}

/**
 * What publishing does to a finished document (issue 9), applied after rendering at FAULT_RATES: a mirror
 * in traditional characters, page footers, converter white space, and the number-destroying damages — a
 * lost cell, two glued cells, table 四 split into captioned tables, lost outline numbers. The truth keeps
 * the intended values; each record names the cells of the table the damage struck (all of that table's
 * metrics: which single cell was lost is in `detail`), so the accuracy bench can tell flagged from silent.
 */
export function publishingFaults(content: string, r: Rng, opts: { gbk: boolean; metrics: string[] }): { content: string; faults: FaultRecord[] } {
	const faults: FaultRecord[] = [];
	const tableAt = (text: string, at: number) => {
		const starts = [/二、\s*主动公开政府信息情况/, /三、\s*收到和处理政府信息公开申请情况/, /四、\s*政府信息公开行政复议/].map((re) => text.search(re));
		let t = -1;
		starts.forEach((s, k) => {
			if (s >= 0 && s <= at) t = k;
		});
		return t < 0 ? [] : opts.metrics.filter((m) => m.startsWith(`t${t + 2}.`));
	};
	const apply = (type: FaultType, kind: MutationKind, cells: (before: string, at: number | undefined) => string[]) => {
		if (!r.chance(FAULT_RATES[type as keyof typeof FAULT_RATES])) return;
		const m = mutate(kind, content, r);
		if (!m) return;
		faults.push({ type, cells: cells(content, m.at), detail: m.detail });
		content = m.text;
	};
	// Number-destroying damages first, on the text as rendered.
	apply('dropped_cell', 'dropped_cell', (t, at) => tableAt(t, at ?? 0));
	apply('glued_cells', 'glued_cells', (t, at) => tableAt(t, at ?? 0));
	apply('split_table4', 'split_table4', () => opts.metrics.filter((m) => m.startsWith('t4.')));
	apply('lost_captions', 'lost_captions', () => opts.metrics.filter((m) => m.startsWith('t2.') || m.startsWith('t3.')));
	// Then the rewrites that keep every number.
	apply('page_footers', 'footers', () => []);
	if (r.chance(FAULT_RATES.converter_spaces)) {
		// GBK has no NBSP: a GBK file gets the CRLF line ends only.
		const m = mutate(!opts.gbk && r.chance(0.5) ? 'ideographic_spaces' : 'crlf', content, r);
		if (m) (faults.push({ type: 'converter_spaces', cells: [], detail: m.detail }), (content = m.text));
	}
	// GBK files keep simplified characters (a mirror in traditional characters serves UTF-8 or Big5).
	if (!opts.gbk && r.chance(FAULT_RATES.traditional)) {
		const kind = r.chance(0.25) ? 'pinyin_glosses' : r.pick(['traditional_tw', 'traditional_hk', 'traditional_t', 'traditional_twp'] as const);
		const m = mutate(kind, content, r);
		if (m) (faults.push({ type: 'traditional', cells: [], detail: m.detail }), (content = m.text));
	}
	return { content, faults };
}
