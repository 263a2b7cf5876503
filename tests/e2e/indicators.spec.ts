import { expect, test } from '@playwright/test';
import { openApp } from './helpers/app.ts';
import { nativeDataset } from './helpers/native.ts';
import { INDICATORS } from '../../src/lib/catalog/indicators.ts';

/** Indicators where the data is downloaded: one row per report and indicator, with numerator and denominator. */

const demo = nativeDataset('datasets/demo');

test('the Data view downloads the indicators of the filtered reports with numerator and denominator columns', async ({ page }) => {
	const [{ n }] = await demo.conn.query<{ n: number }>(
		"SELECT count(*)::INTEGER AS n FROM reports WHERE district = '鄞州区' AND year BETWEEN 2022 AND 2023 AND status <> 'failed'"
	);
	await openApp(page, `/data?${new URLSearchParams({ district: '鄞州区', from: '2022', to: '2023' })}`);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-indicators').click()]);
	expect(download.suggestedFilename()).toMatch(/indicators\.csv$/);
	const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
	expect(text.startsWith('\uFEFF')).toBe(true);
	const lines = text.slice(1).trim().split('\r\n');
	expect(lines[0].split(',').slice(0, 11)).toEqual(['org', 'province', 'city', 'district', 'year', 'indicator', 'name_zh', 'name_en', 'numerator', 'denominator', 'value']);
	expect(lines).toHaveLength(1 + n * INDICATORS.length);
	expect(lines.filter((l) => l.includes(',r.disclosure_rate,公开率,'))).toHaveLength(n);
});

test('the Town profile shows the indicators of the real Shanghai general office, 2019, from its own table 三', async ({ page }) => {
	const real = await import('../../src/node/duckdb-connector.ts');
	const conn = await real.nodeConnector();
	try {
		await real.loadDatasetNative(conn, 'datasets/real');
		const [v] = await conn.query<{ value: number }>(
			"SELECT value FROM indicators_r WHERE org = '上海市人民政府办公厅' AND indicator = 'r.disclosure_rate' AND year = 2019"
		);
		await openApp(page, `/town?${new URLSearchParams({ ds: 'real', org: '上海市人民政府办公厅' })}`);
		const row = page.getByTestId('profile-indicators').locator('tr[data-indicator="r.disclosure_rate"]');
		await expect(row).toContainText(`${v.value.toFixed(1)}%`);
		// Five decided reviews, none corrected: exactly the minimum, so a rate of 0 % (not 样本不足).
		await expect(page.getByTestId('profile-indicators').locator('tr[data-indicator="r.review_correction_rate"]')).toContainText('0.0%');
	} finally {
		conn.close();
	}
});

test('Compare shows an indicator for the picked towns and for them together as Σ numerator ÷ Σ denominator', async ({ page }) => {
	const { loadTowns } = await import('../../src/lib/towns.ts');
	const { indicatorQuery } = await import('../../src/lib/queries/indicators.ts');
	const towns = (await loadTowns(demo.conn)).filter((t) => t.district === '鄞州区');
	const q = indicatorQuery('r.disclosure_rate', 'org', { scope: { district: '鄞州区' }, from: 2024, to: 2024 });
	const rows = await demo.conn.query<{ org: string; denominator: number | null; numerator: number | null }>(q.sql, q.params);
	const big = rows.filter((r) => (r.denominator ?? 0) >= 10).slice(0, 2);
	const small = rows.find((r) => r.denominator !== null && r.denominator > 0 && r.denominator < 10)!;
	const picked = [...big, small].map((r) => towns.find((t) => t.org === r.org)!);
	const num = [...big, small].reduce((a, r) => a + r.numerator!, 0);
	const den = [...big, small].reduce((a, r) => a + r.denominator!, 0);
	await openApp(page, `/compare?${new URLSearchParams({ metric: 't3.new_received.total', towns: picked.map((t) => t.key).join(','), from: '2024', to: '2024' })}`);
	const box = page.getByTestId('compare-indicators');
	await expect(box.getByTestId('compare-indicators-total')).toContainText(`${((100 * num) / den).toFixed(1)}%`);
	await expect(box.locator(`tr[data-town="${picked[2].name}"]`)).toContainText(`样本不足 (n = ${small.denominator})`);
	await box.getByTestId('compare-indicator-picker').selectOption('r.dispute_rate');
	await expect(page).toHaveURL(/indicator=r\.dispute_rate/);
});
