import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, seriousViolations, waitForReload } from './helpers/app.ts';

/** The page chrome every view shares: loading the shipped data, navigation, language, own files, a11y. */

const index = JSON.parse(readFileSync('datasets/real/manifest.json', 'utf8'));

test('opens on a shipped dataset and says when it is synthetic', async ({ page }) => {
	await openApp(page, '/');
	await expect(page.getByTestId('nav')).toBeVisible();
	await expect(page.getByTestId('dataset-name')).not.toBeEmpty();
	const facts = await page.evaluate(async () => {
		const conn = await (window as any).nianbao.db();
		return (await conn.query('SELECT count(*) AS n FROM facts_r'))[0].n;
	});
	expect(facts).toBeGreaterThan(0);
	const synthetic = await page.evaluate(() => (window as any).nianbao.dataset.synthetic);
	await expect(page.getByTestId('synthetic-banner')).toHaveCount(synthetic ? 1 : 0);
});

test('the real dataset loads from ?ds= with every table and the catalog', async ({ page }) => {
	await openApp(page, '/?ds=real');
	const counts = await page.evaluate(async () => {
		const conn = await (window as any).nianbao.db();
		const q = async (sql: string) => (await conn.query(sql))[0].n;
		return {
			facts: await q('SELECT count(*) AS n FROM facts'),
			reports: await q('SELECT count(*) AS n FROM reports'),
			issues: await q('SELECT count(*) AS n FROM issues'),
			joined: await q('SELECT count(*) AS n FROM facts_r WHERE grade IS NOT NULL'),
			bound: await q("SELECT count(*) AS n FROM facts WHERE year = 2020 AND metric = 'n.proactive.items'")
		};
	});
	expect(counts.facts).toBe(index.tables.facts.rows);
	expect(counts.reports).toBe(index.tables.reports.rows);
	expect(counts.issues).toBe(index.tables.issues.rows);
	expect(counts.joined).toBe(index.tables.facts.rows);
	// Parameters are bound through prepared statements.
	const bound = await page.evaluate(async () => {
		const conn = await (window as any).nianbao.db();
		return (await conn.query('SELECT count(*) AS n FROM facts WHERE year = ? AND metric = ?', [2020, 'n.proactive.items']))[0].n;
	});
	expect(bound).toBe(counts.bound);
	await expect(page.getByTestId('synthetic-banner')).toHaveCount(0);
	await expect(page.getByTestId('dataset-picker')).toHaveValue('real');
	await page.waitForFunction(() => document.documentElement.dataset.datasetTexts === 'true');
	const texts = await page.evaluate(async () => ((await (await (window as any).nianbao.db()).query('SELECT count(*) AS n FROM texts'))[0].n));
	expect(texts).toBe(index.tables.texts.rows);
});

test('navigation keeps the dataset and language, and marks the current view', async ({ page }) => {
	await openApp(page, '/?ds=real&lang=en&metric=n.proactive.items');
	await page.getByTestId('nav-compare').click();
	await expect(page).toHaveURL(/\/compare\?ds=real&lang=en$/);
	await expect(page.getByTestId('nav-compare')).toHaveAttribute('aria-current', 'page');
	for (const view of ['town', 'data', 'quality', 'overview']) {
		await page.getByTestId(`nav-${view}`).click();
		await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
	}
	await expect(page).toHaveURL(/\/\?ds=real&lang=en$/);
	// Moving between views does not reload the data.
	expect(await page.locator('html').getAttribute('data-dataset-version')).toBe('1');
});

