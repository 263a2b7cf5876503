import { describe, expect, it } from 'vitest';
import {
	hrefKeeping,
	patchParams,
	readBool,
	readDatasetName,
	readEnum,
	readLang,
	readList,
	readMetric,
	readMetrics,
	readName,
	readScope,
	readYear,
	readYearRange
} from '../../../src/lib/url-params.ts';

const q = (s: string) => new URLSearchParams(s);

describe('URL readers accept only valid values', () => {
	it('a metric must be a catalog id', () => {
		expect(readMetric(q('metric=t3.new_received.total'))).toBe('t3.new_received.total');
		expect(readMetric(q("metric=t3.new_received.total'; DROP TABLE facts--"))).toBeNull();
		expect(readMetric(q('metric=nope'), 'metric', 'n.proactive.items')).toBe('n.proactive.items');
	});

	it('a metric list drops unknown ids and duplicates, keeping order', () => {
		expect(readMetrics(q('metrics=t3.new_received.total,bogus,n.proactive.items,t3.new_received.total'))).toEqual([
			't3.new_received.total',
			'n.proactive.items'
		]);
	});

	it('years are integers from 2008 to 2100', () => {
		expect(readYear(q('year=2021'))).toBe(2021);
		expect(readYear(q('year=2021.5'))).toBeNull();
		expect(readYear(q('year=1999'))).toBeNull();
		expect(readYear(q('year=1e3'))).toBeNull();
		expect(readYear(q('year=abc'), 'year', 2020)).toBe(2020);
	});

	it('a reversed year range is swapped, a bad end is dropped', () => {
		expect(readYearRange(q('from=2023&to=2019'))).toEqual({ from: 2019, to: 2023 });
		expect(readYearRange(q('from=2019&to=x'))).toEqual({ from: 2019, to: null });
	});

	it('names are bounded plain strings, left for the caller to check against the data', () => {
		expect(readName(q('district=鄞州区'), 'district')).toBe('鄞州区');
		expect(readName(q('district=%20%20'), 'district')).toBeNull();
		expect(readName(q(`district=${'x'.repeat(81)}`), 'district')).toBeNull();
		expect(readName(q('district=a%00b'), 'district')).toBeNull();
		expect(readScope(q('city=宁波市&district=鄞州区'))).toEqual({ province: null, city: '宁波市', district: '鄞州区' });
	});

	it('lists split on commas and drop empty items', () => {
		expect(readList(q('towns=咸祥镇,,瞻岐镇 '), 'towns')).toEqual(['咸祥镇', '瞻岐镇']);
		expect(readList(q(''), 'towns')).toEqual([]);
	});

	it('enums, flags, language and dataset names fall back when invalid', () => {
		expect(readEnum(q('mode=heat'), 'mode', ['lines', 'heat'] as const, 'lines')).toBe('heat');
		expect(readEnum(q('mode=pie'), 'mode', ['lines', 'heat'] as const, 'lines')).toBe('lines');
		expect(readBool(q('per=1'), 'per')).toBe(true);
		expect(readBool(q('per=maybe'), 'per', true)).toBe(true);
		expect(readLang(q('lang=en'))).toBe('en');
		expect(readLang(q('lang=fr'))).toBe('zh');
		expect(readDatasetName(q('ds=demo'))).toBe('demo');
		expect(readDatasetName(q('ds=../etc'))).toBeNull();
	});
});

describe('patching URL params', () => {
	it('sets, joins arrays, encodes booleans and removes empty values', () => {
		const next = patchParams(q('ds=demo&year=2020&towns=a'), { year: 2021, towns: [], metrics: ['x', 'y'], per: true, ds: null });
		expect(next.toString()).toBe('year=2021&metrics=x%2Cy&per=1');
	});

	it('does not modify the params it is given', () => {
		const before = q('year=2020');
		patchParams(before, { year: 2021 });
		expect(before.get('year')).toBe('2020');
	});

	it('navigation links keep only the dataset and the language', () => {
		expect(hrefKeeping('/compare', q('ds=demo&lang=en&metric=n.proactive.items'))).toBe('/compare?ds=demo&lang=en');
		expect(hrefKeeping('/', q('metric=n.proactive.items'))).toBe('/');
	});
});
