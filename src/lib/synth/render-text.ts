/**
 * Flattened web text, the way copying a government page leaves a report: tab-prefixed cells one per line
 * with rows separated by blank lines (the Xianxiang report, templates.md D1); pipe rows `a | b | c |` with
 * half-width brackets (the Liangcheng and Hudong reports, D9); Markdown tables as PDF converters write
 * them (the Shanghai S&T report); or one cell per paragraph, where rowspan
 * padding vanishes and short headers may break in two ("商业\n\n企业", the Qijiazi and Nanyuan reports).
 */
import type { Grid, GridCell } from './grid.ts';
import type { Prose } from './prose.ts';
import { SECTION } from './layout.ts';
import { SPLIT } from './faults.ts';

export type TextStyle = 'tab' | 'pipe' | 'markdown' | 'lines';

export interface DocTables {
	t2: Grid;
	t3: Grid;
	t4: Grid;
}

const half = (s: string) => s.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':');

function tabTable(g: Grid): string {
	return g.map((row) => row.map((c) => `\t${c.cont ? '' : c.text}`).join('\n')).join('\n\n');
}

function pipeTable(g: Grid, markdown: boolean): string {
	const width = Math.max(...g.map((r) => r.reduce((s, c) => s + (c.cont ? 0 : (c.colspan ?? 1)), 0)));
	const lines = g.map((row) => {
		const cells = row.filter((c) => !c.cont);
		const used = cells.reduce((s, c) => s + (c.colspan ?? 1), 0);
		const text = cells.map((c) => (c.value ? c.text.replace(/\n+/g, ' ').replace(SPLIT, ' | ') : markdown ? c.text : half(c.text))).join(' | ');
		// Markdown from a PDF (the Shanghai S&T report): full rows padded with empty cells, a rule under the first.
		if (markdown) return `| ${text} |${' |'.repeat(Math.max(0, width - cells.length))}`;
		return `${text} |${used < width ? ' ' + '|'.repeat(width - used) : ''}`;
	});
	if (markdown) lines.splice(1, 0, `|${'---|'.repeat(width)}`);
	return lines.join('\n');
}

/** Column headers in narrow columns that pages wrap onto two lines (seen in the Qijiazi and Tuoshi reports). */
const NARROW_HEADERS = new Map<string, string[]>(
	[
		['商业企业', ['商业', '企业']],
		['科研机构', ['科研', '机构']],
		['结果维持', ['结果', '维持']],
		['结果纠正', ['结果', '纠正']],
		['其他结果', ['其他', '结果']],
		['尚未审结', ['尚未', '审结']],
		['本年新制作数量', ['本年新', '制作数量']],
		['本年新公开数量', ['本年新', '公开数量']]
	]
);

function linesTable(g: Grid, splitHeaders: boolean): string {
	const cell = (c: GridCell) => {
		if (c.value) return c.text.trim() === '' ? '\u00a0' : c.text.replace(/\n+/g, ' ').replace(SPLIT, '\n\n');
		const t = half(c.text);
		const split = splitHeaders ? NARROW_HEADERS.get(t) : undefined;
		return split ? split.join('\n\n') : t;
	};
	return g.flatMap((row) => row.filter((c) => !c.cont).map(cell)).join('\n\n');
}

/**
 * Table 四 as PDF text extraction leaves it (the 审计局 flip-book, templates.md D7): the vertical headers
 * come out one character per column on each line, the 15 values on one line.
 */
export function pdfTable4(g: Grid): string {
	const vertical = (labels: string[]) => Array.from({ length: Math.max(...labels.map((l) => l.length)) }, (_, k) => labels.map((l) => l[k] ?? '').join(' ').trim());
	const results = g[1].filter((c) => !c.cont && !c.colspan).map((c) => c.text);
	const groups = g[1].filter((c) => c.colspan).map((c) => c.text);
	const values = g[g.length - 1].map((c) => c.text.replace(/\s+/g, ' '));
	return [g[0].map((c) => c.text).join(' '), ...vertical(results), groups.join(' '), ...vertical([...results, ...results]), values.join(' ')].join('\n');
}

export function renderText(p: Prose, t: DocTables, style: TextStyle, signed: string, splitHeaders = false, pdfT4 = false): string {
	const table = style === 'tab' ? tabTable : style === 'lines' ? (g: Grid) => linesTable(g, splitHeaders) : (g: Grid) => pipeTable(g, style === 'markdown');
	const sec = (s: string) => (style === 'tab' || style === 'markdown' ? s : half(s));
	const parts = [
		p.title,
		p.preface,
		sec(SECTION.one),
		...p.overview,
		sec(SECTION.two),
		...p.beforeTable2,
		table(t.t2),
		sec(SECTION.three),
		table(t.t3),
		sec(SECTION.four),
		pdfT4 ? pdfTable4(t.t4) : table(t.t4),
		sec(SECTION.five),
		...p.problems,
		sec(SECTION.six),
		...p.other,
		signed
	];
	return `\n${parts.join('\n\n')}\n`;
}
