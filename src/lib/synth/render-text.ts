/**
 * Flattened web text, the way copying a government page leaves a report: either tab-prefixed cells one
 * per line with rows separated by blank lines (the Xianxiang report, templates.md D1), or pipe rows
 * `a | b | c |` with half-width brackets (the Liangcheng and Hudong reports, D9).
 */
import type { Grid } from './grid.ts';
import type { Prose } from './prose.ts';
import { SECTION } from './layout.ts';

export type TextStyle = 'tab' | 'pipe';

export interface DocTables {
	t2: Grid;
	t3: Grid;
	t4: Grid;
}

const half = (s: string) => s.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':');

function tabTable(g: Grid): string {
	return g.map((row) => row.map((c) => `\t${c.cont ? '' : c.text}`).join('\n')).join('\n\n');
}

function pipeTable(g: Grid): string {
	const width = Math.max(...g.map((r) => r.reduce((s, c) => s + (c.cont ? 0 : (c.colspan ?? 1)), 0)));
	return g
		.map((row) => {
			const cells = row.filter((c) => !c.cont);
			const used = cells.reduce((s, c) => s + (c.colspan ?? 1), 0);
			const text = cells.map((c) => (c.value ? c.text.replace(/\n+/g, ' ') : half(c.text))).join(' | ');
			return `${text} |${used < width ? ' ' + '|'.repeat(width - used) : ''}`;
		})
		.join('\n');
}

export function renderText(p: Prose, t: DocTables, style: TextStyle, signed: string): string {
	const table = style === 'tab' ? tabTable : pipeTable;
	const sec = (s: string) => (style === 'pipe' ? half(s) : s);
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
		table(t.t4),
		sec(SECTION.five),
		...p.problems,
		sec(SECTION.six),
		...p.other,
		signed
	];
	return `\n${parts.join('\n\n')}\n`;
}
