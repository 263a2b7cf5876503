import { expect, test } from '@playwright/test';
import { openApp, seriousViolations } from './helpers/app.ts';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../src/node/duckdb-connector.ts';
import { outcomesQuery } from '../../src/lib/queries/overview.ts';

/** Overview: headline figures, outcome shares and trends for a scope and year, checked against native DuckDB. */

let conn: NativeConnector;
test.beforeAll(async () => {
	conn = await nodeConnector();
	await loadDatasetNative(conn, 'datasets/real');
});
test.afterAll(() => conn.close());

const one = async <T>(sql: string, params: (string | number)[] = []) => (await conn.query<T & Record<string, unknown>>(sql, params))[0];

test('shows the reports and organisations in scope, headline figures and trends with data points', async ({ page }) => {
	await openApp(page, '/?ds=real');
	const totals = await one<{ reports: number; orgs: number; last: number }>(
		"SELECT CAST(count(*) AS INTEGER) AS reports, CAST(count(DISTINCT (province, city, district, org)) FILTER (WHERE org IS NOT NULL) AS INTEGER) AS orgs, CAST(max(year) AS INTEGER) AS last FROM reports WHERE status <> 'failed'"
	);
	const counts = page.getByTestId('overview-counts');
	await expect(counts).toHaveAttribute('data-reports', String(totals.reports));
	await expect(counts).toHaveAttribute('data-orgs', String(totals.orgs));
	await expect(page.getByTestId('year-picker')).toHaveValue(String(totals.last));
	await expect(page.getByTestId('headlines').locator('article')).toHaveCount(4);

	const years = await one<{ n: number }>("SELECT CAST(count(DISTINCT year) AS INTEGER) AS n FROM facts WHERE metric = 'n.proactive.items' AND value IS NOT NULL");
	await expect(page.getByTestId('trend-n.proactive.items').locator('svg .mk-data-point circle')).toHaveCount(years.n);
	const outcomeYears = await one<{ n: number }>(
		"SELECT CAST(count(DISTINCT year) AS INTEGER) AS n FROM facts WHERE metric = 't3.total_processed.total' AND value > 0"
	);
	await expect(page.getByTestId('outcomes-chart').locator('svg .mk-outcome-bar rect').first()).toBeVisible();
	const bars = await page.getByTestId('outcomes-chart').locator('svg .mk-outcome-bar rect').count();
	expect(bars).toBeGreaterThanOrEqual(outcomeYears.n);
	expect(bars).toBeLessThanOrEqual(outcomeYears.n * 6);
});

test('a district and year: figures equal the sums of its reports, with the previous year and the procurement rule', async ({ page }) => {
	const row = await one<{ district: string; year: number }>(
		"SELECT district, CAST(year AS INTEGER) AS year FROM facts_r WHERE metric = 't2.gov_procurement.amount_yuan' AND value > 0 AND district IS NOT NULL ORDER BY year DESC LIMIT 1"
	);
	const items = await one<{ v: number }>("SELECT sum(value) AS v FROM facts_r WHERE metric = 'n.proactive.items' AND district = ? AND year = ?", [row.district, row.year]);
	const money = await one<{ v: number }>("SELECT sum(value) AS v FROM facts_r WHERE metric = 't2.gov_procurement.amount_yuan' AND district = ? AND year = ?", [row.district, row.year]);
	await openApp(page, `/?ds=real&district=${encodeURIComponent(row.district)}&year=${row.year}`);
	await expect(page.getByTestId('headline-n.proactive.items').getByTestId('headline-value')).toHaveText(items.v.toLocaleString('en-US'));
	const wan = (money.v / 10_000).toLocaleString('en-US', { maximumFractionDigits: 2 });
	await expect(page.getByTestId('headline-t2.gov_procurement.amount_yuan').getByTestId('headline-value')).toHaveText(wan);

	// A 2021-format year has no procurement cell: the card says so rather than showing 0.
	const later = await one<{ year: number }>("SELECT CAST(max(year) AS INTEGER) AS year FROM reports WHERE format = '2021'");
	await openApp(page, `/?ds=real&year=${later.year}`);
	await expect(page.getByTestId('headline-t2.gov_procurement.amount_yuan').getByTestId('headline-note')).toContainText('2021');
});

