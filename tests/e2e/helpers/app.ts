/**
 * Shared steps for browser specs: open a view and wait until its dataset is loaded (the root layout mirrors
 * the load state on <html data-dataset-status>), and run axe-core with the project's threshold.
 */
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Open `path` (with query) and wait for the dataset to be ready; fails with the app's error text otherwise. */
export async function openApp(page: Page, path = '/', opts: { waitFor?: 'ready' | 'error' | 'none' } = {}): Promise<void> {
	await page.goto(path);
	const want = opts.waitFor ?? 'ready';
	if (want === 'none') return;
	await page.waitForSelector(`html[data-dataset-status="${want}"], html[data-dataset-status="${want === 'ready' ? 'error' : 'ready'}"]`, {
		timeout: 45_000
	});
	const status = await page.locator('html').getAttribute('data-dataset-status');
	if (status !== want) {
		const err = await page.getByTestId('dataset-error').textContent().catch(() => '');
		expect(status, `dataset status (error: ${err})`).toBe(want);
	}
}

/**
 * Wait until the dataset version changes from `before` and the load has ended — `'ready'`: ended well (a spec that
 * expects the new dataset), `'settled'`: ready or failed (a spec that checks the message).
 */
export async function waitForReload(page: Page, before: string | null, until: 'ready' | 'settled' = 'settled'): Promise<void> {
	await page.waitForFunction(
		([v, ready]) =>
			document.documentElement.dataset.datasetVersion !== v &&
			(ready ? document.documentElement.dataset.datasetStatus === 'ready' : document.documentElement.dataset.datasetStatus !== 'loading'),
		[before, until === 'ready'] as const,
		{ timeout: 45_000 }
	);
}

/** axe-core violations of impact serious or critical (WCAG 2.1 A/AA rules). */
export async function seriousViolations(page: Page, include: string[] = []) {
	let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
	for (const sel of include) builder = builder.include(sel);
	const result = await builder.analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}
