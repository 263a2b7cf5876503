/**
 * bench:read — 200 report PDFs opened in one go on /read (issue 13: "without freezing the page"), in the
 * production build and headless Debian Chromium. The PDFs are generated once (`nianbao synth --formats
 * pdf-office`, the WPS/Word-style writer that needs no LibreOffice: 40 towns × 2019–2023, in `.tmp/read-bench`).
 * Prints: time to the first file read and to all 200, then to the dataset shown; the page's longest main-thread
 * task (Long Tasks API) and the longest gap between animation frames while reading (a frozen page draws none);
 * the sum of long tasks and the p95 frame gap; statuses; headline figures equal to the truth (every row, found by
 * scrolling the virtualised list); and the same for the dataset-ZIP download of the 200 reports (built in a worker).
 *
 * `--trace FILE` also records a Chromium performance trace of the reading (open it in DevTools' Performance
 * panel) and prints what the page's thread spent its long tasks on, and for each long task its layout/paint and
 * the JavaScript functions it ran (CPU profile samples). The site is then built unminified (readable names):
 * take timings from a run without `--trace`.
 *
 *   npm run bench:read [-- --no-build] [-- --port 4195] [-- --kit-out .tmp/kit --build-dir .tmp/build] [-- --trace .tmp/read.trace.json]
 *   npm run bench:read -- --summarise .tmp/read.trace.json   (the summary of a trace recorded earlier)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT, benchSite } from './lib/site.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const SITE = benchSite(Number(arg('--port', '4195')), { kitOut: arg('--kit-out', '.tmp/bench-read-kit'), buildDir: arg('--build-dir', '.tmp/bench-read-build') });
const PDF_DIR = path.join(ROOT, '.tmp/read-bench');
const N = 200;
/** No task of the page's thread longer than this during the whole batch (issue 13): a click or scroll waits that long. */
const TARGET_LONGEST_TASK_MS = 100;

function ensurePdfs(): string[] {
	const list = () => (existsSync(PDF_DIR) ? readdirSync(PDF_DIR).filter((f) => f.endsWith('.pdf')).sort() : []);
	if (list().length < N) {
		console.log(`generating ${N} report PDFs (WPS/Word-style writer)…`);
		SITE.run('node', ['src/cli/nianbao.ts', 'synth', '--out', PDF_DIR, '--towns', '40', '--years', '2019-2023', '--seed', '5', '--formats', 'pdf-office']);
	}
	return list().slice(0, N).map((f) => path.join(PDF_DIR, f));
}

interface ProfileNode { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }
interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	/** Thread (CPU) time of the event, µs: what the task cost without the time the thread waited for a core. */
	tdur?: number;
	id?: string;
	args?: { name?: string; data?: { startTime?: number; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } };
}

/**
 * The sampled JavaScript of the page's thread (the trace's ProfileChunk events): when each sample was taken and
 * the function it was in (name, file and line — with `--trace` the site is built unminified, so names are the source's).
 */
