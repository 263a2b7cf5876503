/**
 * bench:web — the dashboard measured the way a visitor meets it: the production build served by `vite preview`,
 * headless Debian Chromium (Playwright), on the shipped demo dataset and on a generated dataset of ≥1,000,000
 * facts. Prints: navigation → first chart, DuckDB-WASM start-up, dataset load, p50/p95 of a filter change
 * redrawn (the Overview's district picker, timed by the Chart component's `chart:render` marks), the same
 * queries in WASM and in native DuckDB (ratio), and the Parquet loading route against CSV.
 *
 * Also: whether the first `chart:render` (drawn from the baked aggregates) comes before `dataset:ready`, and
 * /embed's transferred bytes and first chart, cold and warm.
 *
 * With `--national <dir>` (a `npm run dataset:national` folder), the national dataset too: first chart at national
 * scope cold and warm and its ratio to the demo's (medians of `--visits` fresh-profile visits each, taken in turns with the demo's), scoping into its biggest province (first chart, its summary in
 * DuckDB, a city's first chart), filter p95 within the province (and the SQL share of it), memory (the page's and
 * the DuckDB worker's JS heaps over CDP, DuckDB's own count of its memory, the page's renderer RSS, which bounds JS
 * heap + wasm, and all Chromium processes' RSS), then a view that needs the province's facts (Data): their load
 * time and the memory with them; and its embeds.
 *
 *   npm run bench:web [-- --no-build] [-- --runs 20] [-- --first-only] [-- --visits 5] [-- --national .tmp/national-10000 [--national-only]]
 *   (NIANBAO_BENCH_PORT: the preview port, default 4199)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../src/node/duckdb-connector.ts';
import { aggregateSql } from '../src/lib/db/setup-sql.ts';
import type { Param } from '../src/lib/db/connector.ts';
import { headlineQuery, outcomesQuery, reportCountsQuery, sameOrgsQuery } from '../src/lib/queries/overview.ts';
import { seriesQuery } from '../src/lib/queries/series.ts';
import { BIG_DIR, ROOT, benchSite } from './lib/site.ts';
import { execFileSync } from 'node:child_process';
import type { FactsPart } from '../src/lib/dataset/layout.ts';

const SITE = benchSite(Number(process.env.NIANBAO_BENCH_PORT ?? 4199), { kitOut: '.tmp/bench-kit', buildDir: '.tmp/bench-build' });
const BASE = SITE.base;
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 20;
const CSV_DIR = path.join(ROOT, '.tmp/bench-csv');
const TARGET_FIRST_CHART_MS = 800;
const TARGET_EMBED_BYTES = 1_500_000;
const TARGET_EMBED_MS = 500;
/** `--first-only`: the first-chart and embed figures of the demo only (minutes less on a loaded machine). */
const FIRST_ONLY = args.includes('--first-only');
/** `--national <dir>`: a national dataset folder to measure as well. */
const NATIONAL_DIR = args.includes('--national') ? path.resolve(args[args.indexOf('--national') + 1]) : null;
/** `--national-only` (with `--national`): the national figures without the demo's and the embeds' (no ratio to demo). */
const NATIONAL_ONLY = NATIONAL_DIR !== null && args.includes('--national-only');
/** `--visits N`: fresh-profile visits (cold, then warm) whose medians give the first-chart figures and the national/demo ratio. */
const VISITS = Number(args[args.indexOf('--visits') + 1]) || 5;
const TARGET_NATIONAL_RATIO = 1.2;
const TARGET_SCOPE_IN_MS = 2000;
const TARGET_MEMORY_MB = 1500;
// Own build folders, so browser-test builds running at the same time cannot swap files under our server.
const TARGET_FILTER_P95_MS = 100;

