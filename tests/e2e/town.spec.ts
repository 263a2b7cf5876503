import { test, expect } from '@playwright/test';
import { openApp, seriousViolations } from './helpers/app.ts';
import { loadDatasetNative, nodeConnector } from '../../src/node/duckdb-connector.ts';
import { nativeDataset } from './helpers/native.ts';

/** The Town profile on the shipped real dataset; expectations are read from the dataset with native DuckDB. */
const real = nativeDataset();

const ORG = '咸祥镇人民政府';

test('finds a town by pinyin initials and shows every value it reported, with flags', async ({ page }) => {
	await openApp(page, '/town?ds=real');
	await expect(page.getByTestId('profile-empty')).toBeVisible();
	await page.getByTestId('town-search').fill('xxz');
	await expect(page.getByTestId('town-match').first()).toContainText('咸祥镇');
	await page.getByTestId('town-search').press('Enter');
	await expect(page).toHaveURL(new RegExp(`org=${encodeURIComponent(ORG)}`));

	const [{ cells }] = await real.conn.query<{ cells: number }>(
		`SELECT count(DISTINCT (metric, year))::INTEGER AS cells FROM facts_r WHERE org = ?`,
		[ORG]
	);
	await expect(page.getByTestId('profile-value')).toHaveCount(cells);
	const [{ repaired }] = await real.conn.query<{ repaired: number }>(
		`SELECT count(*)::INTEGER AS repaired FROM facts_r WHERE org = ? AND flags LIKE '%repaired%'`,
		[ORG]
	);
	expect(repaired).toBeGreaterThan(0);
	await expect(page.locator('[data-testid="profile-table"] [data-flag="repaired"]')).toHaveCount(repaired);

	const [{ n: nIssues }] = await real.conn.query<{ n: number }>(
		'SELECT count(*)::INTEGER AS n FROM issues JOIN reports USING (report_id) WHERE org = ?',
		[ORG]
	);
	await expect(page.getByTestId('profile-issues').locator('tbody tr')).toHaveCount(nIssues);
	await expect(page.getByTestId('profile-trend').first().locator('svg circle').first()).toBeVisible();
});

test('clicking a number shows the report text it came from, highlighted; Esc closes; back reopens', async ({ page }) => {
	const [fact] = await real.conn.query<{ raw: string; value: number; year: number }>(
		"SELECT raw, value, year::INTEGER AS year FROM facts_r WHERE org = ? AND metric = 'n.proactive.items'",
		[ORG]
	);
	await openApp(page, `/town?ds=real&org=${encodeURIComponent(ORG)}`);
	const cell = page.locator(`[data-testid="profile-value"][data-metric="n.proactive.items"][data-year="${fact.year}"]`);
	await expect(cell).toHaveAttribute('data-value', String(fact.value));
	await cell.click();
	await expect(page).toHaveURL(/metric=n\.proactive\.items/);
	await expect(page).toHaveURL(new RegExp(`year=${fact.year}`));
	const panel = page.getByTestId('source-panel');
	await expect(panel).toBeVisible();
	await expect(panel.getByTestId('source-mark')).toHaveText(fact.raw);
	await expect(panel.getByTestId('source-raw')).toHaveText(fact.raw);
	await expect(panel.getByTestId('source-context')).toContainText(fact.raw);
	expect(await seriousViolations(page)).toEqual([]);

	await page.keyboard.press('Escape');
	await expect(panel).toBeHidden();
	await expect(page).not.toHaveURL(/metric=/);
	await page.goBack();
	await expect(panel).toBeVisible();
	await expect(panel.getByTestId('source-mark')).toHaveText(fact.raw);
});

test('a table cell opens highlighted too, and an unknown org says so', async ({ page }) => {
	const [fact] = await real.conn.query<{ metric: string; raw: string; year: number }>(
		`SELECT metric, raw, year::INTEGER AS year FROM facts_r
		 WHERE org = ? AND metric LIKE 't3.%' AND span_start IS NOT NULL AND raw <> '' ORDER BY metric LIMIT 1`,
		[ORG]
	);
	await openApp(page, `/town?ds=real&org=${encodeURIComponent(ORG)}&metric=${fact.metric}&year=${fact.year}`);
	await expect(page.getByTestId('source-panel').getByTestId('source-mark')).toHaveText(fact.raw);

	await openApp(page, '/town?ds=real&org=nowhere');
	await expect(page.getByTestId('profile-unknown')).toBeVisible();
});

