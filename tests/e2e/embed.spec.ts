import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, seriousViolations } from './helpers/app.ts';
import { nativeDataset } from './helpers/native.ts';
import { loadTowns, type Town } from '../../src/lib/towns.ts';

/** /embed renders one chart from its URL alone, with no page chrome; bad parameters get a friendly list. */

const real = nativeDataset();
let towns: Town[];
test.beforeAll(async () => {
	towns = await loadTowns(real.conn);
});

test('a trend renders from URL parameters alone, one point per year, without the app chrome', async ({ page }) => {
	const [{ n }] = await real.conn.query<{ n: number }>(
		"SELECT CAST(count(DISTINCT year) AS INTEGER) AS n FROM facts WHERE metric = 't2.admin_penalty.decisions' AND value IS NOT NULL"
	);
	await openApp(page, '/embed?ds=real&chart=trend&metric=t2.admin_penalty.decisions');
	const chart = page.getByTestId('embed-chart');
	await expect(chart.locator('svg .mk-data-point circle')).toHaveCount(n);
	await expect(page.getByTestId('nav')).toHaveCount(0);
	await expect(page.getByTestId('dataset-picker')).toHaveCount(0);
	await expect(page.getByTestId('copy-embed')).toHaveCount(0);
	await expect(page.getByTestId('synthetic-badge')).toHaveCount(0);
	// Sized to its frame: the chart is as wide as the viewport allows.
	const box = await chart.locator('svg').last().boundingBox();
	expect(box!.width).toBeGreaterThan((page.viewportSize()!.width * 3) / 4);
});

test('compare, heat map and outcome charts render for given towns, years and scope', async ({ page }) => {
	const picked = towns.filter((t) => t.years.some((y) => y <= 2020)).slice(0, 3);
	const [{ n }] = await real.conn.query<{ n: number }>(
		`SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT DISTINCT org, year FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL AND year BETWEEN 2019 AND 2020 AND org IN (${picked.map(() => '?').join(',')}))`,
		picked.map((t) => t.org)
	);
	const towns_ = encodeURIComponent(picked.map((t) => t.key).join(','));
	await openApp(page, `/embed?ds=real&chart=compare&metric=n.proactive.items&towns=${towns_}&from=2019&to=2020`);
	await expect(page.getByTestId('embed-chart').locator('svg .mk-data-point circle')).toHaveCount(n);
	await openApp(page, `/embed?ds=real&chart=heatmap&metric=n.proactive.items&towns=${towns_}&from=2019&to=2020&lang=en`);
	await expect(page.getByTestId('embed-chart').locator('svg .mk-heat-cell rect')).toHaveCount(n);
	await expect(page.getByTestId('embed')).toContainText('Open in the full dashboard');

	const [{ years }] = await real.conn.query<{ years: number }>(
		"SELECT CAST(count(DISTINCT f.year) AS INTEGER) AS years FROM facts_r f WHERE metric = 't3.total_processed.total' AND value > 0 AND province = '上海市'"
	);
	await openApp(page, `/embed?ds=real&chart=outcomes&province=${encodeURIComponent('上海市')}`);
	await expect(page.getByTestId('embed-chart').locator('svg .mk-outcome-bar rect').first()).toBeVisible();
	expect(await page.getByTestId('embed-chart').locator('svg .mk-outcome-bar rect').count()).toBeGreaterThanOrEqual(years);
});

test('unknown values give a friendly message in the frame that lists what is allowed', async ({ page }) => {
	await openApp(page, '/embed?ds=real&chart=pie&metric=no.such.metric&towns=%E4%B8%8D%E5%AD%98%E5%9C%A8%E9%95%87&from=1999');
	const box = page.getByTestId('embed-problems');
	await expect(box).toBeVisible();
	await expect(box.locator('li[data-param="chart"]')).toContainText('trend');
	await expect(box.locator('li[data-param="metric"]')).toContainText('no.such.metric');
	await expect(box.locator('li[data-param="metric"]')).toContainText('t2.rules.new_made');
	await expect(box.locator('li[data-param="towns"]')).toContainText(towns[0].key);
	const [{ first }] = await real.conn.query<{ first: number }>("SELECT CAST(min(year) AS INTEGER) AS first FROM reports WHERE status <> 'failed'");
	await expect(box.locator('li[data-param="from"]')).toContainText(String(first));
	await expect(page.getByTestId('embed-chart')).toHaveCount(0);
	expect(await seriousViolations(page)).toEqual([]);
});