test('changing the year changes the URL and the figures; back and forward restore them', async ({ page }) => {
	const years = await conn.query<{ year: number; v: number }>(
		"SELECT CAST(year AS INTEGER) AS year, sum(value) AS v FROM facts WHERE metric = 'n.proactive.items' AND value IS NOT NULL GROUP BY 1 ORDER BY 1"
	);
	const [a, b] = [years[years.length - 1], years[0]];
	await openApp(page, `/?ds=real&year=${a.year}`);
	const value = page.getByTestId('headline-n.proactive.items').getByTestId('headline-value');
	await expect(value).toHaveText(a.v.toLocaleString('en-US'));
	await page.getByTestId('year-picker').selectOption(String(b.year));
	await expect(page).toHaveURL(new RegExp(`year=${b.year}`));
	await expect(value).toHaveText(b.v.toLocaleString('en-US'));
	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`year=${a.year}`));
	await expect(value).toHaveText(a.v.toLocaleString('en-US'));
	await page.goForward();
	await expect(value).toHaveText(b.v.toLocaleString('en-US'));
});

test('choosing a region changes the URL and the figures; back restores all regions', async ({ page }) => {
	const { district, city } = await one<{ district: string; city: string }>(
		"SELECT district, city FROM reports WHERE district IS NOT NULL AND city IS NOT NULL ORDER BY year DESC, district LIMIT 1"
	);
	const all = await one<{ reports: number }>("SELECT CAST(count(*) AS INTEGER) AS reports FROM reports WHERE status <> 'failed'");
	const inDistrict = await one<{ reports: number }>(
		"SELECT CAST(count(*) AS INTEGER) AS reports FROM reports WHERE status <> 'failed' AND city = ? AND district = ?",
		[city, district]
	);
	await openApp(page, '/?ds=real');
	const counts = page.getByTestId('overview-counts');
	await expect(counts).toHaveAttribute('data-reports', String(all.reports));
	await page.getByTestId('scope-city').selectOption(city);
	await expect(page).toHaveURL(new RegExp(`city=${encodeURIComponent(city)}`));
	await page.getByTestId('scope-district').selectOption(district);
	await expect(page).toHaveURL(new RegExp(`district=${encodeURIComponent(district)}`));
	await expect(counts).toHaveAttribute('data-reports', String(inDistrict.reports));
	await page.goBack();
	await page.goBack();
	await expect(counts).toHaveAttribute('data-reports', String(all.reports));
});