function jsSamples(ev: TraceEvent[], pid: number, tid: number): { ts: number; fn: string }[] {
	const profile = ev.find((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid);
	if (!profile) return [];
	const nodes = new Map<number, ProfileNode>();
	const out: { ts: number; fn: string }[] = [];
	let ts = profile.args?.data?.startTime ?? 0;
	for (const e of ev) {
		if (e.name !== 'ProfileChunk' || e.id !== profile.id || e.pid !== pid) continue;
		for (const n of e.args?.data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
		const samples = e.args?.data?.cpuProfile?.samples ?? [];
		const deltas = e.args?.data?.timeDeltas ?? [];
		for (let k = 0; k < samples.length; k++) {
			ts += deltas[k] ?? 0;
			const f = nodes.get(samples[k])?.callFrame;
			if (!f) continue;
			const file = (f.url ?? '').split('/').pop()?.replace(/\?.*$/, '') ?? '';
			out.push({ ts, fn: f.url ? `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}` : f.functionName || '(program)' });
		}
	}
	return out;
}

/**
 * What the page's main thread did inside its long tasks: the trace's top-level RunTask events over 50 ms, and
 * the time of each event kind nested in them (self time is not worked out: nested kinds overlap).
 */
function summariseTrace({ traceEvents: ev }: { traceEvents: TraceEvent[] }) {
	const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	if (!main) return console.log('(no renderer main thread in the trace)');
	const on = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
	const long = on.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
	const kinds = new Map<string, number>();
	let k = 0;
	for (const t of long) {
		while (k < on.length && on[k].ts < t.ts) k++;
		for (let j = k; j < on.length && on[j].ts < t.ts + t.dur!; j++) if (on[j] !== t && on[j].name !== 'RunTask') kinds.set(on[j].name, (kinds.get(on[j].name) ?? 0) + on[j].dur! / 1000);
	}
	// On a loaded machine a task's wall time includes the time its thread waited for a core: CPU time says what
	// the page's own work cost.
	const tasks = on.filter((e) => e.name === 'RunTask');
	const cpu = tasks.map((t) => (t.tdur ?? 0) / 1000).sort((a, b) => b - a);
	console.log(`\ntrace: main-thread tasks by CPU time (thread time): longest ${fmt(cpu[0] ?? 0)}, next ${cpu.slice(1, 4).map(fmt).join(', ')}; over 50 ms: ${cpu.filter((c) => c > 50).length}, over 100 ms: ${cpu.filter((c) => c > 100).length}`);
	console.log(`trace: ${long.length} main-thread tasks > 50 ms (wall time), ${fmt(long.reduce((s, t) => s + t.dur! / 1000, 0))}; inside them (nested, overlapping):`);
	for (const [name, ms] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${name.padEnd(36)} ${fmt(ms)}`);
	// Each long task, in time order, with where its JavaScript was (self time of sampled functions).
	const samples = jsSamples(ev, main.pid, main.tid);
	const t0 = on[0]?.ts ?? 0;
	console.log(`\nlong tasks in order (start s, duration; largest parts; JavaScript self time by function):`);
	for (const t of long) {
		const parts = new Map<string, number>();
		for (const e of on) if (e.ts >= t.ts && e.ts < t.ts + t.dur! && e !== t && /^(Layout|Paint|PrePaint|Commit|UpdateLayoutTree|MajorGC|MinorGC|Layerize)$/.test(e.name)) parts.set(e.name, (parts.get(e.name) ?? 0) + e.dur! / 1000);
		const fns = new Map<string, number>();
		const inside = samples.filter((s) => s.ts >= t.ts && s.ts < t.ts + t.dur!);
		for (let k = 0; k < inside.length; k++) {
			const next = inside[k + 1]?.ts ?? t.ts + t.dur!;
			fns.set(inside[k].fn, (fns.get(inside[k].fn) ?? 0) + (next - inside[k].ts) / 1000);
		}
		const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 3).slice(0, n).map(([k, ms]) => `${k} ${Math.round(ms)}`).join(', ');
		console.log(`  ${((t.ts - t0) / 1e6).toFixed(1).padStart(5)} s ${fmt(t.dur! / 1000).padStart(7)} (CPU ${fmt((t.tdur ?? 0) / 1000)})  ${top(parts, 4)}${samples.length ? ` | JS: ${top(fns, 5)}` : ''}`);
	}
}

const fmt = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;

async function main() {
	const files = ensurePdfs();
	const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
	// A trace is for reading: built unminified (function names as in the source), so time it in a run without `--trace`.
	if (!args.includes('--no-build')) {
		if (args.includes('--trace')) SITE.run('vite', ['build', '--logLevel', 'warn', '--minify', 'false']);
		else SITE.build();
	}
	const server = await SITE.startServer([]);
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.addInitScript(() => {
			const w = window as unknown as { __tasks: { start: number; duration: number }[]; __gaps: { at: number; gap: number }[] };
			w.__tasks = [];
			w.__gaps = [];
			new PerformanceObserver((l) => {
				for (const e of l.getEntries()) w.__tasks.push({ start: e.startTime, duration: e.duration });
			}).observe({ type: 'longtask', buffered: true });
			let last = performance.now();
			const tick = (t: number) => {
				w.__gaps.push({ at: t, gap: t - last });
				last = t;
				requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
		});
		await page.goto(`${SITE.base}/?ds=real`);
		await page.waitForSelector('html[data-dataset-status="ready"]', { timeout: 120_000 });
		await page.waitForTimeout(1500); // let the shipped dataset's background work settle
		const trace = arg('--trace', '');
		if (trace) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'] });
		const t0 = await page.evaluate(() => performance.now());
		await page.getByTestId('file-input').setInputFiles(files);
		await page.waitForFunction(() => document.querySelectorAll('[data-testid="read-row"]:not([data-status="queued"]):not([data-status="reading"]):not([data-status="parsing"])').length > 0, null, { timeout: 600_000 });
		const tFirst = await page.evaluate(() => performance.now());
		// The list draws only the rows in view: its counts are on the table.
		await page.waitForFunction(
			(n) => {
				const list = document.querySelector<HTMLElement>('[data-testid="read-list"]');
				if (list?.dataset.files !== undefined) return list.dataset.files === String(n) && list.dataset.pending === '0';
				// A build from before the list was virtualised (every row in the DOM): for before/after runs.
				const pending = '[data-testid="read-row"]:is([data-status="queued"], [data-status="reading"], [data-status="parsing"])';
				return document.querySelectorAll('[data-testid="read-row"]').length === n && document.querySelectorAll(pending).length === 0;
			},
			N,
			{ timeout: 1_800_000, polling: 250 }
		);
		const tAll = await page.evaluate(() => performance.now());
		await page.waitForFunction(() => document.documentElement.dataset.datasetStatus === 'ready' && (document.querySelector('[data-testid="dataset-picker"]') as HTMLSelectElement | null)?.value === '', null, { timeout: 600_000 });
		await page.waitForSelector('[data-testid="read-download"]', { timeout: 600_000 });
		const tShown = await page.evaluate(() => performance.now());
		if (trace) summariseTrace(JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] });

		// Every row, collected by scrolling the list through (after the timed part: only rows in view are drawn).
		const rows = await page.evaluate(async () => {
			const seen = new Map<string, { status: string | null; file: string; proactive: string }>();
			for (let y = 0; ; y += innerHeight / 2) {
				scrollTo(0, y);
				await new Promise((r) => setTimeout(r, 50));
				await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
				for (const tr of document.querySelectorAll<HTMLElement>('[data-testid="read-row"]')) {
					seen.set(tr.dataset.seq ?? tr.querySelector('.name')?.textContent ?? '', {
						status: tr.getAttribute('data-status'),
						file: tr.querySelector('.name')?.textContent ?? '',
						proactive: tr.querySelector('[data-testid="read-proactive"]')?.textContent?.replace(/,/g, '') ?? ''
					});
				}
				if (y > document.documentElement.scrollHeight) break;
			}
			scrollTo(0, 0);
			return [...seen.values()];
		});
		const statuses: Record<string, number> = {};
		for (const r of rows) statuses[r.status ?? '?'] = (statuses[r.status ?? '?'] ?? 0) + 1;
		let exact = 0;
		for (const r of rows) {
			const truth = JSON.parse(readFileSync(path.join(PDF_DIR, `${r.file}.truth.json`), 'utf8')) as { values: Record<string, number | null> };
			if (String(truth.values['n.proactive.items']) === r.proactive) exact++;
		}
		const during = await page.evaluate(
			([a, b]) => {
				const w = window as unknown as { __tasks: { start: number; duration: number }[]; __gaps: { at: number; gap: number }[] };
				const tasks = w.__tasks.filter((t) => t.start >= a && t.start <= b);
				const gaps = w.__gaps.filter((g) => g.at >= a && g.at <= b);
				const sorted = gaps.map((g) => g.gap).sort((x, y) => x - y);
				const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
				return { longest: Math.max(0, ...tasks.map((t) => t.duration)), sum: tasks.reduce((s, t) => s + t.duration, 0), count: tasks.length, gap: Math.max(0, ...gaps.map((g) => g.gap)), p95, frames: gaps.length };
			},
			[t0, tShown]
		);

		// The dataset ZIP of the 200 reports (Parquet + CSV + manifest, built on the page's thread).
		const z0 = await page.evaluate(() => performance.now());
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByTestId('read-download').click()]);
		const z1 = await page.evaluate(() => performance.now());
		const zipBytes = readFileSync((await download.path())!).length;
		const zip = await page.evaluate(
			([a, b]) => {
				const w = window as unknown as { __tasks: { start: number; duration: number }[] };
				return Math.max(0, ...w.__tasks.filter((t) => t.start >= a - 1 && t.start <= b).map((t) => t.duration));
			},
			[z0, z1]
		);

		const load = (await import('node:os')).loadavg()[0];
		console.log(`\n200 report PDFs on /read (${(bytes / 2 ** 20).toFixed(1)} MB; 2-core machine, load average ${load.toFixed(1)} — shared, times inflated)\n`);
		console.log('| figure | value |');
		console.log('|---|---|');
		console.log(`| first file read | ${fmt(tFirst - t0)} |`);
		console.log(`| all ${N} read | ${fmt(tAll - t0)} (${((tAll - t0) / N).toFixed(0)} ms per file, ${(N / ((tAll - t0) / 1000)).toFixed(1)} files/s) |`);
		console.log(`| … and shown as the dataset | ${fmt(tShown - t0)} |`);
		console.log(`| longest main-thread task while reading | ${fmt(during.longest)} ${during.longest <= TARGET_LONGEST_TASK_MS ? '✓' : '✗'} (target ≤ ${TARGET_LONGEST_TASK_MS} ms) |`);
		console.log(`| long tasks (> 50 ms): count, total | ${during.count}, ${fmt(during.sum)} of ${fmt(tShown - t0)} |`);
		console.log(`| gap between frames: longest, p95 | ${fmt(during.gap)}, ${fmt(during.p95)} (${during.frames} frames drawn) |`);
		console.log(`| statuses | ${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(', ')} |`);
		console.log(`| items proactively published = truth | ${exact} / ${rows.length} (rows found by scrolling the list) |`);
		console.log(`| dataset ZIP of the ${N}: click → file, size, longest task | ${fmt(z1 - z0)}, ${(zipBytes / 2 ** 20).toFixed(1)} MB, ${fmt(zip)} |`);
	} finally {
		await browser.close();
		server.kill();
	}
}

// `--summarise FILE`: print the summary of a trace recorded earlier, without running the benchmark.
if (args.includes('--summarise')) summariseTrace(JSON.parse(readFileSync(arg('--summarise', ''), 'utf8')) as { traceEvents: TraceEvent[] });
else await main();
