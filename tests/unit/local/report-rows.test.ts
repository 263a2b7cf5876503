/**
 * The browser's per-file rows (src/lib/local/report-rows.ts) from the shared readers: a generated office PDF
 * comes out with the organisation, year and headline figures of its truth, and its facts carry page and box;
 * files that are no report, empty or scanned get their own status and a reason, never a report of zeros.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readReportBytes } from '../../../src/node/read.ts';
import { ReadError } from '../../../src/lib/readers/read-bytes.ts';
import { outcomeOf, uniqueId, withBatchRules } from '../../../src/lib/local/report-rows.ts';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ingest } from '../../../src/node/ingest.ts';
import { nodeConnector } from '../../../src/node/duckdb-connector.ts';

const FIXTURE = 'tests/fixtures/office/110101002-景山街道-2022.writer.pdf';

describe('one report file read in the browser', () => {
	it('a generated office PDF gives the org, year and headline figures of its truth, with page and box on its facts', async () => {
		const truth = JSON.parse(readFileSync(`${FIXTURE}.truth.json`, 'utf8'));
		const o = outcomeOf('jingshan', FIXTURE, { decoded: await readReportBytes(new Uint8Array(readFileSync(FIXTURE))) });
		expect(o.org).toBe(truth.org);
		expect(o.year).toBe(truth.year);
		expect(o.fileType).toBe('pdf');
		expect(o.proactive).toBe(truth.values['n.proactive.items']);
		expect(o.received).toBe(truth.values['t3.new_received.total']);
		expect(['ok', 'review']).toContain(o.status);
		expect(o.report.n_values).toBe(o.facts.length);
		const wrong = o.facts.filter((f) => f.metric in truth.values && truth.values[f.metric] !== f.value && !f.flags);
		expect(wrong).toEqual([]);
		expect(o.facts.find((f) => f.metric === 't2.admin_license.decisions')?.page).toBeGreaterThan(0);
		expect(o.text).toBeTruthy();
	});

	it('text that is no report is "not a report" with the reason, and an unreadable file "failed" with the reader\'s words', () => {
		const notes = outcomeOf('notes', 'notes.txt', { decoded: { text: '会议记录：讨论了采购。\n', encoding: 'utf-8', sha256: '', bytes: 30, warnings: [], fileType: 'text' } });
		expect(notes.status).toBe('not_report');
		expect(notes.reason).toMatch(/年度报告/);
		expect(notes.facts).toEqual([]);
		expect(notes.report.status).toBe('failed');
		const empty = outcomeOf('e', 'e.pdf', { error: new ReadError('empty', 'the file is empty') });
		expect(empty.status).toBe('failed');
		expect(empty.issues[0]).toMatchObject({ severity: 'error', code: 'empty', message: 'e.pdf: the file is empty' });
		const scanned = outcomeOf('s', 's.pdf', { error: new ReadError('scanned', 'scanned — needs OCR: no page has a text layer; page 1 is only an image') });
		expect(scanned.status).toBe('scanned');
	});

	it('report ids are made from file names and kept unique', () => {
		const used = new Set<string>();
		expect(uniqueId('景山街道 2022.pdf', used)).toBe('景山街道-2022');
		expect(uniqueId('景山街道 2022.docx', used)).toBe('景山街道-2022-2');
	});
});

describe('the batch rules of ingest, in the browser', () => {
	it('a second copy of a report and the cross-year checks give the same issues as nianbao ingest on the same files', async () => {
		const tmp = mkdtempSync(join(tmpdir(), 'nianbao-batch-'));
		try {
			const src = join(tmp, 'in');
			const files = [
				'tests/fixtures/office/110101006-东四街道-2020.docx',
				'tests/fixtures/office/110101006-东四街道-2021.writer.pdf',
				'tests/fixtures/office/110101002-景山街道-2022.writer.pdf'
			];
			const { mkdirSync } = await import('node:fs');
			mkdirSync(src);
			for (const f of files) copyFileSync(f, join(src, basename(f)));
			// The same report saved twice under another name (the copy sorts after the original).
			copyFileSync(files[2], join(src, 'zz-copy-of-jingshan.pdf'));
			const names = [...files.map((f) => basename(f)), 'zz-copy-of-jingshan.pdf'];

			await ingest([src], { out: join(tmp, 'out') });
			const conn = await nodeConnector();
			let fromIngest: { report_id: string; code: string; severity: string; message: string }[];
			try {
				await conn.query(`CREATE TABLE i AS SELECT * FROM read_parquet('${join(tmp, 'out', 'issues.parquet')}')`);
				fromIngest = await conn.query(`SELECT report_id, code, severity, message FROM i WHERE code IN ('duplicate', 'cross_year') ORDER BY ALL`);
			} finally {
				conn.close();
			}

			const used = new Set<string>();
			const outcomes = await Promise.all(
				names.map(async (n) => {
					const id = uniqueId(n, used);
					return outcomeOf(id, n, { decoded: await readReportBytes(new Uint8Array(readFileSync(join(src, n)))) });
				})
			);
			const checked = withBatchRules(outcomes);
			const fromBrowser = checked
				.flatMap((o) => o.issues)
				.filter((i) => i.code === 'duplicate' || i.code === 'cross_year')
				.map(({ report_id, code, severity, message }) => ({ report_id, code, severity, message }))
				.sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))));
			expect(fromIngest.some((i) => i.code === 'duplicate')).toBe(true);
			expect(fromBrowser).toEqual([...fromIngest].sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b)))));
			const copy = checked.find((o) => o.file === 'zz-copy-of-jingshan.pdf')!;
			expect(copy.status).toBe('failed');
			expect(copy.facts).toEqual([]);
			expect(copy.reason).toMatch(/110101002-景山街道-2022\.writer\.pdf was kept/);
			// The original is untouched.
			expect(checked.find((o) => o.file === basename(files[2]))).toBe(outcomes[2]);

			// Two years of 东四街道 follow on; carry 7 applications forward out of 2020 and 2021 must say it took them over.
			const [y2020, y2021] = outcomes;
			const moved = { ...y2020, facts: y2020.facts.map((f) => (f.metric === 't3.carried_forward.total' ? { ...f, value: 7 } : f)) };
			const cross = withBatchRules([moved, y2021]).flatMap((o) => o.issues).filter((i) => i.code === 'cross_year');
			expect(cross).toHaveLength(1);
			expect(cross[0]).toMatchObject({ report_id: y2021.id, subject: 'X-3' });
			expect(cross[0].message).toMatch(/7/);
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}
	});
});
