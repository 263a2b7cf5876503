/**
 * Bad input from links and dropped files: each gets a clear message naming it, and costs nothing else — the
 * open dataset stays, the dataset selector says what is on screen, the page never falls back silently.
 */
import { expect, test, type Page } from '@playwright/test';
import iconv from 'iconv-lite';
import { openApp, waitForReload } from './helpers/app.ts';

function file(name: string, text: string | Buffer, mimeType = 'text/csv') {
	return { name, mimeType, buffer: typeof text === 'string' ? Buffer.from(text, 'utf8') : text };
}

async function drop(page: Page, files: ReturnType<typeof file>[]) {
	await page.getByTestId('file-input').setInputFiles(files);
}

test('?ds=nope says the dataset does not exist, without advice about CSV columns', async ({ page }) => {
	await openApp(page, '/?ds=nope', { waitFor: 'error' });
	const err = page.getByTestId('dataset-error');
	await expect(err).toContainText('没有这个数据集');
	await expect(err).toContainText('“nope”: no such dataset (available:');
	await expect(err).not.toContainText('report_id');
});

for (const bad of ['../../etc', '<img src=x onerror="window.__pwned=1">']) {
	test(`/embed?ds=${bad} gets the unknown-dataset message, not the demo chart`, async ({ page }) => {
		await openApp(page, `/embed?ds=${encodeURIComponent(bad)}`, { waitFor: 'error' });
		await expect(page.getByTestId('embed-error')).toContainText('no such dataset');
		await expect(page.getByTestId('embed-error')).toContainText(bad.slice(0, 20));
		await expect(page.locator('svg[role="img"], figure svg')).toHaveCount(0);
		expect(await page.locator('img').count()).toBe(0);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	});
}

test('a very long ds is echoed cut short', async ({ page }) => {
	await openApp(page, `/?ds=${'x'.repeat(5000)}`, { waitFor: 'error' });
	const text = (await page.getByTestId('dataset-error').textContent()) ?? '';
	expect(text).toContain('x'.repeat(80) + '…');
	expect(text.length).toBeLessThan(400);
});

test('a bad drop keeps the open dataset on screen and in the selector, and names the file and the problem', async ({ page }) => {
	await openApp(page, '/?ds=demo');
	await expect(page.locator('figure svg').first()).toBeVisible();
	const version = await page.locator('html').getAttribute('data-dataset-version');
	await drop(page, [file('x.parquet', 'this is not a parquet file\n', 'application/octet-stream')]);
	await expect(page.getByTestId('drop-error')).toContainText('x.parquet: is not a Parquet file');
	await expect(page.getByTestId('drop-error')).not.toContainText('missing columns');
	await expect(page.getByTestId('drop-error')).toContainText('仍显示原来的数据');
	await expect(page.getByTestId('dataset-picker')).toHaveValue('demo');
	await expect(page.locator('html')).toHaveAttribute('data-dataset-status', 'ready');
	expect(await page.locator('html').getAttribute('data-dataset-version')).toBe(version);
	await expect(page.getByTestId('synthetic-banner')).toBeVisible();
	await expect(page.locator('figure svg').first()).toBeVisible();
	await expect(page.getByTestId('dataset-error')).toHaveCount(0);

	// A CSV of the wrong shape: the same.
	await drop(page, [file('wrong.csv', 'a,b\n1,2\n')]);
	await expect(page.getByTestId('drop-error')).toContainText('wrong.csv');
	await expect(page.getByTestId('dataset-picker')).toHaveValue('demo');
	await page.getByTestId('drop-error-dismiss').click();
	await expect(page.getByTestId('drop-error')).toHaveCount(0);
});

const FACTS = 'report_id,year,metric,value\n城关镇-2020,2020,n.proactive.items,12\n城关镇-2020,2020,t3.new_received.total,3\n';
const REPORTS = 'report_id,org,district,year,status,source_url\n城关镇-2020,城关镇人民政府,东区,2020,failed,javascript:alert(1)\n';
const ISSUES = 'report_id,severity,code,message\n城关镇-2020,error,unreadable,cannot read the tables\n';

test('a CSV saved by Excel on Chinese Windows (GBK) is decoded, with a note', async ({ page }) => {
	await openApp(page, '/data?ds=demo');
	const before = await page.locator('html').getAttribute('data-dataset-version');
	await drop(page, [file('facts.csv', iconv.encode(FACTS, 'gbk'))]);
	await waitForReload(page, before, 'ready');
	await expect(page.getByTestId('dataset-notes')).toContainText('facts.csv: read as GBK');
	await expect(page.getByTestId('dataset-picker')).toHaveValue('');
	await expect(page.getByTestId('dataset-picker').locator('option:checked')).toHaveText('本地文件');
	const ids = await page.evaluate(async () => {
		const c = await (window as unknown as { nianbao: { db(): Promise<{ query(s: string): Promise<{ report_id: string }[]> }> } }).nianbao.db();
		return (await c.query('select distinct report_id from facts')).map((r) => r.report_id);
	});
	expect(ids).toEqual(['城关镇-2020']);
});

test('the Quality view renders a dataset whose only report failed', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await openApp(page, '/quality?ds=demo');
	const before = await page.locator('html').getAttribute('data-dataset-version');
	await drop(page, [file('facts.csv', FACTS), file('reports.csv', REPORTS), file('issues.csv', ISSUES)]);
	await waitForReload(page, before, 'ready');
	await expect(page.getByTestId('status-failed')).toHaveText('1');
	await expect(page.getByText('正在统计…')).toHaveCount(0);
	await expect(page.getByTestId('quality-reports')).toContainText('城关镇');
	expect(errors).toEqual([]);
	// Its source_url (javascript:…) is never a link anywhere on the page.
	expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
});
