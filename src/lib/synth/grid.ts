/**
 * The three tables as grids of cells with the template's rowspans and colspans (templates.md §3.2, §3.3,
 * §4). Every renderer starts from these grids: HTML prints the spans, flattened text prints what a web
 * page's copy-paste leaves of them (empty cells where a rowspan continues, one cell per colspan).
 */
import type { Format } from '../catalog/index.ts';
import { PROVINCIAL, T2_LAYOUT, T3_CORNER, T3_COLUMNS, T3_HEADER, T3_TOP, t3OutcomeRows, T4_HEADER, T4_METRICS } from './layout.ts';

export interface GridCell {
	text: string;
	colspan?: number;
	rowspan?: number;
	/** Placeholder where a rowspan from above continues: HTML skips it, tab-flattened text prints it empty. */
	cont?: boolean;
	/** A value cell (the others are labels and headers). */
	value?: boolean;
}
export type Grid = GridCell[][];

export interface GridInput {
	format: Format;
	year: number;
	/** Printed text per metric id (faults already applied). */
	cells: Record<string, string>;
	provincial: boolean;
	/** Values of the provincial extra row, printed but not national metrics. */
	extraRow: [string, string, string];
}

const spans = (k: number, g: number): number[] => (k === g ? Array(k).fill(1) : k === 1 ? [g] : k === 2 ? [g / 2, g / 2] : [1, g - 2, 1]);

export function table2Grid(inp: GridInput): Grid {
	const g = inp.format === '2019' ? 4 : 3;
	const rows: Grid = [];
	for (const block of T2_LAYOUT[inp.format]) {
		const sp = spans(block.headers.length, g);
		rows.push([{ text: block.title, colspan: g + 1 }]);
		const headers = block.headers.map((h) => {
			if (!inp.provincial || inp.format !== '2019') return h;
			return h === '上一年项目数量' ? PROVINCIAL.prevItemsHeader(inp.year) : h === '本年增/减' ? PROVINCIAL.deltaHeader : h;
		});
		rows.push([{ text: '信息内容' }, ...headers.map((h, i) => ({ text: h, colspan: sp[i] }))]);
		for (const row of block.rows) {
			let label = row.label;
			if (inp.provincial && row.label === '规章') label = PROVINCIAL.rulesLabel;
			if (inp.provincial && row.label === '规范性文件') label = PROVINCIAL.normativeLabel;
			rows.push([{ text: label }, ...row.metrics.map((m, i) => ({ text: inp.cells[m], colspan: sp[i], value: true }))]);
		}
		if (inp.provincial && block.title === '第二十条第（一）项') {
			rows.push([{ text: PROVINCIAL.extraRow }, ...inp.extraRow.map((t, i) => ({ text: t, colspan: sp[i], value: true }))]);
		}
	}
	return rows.map((r) => r.map((c) => (c.colspan === 1 ? { ...c, colspan: undefined } : c)));
}

export function table3Grid(inp: GridInput): Grid {
	const vals = (row: string): GridCell[] => T3_COLUMNS.map((c) => ({ text: inp.cells[`t3.${row}.${c}`], value: true }));
	const rows: Grid = [
		[{ text: T3_CORNER, colspan: 3, rowspan: 3 }, { text: T3_HEADER.applicant, colspan: 7 }],
		[{ text: '', cont: true }, { text: T3_HEADER.natural, rowspan: 2 }, { text: T3_HEADER.legal, colspan: 5 }, { text: T3_HEADER.total, rowspan: 2 }],
		[{ text: '', cont: true }, { text: '', cont: true }, ...T3_HEADER.legalCols.map((t) => ({ text: t })), { text: '', cont: true }],
		[{ text: T3_TOP.new_received, colspan: 3 }, ...vals('new_received')],
		[{ text: T3_TOP.carried_over, colspan: 3 }, ...vals('carried_over')]
	];
	const outcomes = t3OutcomeRows(inp.format);
	outcomes.forEach((o, i) => {
		const row: GridCell[] = [i === 0 ? { text: T3_TOP.outcomes, rowspan: outcomes.length } : { text: '', cont: true }];
		if (o.group) {
			const first = i === 0 || outcomes[i - 1].group !== o.group;
			const size = outcomes.filter((x) => x.group === o.group).length;
			row.push(first ? { text: o.group, rowspan: size } : { text: '', cont: true }, { text: o.label });
		} else row.push({ text: o.label, colspan: 2 });
		rows.push([...row, ...vals(o.key)]);
	});
	rows.push([{ text: T3_TOP.carried_forward, colspan: 3 }, ...vals('carried_forward')]);
	return rows;
}

export function table4Grid(inp: GridInput): Grid {
	const results = (rowspan?: number): GridCell[] => T4_HEADER.results.map((t) => ({ text: t, rowspan }));
	return [
		[{ text: T4_HEADER.review, colspan: 5 }, { text: T4_HEADER.litigation, colspan: 10 }],
		[...results(2), { text: T4_HEADER.direct, colspan: 5 }, { text: T4_HEADER.after, colspan: 5 }],
		[...T4_HEADER.results.map(() => ({ text: '', cont: true })), ...results(), ...results()],
		T4_METRICS.map((m) => ({ text: inp.cells[m], value: true }))
	];
}
