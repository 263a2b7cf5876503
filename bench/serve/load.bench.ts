/**
 * `npm run bench:serve [-- --towns N --clients 50 --requests 40 --seconds 180 --pool 4]`: load test of
 * `nianbao serve` on loopback. Builds (once, kept in .tmp) the national dataset of `--towns` towns (default 4000:
 * every ~10th town of every province, 5.75 M facts, so the default run takes a few minutes on 2 shared cores; no
 * --towns = the whole country), starts the server as its own process, and lets `--clients` concurrent clients
 * replay the views' queries — recorded from the query modules themselves (Overview, Compare, series/Embed, Town
 * profile, Quality, Data) over random provinces, cities, districts and towns — each sending `--requests` requests
 * one after another, bounded by `--seconds`. Prints start-up time, p50/p95/p99 latency overall and per view,
 * throughput, errors (target 0) and the server's resident memory (peak and after the run).
 * Then, on the idle server, each national-scope view query alone (median of 3: what one visitor waits for at
 * the scope that touches every fact) and one province's CSV and Parquet download (`/download`).
 * `--dir <dataset folder>` runs on a dataset already built (e.g. `.tmp/national-full`); `--memory-limit 4GB` is
 * passed to the server (DuckDB's own default is 80 % of the machine's memory), and so is `--no-materialize`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Connector, Param, Row } from '../../src/lib/db/connector.ts';
import { RestConnector } from '../../src/lib/db/rest.ts';
import { REGIONS_SQL, headlineQuery, loadCounts, outcomesQuery, sameOrgsQuery, type RegionRow } from '../../src/lib/queries/overview.ts';
import { defaultTownsQuery, loadCompare } from '../../src/lib/queries/compare.ts';
import { loadSeries } from '../../src/lib/queries/series.ts';
import { townFacts, townIssues, townReports } from '../../src/lib/queries/town.ts';
import { NO_QUALITY_FILTER, issueMatrix, issuesByDistrict, reportStatus } from '../../src/lib/queries/quality.ts';
import { EMPTY_FILTER, countRows, pageRows } from '../../src/lib/queries/data.ts';
import { TOWNS_SQL } from '../../src/lib/towns.ts';
import { buildNational } from '../../scripts/build-national.ts';

const { values } = parseArgs({
	options: {
		towns: { type: 'string' },
		clients: { type: 'string' },
		requests: { type: 'string' },
		seconds: { type: 'string' },
		pool: { type: 'string' },
		port: { type: 'string' },
		all: { type: 'boolean' },
		dir: { type: 'string' },
		'memory-limit': { type: 'string' },
		'no-materialize': { type: 'boolean' }
	}
});
const towns = values.all ? undefined : Number(values.towns ?? 4000);
const CLIENTS = Number(values.clients ?? 50);
const REQUESTS = Number(values.requests ?? 40);
const SECONDS = Number(values.seconds ?? 180);
const PORT = Number(values.port ?? 5288);
const dir = resolve(values.dir ?? `.tmp/national-${towns ?? 'all'}`);

if (values.dir && !existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir}: no manifest.json; not a dataset folder`);
if (!existsSync(join(dir, 'manifest.json'))) {
	process.stderr.write(`building ${dir} (once)…\n`);
	await buildNational({ out: dir, towns });
}

/** Records the queries a view function sends, answering each with no rows (enough to get every query's text). */
function recorder(into: { view: string; sql: string; params: Param[] }[], view: string): Connector {
	return {
		async query<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
			into.push({ view, sql, params: [...params] });
			return [];
		}
	};
}

