/**
 * The baked aggregates hold exactly what the Overview's and the default embeds' live queries return, for every
 * scope (all, each province, city and district) and year of the shipped real and demo datasets: baked from the
 * aggregate tables, compared here with the same query modules reading `facts_r`, after a round trip through JSON.
 * They are split (root: nation and provinces; one part per province: its cities and districts; towns in
 * buckets), and every scope and town is found where a browser looks for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { allScopes, bakeAggregates, computeAggregates, readBaked, type BakedFiles } from '../../../src/node/bake.ts';
import { AGGREGATES_FILE, bakedLookup, tableRows, townBucket, type BakedAggregates, type BakedScope } from '../../../src/lib/dataset/aggregates.ts';
import { buildTowns } from '../../../src/lib/towns.ts';
import { REGIONS_SQL, continuityQuery, loadCounts, loadHeadlines, loadOutcomes, sameOrgsQuery, type RegionRow } from '../../../src/lib/queries/overview.ts';
import { defaultTownsQuery, outlierQuery } from '../../../src/lib/queries/compare.ts';
import { resolveSeries, seriesQuery } from '../../../src/lib/queries/series.ts';
import { TOWNS_SQL } from '../../../src/lib/towns.ts';
import { DEFAULT_METRIC } from '../../../src/lib/queries/embed.ts';
import type { Manifest } from '../../../src/lib/dataset/schema.ts';

const DATASETS = ['datasets/real', 'datasets/demo'].filter((d) => existsSync(`${d}/facts.parquet`));

describe.each(DATASETS)('baked aggregates of %s', (dir) => {
	let conn: NativeConnector;
	let files: BakedFiles;
	let baked: BakedAggregates;
	let scopes: BakedScope[];
	let bytes: number;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, dir);
		const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
		files = JSON.parse(JSON.stringify(await computeAggregates(conn, manifest)));
		bytes = JSON.stringify(files.root).length;
		baked = files.root;
		scopes = allScopes(files);
	}, 120_000);
	afterAll(() => conn?.close());

	it('covers every region of the data at every level, the root only the nation, and stays small', async () => {
		const regions = (await conn.query(REGIONS_SQL)) as unknown as RegionRow[];
		const lookup = bakedLookup(baked, files.parts);
		expect((await lookup.scopeOf({}))?.level).toBe('all');
		for (const r of regions) {
			if (r.province) expect((await lookup.scopeOf({ province: r.province }))?.scope.province, r.province).toBe(r.province);
			if (r.city) expect((await lookup.scopeOf({ province: r.province, city: r.city }))?.scope.city, r.city).toBe(r.city);
			if (r.district) expect((await lookup.scopeOf({ province: r.province, city: r.city, district: r.district }))?.scope.district, r.district).toBe(r.district);
		}
		expect(baked.scopes.map((s) => s.level)).toEqual(['all']);
		// Each part holds its own province, its cities and districts, and nothing else.
		for (const [i, p] of files.parts.entries()) {
			expect(baked.parts[i]).toMatchObject({ province: p.province, scopes: p.scopes.length });
			for (const s of p.scopes) expect(s.level === 'all' ? null : s.scope.province).toBe(p.province);
		}
		expect(baked.years.length).toBeGreaterThan(1);
		expect(bytes).toBeLessThan(60_000);
	});

	it('holds the live report counts, headline figures and outcome shares of every scope', async () => {
		for (const s of scopes) {
			const label = `${s.level} ${JSON.stringify(s.scope)}`;
			const counts = await loadCounts(conn, s.scope);
			const b = tableRows<{ level: number; year: number; format: string | null; reports: number; orgs: number }>(s.counts);
			expect(b.filter((r) => r.level === 0).map(({ year, format, reports, orgs }) => ({ year, format, reports, orgs })), label).toEqual(counts.counts);
			expect(b.filter((r) => r.level === 1).map(({ year, reports, orgs }) => ({ year, reports, orgs })), label).toEqual(counts.perYear);
			expect(b.find((r) => r.level === 3), label).toMatchObject(counts.totals);
			expect(tableRows(s.headlines), label).toEqual(await loadHeadlines(conn, s.scope, 'facts'));
			expect(tableRows(s.outcomes), label).toEqual(await loadOutcomes(conn, s.scope, 'facts'));
		}
	});

	it('holds the live like-for-like change of every scope and year', async () => {
		let n = 0;
		for (const s of scopes) {
			for (const y of baked.years) {
				const q = sameOrgsQuery(s.scope, y, 'facts');
				const live = await conn.query(q.sql, q.params);
				expect(tableRows(s.same_orgs[y]), `${JSON.stringify(s.scope)} ${y}`).toEqual(live);
				n += live.length;
			}
		}
		// The real sample has no organisation reporting two years running; the demo has many.
		if (dir.endsWith('demo')) expect(n).toBeGreaterThan(0);
	});

	it('holds the default embed charts of every scope: trend, default towns, their lines and outliers', async () => {
		expect(baked.embed_metric).toBe(DEFAULT_METRIC);
		for (const s of scopes) {
			const q = (x: { sql: string; params: unknown[] }) => conn.query(x.sql, x.params as never);
			expect(tableRows(s.trend)).toEqual(await q(seriesQuery(DEFAULT_METRIC, { scope: s.scope })));
			const towns = (await q(defaultTownsQuery(DEFAULT_METRIC, s.scope))) as { org: string; district: string | null }[];
			expect(tableRows(s.default_towns)).toEqual(towns);
			const refs = towns.map(({ org, district }) => ({ org, district }));
			if (!refs.length) continue;
			expect(tableRows(s.compare)).toEqual(await q(seriesQuery(DEFAULT_METRIC, { towns: refs, byTown: true })));
			expect(tableRows(s.outliers)).toEqual(await q(outlierQuery(DEFAULT_METRIC, refs)));
		}
	});

	it('holds which years join (continuity) for the Overview trends and the embed trend, and the towns and regions the embed checks', async () => {
		const q = (x: { sql: string; params: unknown[] }) => conn.query(x.sql, x.params as never);
		for (const s of scopes) {
			const label = JSON.stringify(s.scope);
			expect(tableRows(s.continuity), label).toEqual(await q(continuityQuery(s.scope, { by: 'metric', source: 'facts' })));
			expect(tableRows(s.trend_continuity), label).toEqual(await q(continuityQuery(s.scope, { by: 'series', series: resolveSeries(DEFAULT_METRIC)!.series })));
		}
		expect(tableRows(baked.regions)).toEqual(await conn.query(REGIONS_SQL));
	});

	it('holds every town in the bucket its name hashes to, keyed as the whole list keys it', async () => {
		const live = (await conn.query(TOWNS_SQL)) as { org: string; district: string | null }[];
		const keys = buildTowns(live as never).map((t) => t.key);
		const bucketed = files.buckets.flatMap((b) => tableRows<{ org: string; key: string }>(b.towns).map((t) => ({ ...t, b: b.bucket })));
		expect(bucketed.length).toBe(live.length);
		for (const t of bucketed) expect(t.b, t.org).toBe(townBucket(t.org, baked.town_buckets));
		const byKey = new Map(bucketed.map((t) => [t.key, t]));
		live.forEach((r, i) => expect(byKey.get(keys[i]), keys[i]).toEqual({ ...r, key: keys[i], b: townBucket(r.org, baked.town_buckets) }));
		// The default towns travel with the file of their scope.
		for (const f of [baked, ...files.parts]) {
			const want = f.scopes.flatMap((s) => tableRows<{ org: string; district: string | null }>(s.default_towns)).map((t) => JSON.stringify([t.org, t.district]));
			expect(new Set(tableRows<{ org: string; district: string | null }>(f.towns).map((t) => JSON.stringify([t.org, t.district])))).toEqual(new Set(want));
		}
	});
}, 180_000); // a shared 2-core machine can slow the demo's full passes several-fold

describe('bakeAggregates', () => {
	it('writes aggregates.json and aggregates/ beside the dataset files, each naming the dataset it was baked from', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'nianbao-bake-'));
		try {
			cpSync('datasets/real', dir, { recursive: true });
			const r = await bakeAggregates(dir, { levels: ['all', 'province'] });
			const files = await readBaked(dir);
			const baked = JSON.parse(readFileSync(join(dir, AGGREGATES_FILE), 'utf8')) as BakedAggregates;
			const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
			const tag = { dataset: manifest.name, dataset_created_at: manifest.created_at };
			expect(baked).toMatchObject({ ...tag, levels: ['all', 'province'] });
			for (const f of [...files.parts, ...files.buckets]) expect(f).toMatchObject(tag);
			expect(new Set(allScopes(files).map((s) => s.level))).toEqual(new Set(['all', 'province']));
			for (const p of files.parts) expect(p.scopes.map((s) => [s.level, s.scope.province])).toEqual([['province', p.province]]);
			expect(r.scopes).toBe(allScopes(files).length);
			expect(r.files).toBe(1 + files.parts.length + baked.town_buckets);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