test('a report’s whole text opens from its row, and the URL names the report', async ({ page }) => {
	const [r] = await real.conn.query<{ report_id: string; text: string }>(
		'SELECT report_id, text FROM texts JOIN reports USING (report_id) WHERE org = ?',
		[ORG]
	);
	await openApp(page, `/town?ds=real&org=${encodeURIComponent(ORG)}`);
	await page.getByTestId('open-report').first().click();
	await expect(page).toHaveURL(new RegExp(`report=${r.report_id}`));
	const shown = page.getByTestId('source-panel').getByTestId('report-text');
	await expect(shown).toBeVisible();
	expect((await shown.textContent())?.replace(/\s+/g, '')).toBe(r.text.replace(/\s+/g, ''));
});

test('links to the Data view filtered to the town, whose raw texts link back to their source', async ({ page }) => {
	const [{ n }] = await real.conn.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM facts_r WHERE org = ?', [ORG]);
	await openApp(page, `/town?ds=real&org=${encodeURIComponent(ORG)}`);
	await page.getByTestId('profile-data-link').click();
	await expect(page).toHaveURL(/\/data\?.*towns=/);
	await expect(page.getByTestId('row-count')).toHaveAttribute('data-count', String(n));

	const link = page.getByTestId('data-preview').locator('tbody a.raw').first();
	const raw = await link.textContent();
	await link.click();
	await expect(page).toHaveURL(/\/town\?.*metric=/);
	await expect(page.getByTestId('source-panel').getByTestId('source-mark')).toHaveText(raw!);
});

test('has no serious accessibility violations', async ({ page }) => {
	await openApp(page, `/town?ds=real&org=${encodeURIComponent(ORG)}`);
	await expect(page.getByTestId('profile-value').first()).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('on a town with reports in both formats, a grade B trend breaks at the format change', async ({ page }) => {
	const demo = await nodeConnector();
	try {
		await loadDatasetNative(demo, 'datasets/demo');
		const [town] = await demo.query<{ org: string; n: number }>(
			`SELECT org, count(DISTINCT format)::INTEGER AS n FROM facts_r
			 WHERE metric IN ('t2.normative_docs.new_made', 't2.normative_docs.issued') AND value IS NOT NULL
			   AND org IN (SELECT org FROM reports GROUP BY org HAVING count(DISTINCT coalesce(district, '')) = 1)
			 GROUP BY org HAVING n = 2 ORDER BY org LIMIT 1`
		);
		test.skip(!town, 'the demo dataset has no town with both formats');
		await openApp(page, `/town?ds=demo&org=${encodeURIComponent(town.org)}`);
		const charts = page.getByTestId('profile-trend');
		await expect(charts.first()).toBeVisible();
		await expect(page.locator('[data-testid="profile-trend"] .mk-format-break')).toHaveCount(1);
		await expect(page.locator('[data-testid="profile-trend"] [data-testid="synthetic-badge"]').first()).toBeVisible();
	} finally {
		demo.close();
	}
});

test('the flags of the table are explained visibly under it, not only on hover', async ({ page }) => {
	const [row] = await real.conn.query<{ org: string; flag: string }>(
		"SELECT org, flags AS flag FROM facts_r WHERE flags LIKE '%blank%' OR flags LIKE '%inferred%' ORDER BY org LIMIT 1"
	);
	await openApp(page, `/town?ds=real&org=${encodeURIComponent(row.org)}`);
	const legend = page.getByTestId('flag-legend');
	await expect(legend).toBeVisible();
	await expect(legend).toContainText('标记说明');
	await expect(legend.locator(`[data-flag]`).first()).toBeVisible();
	expect(await legend.innerText()).toMatch(/空白|推算|计为 0/);
});