const q = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] : NaN;
};
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 1 : 0)} ms` : 'n/a');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** CSV copies of a dataset (written by native DuckDB) with a manifest of their own, for the loading-route comparison. */
async function csvCopy(srcDir: string, name: string): Promise<string> {
	const dir = path.join(CSV_DIR, name);
	if (existsSync(path.join(dir, 'manifest.json'))) return dir;
	mkdirSync(dir, { recursive: true });
	const m = JSON.parse(readFileSync(path.join(srcDir, 'manifest.json'), 'utf8'));
	const conn = await nodeConnector();
	for (const t of ['facts', 'reports', 'issues'] as const) {
		const src = path.join(srcDir, m.tables[t].parquet);
		await conn.query(`COPY (SELECT * FROM read_parquet('${src}')) TO '${path.join(dir, `${t}.csv`)}' (HEADER)`);
		m.tables[t].csv = `${t}.csv`;
	}
	conn.close();
	m.name = name;
	m.tables.texts = { ...m.tables.texts, csv: '', parquet: '' };
	writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m, null, 1));
	return dir;
}

interface FirstLoad {
	firstChart: number;
	duckdbStart: number;
	instantiate: number;
	datasetReady: number;
	loadMs: number;
	/** Building the aggregate tables (in the background after "ready") and when that was done. */
	aggregatesMs: number;
	aggregatesAt: number;
	/** SQL statements between "dataset ready" and the first chart, and the time DuckDB spent on them. */
	queriesBeforeChart: number;
	sqlBeforeChart: number;
}

/** Navigate to the Overview and read the marks: first chart, DuckDB start-up, dataset ready. */
async function firstLoad(page: Page, ds: string): Promise<FirstLoad> {
	await page.goto(`${BASE}/?ds=${ds}`);
	await page.waitForFunction(() => performance.getEntriesByName('chart:render').length > 0, null, { timeout: 120_000 });
	await page.waitForFunction(() => performance.getEntriesByName('dataset:aggregates').length > 0, null, { timeout: 120_000 });
	return page.evaluate(() => {
		const at = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
		const dur = (n: string) => (performance.getEntriesByName(n)[0] as PerformanceMeasure | undefined)?.duration ?? NaN;
		return {
			firstChart: at('chart:render'),
			duckdbStart: dur('duckdb:start'),
			instantiate: dur('duckdb:instantiate'),
			datasetReady: at('dataset:ready'),
			loadMs: at('dataset:ready') - at('dataset:load:begin'),
			aggregatesMs: dur('dataset:aggregates'),
			aggregatesAt: at('dataset:aggregates') + dur('dataset:aggregates'),
			...(() => {
				const qs = performance
					.getEntriesByName('duckdb:query')
					.filter((m) => m.startTime >= at('dataset:ready') && m.startTime <= at('chart:render'));
				return { queriesBeforeChart: qs.length, sqlBeforeChart: qs.reduce((s, m) => s + m.duration, 0) };
			})()
		};
	});
}

/**
 * Change the Overview's district (a filter every chart and figure depends on) and time until the charts
 * have redrawn: the last `chart:render` mark after the change, once the page is quiet for 300 ms.
 */
async function filterChanges(page: Page, runs: number): Promise<{ total: number; sql: number; queries: number }[]> {
	const sel = page.getByTestId('scope-district');
	await sel.waitFor({ timeout: 30_000 });
	const options = (await sel.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
	if (!options.length) throw new Error('the Overview has no districts to filter by');
	const times: { total: number; sql: number; queries: number }[] = [];
	for (let i = 0; i < runs + 2; i++) {
		const value = options[i % options.length] === (await sel.inputValue()) ? '' : options[i % options.length];
		const t = await page.evaluate(async (v) => {
			const el = document.querySelector('[data-testid="scope-district"]') as HTMLSelectElement;
			const before = performance.getEntriesByName('chart:render').length;
			const t0 = performance.now();
			el.value = v;
			el.dispatchEvent(new Event('change', { bubbles: true }));
			const deadline = t0 + 10_000;
			let last = NaN;
			let seen = before;
			for (;;) {
				await new Promise((r) => setTimeout(r, 25));
				const marks = performance.getEntriesByName('chart:render');
				if (marks.length > seen) {
					seen = marks.length;
					last = marks[marks.length - 1].startTime;
				}
				const now = performance.now();
				if (!Number.isNaN(last) && now - last > 300) {
					// Queries issued together wait for each other in the worker: count the union of their intervals.
					const qs = performance
						.getEntriesByName('duckdb:query')
						.filter((m) => m.startTime >= t0 && m.startTime <= last)
						.map((m) => [m.startTime, m.startTime + m.duration])
						.sort((a, b) => a[0] - b[0]);
					let busy = 0;
					let end = -Infinity;
					for (const [a, b] of qs) {
						if (b > end) busy += b - Math.max(a, end);
						end = Math.max(end, b);
					}
					return { total: last - t0, sql: busy, queries: qs.length };
				}
				if (now > deadline) return { total: NaN, sql: NaN, queries: 0 };
			}
		}, value);
		if (i >= 2) times.push(t); // two warm-up changes
	}
	return times.filter((t) => Number.isFinite(t.total));
}

/**
 * The queries behind the views' filter changes, taken from the views' own query modules: the Overview's four
 * (report counts, headline figures, outcome shares, like-for-like change; from facts_r as on the first draw and
 * from the aggregate tables as on later filter changes) for one district, and the Compare view's trend per town.
 */
function workload(district: string, year: number): { name: string; sql: string; params: Param[] }[] {
	const scope = { district };
	return [
		{ name: 'Overview: report counts (reports)', ...reportCountsQuery(scope) },
		{ name: 'Overview: headline figures (facts_r, first draw)', ...headlineQuery(scope, 'facts') },
		{ name: 'Overview: headline figures (agg_scope)', ...headlineQuery(scope, 'agg') },
		{ name: 'Overview: outcome shares (facts_r, first draw)', ...outcomesQuery(scope, 'facts') },
		{ name: 'Overview: outcome shares (agg_scope)', ...outcomesQuery(scope, 'agg') },
		{ name: 'Overview: like-for-like change (agg_org)', ...sameOrgsQuery(scope, year, 'agg') },
		{ name: 'Compare: trend per town in a district (facts_r)', ...seriesQuery('t3.new_received.total', { scope, byTown: true }) }
	];
}

async function timeWasm(page: Page, sql: string, params: Param[], runs: number): Promise<number[]> {
	return page.evaluate(
		async ({ sql, params, runs }) => {
			const conn = await (window as any).nianbao.db();
			const out: number[] = [];
			for (let i = 0; i < runs + 2; i++) {
				const t0 = performance.now();
				await conn.query(sql, params);
				if (i >= 2) out.push(performance.now() - t0);
			}
			return out;
		},
		{ sql, params, runs }
	);
}

async function timeNative(conn: NativeConnector, sql: string, params: Param[], runs: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < runs + 2; i++) {
		const t0 = performance.now();
		await conn.query(sql, params);
		if (i >= 2) out.push(performance.now() - t0);
	}
	return out;
}

const CHROMIUM = {
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage']
};

/**
 * Cold: the first visit in a new browser profile (empty HTTP and code caches). Warm: a real returning visit —
 * the browser is closed (flushing its disk cache and V8's compiled-wasm code cache to the profile) and started
 * again on the same profile, then the same URL is opened in a new tab. The rest of the figures use that tab.
 */
async function benchDataset(label: string, ds: string, dir: string, csvName: string) {
	console.log(`\n━━ ${label} (ds=${ds}) ━━`);
	const profile = mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
	const launch = () => chromium.launchPersistentContext(profile, { ...CHROMIUM, viewport: { width: 1280, height: 900 } });
	let context = await launch();
	const cold = await firstLoad(await context.newPage(), ds);
	await new Promise((r) => setTimeout(r, 2000)); // the visitor reads the page; V8 caches the wasm after tier-up
	await context.close();
	context = await launch();
	const page = await context.newPage();
	const warm = await firstLoad(page, ds);
	const facts = await page.evaluate(async () => (await (await (window as any).nianbao.db()).query('SELECT count(*) AS n FROM facts'))[0].n);
	const isDemo = label.startsWith('demo');
	console.log(`facts: ${facts.toLocaleString('en-US')}`);
	console.log(
		`navigation → first chart: cold ${ms(cold.firstChart)}, warm ${ms(warm.firstChart)}` +
			(isDemo ? `   target < ${TARGET_FIRST_CHART_MS} ms: cold ${mark(cold.firstChart < TARGET_FIRST_CHART_MS)} warm ${mark(warm.firstChart < TARGET_FIRST_CHART_MS)}` : '')
	);
	const order = (f: FirstLoad) => (f.firstChart < f.datasetReady ? `chart:render first (${ms(f.datasetReady - f.firstChart)} before dataset:ready) ✓` : 'dataset:ready first ✗');
	console.log(`order: cold ${order(cold)}; warm ${order(warm)}`);
	const visits = isDemo ? await firstChartVisits(`${BASE}/?ds=${ds}`, VISITS) : undefined;
	if (visits)
		console.log(
			`first chart, median of ${VISITS} fresh-profile visits: cold ${ms(visits.cold)} ${mark(visits.cold < TARGET_FIRST_CHART_MS)}, ` +
				`warm ${ms(visits.warm)} ${mark(visits.warm < TARGET_FIRST_CHART_MS)} (${visits.spread})`
		);
	if (FIRST_ONLY) {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
		return { cold, warm, visits };
	}
	console.log(`DuckDB-WASM start-up (instantiate + open + connect): cold ${ms(cold.duckdbStart)}, warm ${ms(warm.duckdbStart)} (wasm instantiate: cold ${ms(cold.instantiate)}, warm ${ms(warm.instantiate)})`);
	console.log(`dataset load (Parquet fetch + decode + insert + setup): cold ${ms(cold.loadMs)}, warm ${ms(warm.loadMs)}; ready at ${ms(warm.datasetReady)} after navigation (warm)`);
	console.log(
		`aggregate tables (agg_scope, agg_org) built in the background: cold ${ms(cold.aggregatesMs)}, warm ${ms(warm.aggregatesMs)};` +
			` done at ${ms(cold.aggregatesAt)} / ${ms(warm.aggregatesAt)} after navigation (first chart at ${ms(cold.firstChart)} / ${ms(warm.firstChart)})`
	);
	console.log(
		`dataset ready → first chart: cold ${ms(cold.firstChart - cold.datasetReady)}, warm ${ms(warm.firstChart - warm.datasetReady)}` +
			` (warm: ${warm.queriesBeforeChart} queries, ${ms(warm.sqlBeforeChart)} of SQL)`
	);

	const changes = await filterChanges(page, RUNS);
	const filter = changes.map((c) => c.total);
	const p95 = q(filter, 0.95);
	console.log(
		`filter change redrawn (Overview district, n=${filter.length}): p50 ${ms(q(filter, 0.5))}, p95 ${ms(p95)}` +
			(isDemo ? '' : `   target p95 < ${TARGET_FILTER_P95_MS} ms: ${mark(p95 < TARGET_FILTER_P95_MS)}`)
	);
	console.log(
		`  of which DuckDB-WASM busy with SQL: p50 ${ms(q(changes.map((c) => c.sql), 0.5))} over ${q(changes.map((c) => c.queries), 0.5)} queries` +
			` (the rest: Svelte updates and Plot drawing)`
	);

	// Same queries natively.
	const native = await nodeConnector();
	await loadDatasetNative(native, dir);
	const [{ district, year }] = await native.query<{ district: string; year: number }>(
		`SELECT district, max(year) AS year FROM reports WHERE district IS NOT NULL GROUP BY district ORDER BY count(*) DESC LIMIT 1`
	);
	console.log(`\nquery (district ${district}, year ${year})`.padEnd(58) + 'WASM p50   p95 | native p50 | ratio');
	const ratios: number[] = [];
	for (const w of workload(district, year)) {
		const a = await timeWasm(page, w.sql, w.params, RUNS);
		const b = await timeNative(native, w.sql, w.params, RUNS);
		const r = q(a, 0.5) / q(b, 0.5);
		ratios.push(r);
		console.log(`  ${w.name.padEnd(54)} ${ms(q(a, 0.5)).padStart(8)} ${ms(q(a, 0.95)).padStart(7)} | ${ms(q(b, 0.5)).padStart(8)}   | ×${r.toFixed(1)}`);
	}
	const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
	console.log(`  WASM/native ratio (geometric mean of p50s): ×${geo.toFixed(1)}`);

	const nt0 = performance.now();
	const native2 = await nodeConnector();
	await loadDatasetNative(native2, dir);
	const nativeLoad = performance.now() - nt0;
	const at0 = performance.now();
	for (const sql of aggregateSql()) await native2.query(sql);
	const nativeAgg = performance.now() - at0;
	console.log(`native DuckDB: building the aggregate tables again ${ms(nativeAgg)}`);
	native2.close();
	native.close();

	// Loading route: hyparquet → Arrow → insertArrowTable vs DuckDB-WASM's CSV reader, each in a fresh instance.
	const routes: Record<string, number[]> = { parquet: [], csv: [] };
	for (let i = 0; i < 3; i++) {
		for (const [fmt, name] of [['parquet', ds], ['csv', csvName]] as const) {
			const r = await page.evaluate(({ url, fmt }) => (window as any).nianbao.measureLoad(url, fmt), { url: `/datasets/${name}`, fmt });
			routes[fmt].push(r.loadMs);
		}
	}
	console.log(
		`\nloading route (facts+reports+issues, median of 3, fresh DuckDB each): Parquet via hyparquet → Arrow ${ms(q(routes.parquet, 0.5))}` +
			` | CSV via DuckDB read_csv ${ms(q(routes.csv, 0.5))} | native DuckDB read_parquet ${ms(nativeLoad)}`
	);
	await context.close();
	rmSync(profile, { recursive: true, force: true });
	return { cold, warm, visits, filter, geo, routes };
}

/**
 * An embed as a district portal's visitor meets it: a fresh profile (cold), everything it transfers counted by
 * Chromium (CDP Network, bytes received as sent), and navigation → first `chart:render`; then warm (same profile);
 * medians of `--visits` such visits.
 */
async function benchEmbed(ds: string, opts: { parquet?: boolean } = {}) {
	console.log(`\n━━ /embed (ds=${ds}) ━━`);
	const cases: [string, string][] = [
		['default trend (baked)', ''],
		['compare, default towns (baked)', '&chart=compare']
	];
	// A dataset by province has no one facts file: a metric the bake does not hold is summed from its rollups.
	if (opts.parquet !== false) cases.push(['trend of a metric not baked (Parquet ranges)', '&metric=t2.admin_penalty.decisions']);
	else cases.push(['trend of a metric not baked (rollups)', '&metric=t2.admin_penalty.decisions']);
	for (const [what, query] of cases) {
		const cold: number[] = [];
		const warm: number[] = [];
		/** In-page steps of the first cold visit: JS arrived, bake (or rollup) data ready — less load-sensitive than the total. */
		let steps = '';
		let bytes = 0;
		let wasm = 0;
		// Each visit a fresh profile (cold), then the same page again (warm); one visit swings by a third here.
		for (let v = 0; v < VISITS; v++) {
			const profile = mkdtempSync(path.join(os.tmpdir(), 'nianbao-embed-'));
			const context = await chromium.launchPersistentContext(profile, { ...CHROMIUM, viewport: { width: 480, height: 360 } });
			for (let i = 0; i < 2; i++) {
				const page = await context.newPage();
				const cdp = await context.newCDPSession(page);
				await cdp.send('Network.enable');
				const urls = new Map<string, string>();
				const got = new Map<string, number>();
				cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
				cdp.on('Network.loadingFinished', (e) => got.set(e.requestId, e.encodedDataLength));
				await page.goto(`${BASE}/embed?ds=${ds}${query}`);
				await page.waitForFunction(() => performance.getEntriesByName('chart:render').length > 0, null, { timeout: 60_000 });
				await page.waitForLoadState('networkidle');
				(i === 0 ? cold : warm).push(await page.evaluate(() => performance.getEntriesByName('chart:render')[0].startTime));
				if (i === 0 && v === 0) {
					steps = await page.evaluate(() => {
						const js = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')) as PerformanceResourceTiming[];
						const data = performance.getEntriesByName('embed:data')[0]?.startTime ?? NaN;
						return `JS in ${Math.round(Math.max(...js.map((e) => e.responseEnd)))} ms, data ${Math.round(data)} ms`;
					});
					bytes = [...got.values()].reduce((a, b) => a + b, 0);
					wasm = [...urls.values()].filter((u) => /\.wasm|worker|texts\./.test(u)).length;
				}
				await page.close();
			}
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
		const { cold: c, warm: w, spread } = summarize(cold, warm);
		console.log(
			`${what.padEnd(46)} cold ${(bytes / 1e6).toFixed(2)} MB transferred ${mark(bytes <= TARGET_EMBED_BYTES)}, wasm/worker/texts requests ${wasm} ${mark(wasm === 0)};` +
				` first chart, median of ${VISITS} visits: cold ${ms(c)} ${mark(c < TARGET_EMBED_MS)}, warm ${ms(w)} (${spread}; first visit: ${steps})`
		);
	}
}

/**
 * Resident memory (MB) of every process below this one — the Chromium the bench launched (browser, renderers, GPU,
 * utilities) — and of its largest renderer process (the page measured, with its workers).
 */
function chromiumRssMb(): { all: number; renderer: number } {
	const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
	const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
	const kids = new Map<number, number[]>();
	for (const [pid, ppid] of rows) kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
	const rss = new Map(rows.map(([pid, , r]) => [pid, r]));
	let total = 0;
	let renderer = 0;
	const stack = [...(kids.get(process.pid) ?? [])];
	while (stack.length) {
		const pid = stack.pop()!;
		const cmd = (() => {
			try {
				return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
			} catch {
				return '';
			}
		})();
		if (/chrom/i.test(cmd)) {
			total += rss.get(pid) ?? 0;
			const args = (() => {
				try {
					return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
				} catch {
					return '';
				}
			})();
			if (args.includes('--type=renderer')) renderer = Math.max(renderer, rss.get(pid) ?? 0);
		}
		stack.push(...(kids.get(pid) ?? []));
	}
	return { all: total / 1024, renderer: renderer / 1024 };
}

/** One CDP session's messages to a worker target attached to it (non-flat: through Target.sendMessageToTarget). */
async function workerCall(cdp: import('@playwright/test').CDPSession, sessionId: string, method: string, params: object = {}): Promise<any> {
	const id = Math.floor(Math.random() * 1e9);
	return new Promise((resolve, reject) => {
		setTimeout(() => reject(new Error(`${method}: no answer in 30 s`)), 30_000);
		const on = (e: { sessionId: string; message: string }) => {
			const m = JSON.parse(e.message);
			if (e.sessionId !== sessionId || m.id !== id) return;
			cdp.off('Target.receivedMessageFromTarget', on);
			if (m.error) reject(new Error(`${method}: ${m.error.message}`));
			else resolve(m.result);
		};
		cdp.on('Target.receivedMessageFromTarget', on);
		cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
	});
}

/**
 * The memory the targets count (MB), after a GC: the page's JS heap and each of its workers' (DuckDB's worker) over
 * CDP; DuckDB's own count of what it holds in its wasm memory (`duckdb_memory()`: tables, indexes, buffers); and,
 * since CDP cannot list a worker's WebAssembly.Memory (Runtime.queryObjects never answers in a worker target), the
 * resident memory of the page's renderer process (the largest renderer: page + DuckDB worker, i.e. JS heaps + wasm
 * memory + Blink), which bounds JS heap + wasm from above, and of all Chromium processes.
 */
async function memoryOf(context: import('@playwright/test').BrowserContext, page: Page) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
	const pageHeap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
	let workerHeap = 0;
	const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
	for (const t of targetInfos.filter((t) => t.type === 'worker')) {
		try {
			const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
			await workerCall(cdp, sessionId, 'HeapProfiler.collectGarbage').catch(() => {});
			workerHeap += (await workerCall(cdp, sessionId, 'Runtime.getHeapUsage')).usedSize;
			await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
		} catch (e) {
			console.log(`  (worker ${t.targetId.slice(0, 8)} not measured: ${(e as Error).message})`);
		}
	}
	const duckdb = await page.evaluate(async () => {
		const c = await (window as any).nianbao.summaryDb();
		return Number((await c.query('SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS b FROM duckdb_memory()'))[0].b);
	}).catch(() => NaN);
	await cdp.detach().catch(() => {});
	const rss = chromiumRssMb();
	const mb = (b: number) => b / 1e6;
	return { pageHeap: mb(pageHeap), workerHeap: mb(workerHeap), duckdb: mb(duckdb), heapsAndDuckdb: mb(pageHeap + workerHeap + duckdb), ...rss };
}

function printMemory(what: string, m: Awaited<ReturnType<typeof memoryOf>>) {
	const f = (n: number) => `${n.toFixed(0)} MB`;
	console.log(
		`memory ${what}: JS heaps + DuckDB ${f(m.heapsAndDuckdb)} (page heap ${f(m.pageHeap)}, DuckDB worker heap ${f(m.workerHeap)}, DuckDB's own count ${f(m.duckdb)}); ` +
			`the page's renderer RSS ${f(m.renderer)} ${mark(m.renderer < TARGET_MEMORY_MB)} (bounds JS heap + wasm)   target < ${TARGET_MEMORY_MB} MB; all Chromium processes RSS ${f(m.all)}`
	);
}

