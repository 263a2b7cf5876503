/**
 * HTML reports with real tables: rowspan and colspan as the template draws them (the Shanghai 2019 page,
 * templates.md S5), blank cells as &nbsp;, and the charset declared in a meta tag so GBK pages decode.
 * Page styles vary as CMS output does: headers broken with <br />, Word-exported cells wrapped in styled
 * <span>s, and table 二 split into one table per 第二十条 block.
 */
import type { Grid } from './grid.ts';
import type { Prose } from './prose.ts';
import type { DocTables } from './render-text.ts';
import { SECTION } from './layout.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;').replace(/\n\n?/g, '<br />');

/** Headers pages break with <br /> in narrow columns (the Shanghai 2019 page: 本年新<br />制作数量). */
const BREAKS: Record<string, string> = { 本年新制作数量: '本年新<br />制作数量', 本年新公开数量: '本年新<br />公开数量', 社会公益组织: '社会公益<br />组织', 法律服务机构: '法律服务<br />机构' };

export interface HtmlStyle {
	breakHeaders: boolean;
	/** Word-exported markup: styled cells and a <span> around every text. */
	word: boolean;
	/** Table 二 as one <table> per 第二十条 block. */
	splitTable2: boolean;
}

function table(g: Grid, st: HtmlStyle): string {
	const rows = g.map((row) => {
		const tds = row
			.filter((c) => !c.cont)
			.map((c) => {
				const attrs = `${c.colspan ? ` colspan="${c.colspan}"` : ''}${c.rowspan ? ` rowspan="${c.rowspan}"` : ''}`;
				let text = c.text.trim() === '' ? '&nbsp;' : !c.value && st.breakHeaders && BREAKS[c.text] ? BREAKS[c.text] : esc(c.text);
				if (st.word) {
					text = `<span style="font-family:仿宋_GB2312;font-size:12pt">${text}</span>`;
					return `<td width="${c.value ? 60 : 180}" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"${attrs}><p class="MsoNormal" style="text-align:center">${text}</p></td>`;
				}
				return `<td${attrs}><p${c.value ? ' align="center"' : ''}>${text}</p></td>`;
			});
		return `<tr>${tds.join('')}</tr>`;
	});
	return `<table align="center" border="1" cellspacing="0"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** Splits table 二's grid at its block-title rows (one cell spanning the whole width). */
function blocks(g: Grid): Grid[] {
	const out: Grid[] = [];
	for (const row of g) {
		if (out.length === 0 || (row.length === 1 && (row[0].colspan ?? 1) > 1)) out.push([]);
		out[out.length - 1].push(row);
	}
	return out;
}

export function renderHtml(p: Prose, t: DocTables, charset: 'utf-8' | 'gbk', signed: string, st: HtmlStyle): string {
	const para = (s: string) => `<p>${esc(s)}</p>`;
	const body = [
		`<h1>${esc(p.title)}</h1>`,
		para(p.preface),
		para(SECTION.one),
		...p.overview.map(para),
		para(SECTION.two),
		...p.beforeTable2.map(para),
		...(st.splitTable2 ? blocks(t.t2).map((b) => table(b, st)) : [table(t.t2, st)]),
		para(SECTION.three),
		table(t.t3, st),
		para(SECTION.four),
		table(t.t4, st),
		para(SECTION.five),
		...p.problems.map(para),
		para(SECTION.six),
		...p.other.map(para),
		`<p align="right">${esc(signed).replace(/<br \/>/g, '<br />')}</p>`
	];
	return `<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=${charset}">\n<title>${esc(p.title)}</title>\n</head>\n<body>\n<div class="content">\n${body.join('\n')}\n</div>\n</body>\n</html>\n`;
}
