/**
 * HTML reports with real tables: rowspan and colspan as the template draws them (the Shanghai 2019 page,
 * templates.md S5), blank cells as &nbsp;, and the charset declared in a meta tag so GBK pages decode.
 */
import type { Grid } from './grid.ts';
import type { Prose } from './prose.ts';
import type { DocTables } from './render-text.ts';
import { SECTION } from './layout.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;').replace(/\n\n?/g, '<br />');

/** Headers pages break with <br /> in narrow columns (the Shanghai 2019 page: 本年新<br />制作数量). */
const BREAKS: Record<string, string> = { 本年新制作数量: '本年新<br />制作数量', 本年新公开数量: '本年新<br />公开数量', 社会公益组织: '社会公益<br />组织', 法律服务机构: '法律服务<br />机构' };

function table(g: Grid, breakHeaders: boolean): string {
	const rows = g.map((row) => {
		const tds = row
			.filter((c) => !c.cont)
			.map((c) => {
				const attrs = `${c.colspan ? ` colspan="${c.colspan}"` : ''}${c.rowspan ? ` rowspan="${c.rowspan}"` : ''}`;
				const text = c.text.trim() === '' ? '&nbsp;' : !c.value && breakHeaders && BREAKS[c.text] ? BREAKS[c.text] : esc(c.text);
				return `<td${attrs}><p${c.value ? ' align="center"' : ''}>${text}</p></td>`;
			});
		return `<tr>${tds.join('')}</tr>`;
	});
	return `<table align="center" border="1" cellspacing="0"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function renderHtml(p: Prose, t: DocTables, charset: 'utf-8' | 'gbk', signed: string, breakHeaders = false): string {
	const para = (s: string) => `<p>${esc(s)}</p>`;
	const body = [
		`<h1>${esc(p.title)}</h1>`,
		para(p.preface),
		para(SECTION.one),
		...p.overview.map(para),
		para(SECTION.two),
		...p.beforeTable2.map(para),
		table(t.t2, breakHeaders),
		para(SECTION.three),
		table(t.t3, breakHeaders),
		para(SECTION.four),
		table(t.t4, breakHeaders),
		para(SECTION.five),
		...p.problems.map(para),
		para(SECTION.six),
		...p.other.map(para),
		`<p align="right">${esc(signed).replace(/<br \/>/g, '<br />')}</p>`
	];
	return `<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=${charset}">\n<title>${esc(p.title)}</title>\n</head>\n<body>\n<div class="content">\n${body.join('\n')}\n</div>\n</body>\n</html>\n`;
}