/** Navigate and wait for the first chart; the marks of the visit. */
async function firstChartOf(page: Page, url: string) {
	await page.goto(url);
	await page.waitForFunction(() => performance.getEntriesByName('chart:render').length > 0, null, { timeout: 120_000 });
	await page.waitForFunction(() => performance.getEntriesByName('dataset:ready').length > 0, null, { timeout: 120_000 });
	return page.evaluate(() => ({
		firstChart: performance.getEntriesByName('chart:render')[0].startTime,
		ready: performance.getEntriesByName('dataset:ready')[0].startTime,
		facts: 0
	}));
}

/**
 * First chart of `url` over `n` visits, each in a fresh profile: cold (empty cache), then warm (same profile,
 * browser restarted). One visit on a shared 2-core machine swings by ±30 %, so the figures and the national/demo
 * ratio are medians (the spread is printed too).
 */
async function firstChartVisits(url: string, n: number, viewport = { width: 1280, height: 900 }) {
	const cold: number[] = [];
	const warm: number[] = [];
	for (let i = 0; i < n; i++) {
		const profile = mkdtempSync(path.join(os.tmpdir(), 'nianbao-visit-'));
		for (const into of [cold, warm]) {
			const context = await chromium.launchPersistentContext(profile, { ...CHROMIUM, viewport });
			into.push((await firstChartOf(await context.newPage(), url)).firstChart);
			await new Promise((r) => setTimeout(r, 1000));
			await context.close();
		}
		rmSync(profile, { recursive: true, force: true });
	}
	return summarize(cold, warm);
}

