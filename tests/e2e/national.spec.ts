import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';
import { ensureNationalE2E, NATIONAL_E2E_DIR, NATIONAL_E2E_NAME } from './helpers/national.ts';
import { nodeConnector, type NativeConnector } from '../../src/node/duckdb-connector.ts';
import { loadAnyDataset } from '../../src/node/serve.ts';
import { fmtNumber, fmtWan } from '../../src/lib/format.ts';
import { HEADLINE_METRICS } from '../../src/lib/queries/overview.ts';
import { metric } from '../../src/lib/catalog/index.ts';
import type { FactsPart } from '../../src/lib/dataset/layout.ts';
import { indicatorQuery } from '../../src/lib/queries/indicators.ts';

/**
 * The national dataset (laid out by province) in the dashboard: the nation is drawn from the baked aggregates
 * without downloading one fact; scoping into a province downloads that province's summary (its reports and the
 * Overview's tables) and no fact, and its figures — a city's and a district's inside it, the rate figures too —
 * equal native DuckDB over every fact of the dataset; a view that needs every report's figures then loads the
 * province's facts file, and nothing else.
 */

let conn: NativeConnector;
let parts: FactsPart[];
test.beforeAll(async () => {
	test.setTimeout(240_000);
	const m = await ensureNationalE2E();
	parts = m.parts ?? [];
	conn = await nodeConnector();
	await loadAnyDataset(conn, NATIONAL_E2E_DIR);
});
test.afterAll(() => conn?.close());

const one = async <T>(sql: string, params: (string | number)[] = []) => (await conn.query<T & Record<string, unknown>>(sql, params))[0];

/** Every dataset file the page fetches (path below the dataset folder). */
function recordDatasetFiles(page: Page): string[] {
	const files: string[] = [];
	const prefix = `/datasets/${NATIONAL_E2E_NAME}/`;
	page.on('request', (r) => {
		const path = new URL(r.url()).pathname;
		if (path.startsWith(prefix)) files.push(path.slice(prefix.length));
	});
	return files;
}

/** What the page's DuckDB holds (asked without making it load a province's facts). */
const held = (page: Page) =>
	page.evaluate(async () => {
		type Nb = { summaryDb: () => Promise<{ query: (s: string) => Promise<Record<string, number>[]> }>; dataset: { partition: string | null; summary: string | null } };
		const nb = (window as unknown as { nianbao: Nb }).nianbao;
		const c = await nb.summaryDb();
		const [r] = await c.query('SELECT CAST((SELECT count(*) FROM facts) AS INTEGER) AS facts, CAST((SELECT count(*) FROM reports) AS INTEGER) AS reports');
		return { facts: r.facts, reports: r.reports, partition: nb.dataset.partition, summary: nb.dataset.summary };
	});

const RATE = 'r.disclosure_rate';
/** The Overview's 公开率 for a scope and year equals native DuckDB's over all facts (none shown when it has none). */
async function expectRate(page: Page, scope: { province: string; city?: string; district?: string }, year: number) {
	const q = indicatorQuery(RATE, 'all', { scope, from: year - 1, to: year });
	const rows = await conn.query<{ year: number; value: number | null }>(q.sql, q.params);
	const want = rows.find((r) => r.year === year)?.value ?? null;
	const shown = page.getByTestId(`indicator-${RATE}`).getByTestId('indicator-value');
	if (want === null) await expect(shown).not.toHaveAttribute('data-value');
	else await expect(shown).toHaveAttribute('data-value', String(want));
	return want;
}

