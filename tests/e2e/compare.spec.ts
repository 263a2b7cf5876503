import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { openApp, seriousViolations } from './helpers/app.ts';
import { loadDatasetNative, nodeConnector } from '../../src/node/duckdb-connector.ts';
import { nativeDataset } from './helpers/native.ts';
import { loadTowns, type Town } from '../../src/lib/towns.ts';

/** Compare towns: pinyin search, lines / small multiples, ranked table, heat map, format breaks, URL state. */

const real = nativeDataset();
let towns: Town[];
test.beforeAll(async () => {
	towns = await loadTowns(real.conn);
});

/** Towns of the real dataset with a value of the metric, most years first. */
async function townsWith(metricId: string, format?: string) {
	const rows = await real.conn.query<{ org: string; district: string | null; n: number }>(
		`SELECT org, district, CAST(count(*) AS INTEGER) AS n FROM facts_r WHERE series = (SELECT series FROM metrics WHERE id = ?) AND value IS NOT NULL ${format ? 'AND format = ?' : ''} GROUP BY ALL ORDER BY n DESC, org`,
		format ? [metricId, format] : [metricId]
	);
	return rows.map((r) => towns.find((t) => t.org === r.org && t.district === r.district)!);
}

function url(params: Record<string, string>) {
	return `/compare?${new URLSearchParams({ ds: 'real', ...params })}`;
}

test('draws one point per town and year, ranks the towns and fills the heat map', async ({ page }) => {
	const picked = (await townsWith('n.proactive.items')).slice(0, 3);
	const [{ n }] = await real.conn.query<{ n: number }>(
		`SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT DISTINCT org, year FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL AND org IN (${picked.map(() => '?').join(',')}))`,
		picked.map((t) => t.org)
	);
	await openApp(page, url({ metric: 'n.proactive.items', towns: picked.map((t) => t.key).join(',') }));
	const chart = page.getByTestId('compare-chart');
	await expect(chart.locator('svg .mk-data-point circle')).toHaveCount(n);
	await expect(page.getByTestId('heatmap-chart').locator('svg .mk-heat-cell rect')).toHaveCount(n);
	await expect(page.getByTestId('town-chips').locator('li')).toHaveCount(3);

	// The ranked table: the year shown is the latest with values; the top town has the highest value that year.
	const top = await real.conn.query<{ org: string; v: number }>(
		`SELECT org, sum(value) AS v FROM facts_r WHERE metric = 'n.proactive.items' AND org IN (${picked.map(() => '?').join(',')})
		 AND year = (SELECT max(year) FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL AND org IN (${picked.map(() => '?').join(',')}))
		 AND value IS NOT NULL GROUP BY org ORDER BY v DESC`,
		[...picked.map((t) => t.org), ...picked.map((t) => t.org)]
	);
	const rows = page.getByTestId('rank-table').locator('tbody tr');
	await expect(rows).toHaveCount(top.length);
	await expect(rows.first()).toContainText(towns.find((t) => t.org === top[0].org)!.name);
	await expect(rows.first()).toContainText(top[0].v.toLocaleString('en-US'));
});

test('the town search finds 咸祥镇 by its pinyin initials, and the keyboard adds it', async ({ page }) => {
	await openApp(page, url({ metric: 'n.proactive.items', towns: '拖市镇' }));
	const box = page.getByTestId('town-search');
	await box.fill('xxz');
	await expect(box).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByTestId('town-option').first()).toContainText('咸祥镇');
	await box.press('ArrowDown');
	await box.press('Enter');
	await expect(page).toHaveURL(/towns=%E6%8B%96%E5%B8%82%E9%95%87%2C%E5%92%B8%E7%A5%A5%E9%95%87|towns=拖市镇,咸祥镇/);
	await expect(page.getByTestId('town-chips')).toContainText('咸祥镇');
	// Backspace in the empty box removes the last town again.
	await box.press('Backspace');
	await expect(page.getByTestId('town-chips').locator('li')).toHaveCount(1);
});

test('lines ↔ small multiples and absolute ↔ per report change the URL and the chart; back and forward restore them', async ({ page }) => {
	const picked = (await townsWith('n.proactive.items')).slice(0, 2);
	await openApp(page, url({ metric: 'n.proactive.items', towns: picked.map((t) => t.key).join(',') }));
	const chart = page.getByTestId('compare-chart');
	await expect(chart.locator('svg .mk-data-point circle').first()).toBeVisible();
	await expect(chart.locator('svg .mk-panel')).toHaveCount(0);
	await page.getByLabel('分面小图').check();
	await expect(page).toHaveURL(/view=multiples/);
	// One panel per town, each with its own points.
	await expect(chart.locator('svg .mk-panel').first()).toBeVisible();
	expect(await chart.locator('svg .mk-panel').count()).toBeGreaterThanOrEqual(picked.length);

	await page.getByLabel('每份报告').check();
	await expect(page).toHaveURL(/values=report/);
	await expect(chart).toContainText('每份报告');
	await page.goBack();
	await expect(page).not.toHaveURL(/values=report/);
	await expect(page.getByLabel('分面小图')).toBeChecked();
	await page.goBack();
	await expect(page).not.toHaveURL(/view=multiples/);
	await expect(page.getByLabel('折线')).toBeChecked();
	await page.goForward();
	await expect(page.getByLabel('分面小图')).toBeChecked();
});