test('the language switch changes the labels, <html lang> and the URL; back restores Chinese', async ({ page }) => {
	await openApp(page, '/compare?ds=real');
	await expect(page.getByTestId('nav-compare')).toHaveText('对比');
	await page.getByTestId('lang-en').click();
	await expect(page).toHaveURL(/lang=en/);
	await expect(page.getByTestId('nav-compare')).toHaveText('Compare');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.goBack();
	await expect(page.getByTestId('nav-compare')).toHaveText('对比');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

const boundCount = (page: import('@playwright/test').Page) =>
	page.evaluate(async () => ((await (await (window as any).nianbao.db()).query('SELECT count(*) AS n FROM facts WHERE year >= ?', [2008]))[0].n));

test('the dataset picker switches datasets through the URL', async ({ page }) => {
	await openApp(page, '/?ds=real');
	expect(await boundCount(page)).toBe(index.tables.facts.rows);
	const before = await page.locator('html').getAttribute('data-dataset-version');
	await page.getByTestId('dataset-picker').selectOption('demo');
	await expect(page).toHaveURL(/ds=demo/);
	await waitForReload(page, before);
	const facts = await page.evaluate(async () => ((await (await (window as any).nianbao.db()).query('SELECT count(*) AS n FROM facts'))[0].n));
	expect(facts).toBe(JSON.parse(readFileSync('datasets/demo/manifest.json', 'utf8')).tables.facts.rows);
	// A statement prepared on the previous dataset's tables is not reused on the new ones.
	expect(await boundCount(page)).toBe(facts);
	await page.goBack();
	await expect(page.getByTestId('dataset-picker')).toHaveValue('real');
	await page.waitForFunction(() => document.documentElement.dataset.datasetStatus === 'ready');
	const back = await page.evaluate(async () => ((await (await (window as any).nianbao.db()).query('SELECT count(*) AS n FROM facts'))[0].n));
	expect(back).toBe(index.tables.facts.rows);
});

test('an unknown dataset shows an error naming it', async ({ page }) => {
	await openApp(page, '/?ds=nosuchdataset', { waitFor: 'error' });
	await expect(page.getByTestId('dataset-error')).toContainText('“nosuchdataset”: no such dataset');
});

test('a dropped file of the wrong shape shows its name and the missing columns', async ({ page }) => {
	await openApp(page, '/?ds=real');
	await page.evaluate(() => {
		const dt = new DataTransfer();
		dt.items.add(new File(['report_id,town,amount\nr1,咸祥镇,5\n'], 'towns.csv', { type: 'text/csv' }));
		for (const type of ['dragenter', 'dragover', 'drop']) {
			document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
		}
	});
	const error = page.getByTestId('drop-error');
	await expect(error).toContainText('towns.csv');
	await expect(error).toContainText('missing columns: year, metric, value');
	await expect(page.locator('html')).toHaveAttribute('data-dataset-status', 'ready');
});

test('a good Parquet file of my own loads, with reports synthesised from its facts', async ({ page }) => {
	await openApp(page, '/?ds=real');
	const before = await page.locator('html').getAttribute('data-dataset-version');
	await page.getByTestId('file-input').setInputFiles({
		name: 'my-facts.parquet',
		mimeType: 'application/vnd.apache.parquet',
		buffer: readFileSync('datasets/real/facts.parquet')
	});
	await waitForReload(page, before);
	await expect(page.getByTestId('dataset-error')).toHaveCount(0);
	await expect(page.getByTestId('dataset-name')).toHaveText('my-facts.parquet');
	const counts = await page.evaluate(async () => {
		const conn = await (window as any).nianbao.db();
		const q = async (sql: string) => (await conn.query(sql))[0].n;
		return { facts: await q('SELECT count(*) AS n FROM facts_r'), reports: await q('SELECT count(*) AS n FROM reports') };
	});
	expect(counts.facts).toBe(index.tables.facts.rows);
	expect(counts.reports).toBe(index.tables.reports.rows);
	// The files stay loaded while moving between views (the URL still says ds=real).
	const version = await page.locator('html').getAttribute('data-dataset-version');
	await page.getByTestId('nav-data').click();
	await page.getByTestId('nav-overview').click();
	await expect(page.getByTestId('dataset-name')).toHaveText('my-facts.parquet');
	expect(await page.locator('html').getAttribute('data-dataset-version')).toBe(version);
});

test('a CSV of my own loads too', async ({ page }) => {
	await openApp(page, '/?ds=real');
	const before = await page.locator('html').getAttribute('data-dataset-version');
	const csv = '\uFEFFreport_id,year,metric,value\nr1,2020,n.proactive.items,12\nr1,2021,n.proactive.items,\nr2,2021,n.proactive.items,30\n';
	await page.getByTestId('file-input').setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await waitForReload(page, before);
	const rows = await page.evaluate(async () =>
		(await (window as any).nianbao.db()).query('SELECT report_id, year, value FROM facts_r ORDER BY report_id, year')
	);
	expect(rows).toEqual([
		{ report_id: 'r1', year: 2020, value: 12 },
		{ report_id: 'r1', year: 2021, value: null },
		{ report_id: 'r2', year: 2021, value: 30 }
	]);
});

// The views' own content is checked by their specs; here: the chrome and the chart frame every view uses.
const SHELL = ['header.site', 'footer.site', '.skip', 'figure.chart'];

test('axe finds no serious or critical violations in the shell and its charts, in both languages', async ({ page }) => {
	for (const lang of ['zh', 'en']) {
		await openApp(page, `/?ds=real&lang=${lang}`);
		await page.locator('figure.chart svg').first().waitFor({ timeout: 15_000 }).catch(() => {});
		expect(await seriousViolations(page, SHELL)).toEqual([]);
	}
});

test('the error state and the synthetic banner pass axe too', async ({ page }) => {
	await openApp(page, '/?ds=nosuchdataset', { waitFor: 'error' });
	expect(await seriousViolations(page, ['[data-testid="dataset-error"]'])).toEqual([]);
	await openApp(page, '/');
	const synthetic = await page.evaluate(() => (window as any).nianbao.dataset.synthetic);
	if (synthetic) expect(await seriousViolations(page, ['[data-testid="synthetic-banner"]'])).toEqual([]);
});

test.describe('the chart frame', () => {
	test('labels its SVG, badges synthetic data and downloads SVG and PNG', async ({ page }) => {
		await openApp(page, '/?ds=demo');
		const chart = page.locator('figure.chart').first();
		const svg = chart.locator('.plot svg').first();
		await expect(svg).toHaveAttribute('role', 'img');
		const title = (await chart.locator('figcaption .title').textContent())!.trim();
		await expect(svg).toHaveAttribute('aria-label', title);
		expect(await svg.locator(':scope > title').textContent()).toBe(title);
		expect(await page.evaluate(() => (window as any).nianbao.dataset.synthetic)).toBe(true);
		await expect(chart.getByTestId('synthetic-badge')).toHaveText('模拟数据');

		const [svgDownload] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /SVG/ }).click()]);
		expect(svgDownload.suggestedFilename()).toMatch(/\.svg$/);
		const text = readFileSync(await svgDownload.path(), 'utf8');
		expect(text).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);

		const [pngDownload] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /PNG/ }).click()]);
		expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
		const png = readFileSync(await pngDownload.path());
		expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
	});

	test('copies an iframe embed code for /embed with the dataset and the chart parameters', async ({ page }) => {
		await openApp(page, '/?ds=demo&lang=en');
		const chart = page.locator('figure.chart').filter({ has: page.getByTestId('copy-embed') }).first();
		await chart.getByTestId('copy-embed').click();
		const code = await chart.getByTestId('embed-code').inputValue();
		expect(code).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?[^"]*ds=demo[^"]*" title="[^"]+"/);
		expect(code).toContain('lang=en');
		await expect(chart.getByTestId('synthetic-badge')).toHaveText('Synthetic demonstration data');
	});

	test('redraws at the width of a phone', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await openApp(page, '/?ds=demo');
		const svg = page.locator('figure.chart .plot svg').first();
		await expect(svg).toBeVisible();
		const width = Number(await svg.getAttribute('width'));
		expect(width).toBeGreaterThan(200);
		expect(width).toBeLessThanOrEqual(375);
		// No horizontal scrolling of the page.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
	});
});

