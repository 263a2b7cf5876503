import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { useDataset } from '../../helpers/dataset.ts';
import { countRows, EMPTY_FILTER, filterOptions, pageRows, type DataFilter, type FilterOptions } from '../../../src/lib/queries/data.ts';

/**
 * The Data filter on every shipped dataset: filters built from what each dataset holds (its first region, two of
 * its towns, a middle year range) select exactly the rows an independent SQL count finds.
 */
for (const name of ['real', 'demo']) {
	const dir = `datasets/${name}`;
	describe.skipIf(!existsSync(`${dir}/facts.parquet`))(`Data filters on datasets/${name}`, () => {
		const ds = useDataset(dir);
		let opts: FilterOptions;
		beforeAll(async () => {
			opts = await filterOptions(ds.conn);
		});

		async function independent(where: string, params: (string | number)[]): Promise<number> {
			const [{ n }] = await ds.conn.query<{ n: number }>(
				`SELECT count(*)::INTEGER AS n FROM facts f JOIN reports r ON r.report_id = f.report_id WHERE ${where}`,
				params
			);
			return n;
		}

		it('a district, two towns, a year range and a table each count as the independent SQL does', async () => {
			const place = opts.places.find((p) => p.district)!;
			const towns = opts.places.slice(0, 2).map((p) => ({ org: p.org, district: p.district }));
			const years = opts.years;
			const mid = years[Math.floor(years.length / 2)];
			const cases: [Partial<DataFilter>, string, (string | number)[]][] = [
				[{ district: place.district }, 'r.district = ?', [place.district!]],
				[
					{ towns },
					towns.map(() => '(r.org = ? AND r.district IS NOT DISTINCT FROM ?)').join(' OR '),
					towns.flatMap((t) => [t.org, t.district as string])
				],
				[{ from: years[0], to: mid }, 'f.year BETWEEN ? AND ?', [years[0], mid]],
				[{ tables: ['四'] }, "f.metric LIKE 't4.%'", []]
			];
			for (const [partial, where, params] of cases) {
				const expected = await independent(where, params);
				expect(expected, JSON.stringify(partial)).toBeGreaterThan(0);
				expect(await countRows(ds.conn, { ...EMPTY_FILTER, ...partial }), JSON.stringify(partial)).toBe(expected);
			}
		});

		it('the last page holds the remainder of the rows', async () => {
			const f = { ...EMPTY_FILTER, district: opts.places.find((p) => p.district)!.district };
			const n = await countRows(ds.conn, f);
			const size = 50;
			const last = await pageRows(ds.conn, f, { limit: size, offset: Math.floor((n - 1) / size) * size });
			expect(last.length).toBe(n - Math.floor((n - 1) / size) * size);
		});
	});
}