test('changing the metric redraws with the new values', async ({ page }) => {
	const picked = (await townsWith('t2.admin_penalty.decisions')).slice(0, 3);
	await openApp(page, url({ metric: 'n.proactive.items', towns: picked.map((t) => t.key).join(',') }));
	await page.getByTestId('metric-picker').selectOption('t2.admin_penalty.decisions');
	await expect(page).toHaveURL(/metric=t2\.admin_penalty\.decisions/);
	const [{ n }] = await real.conn.query<{ n: number }>(
		`SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT DISTINCT org, year FROM facts_r WHERE metric = 't2.admin_penalty.decisions' AND value IS NOT NULL AND org IN (${picked.map(() => '?').join(',')}))`,
		picked.map((t) => t.org)
	);
	await expect(page.getByTestId('compare-chart').locator('svg .mk-data-point circle')).toHaveCount(n);
});

test('a grade B series breaks at the format change and gives no change across it', async ({ page }) => {
	const old = (await townsWith('t2.rules.issued', '2019'))[0];
	const neu = (await townsWith('t2.rules.issued', '2021'))[0];
	await openApp(page, url({ metric: 't2.rules.issued', towns: `${old.key},${neu.key}` }));
	await expect(page.getByTestId('compare-chart').locator('svg .mk-format-break line')).toHaveCount(1);
	await expect(page.getByTestId('heatmap-chart').locator('svg .mk-format-break line')).toHaveCount(1);
	await expect(page.getByTestId('grade-note')).toContainText('2021');
	// A grade A metric has no break.
	await page.getByTestId('metric-picker').selectOption('t2.admin_penalty.decisions');
	await expect(page.getByTestId('compare-chart').locator('svg .mk-data-point circle').first()).toBeVisible();
	await expect(page.getByTestId('compare-chart').locator('svg .mk-format-break')).toHaveCount(0);
});

test('unknown towns in the URL are named and ignored', async ({ page }) => {
	await openApp(page, url({ metric: 'n.proactive.items', towns: '咸祥镇人民政府,不存在镇' }));
	await expect(page.getByTestId('unknown-towns')).toContainText('不存在镇');
	await expect(page.getByTestId('town-chips').locator('li')).toHaveCount(1);
});

test('has no serious or critical accessibility violations, with the suggestions open', async ({ page }) => {
	const picked = (await townsWith('n.proactive.items')).slice(0, 3);
	await openApp(page, url({ metric: 'n.proactive.items', towns: picked.map((t) => t.key).join(',') }));
	await expect(page.getByTestId('compare-chart').locator('svg').first()).toBeVisible();
	await page.getByTestId('town-search').fill('z');
	expect(await seriousViolations(page)).toEqual([]);
});

/** Robust z of x among xs, computed the plain way (the rule the page documents). */
function robustZ(xs: number[], x: number): number | null {
	if (xs.length < 5) return null;
	const median = (v: number[]) => {
		const a = [...v].sort((p, q) => p - q);
		const m = a.length >> 1;
		return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
	};
	const med = median(xs);
	const dev = xs.map((v) => Math.abs(v - med));
	const mad = median(dev);
	if (mad > 0) return (0.6745 * (x - med)) / mad;
	const mean = dev.reduce((a, b) => a + b, 0) / dev.length;
	return mean > 0 ? (x - med) / (1.253314 * mean) : null;
}

test('a town far from its district median is marked as an outlier in the chart and the table', async ({ page }) => {
	test.skip(!existsSync('datasets/demo/facts.parquet'), 'needs the demo dataset (many towns per district)');
	const demo = await nodeConnector();
	await loadDatasetNative(demo, 'datasets/demo');
	const rows = await demo.query<{ org: string; district: string; year: number; x: number }>(
		"SELECT org, district, CAST(year AS INTEGER) AS year, sum(value) AS x FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL AND status <> 'failed' AND district IS NOT NULL GROUP BY ALL"
	);
	const demoTowns = await loadTowns(demo);
	demo.close();
	let best: { org: string; district: string; year: number; z: number } | null = null;
	for (const r of rows) {
		const peers = rows.filter((p) => p.district === r.district && p.year === r.year).map((p) => p.x);
		const z = robustZ(peers, r.x);
		if (z !== null && Math.abs(z) > 3.5 && (!best || Math.abs(z) > Math.abs(best.z))) best = { ...r, z };
	}
	test.skip(!best, 'no outlier in this demo dataset');
	const town = demoTowns.find((t) => t.org === best!.org && t.district === best!.district)!;
	await openApp(page, `/compare?${new URLSearchParams({ ds: 'demo', metric: 'n.proactive.items', towns: town.key, from: String(best!.year), to: String(best!.year) })}`);
	await expect(page.getByTestId('compare-chart').locator('svg .mk-outlier circle')).toHaveCount(1);
	await expect(page.getByTestId('heatmap-chart').locator('svg .mk-outlier rect')).toHaveCount(1);
	const flag = page.getByTestId('rank-table').getByTestId('outlier-flag');
	await expect(flag).toContainText(`z=${best!.z.toFixed(1)}`);
	await page.getByTestId('outlier-rule').locator('summary').click();
	await expect(page.getByTestId('outlier-rule')).toContainText('3.5');
});

test('removing the last town clears the chart instead of refilling defaults; searching a chosen town says so', async ({ page }) => {
	const [a] = towns;
	await openApp(page, `/compare?ds=real&towns=${encodeURIComponent(a.key)}`);
	const chips = page.getByTestId('town-chips');
	await expect(chips.locator('li')).toHaveCount(1);
	await page.getByTestId('town-search').fill(a.name);
	await expect(page.getByTestId('town-already')).toContainText(a.name);
	await page.getByTestId('town-search').fill('');
	await page.getByTestId('town-search').press('Backspace');
	await expect(page).toHaveURL(/towns=(&|$)/);
	await expect(chips.locator('li')).toHaveCount(0);
	await expect(page.getByTestId('compare-empty')).toBeVisible();
	await page.waitForTimeout(500);
	await expect(chips.locator('li')).toHaveCount(0);
});