const t0 = performance.now();
const child = spawn(process.execPath, ['src/cli/nianbao.ts', 'serve', dir, '--port', String(PORT), '--pool', values.pool ?? '4', ...(values['memory-limit'] ? ['--memory-limit', values['memory-limit']] : []), ...(values['no-materialize'] ? ['--no-materialize'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = `http://127.0.0.1:${PORT}`;
let stop = false;
process.on('exit', () => child.kill());
for (;;) {
	if (child.exitCode !== null) throw new Error('the server exited');
	const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
	if (ok) break;
	await new Promise((r) => setTimeout(r, 250));
}
const startup = performance.now() - t0;
const rss = (field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const idleRss = rss('VmRSS');

// The workload: the views' own queries for random scopes and towns of this dataset.
const rest = new RestConnector({ url });
const regions = await rest.query<RegionRow & Row>(REGIONS_SQL);
const townList = await rest.query<{ org: string; district: string | null } & Row>(TOWNS_SQL);
const [{ facts }] = await rest.query<{ facts: number }>('SELECT count(*) AS facts FROM facts');
let seed = 12345;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
const work: { view: string; sql: string; params: Param[] }[] = [];
for (let i = 0; i < 24; i++) {
	const r = pick(regions);
	const scopes = [{}, { province: r.province }, { province: r.province, city: r.city }, { province: r.province, city: r.city, district: r.district }];
	const scope = scopes[i % scopes.length];
	const picked = Array.from({ length: 3 }, () => pick(townList)).map((t) => ({ org: t.org, district: t.district, key: t.org, name: t.org }));
	const rec = (view: string) => recorder(work, view);
	await loadCounts(rec('overview'), scope);
	for (const q of [headlineQuery(scope, 'agg'), outcomesQuery(scope, 'agg'), sameOrgsQuery(scope, 2024, 'agg')]) work.push({ view: 'overview', ...q });
	await loadSeries(rec('embed'), 'n.proactive.items', { scope });
	const dq = defaultTownsQuery('t3.new_received.total', scope);
	work.push({ view: 'compare', ...dq });
	await loadCompare(rec('compare'), pick(['n.proactive.items', 't3.new_received.total', 't2.admin_penalty.decisions']), picked, { mode: 'abs' });
	await townFacts(rec('profile'), picked[0]);
	await townReports(rec('profile'), picked[0]);
	await townIssues(rec('profile'), picked[0]);
	await issueMatrix(rec('quality'), { ...NO_QUALITY_FILTER, scope });
	await issuesByDistrict(rec('quality'), { ...NO_QUALITY_FILTER, scope });
	await reportStatus(rec('quality'), scope);
	const f = { ...EMPTY_FILTER, province: r.province, district: i % 2 ? r.district : null };
	await countRows(rec('data'), f);
	await pageRows(rec('data'), f, { limit: 100, offset: 0, sort: 'value', desc: true });
}

// The load: CLIENTS clients, each REQUESTS requests in a row, all bounded by SECONDS.
const lat: { view: string; ms: number }[] = [];
const errors: Record<string, number> = {};
let peak = rss('VmRSS');
const sampler = setInterval(() => (peak = Math.max(peak, rss('VmRSS'))), 200);
const deadline = performance.now() + SECONDS * 1000;
setTimeout(() => (stop = true), SECONDS * 1000);
const runStart = performance.now();
await Promise.all(
	Array.from({ length: CLIENTS }, async (_, c) => {
		const conn = new RestConnector({ url });
		for (let i = 0; i < REQUESTS && !stop && performance.now() < deadline; i++) {
			const q = work[(c * 7 + i * 13) % work.length];
			const s = performance.now();
			try {
				await conn.query(q.sql, q.params);
				lat.push({ view: q.view, ms: performance.now() - s });
			} catch (e) {
				const cause = (e as { cause?: { code?: string } }).cause?.code;
				const k = (e as { code?: string }).code ?? `${(e as Error).message.slice(0, 60)}${cause ? ` (${cause})` : ''}`;
				errors[k] = (errors[k] ?? 0) + 1;
			}
		}
	})
);
const wall = (performance.now() - runStart) / 1000;
const loadAvgRun = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const after = rss('VmRSS');
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const line = (label: string, xs: number[]) =>
	`| ${label} | ${xs.length} | ${pct(xs, 50).toFixed(0)} ms | ${pct(xs, 95).toFixed(0)} ms | ${pct(xs, 99).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms |`;
const nErr = Object.values(errors).reduce((a, b) => a + b, 0);
console.log(`nianbao serve load test: ${Number(facts).toLocaleString('en')} facts (${dir}), ${CLIENTS} clients × ${REQUESTS} requests, pool ${values.pool ?? 4}, ${work.length} distinct view queries${values['no-materialize'] ? ', facts_r a view (--no-materialize)' : ''}`);
console.log(`server start-up (load + setup SQL) ${(startup / 1000).toFixed(1)} s; RSS idle ${idleRss.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${after.toFixed(0)} MB`);
console.log(`${lat.length} answered in ${wall.toFixed(1)} s (${(lat.length / wall).toFixed(0)} queries/s), errors ${nErr}${nErr ? ' ' + JSON.stringify(errors) : ''}; load average ${loadAvgRun}`);
console.log('| view | queries | p50 | p95 | p99 | max |');
console.log('|---|---|---|---|---|---|');
console.log(line('all', lat.map((l) => l.ms)));
for (const v of [...new Set(work.map((w) => w.view))]) console.log(line(v, lat.filter((l) => l.view === v).map((l) => l.ms)));

// Alone on the idle server: every view's queries at national scope (all facts in scope), median of 3.
const national: { view: string; sql: string; params: Param[] }[] = [];
{
	const rec = (view: string) => recorder(national, view);
	const picked = townList.slice(0, 3).map((t) => ({ org: t.org, district: t.district, key: t.org, name: t.org }));
	await loadCounts(rec('overview'), {});
	for (const q of [headlineQuery({}, 'agg'), outcomesQuery({}, 'agg'), sameOrgsQuery({}, 2024, 'agg')]) national.push({ view: 'overview', ...q });
	await loadSeries(rec('embed'), 'n.proactive.items', { scope: {} });
	national.push({ view: 'compare', ...defaultTownsQuery('t3.new_received.total', {}) });
	await loadCompare(rec('compare'), 't3.new_received.total', picked, { mode: 'abs' });
	await issueMatrix(rec('quality'), { ...NO_QUALITY_FILTER, scope: {} });
	await issuesByDistrict(rec('quality'), { ...NO_QUALITY_FILTER, scope: {} });
	await reportStatus(rec('quality'), {});
	await countRows(rec('data'), EMPTY_FILTER);
	await pageRows(rec('data'), EMPTY_FILTER, { limit: 50, offset: 0 });
	await pageRows(rec('data'), EMPTY_FILTER, { limit: 50, offset: 0, sort: 'value', desc: true });
}
const single: { view: string; sql: string; ms: number; rows: number | string }[] = [];
for (const q of national) {
	const times: number[] = [];
	let rows: number | string = 0;
	for (let k = 0; k < 3; k++) {
		const s = performance.now();
		try {
			rows = (await rest.query(q.sql, q.params)).length;
		} catch (e) {
			// A query over the server's time limit is a finding, not the end of the bench.
			rows = `error: ${(e as { code?: string }).code ?? (e as Error).message.slice(0, 40)}`;
			times.push(performance.now() - s);
			break;
		}
		times.push(performance.now() - s);
	}
	single.push({ view: q.view, sql: q.sql.replace(/\s+/g, ' ').slice(0, 70), ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)], rows });
}
const loadAvgSingle = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

// One province's facts downloaded as a researcher would (the Data view in server mode, or curl).
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { parts?: { province: string; rows: number }[] };
const provinces = manifest.parts?.length
	? [...manifest.parts].sort((a, b) => b.rows - a.rows).map((p) => ({ province: p.province, n: p.rows }))
	: (await rest.query<{ province: string; n: number }>('SELECT province, count(*)::INTEGER AS n FROM facts_r GROUP BY 1 ORDER BY 2 DESC')).filter((p) => p.province);
const prov = provinces[Math.floor(provinces.length / 2)];
const dl: { format: string; rows: string | null; mb: number; s: number }[] = [];
for (const format of ['csv', 'parquet']) {
	const s = performance.now();
	try {
		const res = await fetch(`${url}/download?${new URLSearchParams({ format, province: prov.province })}`);
		if (!res.ok) throw new Error(`HTTP ${res.status} ${await res.text()}`);
		const bytes = (await res.arrayBuffer()).byteLength;
		dl.push({ format, rows: res.headers.get('X-Row-Count'), mb: bytes / 1e6, s: (performance.now() - s) / 1000 });
	} catch (e) {
		dl.push({ format, rows: `failed (${(e as Error).message.slice(0, 80)})`, mb: 0, s: (performance.now() - s) / 1000 });
	}
}
clearInterval(sampler);
const hwm = rss('VmHWM');
child.kill('SIGTERM');

console.log(`server RSS peak over the whole run ${Math.max(peak, hwm).toFixed(0)} MB`);
console.log(`\nnational scope, one query at a time on the idle server (median of 3; load average ${loadAvgSingle}):`);
console.log('| view | query | rows | time |');
console.log('|---|---|---|---|');
for (const q of single) console.log(`| ${q.view} | \`${q.sql.replaceAll('|', '\\|')}…\` | ${q.rows} | ${q.ms.toFixed(0)} ms |`);
console.log(`\ndownload of ${prov.province} (${prov.n.toLocaleString('en')} facts) through /download:`);
for (const d of dl) console.log(`  ${d.format}: ${d.rows} rows, ${d.mb.toFixed(2)} MB in ${d.s.toFixed(1)} s`);
process.exit(nErr ? 1 : 0);
