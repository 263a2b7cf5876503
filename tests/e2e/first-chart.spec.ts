import { expect, test } from '@playwright/test';
import { openApp } from './helpers/app.ts';

/**
 * The Overview's first chart does not wait for DuckDB-WASM: it is drawn from the dataset's baked aggregates
 * while the wasm downloads and the dataset loads, and DuckDB then takes over without changing a number.
 */
test('the first chart is drawn before DuckDB holds the dataset, and the figures stay the same after', async ({ page }) => {
	await openApp(page, '/?ds=demo&lang=en', { waitFor: 'none' });
	const headline = page.getByTestId('headlines');
	await expect(page.getByTestId('trend-n.proactive.items').locator('svg .mk-data-point circle').first()).toBeVisible({ timeout: 45_000 });
	const before = await headline.textContent();
	const summary = await page.getByTestId('overview-summary').textContent();
	await page.waitForSelector('html[data-dataset-status="ready"]', { timeout: 45_000 });
	const marks = await page.evaluate(() => ({
		chart: performance.getEntriesByName('chart:render').map((e) => e.startTime),
		ready: performance.getEntriesByName('dataset:ready').map((e) => e.startTime)
	}));
	expect(marks.chart.length).toBeGreaterThan(0);
	expect(marks.ready.length).toBe(1);
	expect(Math.min(...marks.chart)).toBeLessThan(marks.ready[0]);
	// DuckDB has taken over (and the aggregate tables may be built): the same figures, read from DuckDB.
	await page.waitForFunction(() => (window as unknown as { nianbao: { dataset: { aggregates: boolean } } }).nianbao.dataset.aggregates, null, { timeout: 30_000 });
	await page.getByTestId('year-picker').selectOption({ index: 0 });
	await page.getByTestId('year-picker').selectOption({ index: (await page.getByTestId('year-picker').locator('option').count()) - 1 });
	await expect(headline).toHaveText(before!);
	await expect(page.getByTestId('overview-summary')).toHaveText(summary!);
});
