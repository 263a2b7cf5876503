import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';
import { serve, type RunningServer } from '../../src/node/serve.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { nodeConnector } from '../../src/node/duckdb-connector.ts';

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

/** Click a download button; the saved file's name and bytes. */
async function download(page: Page, testid: string): Promise<{ name: string; bytes: Buffer }> {
	const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testid).click()]);
	return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

test('the Data view downloads through the server: the same CSV bytes and Parquet rows as the browser writes', async ({ page }) => {
	test.setTimeout(180_000);
	await openApp(page, '/data?ds=demo&lang=en');
	const district = await page.getByTestId('scope-district').locator('option').nth(1).getAttribute('value');
	const filter = `district=${encodeURIComponent(district!)}&tables=${encodeURIComponent('二')}&from=2021&to=2023`;

	await openApp(page, `/data?ds=demo&lang=en&${filter}`);
	await expect(page.getByTestId('row-count')).not.toHaveAttribute('data-count', '');
	const count = await page.getByTestId('row-count').getAttribute('data-count');
	expect(Number(count)).toBeGreaterThan(100);
	const csvInBrowser = await download(page, 'download-csv');
	const pqInBrowser = await download(page, 'download-parquet');

	const urls = recordRequests(page);
	await openApp(page, `/data?server=/api&lang=en&${filter}`);
	await expect(page.getByTestId('query-server')).toHaveAttribute('data-server', '/api');
	await expect(page.getByTestId('row-count')).toHaveAttribute('data-count', count!);
	const csvOnServer = await download(page, 'download-csv');
	expect(csvOnServer.name).toBe(csvInBrowser.name);
	expect([...csvOnServer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(csvOnServer.bytes.equals(csvInBrowser.bytes)).toBe(true);
	expect(csvOnServer.bytes.toString('utf8').trimEnd().split('\r\n')).toHaveLength(Number(count) + 1);

	const pqOnServer = await download(page, 'download-parquet');
	expect(pqOnServer.name).toBe(pqInBrowser.name);
	const db = await nodeConnector();
	try {
		const read = async (bytes: Buffer, name: string) => {
			const file = test.info().outputPath(name);
			writeFileSync(file, bytes);
			const f = file.replaceAll("'", "''");
			return {
				rows: await db.query(`SELECT * FROM read_parquet('${f}')`),
				types: await db.query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${f}'))`),
				cite: (await db.query<{ v: string }>(`SELECT decode(value) AS v FROM parquet_kv_metadata('${f}') WHERE decode(key) = 'nianbao.url'`))[0]?.v
			};
		};
		const a = await read(pqInBrowser.bytes, 'browser.parquet');
		const b = await read(pqOnServer.bytes, 'server.parquet');
		expect(b.rows.length).toBe(Number(count));
		expect(b.rows).toEqual(a.rows);
		expect(b.types).toEqual(a.types);
		// The citation names the page the researcher filtered on: the server-mode URL.
		expect(b.cite).toBe(page.url());
	} finally {
		db.close();
	}
	// Streamed by the server (GET /download with the view's own filter parameters, no SQL), not by DuckDB-WASM.
	const downloads = urls.filter((u) => u.includes('/api/download'));
	expect(downloads).toHaveLength(2);
	for (const u of downloads) {
		const q = new URL(u).searchParams;
		expect(q.get('district')).toBe(district);
		expect(q.has('sql')).toBe(false);
	}
	expect(urls.filter((u) => /\.wasm($|\?)|facts\.parquet/.test(u))).toEqual([]);
});

test('the SQL console downloads its whole result from the server, past the rows it shows', async ({ page }) => {
	test.setTimeout(120_000);
	const sql = "select report_id, metric, value from facts where metric like 't3.%' order by all limit 12345";
	await openApp(page, `/data?server=/api&lang=en`);
	await page.getByTestId('sql-input').fill(sql);
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-result')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('sql-download')).toHaveText('Download the whole result as CSV');
	const file = await download(page, 'sql-download');
	expect(file.name).toMatch(/^nianbao-demo-synthetic-\d{8}T\d{6}Z-sql\.csv$/);
	const lines = file.bytes.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
	expect(lines[0]).toBe('report_id,metric,value');
	expect(lines).toHaveLength(12_345 + 1);
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
