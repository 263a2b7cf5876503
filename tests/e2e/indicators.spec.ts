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
