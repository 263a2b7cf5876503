import { expect, test } from '@playwright/test';
import { openApp } from './helpers/app.ts';
import { nativeDataset } from './helpers/native.ts';

/**
 * `/embed?chart=indicator`: one indicator's trend for a scope in a portal's iframe, one dot per year with a rate
 * (Σ numerator ÷ Σ denominator, checked against native DuckDB), 样本不足 years named, wrong parameters listed.
 */

const demo = nativeDataset('datasets/demo');

test('draws the district’s rate per year as native DuckDB sums it, inside a 320-px frame', async ({ page }) => {
	const district = '余姚市';
	const rows = await demo.conn.query<{ year: number; num: number; den: number }>(
		`SELECT year::INTEGER AS year, sum(numerator) FILTER (WHERE state = 'ok')::DOUBLE AS num, sum(denominator) FILTER (WHERE state = 'ok')::DOUBLE AS den
		 FROM indicators_r WHERE indicator = 'r.review_correction_rate' AND district = ? GROUP BY year ORDER BY year`,
		[district]
	);
	const rated = rows.filter((r) => r.den >= 5);
	const few = rows.filter((r) => r.den !== null && r.den < 5);
	expect(rated.length).toBeGreaterThan(0);
	await page.setViewportSize({ width: 320, height: 440 });
	await openApp(page, `/embed?${new URLSearchParams({ chart: 'indicator', indicator: 'r.review_correction_rate', district })}`);
	const dots = page.getByTestId('embed-chart').locator('svg .mk-data-point circle');
	await expect(dots).toHaveCount(rated.length);
	const titles = await dots.evaluateAll((cs) => cs.map((c) => c.querySelector('title')?.textContent ?? ''));
	expect(titles).toEqual(rated.map((r) => `${r.year}: ${((100 * r.num) / r.den).toFixed(1)}%（${r.num} / ${r.den}）`));
	for (const r of few) await expect(page.getByTestId('embed-too-few')).toContainText(`${r.year}: 样本不足 (n = ${r.den})`);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});

test('names a wrong indicator, region or year with what is allowed', async ({ page }) => {
	await openApp(page, `/embed?${new URLSearchParams({ chart: 'indicator', indicator: 'r.nonsense', district: '火星区' })}`);
	const problems = page.getByTestId('embed-problems');
	await expect(problems.locator('li[data-param="indicator"]')).toContainText('r.disclosure_rate');
	await expect(problems.locator('li[data-param="district"]')).toContainText('余姚市');
	await openApp(page, `/embed?${new URLSearchParams({ chart: 'indicator', indicator: 'r.disclosure_rate', from: '1999' })}`);
	await expect(page.getByTestId('embed-problems').locator('li[data-param="from"]')).toContainText('2024');
});

test('the DuckDB embeds (indicator trend, bump chart) keep their attribution on one line in view, like every embed', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 240 });
	const embeds: Record<string, string>[] = [
		{ chart: 'indicator', indicator: 'r.review_correction_rate', district: '余姚市' },
		{ chart: 'bump', metric: 'r.disclosure_rate', city: '宁波市' }
	];
	for (const q of embeds) {
		await openApp(page, `/embed?ds=demo&${new URLSearchParams(q)}`);
		await expect(page.getByTestId('embed-chart').locator('svg').last()).toBeVisible();
		const source = page.getByTestId('embed-source');
		await expect(source).toBeInViewport({ ratio: 1 });
		await expect(source.getByRole('link')).toHaveAttribute('href', /\/rank\?/);
		// One line: as high as one line of its text.
		const lines = await source.evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
		expect(lines, q.chart).toBeLessThan(1.5);
		expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
	}
});
