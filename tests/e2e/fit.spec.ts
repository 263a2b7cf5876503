import { expect, test, type Frame, type Page } from '@playwright/test';
import { openApp } from './helpers/app.ts';

/**
 * Every view fits a phone (390 and 360 px) and every embed fits a portal's frame (real iframes of 300×200, 320×240
 * and 600×400), in both languages: no sideways page scroll; wide tables scroll inside their own box with an edge
 * shadow (the cue) and a sticky first column; text ≥ 9 px; no chart text drawn over other chart text (an axis
 * label on a tick, tied labels, crowded ticks); in embeds no scrollbars, no mark cut off at the frame's edge and
 * the attribution in view. One page load per case, several checks each, so the suite stays fast.
 */

const LANGS = ['zh', 'en'] as const;

/** What overflows the page, the smallest text, tables without a proper scroller, overlapping chart texts, marks outside the view. */
async function measure(page: Page | Frame) {
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
			const svg = el.closest('svg');
			const scale = svg ? svg.getBoundingClientRect().width / (svg.viewBox?.baseVal?.width || svg.getBoundingClientRect().width) : 1;
			const size = parseFloat(getComputedStyle(el).fontSize) * scale;
			if (size < smallest) (smallest = size), (smallestText = el.textContent!.trim().slice(0, 30));
		}
		const name = (t: Element) => t.getAttribute('data-testid') ?? t.closest('[data-testid]')?.getAttribute('data-testid') ?? 'table';
		const scroller = (t: Element) => {
			for (let p = t.parentElement; p && p !== document.body; p = p.parentElement) {
				const ox = getComputedStyle(p).overflowX;
				if (ox === 'auto' || ox === 'scroll') return p;
			}
			return null;
		};
		const tables = [...document.querySelectorAll('table')].filter(visible);
		const unscrolledTables = tables.filter((t) => t.getBoundingClientRect().right > doc.clientWidth + 1 && !scroller(t)).map(name);
		// A table wider than its scroller: the scroller shows a shadow at the edge and the first column stays put.
		const noCue = tables
			.filter((t) => {
				const s = scroller(t);
				if (!s || s.scrollWidth <= s.clientWidth + 1) return false;
				const cue = getComputedStyle(s).backgroundImage.includes('gradient');
				const first = t.querySelector('tbody tr > :first-child');
				const sticky = !first || getComputedStyle(first).position === 'sticky';
				return !(cue && sticky);
			})
			.map(name);
		const overlaps: string[] = [];
		for (const svg of document.querySelectorAll('svg')) {
			if (!visible(svg)) continue;
			const texts = [...svg.querySelectorAll('text')]
				.filter((t) => visible(t) && t.textContent!.trim())
				.map((t) => ({ t: t.textContent!.trim().slice(0, 16), r: t.getBoundingClientRect() }));
			for (let i = 0; i < texts.length; i++)
				for (let j = i + 1; j < texts.length; j++) {
					const a = texts[i].r;
					const b = texts[j].r;
					const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
					const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
					if (ox > 0.5 && oy > 0.5) overlaps.push(`“${texts[i].t}” on “${texts[j].t}”`);
				}
		}
		const cutOff = [...document.querySelectorAll('svg circle, svg [class^="mk-"] rect, svg .mk-panel')]
			.map((c) => c.getBoundingClientRect())
			.filter((r) => r.width > 0 && (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5)).length;
		return {
			pageOverflow: doc.scrollWidth - doc.clientWidth,
			scrollHeight: doc.scrollHeight,
			clientHeight: doc.clientHeight,
			smallest,
			smallestText,
			unscrolledTables,
			noCue,
			overlaps,
			cutOff
		};
	});
}

/** `ready`: a test id that is on screen once the view has drawn (or, for Read without files, its heading). */
const VIEWS: { name: string; path: string; ready: string }[] = [
	{ name: 'overview', path: '/?ds=real', ready: 'trend-n.proactive.items' },
	{ name: 'compare', path: '/compare?ds=real', ready: 'compare-chart' },
	{ name: 'rank', path: '/rank?ds=demo', ready: 'rank-table' },
	{ name: 'town', path: '/town?ds=real&org=' + encodeURIComponent('咸祥镇人民政府'), ready: 'profile-table' },
	{ name: 'data', path: '/data?ds=real', ready: 'data-preview' },
	{ name: 'quality', path: '/quality?ds=real', ready: 'quality-issues' },
	{ name: 'read', path: '/read?ds=real', ready: 'main h1' }
];

