/**
 * The Overview's one source decision: DuckDB once it holds the dataset (aggregate tables when built), the baked
 * aggregates before that for a scope they hold, else wait; and the baked figures are the live ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { loadOverviewFrom, overviewSameOrgs, overviewSource } from '../../../src/lib/data/baked-overview.ts';
import { bakedLookup } from '../../../src/lib/dataset/aggregates.ts';
import { allScopes, readBaked } from '../../../src/node/bake.ts';

// The shipped bake as the browser reads it: the root, and a province's part for its cities and districts.
const files = await readBaked('datasets/real');
const baked = bakedLookup(files.root, files.parts);
const root = files.root;

describe('overviewSource', () => {
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
	}, 60_000);
	afterAll(() => conn?.close());

	const db = () => Promise.resolve(conn);

	it('takes DuckDB once it holds the dataset: its aggregate tables when built, else facts_r', async () => {
		expect((await overviewSource({}, { baked, db, aggregates: true }))?.kind).toBe('agg');
		expect((await overviewSource({}, { baked, db, aggregates: false }))?.kind).toBe('facts');
		expect((await overviewSource({}, { baked: null, db, aggregates: false }))?.kind).toBe('facts');
	});

	it('draws from the baked aggregates before DuckDB, for a scope they hold, and waits otherwise', async () => {
		const province = files.parts[0].province;
		expect((await overviewSource({ province }, { baked, db: null, aggregates: false }))?.kind).toBe('baked');
		expect(await overviewSource({ province: '不存在省' }, { baked, db: null, aggregates: false })).toBeNull();
		expect(await overviewSource({}, { baked: null, db: null, aggregates: false })).toBeNull();
	});

	it('keeps to the baked aggregates outside the province a dataset by province loaded into DuckDB', async () => {
		const province = files.parts[0].province;
		expect((await overviewSource({ province }, { baked, db, holds: false, aggregates: true }))?.kind).toBe('baked');
		expect(await overviewSource({ province: '不存在省' }, { baked, db, holds: false, aggregates: true })).toBeNull();
		expect((await overviewSource({ province }, { baked, db, holds: true, aggregates: true }))?.kind).toBe('agg');
	});

	it('gives the same figures from the baked aggregates as from DuckDB, for every scope', async () => {
		for (const s of allScopes(files)) {
			const early: unknown[] = [];
			const b = await loadOverviewFrom(s.scope, (await overviewSource(s.scope, { baked, db: null, aggregates: false }))!, (f) => early.push(f));
			const live = await loadOverviewFrom(s.scope, { kind: 'facts', conn });
			expect(b, JSON.stringify(s.scope)).toEqual(live);
			// The first charts' figures are handed over before the outcome shares, and are the same.
			const { outcomes, ...figures } = live;
			expect(early).toEqual([figures]);
			const y = root.years[root.years.length - 1];
			expect(await overviewSameOrgs(s.scope, y, { kind: 'baked', scope: s })).toEqual(await overviewSameOrgs(s.scope, y, { kind: 'facts', conn }));
		}
	});
});
