/**
 * The list of reports read, with many files: only the rows in view are in the page (a long batch stays light to
 * draw), yet every file is there — rows scrolled into view are drawn with their status and Town link, the table
 * tells assistive technology how many rows it has and where each drawn one is, the counts are right, the status
 * filter and "find a file" narrow the list, and the same holds on a 390-px phone (one card per file).
 */
import { test, expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { openApp } from './helpers/app.ts';

const REAL = 'datasets/sources/real';
/** The real reports of the repo (text and HTML). */
const reports = readdirSync(REAL)
	.filter((f) => /\.(txt|html)$/.test(f))
	.sort()
	.map((f) => ({ name: f, buffer: readFileSync(`${REAL}/${f}`) }));
const NOTES = 48;
/** Files that are not reports (meeting notes), read in no time: they make the list long. */
const notes = Array.from({ length: NOTES }, (_, k) => ({
	name: `notes-${String(k + 1).padStart(2, '0')}.txt`,
	mimeType: 'text/plain',
	buffer: Buffer.from(`会议记录 ${k + 1}：本周讨论了办公用品的采购。\n下周继续。\n`)
}));
const TOTAL = reports.length + NOTES;

/** Open every file at once and wait until all are read (the counts are on the table: rows off screen are not drawn). */
async function openAll(page: Page) {
	await openApp(page, '/?ds=real');
	await page.getByTestId('file-input').setInputFiles([...reports.map((r) => ({ name: r.name, mimeType: 'text/plain', buffer: r.buffer })), ...notes]);
	const list = page.getByTestId('read-list');
	await expect(list).toHaveAttribute('data-files', String(TOTAL));
	await expect(list).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
	await page.waitForSelector('html[data-dataset-status="ready"]');
	return list;
}

/** Scroll the window through the list and gather every row drawn on the way, by file name. */
async function scrollThrough(page: Page): Promise<Map<string, { status: string; index: string; org: string; link: string | null }>> {
	const seen = new Map<string, { status: string; index: string; org: string; link: string | null }>();
	await page.evaluate(() => scrollTo(0, 0));
	for (let step = 0; step < 200; step++) {
		await page.waitForTimeout(60);
		const rows = await page.getByTestId('read-row').evaluateAll((trs) =>
			trs.map((tr) => ({
				name: tr.querySelector('.name')?.textContent ?? '',
				status: tr.getAttribute('data-status') ?? '',
				index: tr.getAttribute('aria-rowindex') ?? '',
				org: tr.querySelector('[data-testid="read-org"]')?.textContent?.trim() ?? '',
				link: tr.querySelector('[data-testid="read-org"] a')?.getAttribute('href') ?? null
			}))
		);
		for (const r of rows) seen.set(r.name, r);
		const atEnd = await page.evaluate(() => {
			const end = scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
			scrollBy(0, innerHeight * 0.6);
			return end;
		});
		if (atEnd) break;
	}
	return seen;
}

test('a long list draws only the rows in view, and scrolling draws every file with its status and Town link', async ({ page }) => {
	const list = await openAll(page);
	await expect(page.getByTestId('read-summary')).toHaveText(`已读取 ${TOTAL} 个文件，当前数据集即为这些报告`);
	await expect(list).toHaveAttribute('aria-rowcount', String(TOTAL + 1));
	const drawn = await page.getByTestId('read-row').count();
	expect(drawn).toBeGreaterThan(5);
	expect(drawn).toBeLessThan(TOTAL);
	await expect(page.getByTestId('read-row').first()).toHaveAttribute('aria-rowindex', '2');

	const seen = await scrollThrough(page);
	expect(seen.size).toBe(TOTAL);
	// Each file once, at its place in the order opened.
	const order = [...reports.map((r) => r.name), ...notes.map((n) => n.name)];
	for (const [k, name] of order.entries()) expect(seen.get(name)?.index, name).toBe(String(k + 2));
	expect([...seen.values()].filter((r) => r.status === 'not_report')).toHaveLength(NOTES);
	// Every report read is listed as one; those whose organisation was found link to its Town profile.
	for (const r of reports) {
		const row = seen.get(r.name)!;
		expect(row.status, r.name).toMatch(/^(ok|review|partial)$/);
		if (row.org === '—') expect(row.link, r.name).toBeNull();
		else expect(decodeURIComponent(row.link ?? ''), r.name).toContain(`/town?org=${row.org}`);
	}
	expect(reports.filter((r) => seen.get(r.name)!.link).length).toBeGreaterThanOrEqual(reports.length / 2);
	// Scrolled to the end, the last file's row is on screen.
	await expect(page.getByTestId('read-row').filter({ hasText: notes.at(-1)!.name })).toBeInViewport();
});

test('the status filter and "find a file" narrow the list, with counts', async ({ page }) => {
	const list = await openAll(page);
	const status = page.getByTestId('read-filter-status');
	await expect(status.locator('option[value="not_report"]')).toHaveText(`不是年报（${NOTES}）`);
	await status.selectOption('not_report');
	await expect(list).toHaveAttribute('data-shown', String(NOTES));
	await expect(page.getByTestId('read-shown-count')).toHaveText(`显示 ${NOTES} / ${TOTAL} 个文件`);
	const seen = await scrollThrough(page);
	expect(seen.size).toBe(NOTES);
	expect([...seen.values()].every((r) => r.status === 'not_report')).toBe(true);
	expect([...seen.values()].map((r) => r.index).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: NOTES }, (_, k) => String(k + 2)));

	// Back to all, then find one report by its organisation (as the list shows it): one row, linked to its Town profile.
	await status.selectOption('');
	await expect(list).toHaveAttribute('data-shown', String(TOTAL));
	await page.evaluate(() => scrollTo(0, 0));
	const org = (await page.locator('[data-testid="read-row"][data-status="ok"]').first().getByTestId('read-org').textContent())!.trim();
	expect(org).not.toBe('—');
	await page.getByTestId('read-find').fill(org);
	await expect(page.getByTestId('read-row')).toHaveCount(1);
	await expect(page.getByTestId('read-row').getByTestId('read-org')).toHaveText(org);
	await page.getByTestId('read-row').getByTestId('read-org').getByRole('link').click();
	await expect(page).toHaveURL(/\/town\?org=/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(org);

	await page.goBack();
	await expect(page.getByTestId('read-list')).toHaveAttribute('data-files', String(TOTAL));
	await page.getByTestId('read-find').fill('NOTES-4');
	await expect(page.getByTestId('read-list')).toHaveAttribute('data-shown', '9');
	await expect(page.getByTestId('read-row')).toHaveCount(9);
	await page.getByTestId('read-find').fill('没有这个文件');
	await expect(page.getByTestId('read-row')).toHaveCount(0);
	await expect(page.getByTestId('read-none')).toBeVisible();
});

