import { describe, expect, it } from 'vitest';
import { csvParse } from 'd3-dsv';
import { BOM, csvCell, toCsv } from '../../../src/lib/export/csv.ts';
import { loadDatasetNative, nodeConnector } from '../../../src/node/duckdb-connector.ts';
import { allRows, DATA_COLUMNS, EMPTY_FILTER } from '../../../src/lib/queries/data.ts';

/** What a spreadsheet would show for a cell we wrote: the text minus our neutralising apostrophe. */
const expectedCell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v));

describe('CSV export', () => {
	it('starts with a UTF-8 byte-order mark so Excel reads Chinese', () => {
		const csv = toCsv([{ org: '咸祥镇人民政府' }]);
		expect(csv.startsWith(BOM)).toBe(true);
		expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
	});

	it('neutralises text cells that a spreadsheet would run as a formula', () => {
		for (const s of ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) expect(csvCell(s)).toBe(`'${s}`);
		expect(csvCell('咸祥镇')).toBe('咸祥镇');
		expect(csvCell('a=b')).toBe('a=b');
	});

	it('keeps numbers numeric, negative ones included, and writes null as an empty cell', () => {
		expect(csvCell(-7)).toBe('-7');
		expect(csvCell(0)).toBe('0');
		expect(csvCell(null)).toBe('');
		expect(csvCell(Number.NaN)).toBe('');
	});

	it('quotes commas, quotes and line breaks so rows parse back exactly', () => {
		const rows = [{ a: 'x,y', b: 'say "hi"', c: 'line\nbreak', d: 12.5, e: null, f: '=HYPERLINK("x")' }];
		const back = csvParse(toCsv(rows).slice(1));
		expect(back.columns).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
		expect(back[0]).toEqual({ a: 'x,y', b: 'say "hi"', c: 'line\nbreak', d: '12.5', e: '', f: `'=HYPERLINK("x")` });
	});

	it('round-trips every row of the real dataset through d3-dsv', async () => {
		const conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
		const rows = await allRows(conn, EMPTY_FILTER);
		conn.close();
		const cols = DATA_COLUMNS.map((c) => c.name);
		const text = toCsv(rows, cols);
		expect(text.startsWith(BOM)).toBe(true);
		const back = csvParse(text.slice(1));
		expect(back.columns).toEqual(cols);
		expect(back.length).toBe(rows.length);
		for (let i = 0; i < rows.length; i++) {
			for (const c of cols) expect(back[i][c], `${i}:${c}`).toBe(expectedCell(rows[i][c]));
		}
		// The real dataset has signed deltas: numbers stay numbers, and any text cell starting with '-' is guarded.
		expect(rows.some((r) => typeof r.value === 'number' && r.value < 0)).toBe(true);
	});
});
