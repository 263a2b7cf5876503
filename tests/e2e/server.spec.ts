import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';
import { serve, type RunningServer } from '../../src/node/serve.ts';

/**
 * `?server=`: the views query a `nianbao serve` server through RestConnector instead of DuckDB-WASM, behind the
 * site's own reverse proxy (`/api`, as README's hosting section sets it up; `vite preview` forwards `/api/*` to
 * the server this spec starts, playwright.config.ts). The figures are the same as in the browser; the wasm is
 * never fetched; a link naming another origin is refused before any request leaves.
 */

let server: RunningServer;
test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await serve({ dir: 'datasets/demo', port: Number(process.env.NIANBAO_API_PORT), pool: 2 });
});
test.afterAll(() => server?.close());

/** What the Overview shows: counts and every headline figure. */
async function overviewFigures(page: Page) {
	await expect(page.getByTestId('headlines').locator('article')).toHaveCount(4);
	await expect(page.getByTestId('outcome-shares')).toBeVisible();
	const counts = page.getByTestId('overview-counts');
	return {
		reports: await counts.getAttribute('data-reports'),
		orgs: await counts.getAttribute('data-orgs'),
		headlines: await page.getByTestId('headlines').locator('[data-testid="headline-value"]').allTextContents(),
		shares: await page.getByTestId('outcome-shares').locator('strong').allTextContents()
	};
}

function recordRequests(page: Page): string[] {
	const urls: string[] = [];
	page.on('request', (r) => urls.push(r.url()));
	return urls;
}

test('a district on the server shows the same figures as DuckDB-WASM in the browser, and loads no wasm', async ({ page }) => {
	test.setTimeout(120_000);
	await openApp(page, '/?ds=demo&lang=en');
	const district0 = await page.getByTestId('scope-district').locator('option').nth(1).getAttribute('value');
	const scope = `district=${encodeURIComponent(district0!)}&year=2022`;

	await openApp(page, `/?ds=demo&lang=en&${scope}`);
	await page.waitForFunction(() => (window as unknown as { nianbao: { dataset: { aggregates: boolean } } }).nianbao.dataset.aggregates, null, { timeout: 30_000 });
	const inBrowser = await overviewFigures(page);

	const urls = recordRequests(page);
	await openApp(page, `/?server=/api&lang=en&${scope}`);
	await expect(page.getByTestId('query-server')).toHaveAttribute('data-server', '/api');
	const onServer = await overviewFigures(page);
	expect(onServer).toEqual(inBrowser);
	expect(urls.some((u) => u.includes('/api/query'))).toBe(true);
	expect(urls.filter((u) => /\.wasm($|\?)|facts\.parquet/.test(u))).toEqual([]);
	expect(server.stats().served).toBeGreaterThan(0);
});

test('the SQL console runs on the server, over the whole dataset', async ({ page }) => {
	const served = server.stats().served;
	await openApp(page, '/data?server=/api&lang=en');
	await page.getByTestId('sql-input').fill('select count(*) as n from facts');
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-result').locator('tbody tr')).toHaveCount(1);
	await expect(page.getByTestId('sql-result').locator('tbody td').first()).toHaveText(/^[\d,]+$/);
	const shown = Number((await page.getByTestId('sql-result').locator('tbody td').first().textContent())!.replaceAll(',', ''));
	expect(shown).toBe(server.manifest.tables.facts.rows);
	expect(server.stats().served).toBeGreaterThan(served);
});

for (const evil of ['https://evil.example/api', '//evil.example/api', `http://127.0.0.1:${process.env.NIANBAO_API_PORT}`]) {
	test(`a link naming another origin (${evil}) is refused and nothing is sent there`, async ({ page }) => {
		const urls = recordRequests(page);
		await openApp(page, `/?server=${encodeURIComponent(evil)}&lang=en`, { waitFor: 'error' });
		await expect(page.getByTestId('dataset-error')).toContainText('This query server cannot be used');
		await expect(page.getByTestId('dataset-error')).toContainText('Nothing was sent to that address');
		const origin = new URL(page.url()).origin;
		expect(urls.filter((u) => new URL(u).origin !== origin)).toEqual([]);
	});
}
