import { describe, expect, it } from 'vitest';
import { useDataset } from '../../helpers/dataset.ts';
import { contextWindow, parseFlags, profileTable, reportText, sourceOf, townFacts, townIssues, townReports } from '../../../src/lib/queries/town.ts';
import { METRICS } from '../../../src/lib/catalog/index.ts';

const XXZ = { org: '咸祥镇人民政府', district: '鄞州区' };

describe('Town profile queries on the real dataset', () => {
	const ds = useDataset();

	it('reads every fact of the town and only of the town', async () => {
		const facts = await townFacts(ds.conn, XXZ);
		const [{ n }] = await ds.conn.query<{ n: number }>(
			"SELECT count(*) AS n FROM facts WHERE report_id IN (SELECT report_id FROM reports WHERE org = '咸祥镇人民政府')"
		);
		expect(facts.length).toBe(n);
		expect(new Set(facts.map((f) => f.report_id))).toEqual(new Set(['000-xianxiangzhen-2020']));
	});

	it('pivots to metric × year, grouped by table 二/三/四/正文 in catalog order', async () => {
		const facts = await townFacts(ds.conn, XXZ);
		const { years, groups } = profileTable(facts);
		expect(years).toEqual([2020]);
		const order = [...new Set(METRICS.map((m) => m.table))];
		expect(groups.map((g) => g.table)).toEqual(order.filter((t) => groups.some((g) => g.table === t)));
		expect(groups.map((g) => g.table)).toEqual(expect.arrayContaining(['二', '三', '四', '正文']));
		const rows = groups.flatMap((g) => g.rows);
		expect(rows.length).toBe(new Set(facts.map((f) => f.metric)).size);
		const idx = rows.map((r) => METRICS.findIndex((m) => m.id === r.metric));
		expect(idx).toEqual([...idx].sort((a, b) => a - b));
		const proactive = rows.find((r) => r.metric === 'n.proactive.items')!;
		expect(proactive.cells[2020]).toMatchObject({ value: 366, raw: '共主动公开政府信息366条', flags: [] });
	});

	it('shows the first report’s value when a town has two reports for one year', () => {
		const f = (report_id: string, value: number) => ({ report_id, year: 2021, metric: 'n.proactive.items', value, unit: 'count', flags: '', raw: String(value), format: '2021' });
		const { groups } = profileTable([f('a-2021', 10), f('b-2021', 99)]);
		expect(groups[0].rows[0].cells[2021]).toMatchObject({ value: 10, report_id: 'a-2021' });
	});

	it('keeps each value’s flags on its cell', async () => {
		const facts = await townFacts(ds.conn, XXZ);
		const flagged = facts.find((f) => f.flags.includes('repaired'))!;
		expect(flagged).toBeDefined();
		const row = profileTable(facts).groups.flatMap((g) => g.rows).find((r) => r.metric === flagged.metric)!;
		expect(row.cells[flagged.year]!.flags).toEqual(parseFlags(flagged.flags));
		expect(parseFlags('blank;inferred_zero;bogus')).toEqual(['blank', 'inferred_zero']);
	});

	it('finds the sentence a number came from, so the span highlights exactly the raw text', async () => {
		const src = (await sourceOf(ds.conn, XXZ, 'n.proactive.items', 2020))!;
		expect(src.text).not.toBeNull();
		expect(src.text!.slice(src.span_start!, src.span_end!)).toBe(src.raw);
		const w = contextWindow(src.text!, src.span_start!, src.span_end!)!;
		expect(w.span).toBe('共主动公开政府信息366条');
		expect(w.before.length).toBeGreaterThan(0);
		expect(src.text!.includes(w.before + w.span + w.after)).toBe(true);
		expect(await sourceOf(ds.conn, XXZ, 'n.proactive.items', 2019)).toBeNull();
	});

	it('every fact with a span points at its raw text', async () => {
		const rows = await ds.conn.query<{ raw: string; shown: string }>(
			`SELECT f.raw, substr(t.text, f.span_start + 1, f.span_end - f.span_start) AS shown
			 FROM facts f JOIN texts t USING (report_id) WHERE f.span_start IS NOT NULL AND f.raw <> ''`
		);
		expect(rows.length).toBeGreaterThan(100);
		const mismatched = rows.filter((r) => r.raw !== r.shown);
		expect(mismatched.length / rows.length).toBeLessThan(0.05);
	});

	it('cuts a context window at line breaks and says when it clipped', () => {
		const text = 'a'.repeat(500) + '\n行政许可\t12\t3\n' + 'b'.repeat(500);
		const start = text.indexOf('12');
		const w = contextWindow(text, start, start + 2, 50)!;
		expect(w.before.startsWith('行政许可')).toBe(true);
		expect(w.span).toBe('12');
		expect(w.after).toBe('\t3');
		expect(w.clippedStart && w.clippedEnd).toBe(true);
		expect(contextWindow('short', 0, 5)).toMatchObject({ before: '', span: 'short', after: '', clippedStart: false, clippedEnd: false });
		expect(contextWindow('short', 3, 99)).toBeNull();
	});

	it('lists the town’s reports and their issues, most severe first', async () => {
		const reports = await townReports(ds.conn, XXZ);
		expect(reports.map((r) => [r.report_id, r.status, r.truncated])).toEqual([['000-xianxiangzhen-2020', 'ok', false]]);
		const issues = await townIssues(ds.conn, XXZ);
		const [{ n }] = await ds.conn.query<{ n: number }>("SELECT count(*) AS n FROM issues WHERE report_id = '000-xianxiangzhen-2020'");
		expect(issues.length).toBe(n);
		expect(issues[0].severity).toBe('warning');
		const text = await reportText(ds.conn, '000-xianxiangzhen-2020');
		expect(text?.text?.length).toBeGreaterThan(1000);
	});
});