test('on a 390-px phone in English the list is one card per file, scrolls to the last one, and fits the width', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 800 });
	await openAll(page);
	await page.goto('/read?lang=en');
	// The list is kept in this browser: back after a reload, to be shown again.
	await expect(page.getByTestId('read-list')).toHaveAttribute('data-files', String(TOTAL));
	await expect(page.getByTestId('read-filter-status').locator('option[value="not_report"]')).toHaveText(`not a report (${NOTES})`);
	expect(await page.getByTestId('read-row').count()).toBeLessThan(TOTAL);
	const seen = await scrollThrough(page);
	expect(seen.size).toBe(TOTAL);
	const last = page.getByTestId('read-row').filter({ hasText: notes.at(-1)!.name });
	await expect(last).toBeInViewport();
	await expect(last).toContainText('not a report');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('Tab from a Town link reaches the next report’s link even when its row is not drawn yet, and Shift+Tab comes back', async ({ page }) => {
	// Two reports with 40 non-reports between them: the second one's row starts far below the rows drawn.
	const [a, b] = reports;
	await openApp(page, '/?ds=real');
	await page.getByTestId('file-input').setInputFiles([a, ...notes.slice(0, 40), b].map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: f.buffer })));
	const list = page.getByTestId('read-list');
	await expect(list).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
	await page.waitForSelector('html[data-dataset-status="ready"]');
	const rowOf = (name: string) => page.getByTestId('read-row').filter({ hasText: name });
	await expect(rowOf(b.name)).toHaveCount(0);

	const first = rowOf(a.name).getByTestId('read-org').getByRole('link');
	await first.focus();
	await page.keyboard.press('Tab');
	const second = rowOf(b.name).getByTestId('read-org').getByRole('link');
	await expect(second).toBeFocused();
	await expect(second).toBeInViewport();
	await page.keyboard.press('Shift+Tab');
	await expect(first).toBeFocused();
	await expect(first).toBeInViewport();
});
