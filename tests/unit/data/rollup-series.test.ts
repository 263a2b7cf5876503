/**
 * A light embed of a metric the bake does not hold, on a dataset laid out by province (no one facts file): its
 * trend is summed from the rollup of the scope's level, reading only the row groups of the scope's province, and
 * equals `seriesQuery` run by native DuckDB over every fact — at national, province, city and district scope.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { asyncBufferFromFile, type AsyncBuffer } from 'hyparquet';
import { readRollupRows, seriesRowsFromRollups } from '../../../src/lib/data/baked-facts.ts';
import { resolveSeries, seriesQuery } from '../../../src/lib/queries/series.ts';
import type { Scope } from '../../../src/lib/url-params.ts';
import type { RollupLevel } from '../../../src/lib/dataset/layout.ts';
import { useNationalDataset } from '../../helpers/national-dataset.ts';

describe('trend of a series from the rollups of a dataset by province', () => {
	const ds = useNationalDataset(150);
	const dir = ds.dir;

	/** A rollup file, counting the bytes hyparquet asks for. */
	async function counted(level: RollupLevel): Promise<{ file: AsyncBuffer; read: () => number; size: number }> {
		const f = await asyncBufferFromFile(join(dir, ds.manifest.rollups!.find((r) => r.level === level)!.file));
		let n = 0;
		return {
			file: { byteLength: f.byteLength, slice: (a: number, b?: number) => ((n += (b ?? f.byteLength) - a), f.slice(a, b)) },
			read: () => n,
			size: f.byteLength
		};
	}

	it('equals seriesQuery over all facts, for continuous and format-split series, at every level', async () => {
		const { province, city, district } = (
			await ds.native.query<{ province: string; city: string; district: string }>(
				'SELECT province, city, district FROM reports GROUP BY ALL ORDER BY count(*) DESC, district LIMIT 1'
			)
		)[0];
		const scopes: [RollupLevel, Partial<Scope>][] = [
			['nation', {}],
			['province', { province }],
			['city', { province, city }],
			['district', { province, city, district }]
		];
		const metrics = ['t2.admin_penalty.decisions', 't3.new_received.total', 'n.proactive.items'];
		let compared = 0;
		for (const [level, scope] of scopes) {
			const { file } = await counted(level);
			const rows = await readRollupRows(file, scope.province ?? null);
			for (const id of metrics) {
				const info = resolveSeries(id)!;
				for (const [from, to] of [[null, null], [2020, 2023]] as const) {
					const q = seriesQuery(id, { scope, from, to });
					const live = await ds.native.query(q.sql, q.params);
					const got = seriesRowsFromRollups(rows, info, { scope, from, to });
					expect(got.length, `${level} ${id}`).toBe(live.length);
					got.forEach((r, i) => {
						expect({ ...r, value: 0 }).toEqual({ ...live[i], value: 0 });
						expect(r.value).toBeCloseTo(live[i].value as number, 6);
					});
					compared += live.length;
				}
			}
		}
		expect(compared).toBeGreaterThan(50);
	});

	it('reads only the row groups that can hold the province', async () => {
		const { province } = (await ds.native.query<{ province: string }>('SELECT province FROM reports GROUP BY 1 ORDER BY 1 LIMIT 1'))[0];
		const all = await counted('district');
		const every = await readRollupRows(all.file, null);
		const one = await counted('district');
		const mine = await readRollupRows(one.file, province);
		expect(mine.filter((r) => r.province === province).length).toBe(every.filter((r) => r.province === province).length);
		// The district file has several row groups; a province's rows sit in one or two of them.
		expect(one.read()).toBeLessThan(all.read());
	});
});
