/**
 * The static build ships a Content-Security-Policy (svelte.config.js `kit.csp`): the page may connect only to
 * its own origin, and may not evaluate strings as code — DuckDB-WASM gets 'wasm-unsafe-eval' and blob:
 * workers, nothing more. Every view must work under it with zero violations.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';

/** Collect CSP violations over every page load: the document's reports and the browser's console messages. */
async function watchViolations(page: Page): Promise<() => string[]> {
	const seen: string[] = [];
	await page.exposeFunction('__cspReport', (s: string) => seen.push(s));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			(window as unknown as { __cspReport(s: string): void }).__cspReport(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
		);
	});
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
	});
	page.on('pageerror', (e) => {
		if (/Content Security Policy/i.test(e.message)) seen.push(e.message);
	});
	return () => seen;
}

function policyOf(html: string): string {
	const m = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html);
	return m ? m[1] : '';
}

test('every page of the build carries the policy: own origin only, no string eval', async () => {
	const dir = process.env.NIANBAO_BUILD_DIR || 'build';
	const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
	expect(pages).toEqual(expect.arrayContaining(['index.html', 'data.html', 'embed.html', '404.html']));
	for (const path of pages) {
		const policy = policyOf(readFileSync(join(dir, path), 'utf8'));
		expect(policy, path).toContain("connect-src 'self'");
		expect(policy, path).toContain("default-src 'self'");
		expect(policy, path).toContain("object-src 'none'");
		expect(policy, path).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[^']+')+(;|$)/);
		// Every inline script (SvelteKit's bootstrap, app.html's early data fetch) is allowed by its own hash.
		const html = readFileSync(join(dir, path), 'utf8');
		const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
		expect(inline.length, path).toBeGreaterThanOrEqual(2);
		for (const hash of inline) expect(policy.split(';').find((d) => d.trim().startsWith('script-src')), path).toContain(hash);
		expect(policy, path).not.toContain("'unsafe-eval'");
		expect(policy, path).toContain("worker-src 'self' blob:");
	}
});

test('the views draw and the SQL console runs under the policy with zero violations', async ({ page }) => {
	test.setTimeout(180_000); // five views, each loading its dataset
	const violations = await watchViolations(page);
	await openApp(page, '/?ds=demo');
	await expect(page.locator('figure svg').first()).toBeVisible();
	await expect(page.getByTestId('outcomes-table').locator('tbody tr').first()).toBeAttached();

	await openApp(page, '/compare?ds=demo');
	await expect(page.locator('figure svg').first()).toBeVisible();

	await openApp(page, '/quality?ds=real');
	await expect(page.locator('figure svg').first()).toBeVisible();

	await openApp(page, '/data?ds=real');
	await page.getByTestId('sql-input').fill('select count(*) as n from facts_r');
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-result').locator('tbody tr')).toHaveCount(1);

	await openApp(page, '/embed?ds=demo');
	await expect(page.locator('svg').first()).toBeVisible();
	expect(violations()).toEqual([]);
});