test('a data table sorts by its header buttons and says so to screen readers', async ({ page }) => {
	await openApp(page, '/?ds=demo&lang=en');
	const table = page.locator('.table-wrap table').first();
	await table.locator('tbody tr').first().waitFor();
	const header = table.locator('thead th').first();
	const firstColumn = async () => (await table.locator('tbody tr td:first-child').allTextContents()).map((s) => s.trim());
	await header.getByRole('button').click();
	const sortedOnce = await firstColumn();
	const dir = await header.getAttribute('aria-sort');
	expect(['ascending', 'descending']).toContain(dir);
	await header.getByRole('button').click();
	await expect(header).toHaveAttribute('aria-sort', dir === 'ascending' ? 'descending' : 'ascending');
	expect(await firstColumn()).toEqual([...sortedOnce].reverse());
});

test('a CSV with text where numbers belong is refused, naming the column and an example', async ({ page }) => {
	await openApp(page, '/?ds=real');
	const csv = 'report_id,year,metric,value\nr1,二〇二〇,n.proactive.items,12\nr2,2021,n.proactive.items,12件\n';
	await page.getByTestId('file-input').setInputFiles({ name: 'typos.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	const error = page.getByTestId('drop-error');
	await expect(error).toContainText('typos.csv: column year needs numbers but has 1 other value (e.g. "二〇二〇")');
	await expect(error).toContainText('column value needs numbers but has 1 other value (e.g. "12件")');
});

test('an address the app does not have says so in the visitor’s language and links back to the views', async ({ page }) => {
	await page.goto('/no-such-view?ds=real');
	await expect(page.getByTestId('error-page')).toContainText('找不到这个页面');
	await expect(page.getByRole('link', { name: '总览' })).toHaveAttribute('href', /\/\?ds=real$/);
	await page.goto('/no-such-view?lang=en');
	await expect(page.getByTestId('error-page')).toContainText('This page does not exist');
	await expect(page.getByTestId('error-page')).not.toContainText(/[\u4e00-\u9fff]/);
});
