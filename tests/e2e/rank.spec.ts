import { expect, test } from '@playwright/test';
import { openApp, seriousViolations } from './helpers/app.ts';
import { nativeDataset } from './helpers/native.ts';
import { rankOrgs, rankQuery, type OrgYearRow } from '../../src/lib/queries/rank.ts';

/** /rank 排名: organisations ranked by a metric or an indicator, ties, bodies listed apart, URL state, phone width. */

const demo = nativeDataset('datasets/demo');
const real = nativeDataset('datasets/real');

async function expected(conn: typeof demo.conn, measure: string, scope: Record<string, string>, year: number, by: 'value' | 'change' = 'value', order: 'desc' | 'asc' = 'desc') {
	const q = rankQuery(measure, { scope });
	const rows = await conn.query<OrgYearRow>(q.sql, q.params);
	return rankOrgs(measure, rows, { year, by, order });
}

test('ranks the demo city’s bodies by disclosure rate: Σ numerator / Σ denominator, small ones apart as 样本不足', async ({ page }) => {
	const want = await expected(demo.conn, 'r.disclosure_rate', { city: '宁波市' }, 2024);
	await openApp(page, `/rank?${new URLSearchParams({ metric: 'r.disclosure_rate', city: '宁波市', year: '2024' })}`);
	const rows = page.getByTestId('rank-row');
	await expect(rows).toHaveCount(want.ranked.length);
	await expect(page.getByTestId('rank-apart-row')).toHaveCount(want.apart.length);
	const first = want.ranked[0];
	await expect(rows.first().locator('td.rank-cell')).toHaveText('1');
	await expect(rows.first().locator('td.value-cell')).toHaveText(`${first.value!.toFixed(1)}%`);
	await expect(rows.first()).toContainText(`${first.numerator} / ${first.denominator}`);
	const small = want.apart.find((e) => e.reason === 'small')!;
	// A long list of bodies not ranked starts folded, under its count.
	await page.getByTestId('rank-apart-details').locator('summary').click();
	await expect(page.getByTestId('rank-apart').getByText(`样本不足 (n = ${small.denominator})`).first()).toBeVisible();
	await expect(page.getByTestId('measure-definition')).toContainText('予以公开与部分公开之和');
	await expect(page.getByTestId('bump-chart').locator('svg .mk-bump-point circle').first()).toBeVisible();
	expect(await seriousViolations(page, ['[data-testid="rank"]'])).toEqual([]);
});

test('keeps its state in the URL: ranking by change, another year and another measure', async ({ page }) => {
	await openApp(page, `/rank?${new URLSearchParams({ metric: 'n.proactive.items', district: '鄞州区', year: '2025' })}`);
	const byValue = await expected(demo.conn, 'n.proactive.items', { district: '鄞州区' }, 2025);
	await expect(page.getByTestId('rank-row')).toHaveCount(byValue.ranked.length);
	await page.getByTestId('rank-by').getByLabel('较上年变化').check();
	await expect(page).toHaveURL(/by=change/);
	const byChange = await expected(demo.conn, 'n.proactive.items', { district: '鄞州区' }, 2025, 'change');
	await expect(page.getByTestId('rank-row')).toHaveCount(byChange.ranked.length);
	const top = byChange.ranked[0];
	await expect(page.getByTestId('rank-row').first()).toContainText(top.name);
	await page.getByTestId('rank-year').selectOption('2023');
	await expect(page).toHaveURL(/year=2023/);
	// Reloading the URL restores the same view.
	await page.reload();
	await page.waitForSelector('html[data-dataset-status="ready"]', { timeout: 45_000 });
	const y23 = await expected(demo.conn, 'n.proactive.items', { district: '鄞州区' }, 2023, 'change');
	await expect(page.getByTestId('rank-row').first()).toContainText(y23.ranked[0].name);
	// Ties share a rank: the page shows as many distinct ranks as the rule gives.
	const ranks = await page.getByTestId('rank-row').locator('td.rank-cell').allTextContents();
	expect(ranks.map(Number)).toEqual(y23.ranked.map((e) => e.rank));
	// Finding a body by name narrows the rows and keeps its rank.
	const last = y23.ranked[y23.ranked.length - 1];
	await page.getByTestId('rank-search').fill(last.name.slice(0, 3));
	await expect(page).toHaveURL(/q=/);
	await expect(page.getByTestId('rank-row').filter({ hasText: last.name }).locator('td.rank-cell')).toHaveText(String(last.rank));
});

test('downloads the ranking as CSV with numerator and denominator columns', async ({ page }) => {
	await openApp(page, `/rank?${new URLSearchParams({ metric: 'r.disclosure_rate', city: '宁波市', year: '2024' })}`);
	const want = await expected(demo.conn, 'r.disclosure_rate', { city: '宁波市' }, 2024);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rank-csv').click()]);
	const text = await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString('utf8'));
	const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
	expect(lines[0]).toContain('numerator,denominator');
	expect(lines).toHaveLength(1 + want.ranked.length + want.apart.length);
});

test('works on the real reports, in English', async ({ page }) => {
	const years = await real.conn.query<{ y: number }>("SELECT max(year)::INTEGER AS y FROM facts_r WHERE metric = 'n.proactive.items' AND value IS NOT NULL");
	const want = await expected(real.conn, 'n.proactive.items', {}, years[0].y);
	await openApp(page, `/rank?${new URLSearchParams({ ds: 'real', lang: 'en', metric: 'n.proactive.items' })}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rankings');
	await expect(page.getByTestId('rank-row')).toHaveCount(want.ranked.length);
	await expect(page.getByTestId('nav-rank')).toHaveAttribute('aria-current', 'page');
});

test('fits a 390 px phone: the tables scroll inside their box, the page does not', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 800 });
	await openApp(page, `/rank?${new URLSearchParams({ metric: 'r.disclosure_rate', city: '宁波市', year: '2024' })}`);
	await expect(page.getByTestId('rank-row').first()).toBeVisible();
	const { page: pageWidth, table, box } = await page.evaluate(() => ({
		page: document.documentElement.scrollWidth,
		table: document.querySelector('[data-testid="rank-table"]')!.scrollWidth,
		box: document.querySelector('[data-testid="rank-scroll"]')!.clientWidth
	}));
	expect(pageWidth).toBeLessThanOrEqual(390);
	expect(box).toBeLessThanOrEqual(390);
	expect(table).toBeGreaterThanOrEqual(box);
});

test('embeds the bump chart in a small iframe page, and names a wrong parameter', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 440 });
	await openApp(page, `/embed?${new URLSearchParams({ chart: 'bump', metric: 'r.disclosure_rate', city: '宁波市', year: '2024', n: '3' })}`);
	const chart = page.getByTestId('embed-chart');
	await expect(chart.locator('svg .mk-bump-point circle').first()).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await openApp(page, `/embed?${new URLSearchParams({ chart: 'bump', metric: 'r.nonsense', by: 'sideways' })}`);
	const problems = page.getByTestId('embed-problems');
	await expect(problems.locator('li[data-param="metric"]')).toContainText('r.disclosure_rate');
	await expect(problems.locator('li[data-param="by"]')).toContainText('change');
});
