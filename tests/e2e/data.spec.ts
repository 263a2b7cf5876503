import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { csvParse } from 'd3-dsv';
import { openApp, seriousViolations, waitForReload } from './helpers/app.ts';
import { loadDatasetNative, nodeConnector } from '../../src/node/duckdb-connector.ts';
import { nativeDataset } from './helpers/native.ts';
import { allRows, countRows, DATA_COLUMNS, EMPTY_FILTER, type DataFilter } from '../../src/lib/queries/data.ts';

/** The Data view on the shipped real dataset: numbers are computed here with native DuckDB, never typed in. */
const real = nativeDataset();

async function shownCount(page: Page): Promise<number> {
	const el = page.getByTestId('row-count');
	await expect(el).not.toHaveAttribute('data-count', '');
	return Number(await el.getAttribute('data-count'));
}

const spreadsheetText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v));

test('shows exactly as many rows as the filter selects, and the URL carries the filter', async ({ page }) => {
	await openApp(page, '/data?ds=real');
	await expect.poll(() => shownCount(page)).toBe(await countRows(real.conn, EMPTY_FILTER));
	await expect(page.getByTestId('data-preview').locator('tbody tr')).toHaveCount(50);

	await page.getByTestId('scope-district').selectOption('鄞州区');
	await expect(page).toHaveURL(/district=%E9%84%9E%E5%B7%9E%E5%8C%BA/);
	const district = await countRows(real.conn, { ...EMPTY_FILTER, district: '鄞州区' });
	await expect.poll(() => shownCount(page)).toBe(district);

	await page.getByTestId('table-三').check();
	await expect(page).toHaveURL(/tables=%E4%B8%89/);
	const t3 = await countRows(real.conn, { ...EMPTY_FILTER, district: '鄞州区', tables: ['三'] });
	expect(t3).toBeLessThan(district);
	await expect.poll(() => shownCount(page)).toBe(t3);

	await page.goBack();
	await expect(page).not.toHaveURL(/tables=/);
	await expect.poll(() => shownCount(page)).toBe(district);
	await page.goBack();
	await expect(page).not.toHaveURL(/district=/);
	await expect.poll(() => shownCount(page)).toBe(await countRows(real.conn, EMPTY_FILTER));
	await page.goForward();
	await expect.poll(() => shownCount(page)).toBe(district);
	await expect(page.getByTestId('scope-district')).toHaveValue('鄞州区');
});

test('the town filter finds a town by its pinyin initials; picking it narrows the rows, removing it restores them', async ({ page }) => {
	await openApp(page, '/data?ds=real');
	const all = await countRows(real.conn, EMPTY_FILTER);
	await expect.poll(() => shownCount(page)).toBe(all);
	const [town] = await real.conn.query<{ org: string; district: string | null }>(
		"SELECT DISTINCT org, district FROM reports WHERE org = '咸祥镇人民政府'"
	);
	const box = page.getByTestId('town-search');
	await box.fill('xxz');
	await expect(page.getByTestId('town-option').first()).toContainText('咸祥镇');
	await box.press('Enter');
	await expect(page).toHaveURL(/towns=/);
	await expect(page.getByTestId('town-chips')).toContainText('咸祥镇');
	await expect.poll(() => shownCount(page)).toBe(await countRows(real.conn, { ...EMPTY_FILTER, towns: [town] }));
	await page.getByTestId('town-remove').click();
	await expect(page).not.toHaveURL(/towns=/);
	await expect.poll(() => shownCount(page)).toBe(all);
});

