/**
 * A dataset dropped as its facts table alone (facts.csv or facts.parquet, no reports, no issues): the Overview
 * shows what the facts can say — sums per year, counted per report — and says what is missing (regions, report
 * formats, organisation names), never a wrong statement (no "no longer reported in the 2021 format", no bare
 * "· 格式", no invented change). Expected figures come from native DuckDB on the same file, never typed in.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, waitForReload } from './helpers/app.ts';
import { nodeConnector, type NativeConnector } from '../../src/node/duckdb-connector.ts';

let conn: NativeConnector;
test.beforeAll(async () => {
	conn = await nodeConnector();
});
test.afterAll(() => conn?.close());

/** What the facts file alone says for its latest year: the proactive-items sum and how many reports. */
async function expected(file: string) {
	const from = file.endsWith('.csv') ? `read_csv('${file}', header = true, all_varchar = false)` : `read_parquet('${file}')`;
	const [r] = await conn.query<{ year: number; items: number; reports: number; all_reports: number }>(
		`WITH f AS (SELECT * FROM ${from}), y AS (SELECT max(year)::INTEGER AS year FROM f)
		 SELECT y.year,
		  (SELECT sum(value)::DOUBLE FROM f WHERE f.year = y.year AND metric = 'n.proactive.items' AND value IS NOT NULL) AS items,
		  (SELECT count(DISTINCT report_id)::INTEGER FROM f WHERE f.year = y.year) AS reports,
		  (SELECT count(DISTINCT report_id)::INTEGER FROM f) AS all_reports
		 FROM y`
	);
	return r;
}

async function dropFactsOnly(page: Page, file: string, lang: 'zh' | 'en') {
	await openApp(page, `/?ds=real${lang === 'en' ? '&lang=en' : ''}`);
	const before = await page.locator('html').getAttribute('data-dataset-version');
	const name = file.split('/').pop()!;
	await page.getByTestId('file-input').setInputFiles({
		name,
		mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/vnd.apache.parquet',
		buffer: readFileSync(file)
	});
	await waitForReload(page, before);
	await expect(page.getByTestId('dataset-error')).toHaveCount(0);
	await expect(page.getByTestId('dataset-name')).toHaveText(name);
}

for (const [file, lang] of [
	['datasets/demo/facts.parquet', 'zh'],
	['datasets/real/facts.csv', 'en']
] as const) {
	test(`only ${file.split('/').slice(-2).join('/')} dropped (${lang}): the Overview shows what it can and says what is missing`, async ({ page }) => {
		const want = await expected(file);
		await dropFactsOnly(page, file, lang);

		// Says what is missing, in the interface language.
		const missing = page.getByTestId('overview-missing');
		await expect(missing).toBeVisible();
		if (lang === 'zh') {
			await expect(missing).toContainText('地区');
			await expect(missing).toContainText('报告格式');
			await expect(missing).toContainText('只载入了 facts 文件');
		} else {
			await expect(missing).toContainText('regions and report formats');
			await expect(missing).not.toContainText(/[\u4e00-\u9fff]/);
		}

		// The summary counts reports from the facts, and never ends in a format it does not know.
		const summary = page.getByTestId('overview-summary');
		await expect(summary).toBeVisible();
		const counts = page.getByTestId('overview-counts');
		await expect(counts).toHaveAttribute('data-reports', String(want.all_reports));
		await expect(counts).toHaveAttribute('data-year-reports', String(want.reports));
		expect((await summary.textContent())!.trim()).not.toMatch(/(格式|format)\s*[/]?\s*$/);
		await expect(summary).toContainText(String(want.year));

		// The headline figure is the facts' sum; no sentence claims the 2021 format dropped a cell.
		const items = page.getByTestId('headline-n.proactive.items');
		await expect(items.getByTestId('headline-value')).toHaveText(want.items.toLocaleString('en-US'));
		await expect(page.getByTestId('headline-note')).toHaveCount(0);
		await expect(page.locator('main')).not.toContainText(/不再填报|no longer has this cell|undefined|NaN/);

		// Trend charts and the outcome chart still draw from the facts.
		await expect(page.locator('main svg').first()).toBeVisible();
	});
}