/** The headline figures and counts of a scope and year, computed natively over all facts. */
async function expected(where: string, params: string[], year: number) {
	const counts = await one<{ reports: number; orgs: number }>(
		`SELECT CAST(count(*) AS INTEGER) AS reports, CAST(count(DISTINCT (province, city, district, org)) FILTER (WHERE org IS NOT NULL) AS INTEGER) AS orgs FROM reports WHERE status <> 'failed' AND ${where}`,
		params
	);
	const values: Record<string, string> = {};
	for (const id of HEADLINE_METRICS) {
		const r = await one<{ v: number | null }>(`SELECT sum(value) AS v FROM facts_r WHERE metric = ? AND year = ? AND ${where}`, [id, year, ...params]);
		if (r.v === null) continue;
		values[id] = metric(id)?.unit === 'yuan' ? fmtWan(r.v) : fmtNumber(r.v);
	}
	return { counts, values };
}

async function expectFigures(page: Page, want: Awaited<ReturnType<typeof expected>>) {
	const counts = page.getByTestId('overview-counts');
	await expect(counts).toHaveAttribute('data-reports', String(want.counts.reports));
	await expect(counts).toHaveAttribute('data-orgs', String(want.counts.orgs));
	for (const [id, v] of Object.entries(want.values)) {
		await expect(page.getByTestId(`headline-${id}`).getByTestId('headline-value'), id).toHaveText(v);
	}
}

test('national scope draws from the baked aggregates without loading a fact; a province loads only its own part', async ({ page }) => {
	test.setTimeout(120_000);
	const year = (await one<{ y: number }>('SELECT CAST(max(year) AS INTEGER) AS y FROM reports')).y;
	const files = recordDatasetFiles(page);
	await openApp(page, `/?ds=${NATIONAL_E2E_NAME}&year=${year}`);

	// The nation: charts drawn, figures equal to all facts, and DuckDB holds no fact.
	await expect(page.getByTestId('trend-n.proactive.items').locator('svg .mk-data-point circle').first()).toBeVisible();
	await expectFigures(page, await expected('true', [], year));
	expect(await held(page)).toEqual({ facts: 0, reports: 0, partition: null, summary: null });
	await expect(page.getByTestId('scope-detail')).toHaveAttribute('data-state', 'national');
	await expect(page.getByTestId('scope-city')).toBeDisabled();
	// Above a province nothing finer can be chosen: the country's cities and districts are not listed (a light page).
	await expect(page.getByTestId('scope-city').locator('option')).toHaveCount(1);
	await expect(page.getByTestId('scope-district').locator('option')).toHaveCount(1);
	expect(files.filter((f) => f.startsWith('facts/') || f.startsWith('rollups/'))).toEqual([]);

	// Scope into the province with the most facts: its summary files are fetched, and no facts file.
	const part = [...parts].sort((a, b) => b.rows - a.rows)[0];
	expect(part.summary?.map((f) => f.table).sort()).toEqual(['agg_cont', 'agg_ind', 'agg_scope', 'reports']);
	const before = files.length;
	await page.getByTestId('scope-province').selectOption(part.province);
	await expect(page.getByTestId('scope-detail')).toHaveAttribute('data-state', 'summary', { timeout: 45_000 });
	await expect(page.getByTestId('scope-detail')).toContainText(part.province);
	expect(files.slice(before).filter((f) => f.startsWith('facts/') || f.startsWith('rollups/')).sort()).toEqual(part.summary!.map((f) => f.file).sort());
	const inProvince = await one<{ facts: number; reports: number }>(
		'SELECT CAST((SELECT count(*) FROM facts f JOIN reports r USING (report_id) WHERE r.province = ?) AS INTEGER) AS facts, CAST((SELECT count(*) FROM reports WHERE province = ?) AS INTEGER) AS reports',
		[part.province, part.province]
	);
	expect(inProvince.facts).toBe(part.rows);
	expect(await held(page)).toEqual({ facts: 0, reports: inProvince.reports, partition: null, summary: part.province });
	await expectFigures(page, await expected('province = ?', [part.province], year));
	expect(await expectRate(page, { province: part.province }, year)).not.toBeNull();

	// A city of that province, then a district of it: their figures and rates equal all their facts — with no fact loaded.
	const { city } = await one<{ city: string }>('SELECT city FROM reports WHERE province = ? GROUP BY city ORDER BY count(*) DESC, city LIMIT 1', [part.province]);
	await expect(page.getByTestId('scope-city')).toBeEnabled();
	await page.getByTestId('scope-city').selectOption(city);
	await expect(page).toHaveURL(new RegExp(`city=${encodeURIComponent(city)}`));
	await expectFigures(page, await expected('province = ? AND city = ?', [part.province, city], year));
	const { district } = await one<{ district: string }>(
		'SELECT district FROM reports WHERE province = ? AND city = ? GROUP BY district ORDER BY count(*) DESC, district LIMIT 1',
		[part.province, city]
	);
	await page.getByTestId('scope-district').selectOption(district);
	await expectFigures(page, await expected('province = ? AND city = ? AND district = ?', [part.province, city, district], year));
	await expectRate(page, { province: part.province, city, district }, year);
	expect(files.filter((f) => f.startsWith('facts/'))).toEqual([]);
	expect((await held(page)).facts).toBe(0);

	// A view that needs every report's figures (Data) loads the province's facts file, and only it.
	await page.getByTestId('nav-data').click();
	await page.getByTestId('pick-province-select').selectOption(part.province);
	await page.waitForFunction((p) => (window as unknown as { nianbao: { dataset: { partition: string | null } } }).nianbao.dataset.partition === p, part.province, {
		timeout: 60_000
	});
	expect(files.filter((f) => f.startsWith('facts/'))).toEqual([part.file]);
	expect(await held(page)).toEqual({ ...inProvince, partition: part.province, summary: part.province });
});