test('in a portal’s 300×200 frame the problem list fits: every wrong parameter in view, long lists scroll in place', async ({ page }) => {
	await page.setViewportSize({ width: 300, height: 200 });
	for (const lang of ['zh', 'en']) {
		await openApp(page, `/embed?ds=demo&chart=pie&metric=no.such.metric&lang=${lang}`);
		const box = page.getByTestId('embed-problems');
		await expect(box).toBeVisible();
		const frame = await box.boundingBox();
		expect(frame!.y + frame!.height, 'the panel ends inside the frame').toBeLessThanOrEqual(200);
		// Both wrong parameters (with the first allowed values) are on screen without scrolling.
		for (const param of ['chart', 'metric']) {
			const item = await box.locator(`li[data-param="${param}"]`).boundingBox();
			expect(item!.y + item!.height, `${param} (${lang}) in view`).toBeLessThanOrEqual(200);
		}
		// The metric ids allowed scroll in their own box of a few lines.
		const list = box.locator('li[data-param="metric"] [data-testid="embed-allowed"]');
		const { client, scroll } = await list.evaluate((e) => ({ client: e.clientHeight, scroll: e.scrollHeight }));
		expect(client).toBeLessThan(70);
		expect(scroll).toBeGreaterThan(client);
	}
});

test('the copy-embed-code URL of a chart renders the same chart', async ({ page }) => {
	await openApp(page, '/?ds=real&lang=en');
	const source = page.getByTestId('trend-n.proactive.items');
	await expect(source.locator('svg .mk-data-point circle').first()).toBeVisible();
	const points = await source.locator('svg .mk-data-point circle').count();
	expect(points).toBeGreaterThan(0);
	await source.getByTestId('copy-embed').click();
	const code = await source.getByTestId('embed-code').inputValue();
	const src = /src="([^"]+)"/.exec(code)![1].replaceAll('&amp;', '&');
	expect(src).toContain('/embed?');
	expect(src).toContain('ds=real');
	await openApp(page, src.replace(/^https?:\/\/[^/]+/, ''));
	await expect(page.getByTestId('embed-chart').locator('svg .mk-data-point circle')).toHaveCount(points);
	await expect(page.getByTestId('embed')).toContainText('Open in the full dashboard');

	// The same from Compare: the heat map's embed keeps towns, metric and years.
	const picked = towns.slice(0, 2).map((t) => t.key).join(',');
	await openApp(page, `/compare?ds=real&metric=n.proactive.items&towns=${encodeURIComponent(picked)}`);
	const heat = page.getByTestId('heatmap-chart');
	await expect(heat.locator('svg .mk-heat-cell rect').first()).toBeVisible();
	const cells = await heat.locator('svg .mk-heat-cell rect').count();
	await heat.getByTestId('copy-embed').click();
	const heatSrc = /src="([^"]+)"/.exec(await heat.getByTestId('embed-code').inputValue())![1].replaceAll('&amp;', '&');
	await openApp(page, heatSrc.replace(/^https?:\/\/[^/]+/, ''));
	await expect(page.getByTestId('embed-chart').locator('svg .mk-heat-cell rect')).toHaveCount(cells);
});

test('a synthetic dataset carries the badge inside the frame', async ({ page }) => {
	const demo = (() => {
		try {
			return JSON.parse(readFileSync('datasets/demo/manifest.json', 'utf8'));
		} catch {
			return null;
		}
	})();
	test.skip(!demo?.synthetic, 'no synthetic dataset shipped');
	await openApp(page, '/embed?ds=demo&chart=trend&metric=n.proactive.items');
	await expect(page.getByTestId('embed-chart').locator('svg .mk-data-point circle').first()).toBeVisible();
	await expect(page.getByTestId('synthetic-badge')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('the copied embed code carries the whole state (compare keeps its district) and offers sizes with a live preview', async ({ page }) => {
	const [{ district }] = await real.conn.query<{ district: string }>(
		"SELECT district FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL AND district IS NOT NULL AND status <> 'failed' ORDER BY district LIMIT 1"
	);
	await openApp(page, `/compare?ds=real&district=${encodeURIComponent(district)}&metric=n.proactive.items`);
	const chart = page.getByTestId('compare-chart');
	await expect(chart.locator('svg').last()).toBeVisible();
	await chart.getByTestId('copy-embed').click();
	const code = chart.getByTestId('embed-code');
	await expect(code).toHaveValue(new RegExp(`district=${encodeURIComponent(district).replace(/%/g, '%')}`));
	await expect(code).toHaveValue(/width="100%" height="440"/);
	await chart.getByTestId('embed-size-small').check();
	await expect(code).toHaveValue(/width="320" height="240"/);
	const preview = chart.getByTestId('embed-preview');
	await expect(preview).toHaveAttribute('width', '320');
	const src = await preview.getAttribute('src');
	expect(src).toContain(`district=${encodeURIComponent(district)}`);
	// The preview is the embed itself, drawn in the chosen frame.
	await expect(page.frameLocator('[data-testid=embed-preview]').getByTestId('embed-chart').locator('svg').last()).toBeVisible({ timeout: 45_000 });
	await expect(page.frameLocator('[data-testid=embed-preview]').getByTestId('embed-source')).toBeVisible();
});
