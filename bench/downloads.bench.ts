/**
 * bench:downloads — the Data view's CSV and Parquet downloads as a visitor meets them: the production build served
 * by `vite preview`, headless Debian Chromium, on the shipped demo dataset (233k facts) and the generated ≥1M-fact
 * dataset (`.tmp/big`, shared with bench:web). For each download: time from the click to the browser's download
 * event, the file size, and the peak JS heap during the export (`performance.memory` with Chromium's
 * --enable-precise-memory-info, sampled every 20 ms and at every animation frame; a tab whose main thread is
 * blocked cannot sample, so the longest gap between samples is printed as "longest freeze").
 *
 *   npm run bench:downloads [-- --no-build] [-- --runs 3] [-- --url http://127.0.0.1:4173 --label before]
 *
 * `--url` measures an already running server instead (e.g. an older build, for a before/after comparison).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { BIG_DIR, ROOT, benchSite } from './lib/site.ts';

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(opt('--runs')) || 3;
const SITE = benchSite(4198, { kitOut: '.tmp/bench-dl-kit', buildDir: '.tmp/bench-dl-build' });
const BASE = opt('--url') ?? SITE.base;
const LABEL = opt('--label') ?? 'this build';

interface Result {
	ms: number;
	bytes: number;
	peakHeapMB: number;
	baseHeapMB: number;
	freezeMs: number;
}

/** Start sampling the JS heap in the page (interval + animation frames), after a GC when exposed. */
async function startSampling(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as { __dl?: { peak: number; base: number; last: number; gap: number; stop: () => void }; gc?: () => void };
		w.gc?.();
		const mem = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
		const s = { peak: mem(), base: mem(), last: performance.now(), gap: 0, stop: () => {} };
		const sample = () => {
			const now = performance.now();
			s.gap = Math.max(s.gap, now - s.last);
			s.last = now;
			s.peak = Math.max(s.peak, mem());
		};
		const iv = setInterval(sample, 20);
		let raf = requestAnimationFrame(function frame() {
			sample();
			raf = requestAnimationFrame(frame);
		});
		s.stop = () => {
			clearInterval(iv);
			cancelAnimationFrame(raf);
		};
		w.__dl = s;
	});
}

async function stopSampling(page: Page): Promise<{ peak: number; base: number; gap: number }> {
	return page.evaluate(() => {
		const s = (window as unknown as { __dl: { peak: number; base: number; gap: number; stop: () => void } }).__dl;
		s.stop();
		return { peak: s.peak, base: s.base, gap: s.gap };
	});
}

async function measure(page: Page, kind: 'csv' | 'parquet'): Promise<Result> {
	const button = page.getByTestId(`download-${kind}`);
	await button.waitFor({ timeout: 60_000 });
	await page.waitForFunction((k) => !(document.querySelector(`[data-testid=download-${k}]`) as HTMLButtonElement).disabled, kind, { timeout: 120_000 });
	await startSampling(page);
	const t0 = Date.now();
	const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), button.click()]);
	const ms = Date.now() - t0;
	const file = await download.path();
	const mem = await stopSampling(page);
	const bytes = file ? statSync(file).size : NaN;
	await download.delete();
	return { ms, bytes, peakHeapMB: mem.peak / 2 ** 20, baseHeapMB: mem.base / 2 ** 20, freezeMs: mem.gap };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main() {
	const big = SITE.ensureBig();
	let server: ChildProcess | null = null;
	if (!opt('--url')) {
		if (!args.includes('--no-build')) SITE.build();
		server = await SITE.startServer([BIG_DIR]);
	}
	const browser = await chromium.launch({
		executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
		args: ['--enable-precise-memory-info', '--js-flags=--expose-gc']
	});
	const rows: string[] = [];
	try {
		for (const ds of ['demo', big]) {
			const context = await browser.newContext({ acceptDownloads: true });
			const page = await context.newPage();
			await page.goto(`${BASE}/data?ds=${ds}`);
			const count = page.getByTestId('row-count');
			await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.getAttribute('data-count'), null, { timeout: 180_000 });
			const n = Number(await count.getAttribute('data-count'));
			for (const kind of ['csv', 'parquet'] as const) {
				const results: Result[] = [];
				for (let i = 0; i < RUNS; i++) {
					try {
						results.push(await measure(page, kind));
					} catch (e) {
						console.log(`${ds} ${kind}: failed — ${(e as Error).message.split('\n')[0]}`);
						break;
					}
				}
				if (!results.length) {
					rows.push(`| ${ds} | ${n.toLocaleString('en')} | ${kind} | failed | | | |`);
					continue;
				}
				const r = {
					ms: median(results.map((x) => x.ms)),
					bytes: results[0].bytes,
					peak: Math.max(...results.map((x) => x.peakHeapMB - x.baseHeapMB)),
					freeze: median(results.map((x) => x.freezeMs))
				};
				rows.push(
					`| ${ds} | ${n.toLocaleString('en')} | ${kind} | ${(r.ms / 1000).toFixed(2)} s | ${(r.bytes / 2 ** 20).toFixed(1)} MB | +${r.peak.toFixed(0)} MB | ${r.freeze.toFixed(0)} ms |`
				);
				console.log(rows.at(-1));
			}
			await context.close();
		}
	} finally {
		await browser.close();
		server?.kill();
	}
	console.log(`\ndownloads (${LABEL}; median of ${RUNS}; load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
	console.log('| dataset | rows | format | click → file | size | peak JS heap above idle | longest freeze |');
	console.log('|---|---|---|---|---|---|---|');
	for (const r of rows) console.log(r);
}

await main();
