/**
 * The reports read in the browser, downloaded as a dataset ZIP: `unzip -t` finds it sound; unzipped, its folder
 * is a nianbao dataset (manifest of the contract, Parquet and CSV of the four tables) that the Node loader of
 * `nianbao serve` loads with the same values the browser read, and that ingest recognises as its own; dropped
 * whole on the dashboard, it is opened as its Parquet tables (and a Word file, also a ZIP, is not taken for one).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { readReportBytes } from '../../../src/node/read.ts';
import { outcomeOf } from '../../../src/lib/local/report-rows.ts';
import { datasetZip, datasetZipTables } from '../../../src/lib/local/dataset-zip.ts';
import { nodeConnector } from '../../../src/node/duckdb-connector.ts';
import { loadAnyDataset } from '../../../src/node/serve.ts';
import { checkReplaceable } from '../../../src/node/out-folder.ts';
import { checkManifest, classifyColumns } from '../../../src/lib/data/file-checks.ts';
import { SCHEMA_VERSION, TABLES } from '../../../src/lib/dataset/schema.ts';

const FILES = ['tests/fixtures/office/110101002-景山街道-2022.writer.pdf', 'tests/fixtures/office/110101004-安定门街道-2019.docx'];

async function rows() {
	const outcomes = await Promise.all(FILES.map(async (f, k) => outcomeOf(`r${k}`, f.split('/').pop()!, { decoded: await readReportBytes(new Uint8Array(readFileSync(f))) })));
	return {
		outcomes,
		rows: {
			facts: outcomes.flatMap((o) => o.facts) as unknown as Record<string, unknown>[],
			reports: outcomes.map((o) => o.report) as unknown as Record<string, unknown>[],
			issues: outcomes.flatMap((o) => o.issues) as unknown as Record<string, unknown>[],
			texts: outcomes.map((o) => ({ report_id: o.id, text: o.text }))
		}
	};
}

describe('the dataset ZIP of the reports read in the browser', () => {
	const tmp = mkdtempSync(join(tmpdir(), 'nianbao-zip-'));
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));

	it('passes unzip -t and unzips into a dataset folder that the Node loader loads with the values read', async () => {
		const { outcomes, rows: r } = await rows();
		const { zip, manifest } = datasetZip(r, { name: 'my reports 2024', title: '浏览器中读取的 2 个年报文件' });
		const file = join(tmp, 'reports.zip');
		writeFileSync(file, zip);
		expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
		execFileSync('unzip', ['-q', file, '-d', tmp]);
		const dir = join(tmp, 'my-reports-2024');
		expect(readdirSync(dir).sort()).toEqual(['facts.csv', 'facts.parquet', 'issues.csv', 'issues.parquet', 'manifest.json', 'reports.csv', 'reports.parquet', 'texts.csv', 'texts.parquet']);
		const m = checkManifest('manifest.json', JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
		expect(m).toEqual(manifest);
		expect(m.schema_version).toBe(SCHEMA_VERSION);
		expect(m.tables.facts.rows).toBe(r.facts.length);
		expect(m.summary.years).toEqual([2019, 2022]);
		// ingest takes the folder for a dataset of its own (it would replace it, not refuse it as someone's folder).
		expect(await checkReplaceable(dir)).toBe('dataset');

		const conn = await nodeConnector();
		try {
			await loadAnyDataset(conn, dir);
			const back = await conn.query<{ report_id: string; metric: string; value: number; page: number | null; box_x0: number | null }>('SELECT report_id, metric, value, page, box_x0 FROM facts');
			expect(back.length).toBe(r.facts.length);
			for (const o of outcomes) {
				const v = back.find((f) => f.report_id === o.id && f.metric === 'n.proactive.items');
				expect(v?.value).toBe(o.proactive);
			}
			const cell = back.find((f) => f.report_id === 'r0' && f.metric === 't2.admin_license.decisions')!;
			expect(cell.page).toBeGreaterThan(0);
			expect(cell.box_x0).toBe(outcomes[0].facts.find((f) => f.metric === 't2.admin_license.decisions')!.box_x0);
			const rep = await conn.query<{ org: string; n: number }>('SELECT org, count(*)::INTEGER AS n FROM facts_r GROUP BY org ORDER BY org');
			expect(rep.map((x) => x.org).sort()).toEqual(outcomes.map((o) => o.org).sort());
		} finally {
			conn.close();
		}
		// The CSV copies open in Excel: BOM, header of the contract's columns.
		const csv = readFileSync(join(dir, 'facts.csv'), 'utf8');
		expect(csv.startsWith('\ufeffreport_id,year,metric,value,unit,flags,raw,span_start,span_end,page,box_x0')).toBe(true);
	});

	it('dropped whole on the dashboard, it opens as its four Parquet tables; a Word file is not taken for one', async () => {
		const { rows: r } = await rows();
		const { zip } = datasetZip(r, { name: 'x', title: 'x' });
		const tables = await datasetZipTables(new File([zip as Uint8Array<ArrayBuffer>], 'x.zip'));
		expect(tables?.map((f) => f.name).sort()).toEqual(['facts.parquet', 'issues.parquet', 'reports.parquet', 'texts.parquet']);
		for (const f of tables!) {
			const buf = await f.arrayBuffer();
			const cols = parquetSchema(parquetMetadata(buf)).children.map((c) => c.element.name);
			const table = classifyColumns(f.name, cols);
			expect(`${table}.parquet`).toBe(f.name);
			expect(cols).toEqual(Object.keys(TABLES[table]));
		}
		expect(await datasetZipTables(new File([readFileSync(FILES[1])], 'a.docx'))).toBeNull();
		expect(await datasetZipTables(new File([readFileSync(FILES[0])], 'a.pdf'))).toBeNull();
	});
});
