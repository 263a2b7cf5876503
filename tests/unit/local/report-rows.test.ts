/**
 * The browser's per-file rows (src/lib/local/report-rows.ts) from the shared readers: a generated office PDF
 * comes out with the organisation, year and headline figures of its truth, and its facts carry page and box;
 * files that are no report, empty or scanned get their own status and a reason, never a report of zeros.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readReportBytes } from '../../../src/node/read.ts';
import { ReadError } from '../../../src/lib/readers/read-bytes.ts';
import { outcomeOf, uniqueId } from '../../../src/lib/local/report-rows.ts';

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