test.describe('phone, 390 and 360 px', () => {
	test.use({ viewport: { width: 390, height: 844 } });
	for (const v of VIEWS) {
		for (const lang of LANGS) {
			test(`${v.name} (${lang}) fits without sideways page scroll; tables scroll in their box with a cue and a sticky first column; text ≥ 9 px`, async ({ page }) => {
				await openApp(page, `${v.path}&lang=${lang}`);
				await expect((v.ready.includes(' ') ? page.locator(v.ready) : page.getByTestId(v.ready)).first()).toBeVisible();
				for (const width of [390, 360]) {
					await page.setViewportSize({ width, height: 844 });
					await page.waitForTimeout(400);
					const m = await measure(page);
					expect(m.pageOverflow, `${width} px: page wider than the phone`).toBeLessThanOrEqual(0);
					expect(m.unscrolledTables, `${width} px`).toEqual([]);
					expect(m.noCue, `${width} px: wide tables without an edge shadow or a sticky first column`).toEqual([]);
					expect(m.smallest, `${width} px: smallest text: “${m.smallestText}”`).toBeGreaterThanOrEqual(9);
					expect(m.overlaps, `${width} px: chart texts drawn over each other`).toEqual([]);
				}
			});
		}
	}
});

const EMBEDS: { name: string; query: string }[] = [
	{ name: 'trend', query: 'chart=trend&metric=n.proactive.items' },
	{ name: 'outcomes', query: 'chart=outcomes' },
	{ name: 'compare', query: 'chart=compare&metric=n.proactive.items' },
	{ name: 'small multiples', query: 'chart=compare&metric=n.proactive.items&view=multiples' },
	{ name: 'heatmap', query: 'chart=heatmap&metric=n.proactive.items' },
	{ name: 'bump', query: 'chart=bump' },
	{ name: 'indicator', query: 'chart=indicator' }
];
const FRAMES = [
	[300, 200],
	[320, 240],
	[600, 400]
] as const;

test.describe('embeds in a portal’s iframes: 300×200, 320×240, 600×400', () => {
	test.use({ viewport: { width: 1000, height: 900 } });
	for (const e of EMBEDS) {
		for (const lang of LANGS) {
			test(`${e.name} (${lang}): no scrollbars, nothing cut off or overlapping, attribution in view, text ≥ 9 px`, async ({ page, baseURL }) => {
				// Bump and indicator embeds load DuckDB-WASM in each frame: room for three loads on a busy machine.
				test.setTimeout(180_000);
				const src = `${baseURL}/embed?ds=demo&${e.query}&lang=${lang}`;
				for (const [w, h] of FRAMES) {
					// The portal's page: the embed code's iframe at this size (no border or padding of ours), one at a time.
					await page.setContent(`<iframe src="${src}" width="${w}" height="${h}" style="border:0;display:block;margin:8px" title="${w}x${h}"></iframe>`);
					const frame = (await page.locator(`iframe[title="${w}x${h}"]`).elementHandle().then((el) => el!.contentFrame()))!;
					await frame.getByTestId('embed-chart').locator('svg').last().waitFor({ timeout: 90_000 });
					await page.waitForTimeout(300);
					const m = await measure(frame);
					const at = `${w}×${h}`;
					expect(m.pageOverflow, `${at}: scrolls sideways`).toBeLessThanOrEqual(0);
					expect(m.scrollHeight, `${at}: scrolls down`).toBeLessThanOrEqual(m.clientHeight);
					expect(m.cutOff, `${at}: marks cut off at the frame's edge`).toBe(0);
					expect(m.overlaps, `${at}: chart texts drawn over each other`).toEqual([]);
					expect(m.smallest, `${at}: smallest text: “${m.smallestText}”`).toBeGreaterThanOrEqual(9);
					const source = await frame.getByTestId('embed-source').evaluate((el) => {
						const r = el.getBoundingClientRect();
						return { top: r.top, bottom: r.bottom, width: r.width };
					});
					expect(source.width, `${at}: attribution shown`).toBeGreaterThan(0);
					expect(source.top, `${at}: attribution in view`).toBeGreaterThanOrEqual(0);
					expect(source.bottom, `${at}: attribution in view`).toBeLessThanOrEqual(h + 0.5);
				}
			});
		}
	}
});
