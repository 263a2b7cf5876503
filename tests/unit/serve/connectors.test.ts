/**
 * Every view's queries give the same rows through `nianbao serve` (RestConnector → HTTP → native DuckDB →
 * Arrow IPC) as through the native connector the other unit tests use, on the shipped real and demo datasets:
 * Overview (facts and aggregate sources, like-for-like change, regions), Compare (series per town, outliers,
 * default towns), Town profile, Quality, Data (count, pages, export and CSV lines, filter options), series,
 * Embed (parameter validation against the data, then its charts), the town list and the SQL console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Connector } from '../../../src/lib/db/connector.ts';
import { RestConnector } from '../../../src/lib/db/rest.ts';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { serve, type RunningServer } from '../../../src/node/serve.ts';
import { REGIONS_SQL, loadOverview, outcomesQuery, sameOrgsQuery, type RegionRow } from '../../../src/lib/queries/overview.ts';
import { defaultTownsQuery, loadCompare, type CompareTown } from '../../../src/lib/queries/compare.ts';
import { reportText, sourceOf, townFacts, townIssues, townReports } from '../../../src/lib/queries/town.ts';
import { NO_QUALITY_FILTER, issueCodes, issueList, issueMatrix, issuesByDistrict, reportStatus } from '../../../src/lib/queries/quality.ts';
import { EMPTY_FILTER, countRows, csvLinesQuery, exportQuery, filterOptions, pageRows, type DataFilter } from '../../../src/lib/queries/data.ts';
import { loadSeries } from '../../../src/lib/queries/series.ts';
import { validateEmbed } from '../../../src/lib/queries/embed.ts';
import { loadTowns, type Town } from '../../../src/lib/towns.ts';
import { runReadOnly, schemaListing } from '../../../src/lib/queries/sql-console.ts';
import type { Scope } from '../../../src/lib/url-params.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));

describe.each(DATASETS)('the views on %s: native DuckDB and nianbao serve agree', (dir) => {
	let native: NativeConnector;
	let server: RunningServer;
	let rest: Connector;
	let towns: Town[];
	let regions: RegionRow[];
	let years: number[];
	let scopes: Partial<Scope>[];
	/** Run `f` on both connectors; the rows must be equal, and there must be something to compare. */
	const both = async <T>(f: (c: Connector) => Promise<T>, label = ''): Promise<T> => {
		const want = await f(native);
		const got = await f(rest);
		expect(got, label).toEqual(want);
		return want;
	};

	beforeAll(async () => {
		native = await nodeConnector();
		await loadDatasetNative(native, dir);
		server = await serve({ dir, port: 0, pool: 2 });
		rest = new RestConnector({ url: server.url });
		towns = await loadTowns(native);
		regions = await native.query<RegionRow & Record<string, unknown>>(REGIONS_SQL);
		years = (await native.query<{ y: number }>('SELECT DISTINCT year::INTEGER AS y FROM reports WHERE year IS NOT NULL ORDER BY 1')).map((r) => r.y);
		const city = regions.find((r) => r.city);
		const district = regions.find((r) => r.district);
		scopes = [{}, ...(city ? [{ province: city.province, city: city.city }] : []), ...(district ? [{ district: district.district }] : [])];
	}, 120_000);
	afterAll(async () => {
		await server?.close();
		native?.close();
	});

	it('serves on loopback, and the dataset has towns, regions and years to compare', () => {
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(towns.length).toBeGreaterThan(0);
		expect(years.length).toBeGreaterThan(1);
		expect(scopes.length).toBeGreaterThan(1);
	});

	it('Overview: report counts, headline figures and outcome shares (both sources), like-for-like change, regions', async () => {
		for (const s of scopes) {
			for (const source of ['facts', 'agg'] as const) {
				const o = await both((c) => loadOverview(c, s, source), `${JSON.stringify(s)} ${source}`);
				expect(o.headlines.length + o.outcomes.length).toBeGreaterThan(0);
			}
			for (const y of years.slice(-3)) {
				const q = sameOrgsQuery(s, y, 'agg');
				await both((c) => c.query(q.sql, q.params), `${JSON.stringify(s)} ${y}`);
			}
		}
		expect((await both((c) => c.query(REGIONS_SQL))).length).toBeGreaterThan(0);
		expect(await both(loadTowns)).toHaveLength(towns.length);
	});

	it('Compare: series per town with outliers (absolute and per report), default towns', async () => {
		const picked: CompareTown[] = towns.slice(0, 4).map((t) => ({ org: t.org, district: t.district, key: t.key, name: t.name }));
		for (const metric of ['n.proactive.items', 't3.new_received.total', 't2.normative_docs.new_made']) {
			for (const mode of ['abs', 'report'] as const) {
				const r = await both((c) => loadCompare(c, metric, picked, { mode }), `${metric} ${mode}`);
				expect(r.points.length).toBeGreaterThan(0);
			}
			for (const s of scopes) {
				const q = defaultTownsQuery(metric, s);
				await both((c) => c.query(q.sql, q.params));
			}
		}
	});

	it('series: scope lines and town lines across the format change', async () => {
		for (const metric of ['n.proactive.items', 't2.admin_penalty.decisions', 't2.gov_procurement.amount_yuan', 't3.granted.total']) {
			for (const s of scopes) await both((c) => loadSeries(c, metric, { scope: s }), `${metric} ${JSON.stringify(s)}`);
			await both((c) => loadSeries(c, metric, { towns: towns.slice(0, 3), byTown: true, from: years[1], to: years.at(-1) }));
		}
	});

	it('Town profile: facts, reports, issues, a source span with its text, a report text', async () => {
		for (const t of [towns[0], towns.at(-1)!]) {
			const facts = await both((c) => townFacts(c, t));
			expect(facts.length).toBeGreaterThan(0);
			const reports = await both((c) => townReports(c, t));
			await both((c) => townIssues(c, t));
			const f = facts[0];
			const src = await both((c) => sourceOf(c, t, f.metric, f.year));
			expect(src?.report_id).toBe(f.report_id);
			await both((c) => reportText(c, reports[0].report_id));
		}
	});

	it('Quality: town × year matrix, by district, the issue list, codes, report status', async () => {
		for (const s of scopes) {
			const f = { ...NO_QUALITY_FILTER, scope: s };
			await both((c) => issueMatrix(c, f));
			await both((c) => issuesByDistrict(c, f));
			await both((c) => issueList(c, { ...f, severities: ['error', 'warning'] }));
			expect((await both((c) => reportStatus(c, s))).length).toBeGreaterThan(0);
		}
		await both(issueCodes);
	});

	it('Data: count, sorted pages, the typed export and the CSV lines, filter options', async () => {
		// The district with the most reports; exports stay small (the full export is covered by the CSV tests).
		const district = [...regions].filter((r) => r.district).sort((a, b) => b.reports - a.reports)[0]?.district ?? null;
		const filters: DataFilter[] = [
			EMPTY_FILTER,
			{ ...EMPTY_FILTER, district, from: years[0], to: years.at(-1)!, metrics: ['n.proactive.items', 't3.new_received.total', 't3.granted.total'] },
			{ ...EMPTY_FILTER, towns: towns.slice(0, 2), metrics: ['n.proactive.items', 't3.granted.total'] }
		];
		for (const f of filters) {
			expect(await both((c) => countRows(c, f))).toBeGreaterThan(0);
			for (const sort of ['org', 'value', 'metric'] as const) {
				await both((c) => pageRows(c, f, { limit: 50, offset: 100, sort, desc: sort === 'value' }));
			}
		}
		for (const f of filters.slice(1)) {
			for (const q of [exportQuery(f), exportQuery(f, { csv: true }), csvLinesQuery(f)]) {
				expect((await both((c) => c.query(q.sql, q.params))).length).toBeGreaterThan(0);
			}
		}
		await both(filterOptions);
	});

	it('Embed: the same parameters are accepted or refused against either connector, and draw the same charts', async () => {
		const ctxOf = async (c: Connector) => ({
			towns: await loadTowns(c),
			years,
			regions: await c.query<RegionRow & Record<string, unknown>>(REGIONS_SQL)
		});
		const [nctx, rctx] = [await ctxOf(native), await ctxOf(rest)];
		const urls = [
			'chart=trend',
			`chart=compare&towns=${encodeURIComponent(towns.slice(0, 2).map((t) => t.key).join(','))}&from=${years[0]}`,
			`chart=outcomes&district=${encodeURIComponent(regions.find((r) => r.district)?.district ?? '')}`,
			'chart=heatmap&metric=no.such.metric&towns=没有这个镇'
		];
		for (const u of urls) {
			const p = new URLSearchParams(u);
			const want = validateEmbed(p, nctx);
			expect(validateEmbed(p, rctx), u).toEqual(want);
			const spec = want.spec;
			if (!spec) continue;
			const oq = outcomesQuery(spec.scope, 'facts');
			await both((c) => c.query(oq.sql, oq.params));
			await both((c) => loadSeries(c, spec.metric, { scope: spec.scope, from: spec.from, to: spec.to }));
			const dq = defaultTownsQuery(spec.metric, spec.scope);
			const picked = spec.towns.length ? spec.towns : (await native.query<{ org: string; district: string | null }>(dq.sql, dq.params)).map((t) => ({ ...t, key: t.org, name: t.org }));
			await both((c) => loadCompare(c, spec.metric, picked, { from: spec.from, to: spec.to, mode: spec.values }));
		}
	});

	it('SQL console: a researcher query with its limit, the empty-result columns, the schema listing', async () => {
		const r = await both((c) => runReadOnly(c, 'SELECT province, year, count(*) AS n FROM facts_r GROUP BY ALL ORDER BY ALL', 5));
		expect(r.ok).toBe(true);
		await both((c) => runReadOnly(c, "SELECT * FROM reports WHERE org = 'nobody'"));
		await both((c) => runReadOnly(c, 'DROP TABLE facts'));
		expect((await both(schemaListing)).map((t) => t.table)).toContain('facts_r');
	});
}, 180_000); // a shared 2-core machine can slow the demo's full passes several-fold
