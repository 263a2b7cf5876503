import { expect, test } from '@playwright/test';
import { openApp } from './helpers/app.ts';
import { nativeDataset } from './helpers/native.ts';

/**
 * The Overview's rate figures: 公开率, 复议纠错率 and 诉讼纠错率 of the scope and year as Σ numerator ÷ Σ denominator
 * over the scope's consistent reports, checked against native DuckDB summing `indicators_r` itself; "样本不足 (n = …)"
 * below the minimum denominator; reports left out for inconsistent figures counted.
 */

const demo = nativeDataset('datasets/demo');

/** Σ numerator, Σ denominator and inconsistent reports of one indicator, summed here rather than by the app's query builder. */
async function sums(indicator: string, year: number, district: string | null) {
	const [r] = await demo.conn.query<{ num: number | null; den: number | null; inc: number }>(
		`SELECT sum(numerator) FILTER (WHERE state = 'ok')::DOUBLE AS num, sum(denominator) FILTER (WHERE state = 'ok')::DOUBLE AS den,
		        count(*) FILTER (WHERE state = 'inconsistent')::INTEGER AS inc
		 FROM indicators_r WHERE indicator = ? AND year = ? AND (? IS NULL OR district = ?)`,
		[indicator, year, district, district]
	);
	return r;
}

test('a district year: each rate is the district’s Σ numerator ÷ Σ denominator, too small a denominator says 样本不足', async ({ page }) => {
	const district = '余姚市';
	const year = 2024;
	await openApp(page, `/?${new URLSearchParams({ district, year: String(year) })}`);
	const box = page.getByTestId('indicator-figures');
	for (const id of ['r.disclosure_rate', 'r.review_correction_rate', 'r.litigation_correction_rate']) {
		const s = await sums(id, year, district);
		const min = id === 'r.disclosure_rate' ? 10 : 5;
		const card = box.getByTestId(`indicator-${id}`);
		if (s.den !== null && s.den >= min && s.den > 0) {
			await expect(card.getByTestId('indicator-value')).toHaveText(`${((100 * s.num!) / s.den).toFixed(1)}%`);
			await expect(card.getByTestId('indicator-parts')).toContainText(`${s.num} / ${s.den}`);
		} else {
			await expect(card.getByTestId('indicator-value')).toHaveText(`样本不足 (n = ${s.den ?? 0})`);
		}
		if (s.inc > 0) await expect(card.getByTestId('indicator-inconsistent')).toHaveText(`${s.inc} 份报告因数据不一致未计入`);
		else await expect(card.getByTestId('indicator-inconsistent')).toHaveCount(0);
	}
	// The demo district is chosen so that every case shows: a rate with left-out reports, a rate, and 样本不足.
	await expect(box.getByTestId('indicator-r.disclosure_rate').getByTestId('indicator-inconsistent')).toBeVisible();
	await expect(box.getByTestId('indicator-r.litigation_correction_rate')).toContainText('样本不足');
});

test('the whole dataset: the disclosure rate is Σ/Σ over every report, not the mean of the towns’ rates', async ({ page }) => {
	const [{ year }] = await demo.conn.query<{ year: number }>("SELECT max(year)::INTEGER AS year FROM reports WHERE status <> 'failed'");
	const s = await sums('r.disclosure_rate', year, null);
	const [{ mean }] = await demo.conn.query<{ mean: number }>(
		"SELECT avg(value) AS mean FROM indicators_r WHERE indicator = 'r.disclosure_rate' AND year = ? AND value IS NOT NULL",
		[year]
	);
	const shown = `${((100 * s.num!) / s.den!).toFixed(1)}%`;
	expect(shown).not.toBe(`${mean.toFixed(1)}%`);
	await openApp(page, '/');
	await expect(page.getByTestId('indicator-figures').getByTestId('indicator-r.disclosure_rate').getByTestId('indicator-value')).toHaveText(shown);
});
