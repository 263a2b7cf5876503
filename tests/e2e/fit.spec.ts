import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';

/**
 * Every view fits a phone (390 px) and every embed fits a portal's small frame (320×240), in both languages:
 * no sideways page scroll, wide tables scroll inside their own box, readable text, and for embeds no scrollbars
 * with the attribution in view. One page load per case, several checks each, so the suite stays fast.
 */

const LANGS = ['zh', 'en'] as const;

/** What overflows the page sideways, the smallest text drawn, and tables that are wider than their box without a scroller. */
async function measure(page: Page) {
	return page.evaluate(() => {
		const doc = document.documentElement;
		const visible = (el: Element) => {
			const r = el.getBoundingClientRect();
			const cs = getComputedStyle(el);
			return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && !el.closest('.visually-hidden,[hidden]');
		};
		let smallest = Infinity;
		let smallestText = '';
		for (const el of document.querySelectorAll('body *')) {
			if (!visible(el)) continue;
			const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
			if (!own) continue;
			const size = parseFloat(getComputedStyle(el).fontSize) * (el.closest('svg') ? (el.closest('svg')!.getBoundingClientRect().width / (el.closest('svg')!.viewBox?.baseVal?.width || el.closest('svg')!.getBoundingClientRect().width)) : 1);
			if (size < smallest) (smallest = size), (smallestText = el.textContent!.trim().slice(0, 30));
		}
		const unscrolledTables = [...document.querySelectorAll('table')]
			.filter(visible)
			.filter((t) => {
				const box = t.getBoundingClientRect();
				if (box.right <= doc.clientWidth + 1) return false;
				let p = t.parentElement;
				while (p && p !== document.body) {
					const ox = getComputedStyle(p).overflowX;
					if (ox === 'auto' || ox === 'scroll') return false;
					p = p.parentElement;
				}
				return true;
			})
			.map((t) => t.getAttribute('data-testid') ?? t.closest('[data-testid]')?.getAttribute('data-testid') ?? 'table');
		return {
			pageOverflow: doc.scrollWidth - doc.clientWidth,
			scrollHeight: doc.scrollHeight,
			clientHeight: doc.clientHeight,
			smallest,
			smallestText,
			unscrolledTables
		};
	});
}

const VIEWS: { name: string; path: string; ready: string }[] = [
	{ name: 'overview', path: '/?ds=real', ready: 'trend-n.proactive.items' },
	{ name: 'compare', path: '/compare?ds=real', ready: 'compare-chart' },
	{ name: 'town', path: '/town?ds=real&org=' + encodeURIComponent('咸祥镇人民政府'), ready: 'profile-table' },
	{ name: 'data', path: '/data?ds=real', ready: 'data-preview' },
	{ name: 'quality', path: '/quality?ds=real', ready: 'quality-issues' }
];

test.describe('phone, 390 px', () => {
	test.use({ viewport: { width: 390, height: 844 } });
	for (const v of VIEWS) {
		for (const lang of LANGS) {
			test(`${v.name} (${lang}) fits without sideways page scroll; tables scroll in their box; text ≥ 9 px`, async ({ page }) => {
				await openApp(page, `${v.path}&lang=${lang}`);
				await expect(page.getByTestId(v.ready).first()).toBeVisible();
				await page.waitForTimeout(300);
				const m = await measure(page);
				expect(m.pageOverflow, 'page wider than the phone').toBeLessThanOrEqual(0);
				expect(m.unscrolledTables).toEqual([]);
				expect(m.smallest, `smallest text: “${m.smallestText}”`).toBeGreaterThanOrEqual(9);
			});
		}
	}
});

const EMBEDS: { name: string; query: string }[] = [
	{ name: 'trend', query: 'chart=trend&metric=n.proactive.items' },
	{ name: 'outcomes', query: 'chart=outcomes' },
	{ name: 'compare', query: 'chart=compare&metric=n.proactive.items' },
	{ name: 'heatmap', query: 'chart=heatmap&metric=n.proactive.items' }
];

for (const [w, h] of [
	[320, 240],
	[600, 400]
] as const) {
	test.describe(`embed in a ${w}×${h} frame`, () => {
		test.use({ viewport: { width: w, height: h } });
		for (const e of EMBEDS) {
			for (const lang of w === 320 ? LANGS : (['zh'] as const)) {
				test(`${e.name} (${lang}): no scrollbars, attribution in view, text ≥ 9 px`, async ({ page }) => {
					await openApp(page, `/embed?ds=demo&${e.query}&lang=${lang}`);
					const chart = page.getByTestId('embed-chart');
					await expect(chart.locator('svg').last()).toBeVisible();
					await page.waitForTimeout(300);
					const m = await measure(page);
					expect(m.pageOverflow, 'scrolls sideways').toBeLessThanOrEqual(0);
					expect(m.scrollHeight, 'scrolls down').toBeLessThanOrEqual(m.clientHeight);
					await expect(page.getByTestId('embed-source')).toBeInViewport({ ratio: 1 });
					expect(m.smallest, `smallest text: “${m.smallestText}”`).toBeGreaterThanOrEqual(9);
				});
			}
		}
	});
}
