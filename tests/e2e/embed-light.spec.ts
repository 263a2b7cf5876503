import { expect, test, type Page } from '@playwright/test';
import { ensureNationalE2E, NATIONAL_E2E_NAME } from './helpers/national.ts';

/**
 * A district portal's embed is light: it draws from the dataset's baked aggregates (or a few Parquet ranges)
 * and never loads DuckDB-WASM, its worker or the report texts — at most 1.5 MB over the wire, JS included,
 * counted by Chromium itself (CDP Network: bytes received per request, compressed as sent).
 */

const BUDGET = 1_500_000;

async function transfer(page: Page, path: string, ready: () => Promise<void>) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	const urls = new Map<string, string>();
	const bytes = new Map<string, number>();
	cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
	cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
	await page.goto(path);
	await ready();
	await page.waitForLoadState('networkidle');
	const requests = [...urls].map(([id, url]) => ({ url: new URL(url).pathname, bytes: bytes.get(id) ?? 0 }));
	return { requests, total: requests.reduce((a, r) => a + r.bytes, 0) };
}

const chart = (page: Page) => page.getByTestId('embed-chart').locator('svg .mk-data-point circle, svg .mk-heat-cell rect, svg .mk-outcome-bar rect').first();

for (const [what, path] of [
	['the default trend (baked)', '/embed?ds=demo'],
	['the default towns compared (baked)', '/embed?ds=demo&chart=compare'],
	['outcome shares of a district (baked)', '/embed?ds=demo&chart=outcomes'],
	['a metric the bake does not hold (Parquet ranges)', '/embed?ds=demo&chart=trend&metric=t2.admin_penalty.decisions'],
	['picked towns per report (Parquet ranges)', '/embed?ds=real&chart=heatmap&metric=n.proactive.items&values=report']
] as const) {
	test(`${what} loads no wasm, no worker, no report texts and stays under 1.5 MB`, async ({ page }) => {
		const { requests, total } = await transfer(page, path, () => expect(chart(page)).toBeVisible());
		const names = requests.map((r) => r.url);
		expect(names.filter((u) => /\.wasm$|worker|duckdb/i.test(u)), 'DuckDB files').toEqual([]);
		expect(names.filter((u) => /texts\.(parquet|csv)$/.test(u)), 'report texts').toEqual([]);
		// Nor any JS of the DuckDB store: no chunk the embed loads holds the connector.
		for (const js of names.filter((u) => u.endsWith('.js'))) expect(await (await page.request.get(js)).text(), js).not.toContain('getDuckDB');
		expect(total, requests.map((r) => `${r.bytes}\t${r.url}`).join('\n')).toBeLessThanOrEqual(BUDGET);
		// Drawn without DuckDB: the data mark says where the rows came from.
		const source = await page.evaluate(() => (performance.getEntriesByName('embed:data')[0] as PerformanceMark | undefined)?.detail?.source);
		expect(source).toBe(/Parquet/.test(what) ? 'parquet' : 'baked');
		// A Parquet read takes column chunks, not files: less than half of facts.parquet comes over.
		const facts = requests.filter((r) => r.url.endsWith('/facts.parquet')).reduce((a, r) => a + r.bytes, 0);
		if (/demo/.test(path) && source === 'parquet') expect(facts).toBeLessThan(600_000);
	});
}

/**
 * The same on a national dataset (laid out by province, tests/e2e/helpers/national.ts): the default charts read
 * the small root of the bake (and a province's part for a province), a metric the bake does not hold reads the
 * rollup of its level — never a facts file, never DuckDB.
 */
test.describe('on a national dataset', () => {
	let province = '';
	test.beforeAll(async () => {
		test.setTimeout(240_000);
		const m = await ensureNationalE2E();
		province = [...(m.parts ?? [])].sort((a, b) => b.rows - a.rows)[0].province;
	});
	const ds = `/embed?ds=${NATIONAL_E2E_NAME}`;
	for (const [what, path, source, files] of [
		['the national default trend (baked root)', () => ds, 'baked', ['manifest.json', 'aggregates.json']],
		['the default towns compared (baked root)', () => `${ds}&chart=compare`, 'baked', ['manifest.json', 'aggregates.json']],
		["a province's trend (its part of the bake)", () => `${ds}&province=${encodeURIComponent(province)}`, 'baked', ['manifest.json', 'aggregates.json', 'aggregates/p']],
		['a metric the bake does not hold (rollups)', () => `${ds}&metric=t2.admin_penalty.decisions`, 'rollups', ['manifest.json', 'aggregates.json', 'rollups/nation.parquet']],
		["a province's metric the bake does not hold (rollups)", () => `${ds}&metric=t2.admin_penalty.decisions&province=${encodeURIComponent(province)}`, 'rollups', ['manifest.json', 'aggregates.json', 'rollups/province.parquet']]
	] as const) {
		test(`${what} reads only what it draws: no wasm, no facts file, under 1.5 MB`, async ({ page }) => {
			const { requests, total } = await transfer(page, path(), () => expect(chart(page)).toBeVisible());
			const names = requests.map((r) => r.url);
			expect(names.filter((u) => /\.wasm$|worker|duckdb/i.test(u)), 'DuckDB files').toEqual([]);
			const data = [...new Set(names.filter((u) => u.includes(`/datasets/${NATIONAL_E2E_NAME}/`)).map((u) => u.split(`/datasets/${NATIONAL_E2E_NAME}/`)[1]))];
			expect(data.map((f) => f.replace(/^aggregates\/p\d+\.json$/, 'aggregates/p')).sort(), 'dataset files').toEqual([...files].sort());
			expect(total, requests.map((r) => `${r.bytes}\t${r.url}`).join('\n')).toBeLessThanOrEqual(BUDGET);
			const got = await page.evaluate(() => (performance.getEntriesByName('embed:data')[0] as PerformanceMark | undefined)?.detail?.source);
			expect(got).toBe(source);
		});
	}
});

test('the bump chart, which needs DuckDB, still draws in an embed (loading DuckDB for itself)', async ({ page }) => {
	await page.goto('/embed?ds=real&chart=bump');
	await expect(page.getByTestId('embed').locator('svg').first()).toBeVisible({ timeout: 45_000 });
});

test('an unknown dataset in an embed names the shipped ones', async ({ page }) => {
	await page.goto('/embed?ds=nosuch&chart=trend');
	await expect(page.getByTestId('embed-error')).toContainText('nosuch');
	await expect(page.getByTestId('embed-error')).toContainText('demo');
});
