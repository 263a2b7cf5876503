/**
 * Opening one's own report files in the browser: a report PDF given to "打开文件" is read and parsed in the
 * report worker (not loaded as a dataset), listed with its organisation and headline figures as the generated
 * report's truth says, and becomes the dataset the Town profile shows — under the production build's CSP.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, waitForReload } from './helpers/app.ts';

const FIXTURE = 'tests/fixtures/office/110101002-景山街道-2022.writer.pdf';
const truth = JSON.parse(readFileSync(`${FIXTURE}.truth.json`, 'utf8')) as { org: string; year: number; values: Record<string, number | null> };

test('a report PDF opened with the file input is listed with its org and figures, and its Town profile shows them', async ({ page }) => {
	const csp: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
	});
	await openApp(page, '/?ds=real');
	await page.getByTestId('file-input').setInputFiles(FIXTURE);

	await expect(page).toHaveURL(/\/read(\?|$)/);
	const row = page.getByTestId('read-row');
	await expect(row).toHaveCount(1);
	// Parsing runs off the page's thread; the PDF is small, so seconds (generous for a shared 2-core machine).
	await expect(row).toHaveAttribute('data-status', /^(ok|review|partial)$/, { timeout: 20_000 });
	await expect(row.getByTestId('read-org')).toHaveText(truth.org);
	await expect(row.getByTestId('read-proactive')).toHaveText(truth.values['n.proactive.items']!.toLocaleString('en-US'));
	const received = truth.values['t3.new_received.total'];
	if (received !== null && received !== undefined) await expect(row.getByTestId('read-received')).toHaveText(received.toLocaleString('en-US'));
	await expect(row).toContainText(String(truth.year));
	await expect(row).toContainText('PDF');

	// The reports read are the dataset now: its Town profile shows the values read from the PDF.
	await page.waitForSelector('html[data-dataset-status="ready"]');
	await expect(page.getByTestId('dataset-picker')).toHaveValue('');
	await row.getByTestId('read-org').getByRole('link').click();
	await expect(page).toHaveURL(/\/town\?org=/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(truth.org);
	const cell = (m: string) => page.locator(`[data-testid="profile-value"][data-metric="${m}"][data-year="${truth.year}"]`);
	await expect(cell('n.proactive.items')).toHaveAttribute('data-value', String(truth.values['n.proactive.items']));
	const t2 = Object.entries(truth.values).find(([m, v]) => m.startsWith('t2.') && typeof v === 'number' && v > 0);
	if (t2) await expect(cell(t2[0])).toHaveAttribute('data-value', String(t2[1]));
	expect(csp, 'CSP violations').toEqual([]);
});

test('a browser-printed PDF (its CJK font as ~120 Type 3 fonts) is read in the worker with its org and figures (English page: one file, singular)', async ({ page }) => {
	// The worker reads it through the view without glyph programs (pdf-type3.ts), as Node does.
	const print = 'tests/fixtures/office/411082001-建设路街道-2021.chromium.pdf';
	const t = JSON.parse(readFileSync(`${print}.truth.json`, 'utf8')) as typeof truth;
	await openApp(page, '/?ds=real&lang=en');
	await page.getByTestId('file-input').setInputFiles(print);
	const row = page.getByTestId('read-row');
	await expect(row).toHaveAttribute('data-status', /^(ok|review|partial)$/, { timeout: 20_000 });
	await expect(row.getByTestId('read-org')).toHaveText(t.org);
	await expect(page.getByText(/^1 file read/)).toBeVisible();
	await expect(row.getByTestId('read-proactive')).toHaveText(t.values['n.proactive.items']!.toLocaleString('en-US'));
	const received = t.values['t3.new_received.total'];
	if (received !== null && received !== undefined) await expect(row.getByTestId('read-received')).toHaveText(received.toLocaleString('en-US'));
});

test('a file that is not a report is listed as such, and the shipped datasets are one pick away', async ({ page }) => {
	await openApp(page, '/?ds=real');
	await page.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('会议记录：本周讨论了办公用品的采购。\n下周继续。\n') });
	const row = page.getByTestId('read-row');
	await expect(row).toHaveAttribute('data-status', 'not_report', { timeout: 20_000 });
	await expect(row).toContainText('不是年报');
	await page.waitForSelector('html[data-dataset-status="ready"]');
	await page.getByTestId('dataset-picker').selectOption('real');
	await expect(page.getByTestId('dataset-picker')).toHaveValue('real');
	await page.waitForSelector('html[data-dataset-status="ready"]');
});

test('the reports read are kept in this browser across a reload, can be shown again and removed', async ({ page }) => {
	await openApp(page, '/?ds=real');
	await page.getByTestId('file-input').setInputFiles(FIXTURE);
	const row = page.getByTestId('read-row');
	await expect(row).toHaveAttribute('data-status', /^(ok|review|partial)$/, { timeout: 20_000 });
	await page.waitForSelector('html[data-dataset-status="ready"]');
	await page.goto('/read?ds=real');
	await page.waitForSelector('html[data-dataset-status="ready"]');
	await expect(row.getByTestId('read-org')).toHaveText(truth.org);
	await expect(page.getByTestId('dataset-picker')).toHaveValue('real');
	const before = await page.locator('html').getAttribute('data-dataset-version');
	await page.getByTestId('read-show').click();
	await waitForReload(page, before, 'ready');
	await expect(page.getByTestId('dataset-picker')).toHaveValue('');
	await page.getByTestId('read-remove').click();
	await expect(row).toHaveCount(0);
	await page.reload();
	await expect(page.getByText('还没有读取报告')).toBeVisible();
});

test('a Word report and a GBK-encoded web page are read too, each with its org and figures', async ({ page }) => {
	const iconv = (await import('iconv-lite')).default;
	const docx = 'tests/fixtures/office/110101004-安定门街道-2019.docx';
	const docxTruth = JSON.parse(readFileSync(`${docx}.truth.json`, 'utf8')) as { org: string; values: Record<string, number | null> };
	const html = 'datasets/sources/real/001-shanghai-shizhengfubangongting-2019';
	const htmlTruth = JSON.parse(readFileSync(`${html}.expected.json`, 'utf8')) as { org: string; values: Record<string, number | null> };
	await openApp(page, '/?ds=real');
	await page.getByTestId('file-input').setInputFiles([
		{ name: 'anding.docx', mimeType: 'application/octet-stream', buffer: readFileSync(docx) },
		{ name: 'shanghai-gbk.html', mimeType: 'text/html', buffer: iconv.encode(readFileSync(`${html}.html`, 'utf8'), 'gb18030') }
	]);
	const rows = page.getByTestId('read-row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(1)).not.toHaveAttribute('data-status', /^(queued|reading|parsing)$/, { timeout: 20_000 });
	await expect(rows.nth(0).getByTestId('read-org')).toHaveText(docxTruth.org);
	await expect(rows.nth(0).getByTestId('read-proactive')).toHaveText(docxTruth.values['n.proactive.items']!.toLocaleString('en-US'));
	await expect(rows.nth(0)).toContainText('Word');
	await expect(rows.nth(1).getByTestId('read-org')).toHaveText(htmlTruth.org);
	await expect(rows.nth(1).getByTestId('read-received')).toHaveText(htmlTruth.values['t3.new_received.total']!.toLocaleString('en-US'));
	await expect(rows.nth(1)).toContainText('HTML');
});

test('the reports read download as a dataset ZIP that unzip finds sound and that opens again as the dataset', async ({ page }, info) => {
	const { execFileSync } = await import('node:child_process');
	await openApp(page, '/?ds=real');
	await page.getByTestId('file-input').setInputFiles(FIXTURE);
	const row = page.getByTestId('read-row');
	await expect(row).toHaveAttribute('data-status', /^(ok|review|partial)$/, { timeout: 30_000 });
	await page.waitForSelector('html[data-dataset-status="ready"]');
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('read-download').click()]);
	expect(download.suggestedFilename()).toMatch(/^nianbao-reports-\d{4}-\d{2}-\d{2}\.zip$/);
	const file = info.outputPath(download.suggestedFilename());
	await download.saveAs(file);
	expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
	const list = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' });
	for (const f of ['manifest.json', 'facts.parquet', 'facts.csv', 'reports.parquet', 'issues.parquet', 'texts.parquet']) expect(list).toContain(`/${f}`);

	// Forget the reports, go back to a shipped dataset, then open the ZIP: it is the dataset again, not a report.
	await page.getByTestId('read-remove').click();
	await expect(row).toHaveCount(0);
	await openApp(page, '/town?ds=real');
	const before = await page.locator('html').getAttribute('data-dataset-version');
	await page.getByTestId('file-input').setInputFiles(file);
	await waitForReload(page, before, 'ready');
	await expect(page).not.toHaveURL(/\/read/);
	await expect(page.getByTestId('dataset-picker')).toHaveValue('');
	await expect(page.getByTestId('dataset-error')).toHaveCount(0);
	// One organisation, listed by its short name (景山街道 for 景山街道办事处).
	await expect(page.getByTestId('profile-suggestion')).toHaveCount(1);
	await expect(page.getByTestId('profile-suggestion')).toContainText(truth.org.replace(/办事处$/, ''));
	await page.getByTestId('profile-suggestion').click();
	const cell = page.locator(`[data-testid="profile-value"][data-metric="n.proactive.items"][data-year="${truth.year}"]`);
	await expect(cell).toHaveAttribute('data-value', String(truth.values['n.proactive.items']));
});
