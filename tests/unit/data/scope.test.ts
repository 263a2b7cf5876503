/** The region scope in memory: which rows lie in it and how a title names it. */
import { describe, expect, it } from 'vitest';
import { inScope, scopeText } from '../../../src/lib/scope.ts';

const rows = [
	{ province: '浙江省', city: '宁波市', district: '海曙区' },
	{ province: '浙江省', city: '宁波市', district: '江北区' },
	{ province: '上海市', city: '上海市', district: '黄浦区' },
	{ province: null, city: null, district: null }
];

describe('inScope', () => {
	it('holds every row for an empty scope and compares each level given', () => {
		expect(rows.filter((r) => inScope(r, {})).length).toBe(4);
		expect(rows.filter((r) => inScope(r, { province: '浙江省' })).map((r) => r.district)).toEqual(['海曙区', '江北区']);
		expect(rows.filter((r) => inScope(r, { province: '浙江省', city: null, district: '江北区' })).map((r) => r.district)).toEqual(['江北区']);
		// A district named without its province still matches by name.
		expect(rows.filter((r) => inScope(r, { district: '黄浦区' })).length).toBe(1);
	});
});

describe('scopeText', () => {
	it('joins the levels given and says a municipality once', () => {
		expect(scopeText({ province: '浙江省', city: '宁波市', district: '海曙区' })).toBe('浙江省 · 宁波市 · 海曙区');
		expect(scopeText({ province: '上海市', city: '上海市', district: '黄浦区' })).toBe('上海市 · 黄浦区');
		expect(scopeText({ province: null, city: '宁波市', district: null })).toBe('宁波市');
		expect(scopeText({})).toBe('');
	});
});