function summarize(cold: number[], warm: number[]) {
	const range = (xs: number[]) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
	return { cold: q(cold, 0.5), warm: q(warm, 0.5), coldAll: cold, warmAll: warm, spread: `cold ${range(cold)}, warm ${range(warm)}` };
}

/**
 * The national/demo ratio from visits taken in turns (demo, national, demo, …), so that the machine's load drifting
 * between the demo's figures and the national's does not enter the ratio.
 */
async function pairedVisits(demoUrl: string, url: string, n: number) {
	const demo = { cold: [] as number[], warm: [] as number[] };
	const national = { cold: [] as number[], warm: [] as number[] };
	for (let i = 0; i < n; i++)
		for (const [u, into] of [
			[demoUrl, demo],
			[url, national]
		] as const) {
			const v = await firstChartVisits(u, 1);
			into.cold.push(v.cold);
			into.warm.push(v.warm);
		}
	return { demo: summarize(demo.cold, demo.warm), national: summarize(national.cold, national.warm) };
}

/** Time from a scope picker change until the next `chart:render` (and until `dataset:partition` when asked). */
async function pick(page: Page, testid: string, value: string, waitPartition: boolean) {
	return page.evaluate(
		async ({ testid, value, waitPartition }) => {
			const el = document.querySelector(`[data-testid="${testid}"]`) as HTMLSelectElement;
			const charts = performance.getEntriesByName('chart:render').length;
			const parts = performance.getEntriesByName('dataset:partition').length;
			const t0 = performance.now();
			el.value = value;
			el.dispatchEvent(new Event('change', { bubbles: true }));
			let chart = NaN;
			let loaded = NaN;
			while (performance.now() - t0 < 60_000) {
				await new Promise((r) => setTimeout(r, 10));
				const c = performance.getEntriesByName('chart:render');
				if (Number.isNaN(chart) && c.length > charts) chart = c[charts].startTime - t0;
				const p = performance.getEntriesByName('dataset:partition') as PerformanceMeasure[];
				if (Number.isNaN(loaded) && p.length > parts) loaded = p[parts].startTime + p[parts].duration - t0;
				if (!Number.isNaN(chart) && (!waitPartition || !Number.isNaN(loaded))) break;
			}
			return { chart, loaded };
		},
		{ testid, value, waitPartition }
	);
}

