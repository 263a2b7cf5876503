/**
 * The site served the way README's "Hosting" section tells a host to serve it: the build's CSP <meta> (checked
 * here to be exactly the documented policy) plus the documented headers — `frame-ancestors 'self'` on app pages,
 * `frame-ancestors 'self' <portal>` on `/embed`, `nosniff`, a referrer policy. The views and an embed work under
 * it with zero violations; a portal that is listed may frame `/embed`; nobody may frame the app pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';

const PORTAL = 'http://portal.test';

/** The policy README documents for the <meta>, directive by directive ('sha256-…' stands for the bootstrap hashes). */
const DOCUMENTED: Record<string, string> = {
	'default-src': "'self'",
	'script-src': "'self' 'wasm-unsafe-eval' 'sha256-…'",
	'worker-src': "'self' blob:",
	'connect-src': "'self'",
	'img-src': "'self' data: blob:",
	'style-src': "'self' 'unsafe-inline'",
	'font-src': "'self'",
	'object-src': "'none'",
	'base-uri': "'self'",
	'form-action': "'self'"
};

function metaPolicy(html: string): Record<string, string> {
	const m = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html);
	const out: Record<string, string> = {};
	for (const d of (m?.[1] ?? '').split(';').map((s) => s.trim()).filter(Boolean)) {
		const [name, ...values] = d.split(/\s+/);
		out[name] = values.map((v) => (/^'sha256-/.test(v) ? "'sha256-…'" : v)).filter((v, i, a) => a.indexOf(v) === i).join(' ');
	}
	return out;
}

/** Serve every document with the documented hosting headers (what nginx's `add_header` lines in README send). */
async function hostHeaders(page: Page, embedAncestors: string) {
	await page.route('**/*', async (route) => {
		const req = route.request();
		const url = new URL(req.url());
		if (req.resourceType() !== 'document' || url.origin === PORTAL) return route.fallback();
		const response = await route.fetch();
		const ancestors = url.pathname.startsWith('/embed') ? embedAncestors : "frame-ancestors 'self'";
		await route.fulfill({
			response,
			headers: {
				...response.headers(),
				'content-security-policy': ancestors,
				'x-content-type-options': 'nosniff',
				'referrer-policy': 'strict-origin-when-cross-origin'
			}
		});
	});
}

async function watchViolations(page: Page): Promise<() => string[]> {
	const seen: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|frame-ancestors/i.test(m.text())) seen.push(m.text());
	});
	page.on('pageerror', (e) => seen.push(e.message));
	return () => seen;
}

test('the build carries exactly the policy README documents, and README names every directive of it', () => {
	const dir = process.env.NIANBAO_BUILD_DIR || 'build';
	const readme = readFileSync('README.md', 'utf8');
	const hosting = readme.slice(readme.indexOf('### Hosting'), readme.indexOf('###', readme.indexOf('### Hosting') + 5));
	for (const page of ['index.html', 'embed.html', 'data.html', '404.html']) {
		expect(metaPolicy(readFileSync(join(dir, page), 'utf8')), page).toEqual(DOCUMENTED);
	}
	for (const [name, value] of Object.entries(DOCUMENTED)) {
		expect(hosting, `README hosting section documents ${name}`).toContain(`\`${name} ${value.replace(" 'sha256-…'", '')}\``);
	}
	expect(hosting).toContain("frame-ancestors 'self'");
});

test('under the hosting headers the views and the SQL console work with zero violations', async ({ page }) => {
	test.setTimeout(150_000);
	const violations = await watchViolations(page);
	await hostHeaders(page, `frame-ancestors 'self' ${PORTAL}`);
	await openApp(page, '/?ds=demo');
	await expect(page.locator('figure svg').first()).toBeVisible();
	await openApp(page, '/data?ds=real');
	await page.getByTestId('sql-input').fill('select count(*) as n from facts_r');
	await page.getByTestId('sql-run').click();
	await expect(page.getByTestId('sql-result').locator('tbody tr')).toHaveCount(1);
	await openApp(page, '/embed?ds=demo');
	await expect(page.locator('svg').first()).toBeVisible();
	expect(violations()).toEqual([]);
});

test('a listed portal may frame /embed; no site may frame the app pages; an unlisted portal may not frame /embed', async ({ page, baseURL }) => {
	test.setTimeout(120_000);
	await hostHeaders(page, `frame-ancestors 'self' ${PORTAL}`);
	await page.route(`${PORTAL}/**`, (route) => {
		const src = new URL(route.request().url()).searchParams.get('src')!;
		return route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><title>portal</title><iframe src="${baseURL}${src}" width="480" height="320"></iframe>` });
	});
	const framed = async (src: string) => {
		await page.goto(`${PORTAL}/?src=${encodeURIComponent(src)}`);
		const frame = page.frameLocator('iframe');
		return frame;
	};

	const embed = await framed('/embed?ds=demo');
	await expect(embed.locator('svg').first()).toBeVisible({ timeout: 45_000 });

	const blocked: string[] = [];
	page.on('console', (m) => /frame-ancestors/.test(m.text()) && blocked.push(m.text()));
	const app = await framed('/?ds=demo');
	await expect.poll(() => blocked.length, { timeout: 20_000 }).toBeGreaterThan(0);
	await expect(app.locator('[data-testid="overview"]')).toHaveCount(0);

	// The same embed with the portal not listed: refused like the app pages.
	await page.unroute('**/*');
	await hostHeaders(page, "frame-ancestors 'self'");
	blocked.length = 0;
	const unlisted = await framed('/embed?ds=demo');
	await expect.poll(() => blocked.length, { timeout: 20_000 }).toBeGreaterThan(0);
	await expect(unlisted.locator('svg')).toHaveCount(0);
});