test('a scope that is not in the data says so, and English is one switch away', async ({ page }) => {
	await openApp(page, '/?ds=real&district=%E4%B8%8D%E5%AD%98%E5%9C%A8%E5%8C%BA');
	await expect(page.getByTestId('overview-empty')).toBeVisible();
	await openApp(page, '/?ds=real&lang=en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
	await expect(page.getByTestId('overview-summary')).toContainText('reports from');
});

test('has no serious or critical accessibility violations', async ({ page }) => {
	await openApp(page, '/?ds=real');
	await expect(page.getByTestId('outcomes-chart').locator('svg').first()).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('the default dataset (synthetic demo when shipped) draws too, with its banner, and stays accessible', async ({ page }) => {
	await openApp(page, '/');
	await expect(page.getByTestId('trend-n.proactive.items').locator('svg .mk-data-point circle').first()).toBeVisible();
	const synthetic = await page.evaluate(() => (window as unknown as { nianbao: { dataset: { synthetic: boolean } } }).nianbao.dataset.synthetic);
	await expect(page.getByTestId('synthetic-badge').first()).toHaveCount(synthetic ? 1 : 0);
	expect(await seriousViolations(page)).toEqual([]);
});

test('draws the first chart as soon as its own queries return, before the outcome shares arrive', async ({ page }) => {
	await openApp(page, '/?ds=demo');
	await expect(page.getByTestId('outcomes-chart').locator('svg').first()).toBeVisible();
	// The page logs each statement's first 200 characters: the outcome shares query from either source.
	const outcomeSql = [outcomesQuery({}, 'facts').sql.slice(0, 200), outcomesQuery({}, 'agg').sql.slice(0, 200)];
	// With baked aggregates the first figures come before DuckDB; DuckDB then takes over and runs the query too.
	await page.waitForFunction(
		(outcomeSql) => performance.getEntriesByName('duckdb:query').some((m) => outcomeSql.includes(String((m as PerformanceMeasure).detail))),
		outcomeSql,
		{ timeout: 30_000 }
	);
	const t = await page.evaluate((outcomeSql) => {
		const first = performance.getEntriesByName('chart:render')[0] as PerformanceMark | undefined;
		const q = performance
			.getEntriesByName('duckdb:query')
			.find((m) => outcomeSql.includes(String((m as PerformanceMeasure).detail)));
		return {
			chart: first?.startTime ?? null,
			chartId: (first?.detail as { testid?: string } | undefined)?.testid ?? null,
			outcomesDone: q ? q.startTime + q.duration : null
		};
	}, outcomeSql);
	expect(t.chartId).toMatch(/^trend-/);
	expect(t.chart).not.toBeNull();
	expect(t.outcomesDone, 'the outcome shares query ran').not.toBeNull();
	// All at once (the old Promise.all gate) would draw only after the outcome shares had come back.
	expect(t.chart!).toBeLessThan(t.outcomesDone!);
});

test('outcome shares as printed add up to 100.0 % in every year; reports that do not add up are counted apart', async ({ page }) => {
	await openApp(page, '/');
	const table = page.getByTestId('outcomes-table');
	await expect(table.locator('tbody tr').first()).toBeVisible();
	const rows = await table.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''))
	);
	expect(rows.length).toBeGreaterThan(0);
	for (const cells of rows) {
		const pct = cells.filter((c) => /%$/.test(c)).map((c) => Number(c.replace('%', '')));
		expect(pct.length, cells.join(' ')).toBe(6);
		expect(Math.round(pct.reduce((a, b) => a + b, 0) * 10) / 10, cells.join(' ')).toBe(100);
	}
	const shares = await page.getByTestId('outcome-shares').locator('li strong').allTextContents();
	expect(Math.round(shares.map((s) => Number(s.replace('%', ''))).reduce((a, b) => a + b, 0) * 10) / 10).toBe(100);
	// The demo has reports whose table 三 does not add up; the page says how many were left out.
	const synthetic = await page.evaluate(() => (window as unknown as { nianbao: { dataset: { synthetic: boolean } } }).nianbao.dataset.synthetic);
	if (synthetic) await expect(page.getByTestId('outcome-unbalanced')).toContainText(/另有 \d+ 份报告/);
});

test('no year-on-year change between different organisations: 湖东镇 2025 is not compared with 上海市科委 2024', async ({ page }) => {
	await openApp(page, '/?ds=real&year=2025');
	const delta = page.getByTestId('headline-n.proactive.items').getByTestId('headline-delta');
	await expect(delta).toHaveAttribute('data-link', 'too_few');
	await expect(delta).toContainText('不计算变化');
	await expect(page.getByTestId('headlines')).not.toContainText('较上年');
	// The trend does not join reports of different organisations into one line.
	const lines = page.getByTestId('trend-n.proactive.items').locator('svg .mk-trend-line path');
	await expect(page.getByTestId('trend-n.proactive.items').locator('svg .mk-data-point circle').first()).toBeVisible();
	const joined = await lines.evaluateAll((ps) => ps.filter((p) => /L/.test(p.getAttribute('d') ?? '')).length);
	expect(joined).toBe(0);
	await expect(page.getByTestId('trend-n.proactive.items')).toContainText('不连线');
});
