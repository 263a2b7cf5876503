import { beforeAll, describe, expect, it } from 'vitest';
import { useDataset } from '../../helpers/dataset.ts';
import { embedParams, validateEmbed, type EmbedContext } from '../../../src/lib/queries/embed.ts';
import { REGIONS_SQL, type RegionRow } from '../../../src/lib/queries/overview.ts';
import { loadTowns, searchTowns } from '../../../src/lib/towns.ts';

/** The embed URL contract shared by Compare's and Overview's "copy embed code" and the /embed route. */
describe('embed parameters, checked against the catalog and the real dataset', () => {
	const ds = useDataset();
	let ctx: EmbedContext;
	beforeAll(async () => {
		const towns = await loadTowns(ds.conn);
		const regions = await ds.conn.query<RegionRow & Record<string, unknown>>(REGIONS_SQL);
		ctx = { towns, regions, years: [...new Set(towns.flatMap((t) => t.years))].sort(), search: searchTowns };
	});

	const check = (q: string) => validateEmbed(new URLSearchParams(q), ctx);

	it('defaults to the trend of items proactively published for everything', () => {
		const { spec, problems } = check('');
		expect(problems).toEqual([]);
		expect(spec).toMatchObject({ chart: 'trend', metric: 'n.proactive.items', towns: [], from: null, to: null, view: 'lines', values: 'abs' });
	});

	it('accepts towns, years (swapped when reversed) and a scope that exist in the data', () => {
		const { spec, problems } = check('chart=heatmap&metric=t2.rules.issued&towns=咸祥镇人民政府,拖市镇&from=2024&to=2019&city=宁波市&district=鄞州区&view=multiples&values=report');
		expect(problems).toEqual([]);
		expect(spec!.towns.map((t) => t.name)).toEqual(['咸祥镇', '拖市镇']);
		expect([spec!.from, spec!.to]).toEqual([2019, 2024]);
		expect(spec!.scope).toEqual({ province: null, city: '宁波市', district: '鄞州区' });
	});

	it('lists every problem at once, each with the values allowed', () => {
		const { spec, problems } = check("chart=pie&metric=x';DROP TABLE facts&towns=无此镇&from=1999&district=鄞州区&city=上海市&view=grid&values=pct");
		expect(spec).toBeNull();
		const by = Object.fromEntries(problems.map((p) => [p.param, p]));
		expect(by.chart.allowed).toEqual(['trend', 'compare', 'heatmap', 'outcomes']);
		expect(by.metric.value).toBe("x';DROP TABLE facts");
		expect(by.metric.total).toBeGreaterThan(200);
		expect(by.towns.total).toBe(ctx.towns.length);
		expect(by.from.allowed).toEqual(ctx.years.map(String));
		// 鄞州区 exists, but not in 上海市: the district options are those of the city given.
		expect(by.district.allowed).not.toContain('鄞州区');
		expect(by.view.allowed).toEqual(['lines', 'multiples']);
		expect(by.values.allowed).toEqual(['abs', 'report']);
	});

	it('suggests the allowed values most like a mistyped one first', () => {
		const { problems } = check('metric=t3.granted.totl&towns=咸祥&chart=heatmp');
		const by = Object.fromEntries(problems.map((p) => [p.param, p]));
		expect(by.metric.allowed[0]).toBe('t3.granted.total');
		expect(by.towns.allowed[0]).toBe('咸祥镇人民政府');
		expect(by.chart.allowed[0]).toBe('heatmap');
	});

	it('makes town suggestions only with the search it is given (the light embed loads pinyin only for a wrong town)', () => {
		const p = new URLSearchParams('towns=咸祥');
		const without = validateEmbed(p, { ...ctx, search: undefined }).problems.find((x) => x.param === 'towns')!;
		expect(without.total).toBe(ctx.towns.length);
		expect(validateEmbed(p, ctx).problems.find((x) => x.param === 'towns')!.allowed[0]).toBe('咸祥镇人民政府');
	});

	it('embedParams writes what validateEmbed reads back to the same chart', () => {
		const { spec } = check('chart=compare&metric=t2.admin_penalty.decisions&towns=咸祥镇人民政府&from=2019&to=2023&view=multiples');
		const round = check(new URLSearchParams(embedParams(spec!)).toString());
		expect(round.spec).toEqual(spec);
		expect(embedParams({ chart: 'outcomes', metric: 'n.proactive.items' })).toEqual({ chart: 'outcomes' });
	});
});
