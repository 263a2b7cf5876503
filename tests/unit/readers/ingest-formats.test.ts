/**
 * `nianbao ingest` on a folder of mixed report files — PDF, DOCX, HTML, text, plus a scanned PDF and a
 * legacy .doc named .docx — writes one dataset: each file read by the reader its bytes call for, PDF values
 * with their page and box, failures as failed rows with their reason, the rest of the batch kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest } from '../../../src/node/ingest.ts';
import { CORPUS } from '../../helpers/corpus.ts';
import { pagesPdf } from '../../helpers/minipdf.ts';

const OFFICE = 'tests/fixtures/office';
let dir: string;
let out: string;
let summary: Awaited<ReturnType<typeof ingest>>;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-formats-'));
	const src = join(dir, 'in');
	await mkdir(src);
	await copyFile(join(OFFICE, '110101002-景山街道-2022.writer.pdf'), join(src, 'jingshan-2022.pdf'));
	// A PDF saved without its extension is still a PDF.
	await copyFile(join(OFFICE, '110101001-东华门街道-2021.chromium.pdf'), join(src, 'donghuamen-2021'));
	await copyFile(join(OFFICE, '110101004-安定门街道-2019.docx'), join(src, 'andingmen-2019.docx'));
	await copyFile(join(CORPUS, '000-xianxiangzhen-2020.txt'), join(src, 'xianxiang-2020.txt'));
	await copyFile(join(CORPUS, '001-shanghai-shizhengfubangongting-2019.html'), join(src, 'shanghai-2019.html'));
	await writeFile(join(src, 'scan.pdf'), pagesPdf(['image', 'image', 'image']));
	await writeFile(join(src, 'old.docx'), new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]));
	out = join(dir, 'out');
	summary = await ingest([src], { out, name: 'formats' });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function query(sql: string) {
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	const rows = (await con.runAndReadAll(sql.replaceAll('$out', out))).getRowObjectsJson();
	con.closeSync();
	return rows as Record<string, unknown>[];
}

describe('ingest of mixed formats', () => {
	it('reads every report file by its bytes and keeps the batch going past the bad ones', async () => {
		const rows = await query(`SELECT report_id, file_type, status FROM '$out/reports.parquet' ORDER BY report_id`);
		expect(rows).toEqual([
			{ report_id: 'andingmen-2019', file_type: 'docx', status: 'ok' },
			{ report_id: 'donghuamen-2021', file_type: 'pdf', status: 'ok' },
			{ report_id: 'jingshan-2022', file_type: 'pdf', status: 'ok' },
			{ report_id: 'old', file_type: null, status: 'failed' },
			{ report_id: 'scan', file_type: null, status: 'failed' },
			{ report_id: 'shanghai-2019', file_type: 'html', status: 'ok' },
			{ report_id: 'xianxiang-2020', file_type: 'text', status: 'ok' }
		]);
		expect(summary.files.filter((f) => f.status === 'failed').map((f) => f.reason)).toEqual([
			expect.stringMatching(/legacy Word \.doc.*save it as \.docx or PDF/),
			expect.stringMatching(/^scanned — needs OCR: .*pages 1, 2, 3/)
		]);
		const issues = await query(`SELECT report_id, code FROM '$out/issues.parquet' WHERE severity = 'error' AND report_id IN ('old', 'scan') ORDER BY report_id`);
		expect(issues).toEqual([
			{ report_id: 'old', code: 'doc' },
			{ report_id: 'scan', code: 'scanned' }
		]);
	});

	it('gives PDF facts a page and a box, and the other formats none', async () => {
		const rows = await query(
			`SELECT r.file_type, count(*) AS n, count(f.page) AS with_page, min(f.page) AS first, max(f.page) AS last, bool_and(f.box_x0 < f.box_x1 AND f.box_y0 < f.box_y1) AS boxes
			 FROM '$out/facts.parquet' f JOIN '$out/reports.parquet' r USING (report_id) GROUP BY 1 ORDER BY 1`
		);
		const by = Object.fromEntries(rows.map((r) => [r.file_type, r]));
		expect(Number(by.pdf.with_page)).toBe(Number(by.pdf.n));
		expect(Number(by.pdf.n)).toBeGreaterThan(400);
		expect(Number(by.pdf.first)).toBe(1);
		expect(Number(by.pdf.last)).toBeGreaterThanOrEqual(2);
		expect(by.pdf.boxes).toBe(true);
		for (const t of ['docx', 'html', 'text']) expect(Number(by[t].with_page)).toBe(0);
	});

	it('keeps the PDF reader text, so a value span shows the printed cell', async () => {
		const rows = await query(
			`SELECT f.raw, substr(t.text, f.span_start + 1, f.span_end - f.span_start) AS shown
			 FROM '$out/facts.parquet' f JOIN '$out/texts.parquet' t USING (report_id)
			 WHERE f.report_id = 'jingshan-2022' AND f.metric = 'n.proactive.items'`
		);
		expect(rows).toHaveLength(1);
		expect(rows[0].shown).toBe(rows[0].raw);
	});
});