test('a view other than the Overview asks for a province at national scope, then shows that province', async ({ page }) => {
	test.setTimeout(120_000);
	const part = parts.find((p) => p.rows > 0)!;
	const files = recordDatasetFiles(page);
	await openApp(page, `/data?ds=${NATIONAL_E2E_NAME}`);
	await expect(page.getByTestId('pick-province')).toBeVisible();
	expect(files.filter((f) => f.startsWith('facts/'))).toEqual([]);
	await page.getByTestId('pick-province-select').selectOption(part.province);
	await expect(page).toHaveURL(/province=/);
	await expect(page.getByTestId('pick-province')).toHaveCount(0);
	await page.waitForFunction((p) => (window as unknown as { nianbao: { dataset: { partition: string | null; status: string } } }).nianbao.dataset.partition === p, part.province, {
		timeout: 45_000
	});
	expect(files.filter((f) => f.startsWith('facts/'))).toEqual([part.file]);
});

test('a province named in the link loads with the first visit; the demo dataset is not affected', async ({ page }) => {
	test.setTimeout(150_000); // three dataset loads on a shared 2-core machine
	const part = parts[0];
	const files = recordDatasetFiles(page);
	await openApp(page, `/?ds=${NATIONAL_E2E_NAME}&province=${encodeURIComponent(part.province)}`);
	await expect(page.getByTestId('scope-detail')).toHaveAttribute('data-state', 'summary', { timeout: 45_000 });
	expect(files.filter((f) => f.startsWith('rollups/')).sort()).toEqual(part.summary!.map((f) => f.file).sort());

	// Another province replaces it: its summary alone is fetched, DuckDB holds exactly its reports.
	const other = parts.find((p) => p.province !== part.province && p.rows > 0)!;
	await page.getByTestId('scope-province').selectOption(other.province);
	await expect(page.getByTestId('scope-detail')).toHaveAttribute('data-state', 'summary', { timeout: 45_000 });
	await expect(page.getByTestId('scope-detail')).toContainText(other.province);
	expect(files.filter((f) => f.startsWith('facts/'))).toEqual([]);
	const reports = other.summary!.find((f) => f.table === 'reports')!.rows;
	expect(await held(page)).toEqual({ facts: 0, reports, partition: null, summary: other.province });

	await openApp(page, '/?ds=demo');
	await expect(page.getByTestId('scope-detail')).toHaveCount(0);
	await expect(page.getByTestId('scope-city')).toBeEnabled();
});