test('the CSV download holds exactly the filtered rows, with BOM and formula cells neutralised', async ({ page }) => {
	const filter: DataFilter = { ...EMPTY_FILTER, from: 2020, to: 2020, tables: ['二'] };
	await openApp(page, '/data?ds=real&from=2020&to=2020&tables=%E4%BA%8C');
	const expected = await allRows(real.conn, filter);
	await expect.poll(() => shownCount(page)).toBe(expected.length);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
	expect(download.suggestedFilename()).toMatch(/^nianbao-real-\d{8}T\d{6}Z-facts\.csv$/);
	const text = readFileSync((await download.path())!, 'utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const parsed = csvParse(text.slice(1));
	const cols = DATA_COLUMNS.map((c) => c.name);
	expect(parsed.columns).toEqual(cols);
	expect(parsed.length).toBe(expected.length);
	expect(parsed.map((r) => cols.map((c) => r[c]))).toEqual(expected.map((r) => cols.map((c) => spreadsheetText(r[c]))));
	// Beside the machine-readable unit, the unit a reader says (件 documents, 项 items, 元), from the catalog.
	expect(cols.slice(cols.indexOf('unit'), cols.indexOf('unit') + 3)).toEqual(['unit', 'unit_zh', 'unit_en']);
	expect(parsed.every((r) => ['件', '项', '元'].includes(r.unit_zh!) && /^[a-z]+$/.test(r.unit_en!))).toBe(true);
	expect(parsed.every((r) => (r.unit === 'yuan') === (r.unit_zh === '元'))).toBe(true);
});

test('the citation, the dataset title and the preview units follow the interface language', async ({ page }) => {
	const manifest = JSON.parse(readFileSync('datasets/demo/manifest.json', 'utf8'));
	expect(manifest.title_en).toBeTruthy();
	await openApp(page, '/data?ds=demo&metrics=n.proactive.items');
	await expect(page.getByTestId('dataset-name')).toHaveText(manifest.title);
	const zh = (await page.getByTestId('citation').textContent())!;
	expect(zh).toContain(`nianbao 年报数据集“${manifest.title}”（demo）`);
	expect(zh).toContain('访问日期');
	expect(zh.replace('nianbao', '').replace('（demo）', '').replace(page.url(), '')).not.toMatch(/[A-Za-z]{2,}/);
	await expect(page.getByTestId('data-preview').locator('tbody tr').first()).toContainText('条');

	await openApp(page, '/data?ds=demo&metrics=n.proactive.items&lang=en');
	await expect(page.getByTestId('dataset-name')).toHaveText(manifest.title_en);
	const en = (await page.getByTestId('citation').textContent())!;
	expect(en).toContain(`nianbao dataset “${manifest.title_en} (demo)”`);
	expect(en).toContain('accessed');
	expect(en).not.toMatch(/模拟数据|版本|访问/);
	await expect(page.getByTestId('data-preview').locator('tbody tr').first()).toContainText('items');
	await expect(page.getByTestId('synthetic-note').first()).toHaveText('synthetic demonstration data');
});

test('the Parquet download reads back in DuckDB as the filtered rows, citation in its metadata', async ({ page }) => {
	const filter: DataFilter = { ...EMPTY_FILTER, district: '鄞州区', metrics: ['n.proactive.items'], tables: ['四'] };
	await openApp(page, '/data?ds=real&district=%E9%84%9E%E5%B7%9E%E5%8C%BA&tables=%E5%9B%9B&metrics=n.proactive.items');
	const expected = await allRows(real.conn, filter);
	await expect.poll(() => shownCount(page)).toBe(expected.length);
	const citation = await page.getByTestId('citation').textContent();
	expect(citation).toContain('real');
	expect(citation).toContain(page.url());

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-parquet').click()]);
	expect(download.suggestedFilename()).toMatch(/^nianbao-real-\d{8}T\d{6}Z-facts\.parquet$/);
	const file = (await download.path())!;
	const back = await real.conn.query(`SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
	const cols = DATA_COLUMNS.map((c) => c.name);
	expect(back).toEqual(expected.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null]))));
	const kv = await real.conn.query<{ v: string }>(
		`SELECT decode(value) AS v FROM parquet_kv_metadata('${file.replaceAll("'", "''")}') WHERE decode(key) = 'nianbao.citation'`
	);
	expect(kv[0].v).toBe(citation);
});

test('a client-side table (the console result) pages with the shared pager: range, next, last', async ({ page }) => {
	await openApp(page, `/data?ds=real&sql=${encodeURIComponent('select i from range(45) t(i) order by i')}`);
	await page.getByTestId('sql-run').click();
	const table = page.getByTestId('sql-result');
	await expect(table.locator('tbody tr')).toHaveCount(20);
	await expect(page.getByTestId('sql-result-range')).toHaveText(/1–20\D+45/);
	await page.getByTestId('sql-result-next').click();
	await expect(table.locator('tbody tr').first()).toHaveText('20');
	await expect(page.getByTestId('sql-result-range')).toHaveText(/21–40\D+45/);
	await table.getByRole('button', { name: /最后一页|Last page/ }).click();
	await expect(table.locator('tbody tr')).toHaveCount(5);
	await expect(page.getByTestId('sql-result-next')).toBeDisabled();
});

test('the SQL console runs read-only queries from the URL and points at the problem in a wrong one', async ({ page }) => {
	await openApp(page, '/data?ds=real');
	const input = page.getByTestId('sql-input');
	await input.fill('select org, count(*) as n\nfrom facts_r\ngroup by org\norder by n desc');
	await input.press('Control+Enter');
	await expect(page).toHaveURL(/sql=select/);
	const expected = await real.conn.query<{ org: string; n: number }>('select org, count(*)::INTEGER as n from facts_r group by org order by n desc');
	await expect(page.getByTestId('sql-row-count')).toContainText(String(expected.length));
	await expect(page.getByTestId('sql-result').locator('tbody tr').first()).toContainText(expected[0].org);

	await input.fill('select org\nfrom reports\nwher year = 2020');
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-error')).toContainText('syntax error');
	await expect(page.getByTestId('sql-error-pointer')).toHaveText('LINE 3: wher year = 2020\n             ^');

	await input.fill('DELETE FROM facts');
	await input.press('Control+Enter');
	await expect(page.getByTestId('sql-error')).toContainText(/read-only|只读/);

	await page.goBack();
	await expect(page.getByTestId('sql-error-pointer')).toContainText('LINE 3');
	await expect(input).toHaveValue('select org\nfrom reports\nwher year = 2020');
});

test('has no serious accessibility violations', async ({ page }) => {
	await openApp(page, '/data?ds=real');
	await expect.poll(() => shownCount(page)).toBeGreaterThan(0);
	expect(await seriousViolations(page)).toEqual([]);
});

test('a query that came with a link waits for Run, on shipped datasets and on the visitor’s own files', async ({ page }) => {
	await openApp(page, '/data?ds=real&sql=select%20count(*)%20as%20n%20from%20facts');
	await expect(page.getByTestId('sql-held')).toBeVisible();
	await expect(page.getByTestId('sql-row-count')).toHaveCount(0);
	await page.reload();
	await page.waitForSelector('html[data-dataset-status="ready"]', { timeout: 45_000 });
	await expect(page.getByTestId('sql-held')).toBeVisible();
	const before = await page.locator('html').getAttribute('data-dataset-version');
	await page.getByTestId('file-input').setInputFiles(['facts', 'reports', 'issues', 'texts'].map((t) => `datasets/real/${t}.parquet`));
	await waitForReload(page, before, 'ready');
	await expect(page.getByTestId('sql-held')).toBeVisible();
	await expect(page.getByTestId('sql-row-count')).toHaveCount(0);
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-held')).toHaveCount(0);
	const [{ n }] = await real.conn.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM facts');
	await expect(page.getByTestId('sql-result').locator('tbody tr').first()).toContainText(String(n));
});

test('the filter opens in the SQL console as a query that returns the same rows', async ({ page }) => {
	await openApp(page, '/data?ds=real&tables=%E4%B8%89&from=2020&to=2021');
	const n = await countRows(real.conn, { ...EMPTY_FILTER, tables: ['三'], from: 2020, to: 2021 });
	await expect.poll(() => shownCount(page)).toBe(n);
	await page.getByTestId('open-in-sql').click();
	await expect(page).toHaveURL(/sql=SELECT/);
	await expect(page.getByTestId('sql-input')).toBeFocused();
	await expect(page.getByTestId('sql-row-count')).toContainText(String(n));
});

test('a large download shows its progress and the page stays usable; the file holds every filtered row', async ({ page }) => {
	test.setTimeout(120_000);
	const demo = await nodeConnector();
	try {
		await loadDatasetNative(demo, 'datasets/demo');
		const n = await countRows(demo, EMPTY_FILTER);
		await openApp(page, '/data?ds=demo');
		await expect.poll(() => shownCount(page), { timeout: 30_000 }).toBe(n);
		const downloading = page.waitForEvent('download', { timeout: 90_000 });
		await page.getByTestId('download-parquet').click();
		const progress = page.getByTestId('export-progress');
		await expect(progress).toBeVisible();
		await expect(progress).toHaveAttribute('data-total', String(n));
		// The page answers while the export runs: the preview still pages.
		await page.getByTestId('data-preview-next').click();
		await expect(page).toHaveURL(/page=2/);
		const file = (await (await downloading).path())!;
		await expect(progress).toHaveCount(0);
		const [{ rows, groups }] = await demo.query<{ rows: number; groups: number }>(
			`SELECT sum(row_group_num_rows)::INTEGER AS rows, count(DISTINCT row_group_id)::INTEGER AS groups FROM parquet_metadata('${file.replaceAll("'", "''")}') WHERE column_id = 0`
		);
		expect(rows).toBe(n);
		expect(groups).toBe(Math.ceil(n / 65_536));

		const csvDownload = page.waitForEvent('download', { timeout: 90_000 });
		await page.getByTestId('download-csv').click();
		const csvFile = (await (await csvDownload).path())!;
		const [{ c }] = await demo.query<{ c: number }>(`SELECT count(*)::INTEGER AS c FROM read_csv('${csvFile.replaceAll("'", "''")}', header = true)`);
		expect(c).toBe(n);
	} finally {
		demo.close();
	}
});

test('a download that fails says so, names the failure and leaves the buttons usable', async ({ page }) => {
	await openApp(page, '/data?ds=real');
	await expect.poll(() => shownCount(page)).toBeGreaterThan(0);
	// Break the export's query underneath the page (the preview has already run).
	await page.evaluate(async () => {
		const c = await (window as unknown as { nianbao: { db(): Promise<{ query(sql: string): Promise<unknown> }> } }).nianbao.db();
		await c.query('DROP TABLE metrics');
	});
	for (const kind of ['csv', 'parquet'] as const) {
		await page.getByTestId(`download-${kind}`).click();
		const err = page.getByTestId('export-error');
		await expect(err).toBeVisible();
		await expect(err).toContainText(new RegExp(`${kind.toUpperCase()} (导出失败|export failed)`));
		await expect(err).toContainText('metrics');
		await expect(page.getByTestId('export-progress')).toHaveCount(0);
		await expect(page.getByTestId(`download-${kind}`)).toBeEnabled();
	}
});

test('a running download can be cancelled: no file, no error, buttons back', async ({ page }) => {
	test.setTimeout(90_000);
	await openApp(page, '/data?ds=demo');
	await expect.poll(() => shownCount(page), { timeout: 30_000 }).toBeGreaterThan(200_000);
	let downloads = 0;
	page.on('download', () => downloads++);
	await page.getByTestId('download-parquet').click();
	// Wait until rows are being written, then cancel.
	await expect(page.getByTestId('export-progress')).not.toHaveAttribute('data-rows', '0', { timeout: 30_000 });
	await page.getByTestId('export-cancel').click();
	await expect(page.getByTestId('export-progress')).toHaveCount(0);
	await expect(page.getByTestId('download-parquet')).toBeEnabled();
	await page.waitForTimeout(2000);
	expect(downloads).toBe(0);
	await expect(page.getByTestId('export-error')).toHaveCount(0);
});
