/**
 * What a shared link can make the visitor's browser do. A `sql=` query arrives with the link: it must wait for
 * Run, and even when run it must reach no address but the site itself — DuckDB-WASM is locked down (no URLs,
 * no extension downloads, configuration locked). A runaway query can be cancelled or hits the time limit, and
 * the other views keep answering.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';

/** Record (and abort) every request the page or its workers make to an address other than the app's own. */
async function foreignRequests(page: Page, baseURL: string): Promise<string[]> {
	const origin = new URL(baseURL).origin;
	const seen: string[] = [];
	await page.context().route(
		(url) => url.origin !== origin && url.protocol !== 'blob:' && url.protocol !== 'data:',
		(route) => {
			seen.push(`${route.request().method()} ${route.request().url()}`);
			return route.abort();
		}
	);
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (u.origin !== origin && u.protocol !== 'blob:' && u.protocol !== 'data:') seen.push(`${r.method()} ${r.url()}`);
	});
	return seen;
}

const REACHING_OUT = [
	"select * from read_csv('http://example.com/leak.csv?q=1')",
	"FROM 'https://example.com/leak.csv'",
	"select * from read_text('http://example.com/leak.txt')",
	"select * from read_parquet('https://example.com/leak.parquet')",
	"select * from read_json('https://example.com/leak.json')",
	"select * from read_csv('/etc/passwd')"
];

for (const q of REACHING_OUT) {
	test(`a shared sql= link reaches no other address, before or after Run: ${q}`, async ({ page, baseURL }) => {
		const seen = await foreignRequests(page, baseURL!);
		await openApp(page, `/data?ds=demo&sql=${encodeURIComponent(q)}`);
		await expect(page.getByTestId('sql-held')).toBeVisible();
		await expect(page.getByTestId('sql-input')).toHaveValue(q);
		await expect(page.getByTestId('sql-error')).toHaveCount(0);
		await page.getByTestId('sql-run').click();
		await expect(page.getByTestId('sql-error')).toBeVisible();
		await expect(page.getByTestId('sql-error')).toContainText(/文件|扩展|file|extension/i);
		// Nor can the configuration be unlocked: straight to DuckDB (bypassing the console's read-only check),
		// its own lock refuses the SET.
		const unlocked = await page.evaluate(async () => {
			const c = await (window as unknown as { nianbao: { db(): Promise<{ query(sql: string): Promise<unknown> }> } }).nianbao.db();
			try {
				await c.query('SET enable_external_access = true');
				return 'changed';
			} catch (e) {
				return (e as Error).message;
			}
		});
		expect(unlocked).toMatch(/locked/);
		await page.waitForTimeout(500);
		expect(seen).toEqual([]);
	});
}

test('the CSV copies of a dataset still load after the lockdown (registered buffers, not URLs)', async ({ page, baseURL }) => {
	const seen = await foreignRequests(page, baseURL!);
	await openApp(page, '/data?ds=real');
	const loaded = await page.evaluate(async () => {
		const nb = (window as unknown as { nianbao: { measureLoad(url: string, f: string): Promise<unknown> } }).nianbao;
		return nb.measureLoad('/datasets/real', 'csv');
	});
	expect(JSON.stringify(loaded)).toMatch(/\d/);
	const n = await page.evaluate(async () => {
		const c = await (window as unknown as { nianbao: { db(): Promise<{ query(sql: string): Promise<{ n: number }[]> }> } }).nianbao.db();
		return (await c.query('select count(*)::INTEGER as n from facts'))[0].n;
	});
	expect(n).toBeGreaterThan(0);
	expect(seen).toEqual([]);
});

const RUNAWAY = 'select count(*) as n from range(200000) a, range(200000) b';

test('a runaway query can be cancelled; the other views answer meanwhile and afterwards', async ({ page }) => {
	await openApp(page, '/data?ds=demo');
	await page.getByTestId('sql-input').fill(RUNAWAY);
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-cancel')).toBeVisible();
	await page.waitForTimeout(1000);
	// The filtered rows (the same DuckDB) still answer while the console's query runs.
	const during = await page.evaluate(async () => {
		const c = await (window as unknown as { nianbao: { db(): Promise<{ query(sql: string): Promise<{ n: number }[]> }> } }).nianbao.db();
		return (await c.query('select count(*)::INTEGER as n from reports'))[0].n;
	});
	expect(during).toBeGreaterThan(0);
	await expect(page.getByTestId('sql-cancel')).toBeVisible();
	await page.getByTestId('sql-cancel').click();
	await expect(page.getByTestId('sql-error')).toContainText(/已取消|Cancelled/);
	await expect(page.getByTestId('sql-cancel')).toHaveCount(0);

	await page.getByTestId('sql-input').fill('select 6 * 7 as answer');
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-result').locator('tbody tr').first()).toHaveText('42');
	// Reloading does not start the runaway query again: it waits for Run.
	await page.goBack();
	await page.reload();
	await expect(page.getByTestId('sql-held')).toBeVisible();
	await expect(page.getByTestId('sql-cancel')).toHaveCount(0);
	// Another view draws.
	await page.getByRole('link', { name: /总览|Overview/ }).first().click();
	await expect(page.locator('figure svg').first()).toBeVisible();
});

test('a runaway query stops at the time limit and says so', async ({ page }) => {
	await page.addInitScript(() => localStorage.setItem('nianbao.sqlTimeLimitMs', '1500'));
	await openApp(page, '/data?ds=demo');
	await page.getByTestId('sql-input').fill(RUNAWAY);
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-error')).toContainText(/时间上限|time limit/, { timeout: 20_000 });
	await page.getByTestId('sql-input').fill('select 6 * 7 as answer');
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-result').locator('tbody tr').first()).toHaveText('42');
});
