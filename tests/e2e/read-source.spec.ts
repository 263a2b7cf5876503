/**
 * The source of a value read from the visitor's own PDF: the Town profile draws the PDF page with PDF.js and
 * outlines the cell the value was read from — checked against where PDF.js (in Node, independently of the app)
 * finds the printed number on that page. Also: the page at 390 px in English, an issue's "查看原文" opening the
 * PDF at its cells, and a PDF whose Chinese font is not embedded (it needs the CMaps the app serves) read in
 * the browser — all under the production build's CSP.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp } from './helpers/app.ts';
import { expectBoxOnNumber, watchCsp } from './helpers/pdf-page.ts';
import { cjkCmapPdf } from '../helpers/cjk-cmap-pdf.ts';

const FIXTURE = 'tests/fixtures/office/110101002-景山街道-2022.writer.pdf';
const truth = JSON.parse(readFileSync(`${FIXTURE}.truth.json`, 'utf8')) as { org: string; year: number; values: Record<string, number | null> };
const CELL = 't2.admin_license.decisions';


/** Read the fixture on /read and open its Town profile. */
async function readAndOpenProfile(page: Page, lang = ''): Promise<void> {
	await openApp(page, `/?ds=real${lang}`);
	await page.getByTestId('file-input').setInputFiles(FIXTURE);
	const row = page.getByTestId('read-row');
	await expect(row).toHaveAttribute('data-status', /^(ok|review|partial)$/, { timeout: 30_000 });
	await page.waitForSelector('html[data-dataset-status="ready"]');
	await row.getByTestId('read-org').getByRole('link').click();
	await expect(page).toHaveURL(/\/town\?org=/);
}


test('a value read from a PDF opens its page, drawn, with the cell it was read from outlined', async ({ page }) => {
	const csp = watchCsp(page);
	await readAndOpenProfile(page);
	const value = truth.values[CELL]!;
	const cell = page.locator(`[data-testid="profile-value"][data-metric="${CELL}"][data-year="${truth.year}"]`);
	await expect(cell).toHaveAttribute('data-value', String(value));
	await cell.click();
	await expect(page).toHaveURL(new RegExp(`metric=${CELL.replace(/\./g, '\\.')}`));

	await expectBoxOnNumber(page, FIXTURE, String(value));
	// The extracted text is still there, folded under the page.
	await expect(page.getByTestId('source-raw')).toHaveText(String(value));
	expect(csp, 'CSP violations').toEqual([]);
});

test('on a 390 px phone in English the page fits the width and scrolls inside its box', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await readAndOpenProfile(page, '&lang=en');
	await page.locator(`[data-testid="profile-value"][data-metric="${CELL}"][data-year="${truth.year}"]`).click();
	const canvas = page.getByTestId('pdf-canvas');
	await expect(canvas).toHaveAttribute('data-drawn', 'true', { timeout: 20_000 });
	await expect(page.getByTestId('pdf-source')).toContainText('The PDF · page');
	const c = (await canvas.boundingBox())!;
	expect(c.width).toBeLessThanOrEqual(390);
	expect(c.width).toBeGreaterThan(250);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expect(page.getByTestId('pdf-highlight')).toBeInViewport();
	// Zoomed, the page is twice as wide and scrolls within its box, the cell still outlined.
	await page.getByTestId('pdf-zoom').click();
	await expect(canvas).toHaveAttribute('data-drawn', 'true');
	await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(c.width * 1.8);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expect(page.getByTestId('pdf-highlight')).toHaveCount(1);
});

test("an issue's 查看原文 opens the PDF at the page of its cells, outlined", async ({ page }) => {
	await readAndOpenProfile(page);
	const url = new URL(page.url());
	// The Quality view links an issue of table 二 this way (issues/focus.ts); the report id is the file's name.
	url.searchParams.set('report', '110101002-景山街道-2022.writer');
	url.searchParams.set('focus', 'table2');
	// Followed as a link inside the app (a reload would go back to a shipped dataset: the reports read are shown
	// again from /read).
	await page.evaluate((href) => {
		const a = document.createElement('a');
		a.href = href;
		document.body.append(a);
		a.click();
	}, url.pathname + url.search);
	await expect(page).toHaveURL(/focus=table2/);
	const canvas = page.getByTestId('pdf-canvas');
	await expect(canvas).toHaveAttribute('data-drawn', 'true', { timeout: 20_000 });
	const marks = page.getByTestId('pdf-highlight');
	expect(await marks.count()).toBeGreaterThan(5);
	await expect(page.getByTestId('report-focus-note')).toBeVisible();
});

test('a PDF whose Chinese font is not embedded is read in the browser with the CMaps the app serves', async ({ page }) => {
	const csp = watchCsp(page);
	const cmapRequests: string[] = [];
	page.on('request', (r) => {
		if (/\/pdfjs\/cmaps\//.test(r.url())) cmapRequests.push(r.url());
	});
	await openApp(page, '/?ds=real');
	const org = '景山街道办事处';
	const pdf = cjkCmapPdf([`北京市东城区${org}2022年政府信息公开工作年度报告`, '一、总体情况', `2022年，${org}主动公开政府信息228条。`]);
	await page.getByTestId('file-input').setInputFiles({ name: 'old-songti.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
	const row = page.getByTestId('read-row');
	await expect(row).not.toHaveAttribute('data-status', /^(queued|reading|parsing)$/, { timeout: 30_000 });
	await expect(row.getByTestId('read-org')).toContainText(org);
	await expect(row).toContainText('2022');
	expect(cmapRequests.some((u) => /UniGB-UCS2-H\.bcmap$/.test(u)), cmapRequests.join(', ')).toBe(true);
	expect(csp, 'CSP violations').toEqual([]);
});
