/**
 * The Overview's one source decision: DuckDB once it holds the dataset (aggregate tables when built), the baked
 * aggregates before that for a scope they hold, else wait; and the baked figures are the live ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { overviewFigures, overviewSameOrgs, overviewSource } from '../../../src/lib/data/baked-overview.ts';
import type { BakedAggregates } from '../../../src/lib/dataset/aggregates.ts';

const baked = JSON.parse(readFileSync('datasets/real/aggregates.json', 'utf8')) as BakedAggregates;

describe('overviewSource', () => {
	let conn: NativeConnector;
	beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, 'datasets/real');
	}, 60_000);
	afterAll(() => conn?.close());

	it('takes DuckDB once it holds the dataset: its aggregate tables when built, else facts_r', () => {
		expect(overviewSource({}, { baked, conn, aggregates: true })?.kind).toBe('agg');
		expect(overviewSource({}, { baked, conn, aggregates: false })?.kind).toBe('facts');
		expect(overviewSource({}, { baked: null, conn, aggregates: false })?.kind).toBe('facts');
	});

	it('draws from the baked aggregates before DuckDB, for a scope they hold, and waits otherwise', () => {
		const province = baked.scopes.find((s) => s.level === 'province')!.scope.province;
		expect(overviewSource({ province }, { baked, conn: null, aggregates: false })?.kind).toBe('baked');
		expect(overviewSource({ province: '不存在省' }, { baked, conn: null, aggregates: false })).toBeNull();
		expect(overviewSource({}, { baked: null, conn: null, aggregates: false })).toBeNull();
	});

	it('gives the same figures from the baked aggregates as from DuckDB, for every scope', async () => {
		for (const s of baked.scopes) {
			const b = overviewFigures(s.scope, overviewSource(s.scope, { baked, conn: null, aggregates: false })!);
			const live = overviewFigures(s.scope, { kind: 'facts', conn });
			expect(await b.figures, JSON.stringify(s.scope)).toEqual(await live.figures);
			expect(await b.outcomes).toEqual(await live.outcomes);
			const y = baked.years[baked.years.length - 1];
			expect(await overviewSameOrgs(s.scope, y, { kind: 'baked', scope: s })).toEqual(await overviewSameOrgs(s.scope, y, { kind: 'facts', conn }));
		}
	});
});