/** The national dataset (laid out by province): see the file's doc comment. */
async function benchNational(dir: string, demo: { name: string } | undefined) {
	const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
	const ds = m.name as string;
	const biggest = [...m.parts].sort((a: { rows: number }, b: { rows: number }) => b.rows - a.rows)[0] as FactsPart;
	console.log(
		`\n━━ national (ds=${ds}, ${dir}): ${m.tables.facts.rows.toLocaleString('en-US')} facts, ${m.tables.reports.rows.toLocaleString('en-US')} reports, ` +
			`${m.parts.length} province files (${(m.tables.facts.bytes / 1e6).toFixed(1)} MB) ━━`
	);
	const profile = mkdtempSync(path.join(os.tmpdir(), 'nianbao-national-'));
	const launch = () => chromium.launchPersistentContext(profile, { ...CHROMIUM, viewport: { width: 1280, height: 900 } });
	let context = await launch();
	const url = `${BASE}/?ds=${ds}`;
	const cold = await firstChartOf(await context.newPage(), url);
	await new Promise((r) => setTimeout(r, 2000));
	await context.close();
	context = await launch();
	const page = await context.newPage();
	const fetched: string[] = [];
	page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
	const warm = await firstChartOf(page, url);
	const held = await page.evaluate(async () => (await (await (window as any).nianbao.db()).query('SELECT count(*) AS n FROM facts'))[0].n);
	console.log(`national scope: navigation → first chart cold ${ms(cold.firstChart)}, warm ${ms(warm.firstChart)}; DuckDB holds ${held} facts; facts files fetched: ${fetched.filter((f) => f.includes('/facts/')).length}`);
	if (demo) {
		const { demo: d, national: v } = await pairedVisits(`${BASE}/?ds=${demo.name}`, url, VISITS);
		console.log(`in turns with the demo, ${VISITS} fresh-profile visits each, medians: national cold ${ms(v.cold)}, warm ${ms(v.warm)} (${v.spread}); demo cold ${ms(d.cold)}, warm ${ms(d.warm)} (${d.spread})`);
		const rc = v.cold / d.cold;
		const rw = v.warm / d.warm;
		console.log(`national / demo first chart: cold ×${rc.toFixed(2)} ${mark(rc <= TARGET_NATIONAL_RATIO)}, warm ×${rw.toFixed(2)} ${mark(rw <= TARGET_NATIONAL_RATIO)}   target ≤ ${TARGET_NATIONAL_RATIO}`);
	}

	const summaryFiles = (biggest.summary ?? []).map((f) => f.file);
	const summaryBytes = (biggest.summary ?? []).reduce((a, f) => a + f.bytes, 0);
	const before = fetched.length;
	const scopeIn = await pick(page, 'scope-province', biggest.province, true);
	const scopeFetched = fetched.slice(before).filter((f) => /\/(facts|rollups)\//.test(f));
	const reports = biggest.summary?.find((f) => f.table === 'reports')?.rows ?? 0;
	console.log(
		`scope into ${biggest.province} (${biggest.rows.toLocaleString('en-US')} facts, ${reports.toLocaleString('en-US')} reports): first chart ${ms(scopeIn.chart)} (baked); ` +
			`${summaryFiles.length ? `its summary (${(summaryBytes / 1e3).toFixed(0)} kB, ${summaryFiles.length} files)` : 'its facts'} in DuckDB ${ms(scopeIn.loaded)} ${mark(scopeIn.loaded < TARGET_SCOPE_IN_MS)}   target < ${TARGET_SCOPE_IN_MS} ms`
	);
	console.log(`  files fetched on scope-in: ${scopeFetched.map((f) => f.split('/').slice(-2).join('/')).join(', ') || 'none'}`);
	const steps = await page.evaluate(() =>
		['facts', 'reports', 'agg_scope', 'agg_org', 'agg_cont', 'indicators_r', 'agg_ind', 'issues'].map((t) => `dataset:insert:${t}`).concat('dataset:setup')
			.map((n) => {
				const e = performance.getEntriesByName(n);
				return e.length ? `${n.replace('dataset:', '')} ${Math.round(e[e.length - 1].duration)} ms` : '';
			})
			.filter(Boolean)
			.join(', ')
	);
	console.log(`  scope-in steps (last load): ${steps}`);
	await page.getByTestId('scope-city').waitFor();
	const city = (await page.getByTestId('scope-city').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean)[0];
	const inCity = await pick(page, 'scope-city', city, false);
	console.log(`  then a city (${city}), drawn from DuckDB: first chart ${ms(inCity.chart)}; scope-in to a city's first chart ${ms(scopeIn.loaded + inCity.chart)}`);
	await pick(page, 'scope-city', '', false);
	await page.waitForFunction(() => (window as any).nianbao?.dataset.aggregates, null, { timeout: 120_000 });
	const changes = await filterChanges(page, RUNS);
	const filter = changes.map((c) => c.total);
	const p95 = q(filter, 0.95);
	console.log(`filter change within ${biggest.province} (district, n=${filter.length}): p50 ${ms(q(filter, 0.5))}, p95 ${ms(p95)} ${mark(p95 < TARGET_FILTER_P95_MS)}   target p95 < ${TARGET_FILTER_P95_MS} ms`);
	const sql = changes.map((c) => c.sql);
	console.log(`  of which DuckDB busy (union of its query intervals): p50 ${ms(q(sql, 0.5))}, p95 ${ms(q(sql, 0.95))}; queries per change ${q(changes.map((c) => c.queries), 0.5)}`);
	const facts0 = fetched.filter((f) => f.includes('/facts/')).length;
	printMemory(`with ${biggest.province}'s summary (Overview; ${facts0} facts files fetched)`, await memoryOf(context, page));

	// A view that needs every report's figures: the province's facts load now (Data view, same province).
	const t0 = Date.now();
	await page.goto(`${BASE}/data?ds=${ds}&province=${encodeURIComponent(biggest.province)}`);
	await page.waitForFunction((p) => (window as any).nianbao?.dataset.partition === p && (window as any).nianbao?.dataset.status === 'ready', biggest.province, { timeout: 600_000 });
	const factsSteps = await page.evaluate(() => {
		const e = (n: string) => Math.round(performance.getEntriesByName(n).at(-1)?.duration ?? NaN);
		return { facts: e('dataset:partition:facts'), insert: e('dataset:insert:facts') };
	});
	console.log(
		`facts of ${biggest.province} for the Data view (${biggest.rows.toLocaleString('en-US')} facts, ${(biggest.bytes / 1e6).toFixed(1)} MB): navigation → in DuckDB ${ms(Date.now() - t0)} ` +
			`(of which the facts load ${ms(factsSteps.facts)}, insert ${ms(factsSteps.insert)})`
	);
	printMemory(`with ${biggest.province}'s facts`, await memoryOf(context, page));
	await context.close();
	rmSync(profile, { recursive: true, force: true });
	if (!NATIONAL_ONLY) await benchEmbed(ds, { parquet: false });
}

async function main() {
	if (!args.includes('--no-build')) SITE.build();
	const big = FIRST_ONLY ? '' : SITE.ensureBig();
	const demoDir = path.join(ROOT, 'datasets/demo');
	const hasDemo = existsSync(path.join(demoDir, 'manifest.json'));
	const demoName = hasDemo ? 'demo' : 'real';
	const demoSrc = hasDemo ? demoDir : path.join(ROOT, 'datasets/real');
	const demoCsv = await csvCopy(demoSrc, `${demoName}-csv`);
	const national = NATIONAL_DIR ? [NATIONAL_DIR] : [];
	const server = await SITE.startServer(FIRST_ONLY ? [demoCsv, ...national] : [BIG_DIR, demoCsv, await csvCopy(BIG_DIR, `${big}-csv`), ...national]);
	const browser = await chromium.launch(CHROMIUM);
	const version = browser.version();
	await browser.close();
	try {
		console.log(
			`bench:web — production build, vite preview, headless Chromium ${version}, ${RUNS} runs per figure; ` +
				`${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at start`
		);
		const demo = NATIONAL_ONLY ? undefined : await benchDataset(`demo dataset (${demoName})`, demoName, demoSrc, `${demoName}-csv`);
		if (!NATIONAL_ONLY) await benchEmbed(demoName);
		if (NATIONAL_DIR) await benchNational(NATIONAL_DIR, demo ? { name: demoName } : undefined);
		if (!FIRST_ONLY) await benchDataset('≥1M facts (synthetic, facts only)', big, BIG_DIR, `${big}-csv`);
	} finally {
		server.kill();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
