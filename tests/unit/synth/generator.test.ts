/**
 * The synthetic generator's promises: the same seed gives the same bytes; the truth it records obeys the
 * template's identities within a report and across years; and every fault it injects is written down
 * with the cells it touched.
 */
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { metric } from '../../../src/lib/catalog/index.ts';
import { FAULT_TYPES } from '../../../src/lib/synth/faults.ts';
import { generateOrg, parseYears, type GeneratedDoc } from '../../../src/lib/synth/generate.ts';
import { printedMetrics, T3_APPLICANTS, T3_COLUMNS, t3SummedKeys, T4_GROUP_KEYS } from '../../../src/lib/synth/layout.ts';
import { selectOrgs, type Org } from '../../../src/lib/synth/orgs.ts';
import { createRng } from '../../../src/lib/synth/prng.ts';
import { encodeDoc } from '../../../src/node/synth/write-docs.ts';
import { loadDivisions } from '../../../src/node/synth/divisions.ts';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const divisions = loadDivisions();
const ningbo = selectOrgs(divisions, { city: '宁波市' });
const YEARS = parseYears('2019-2025');
const batch = (orgs: Org[], seed: number): GeneratedDoc[] => orgs.flatMap((o) => generateOrg(o, YEARS, seed));
const docs = batch(ningbo.slice(0, 40), 11);

describe('organisations', () => {
	it('are every town and street of Ningbo by default, named as their reports name them', () => {
		expect(ningbo.length).toBe(162);
		expect(new Set(ningbo.map((o) => o.city))).toEqual(new Set(['宁波市']));
		expect(ningbo.every((o) => o.province === '浙江省' && o.district !== '')).toBe(true);
		expect(ningbo.find((o) => o.place === '咸祥镇')).toMatchObject({ name: '咸祥镇人民政府', district: '鄞州区', kind: 'town' });
		expect(ningbo.filter((o) => o.kind === 'street').every((o) => o.name.endsWith('街道办事处'))).toBe(true);
	});
	it('can be a whole province, or N towns nationally', () => {
		expect(selectOrgs(divisions, { province: '浙江省' }).length).toBeGreaterThan(1000);
		expect(selectOrgs(divisions, { towns: 50000 }).length).toBe(50000);
	});
	it('refuse an unknown city with a message naming it', () => {
		expect(() => selectOrgs(divisions, { city: '不存在市' })).toThrow(/unknown city "不存在市"/);
	});
});

describe('reproducibility', () => {
	it('gives the same bytes for the same seed, GBK files included', () => {
		const again = batch(ningbo.slice(0, 40), 11);
		expect(again.map((d) => d.file)).toEqual(docs.map((d) => d.file));
		for (let i = 0; i < docs.length; i++) {
			expect(encodeDoc(again[i]).equals(encodeDoc(docs[i]))).toBe(true);
			expect(JSON.stringify(again[i].truth)).toBe(JSON.stringify(docs[i].truth));
		}
		expect(docs.some((d) => d.truth.encoding === 'gbk')).toBe(true);
	});
	it('gives different documents for another seed', () => {
		const other = batch(ningbo.slice(0, 5), 12);
		expect(other.map((d) => d.content)).not.toEqual(docs.slice(0, other.length).map((d) => d.content));
	});
	it('does not change one organisation when others are added', () => {
		const alone = generateOrg(ningbo[3], YEARS, 11);
		expect(alone.map((d) => d.content)).toEqual(docs.filter((d) => d.truth.org === ningbo[3].name).map((d) => d.content));
	});
	it('uses a seeded generator that repeats itself and spreads evenly', () => {
		const a = createRng(5);
		const b = createRng(5);
		const xs = Array.from({ length: 10000 }, () => a.next());
		expect(xs.slice(0, 50)).toEqual(Array.from({ length: 50 }, () => b.next()));
		const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
		expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
	});
});

describe('truth', () => {
	it('holds a value for every cell the template prints, with catalog ids, and nothing negative but 本年增/减', () => {
		for (const d of docs) {
			for (const id of printedMetrics(d.truth.format)) expect(d.truth.values[id], `${d.file} ${id}`).toBeTypeOf('number');
			for (const [id, v] of Object.entries(d.truth.values)) {
				expect(metric(id), id).toBeDefined();
				if (!id.endsWith('items_delta')) expect(v, `${d.file} ${id}`).toBeGreaterThanOrEqual(0);
			}
		}
	});
	it('obeys I-3a, I-3b, I-3c and I-4 in every report', () => {
		for (const { truth: t } of docs) {
			const v = (id: string) => t.values[id];
			for (const col of T3_COLUMNS) {
				expect(v(`t3.new_received.${col}`) + v(`t3.carried_over.${col}`)).toBe(v(`t3.total_processed.${col}`) + v(`t3.carried_forward.${col}`));
				expect(t3SummedKeys(t.format).reduce((s, k) => s + v(`t3.${k}.${col}`), 0)).toBe(v(`t3.total_processed.${col}`));
			}
			for (const row of ['new_received', 'carried_over', ...t3SummedKeys(t.format), 'total_processed', 'carried_forward']) {
				expect(T3_APPLICANTS.reduce((s, c) => s + v(`t3.${row}.${c}`), 0)).toBe(v(`t3.${row}.total`));
			}
			for (const g of T4_GROUP_KEYS) {
				expect(['upheld', 'corrected', 'other', 'pending'].reduce((s, r) => s + v(`t4.${g}.${r}`), 0)).toBe(v(`t4.${g}.total`));
			}
		}
	});
	it('carries over from year to year: 三 row 二 = last year 四, item counts and the 2021 stock chain', () => {
		const byOrg = new Map<string, GeneratedDoc[]>();
		for (const d of docs) byOrg.set(d.truth.org, [...(byOrg.get(d.truth.org) ?? []), d]);
		for (const list of byOrg.values()) {
			for (let i = 1; i < list.length; i++) {
				const [a, b] = [list[i - 1].truth.values, list[i].truth.values];
				for (const col of T3_COLUMNS) expect(b[`t3.carried_over.${col}`]).toBe(a[`t3.carried_forward.${col}`]);
				if (list[i].truth.year === 2020) expect(b['t2.admin_penalty.prev_year_items']).toBe(a['t2.admin_penalty.prev_year_items'] + a['t2.admin_penalty.items_delta']);
				if (list[i].truth.year > 2021) expect(b['t2.normative_docs.valid']).toBe(a['t2.normative_docs.valid'] + b['t2.normative_docs.issued'] - b['t2.normative_docs.repealed']);
			}
		}
	});
	it('uses the 2019 format for 2019–2020 and the 2021 format after, with the matching labels in the document', () => {
		for (const d of docs) {
			expect(d.truth.format).toBe(d.truth.year <= 2020 ? '2019' : '2021');
			// Narrow headers may wrap ("本年新\n\n制作数量", "本年新<br />制作数量"): compare without the breaks.
			// A mirror copy in traditional characters (fault `traditional`) is compared in simplified ones.
			const simplified = d.truth.faults.some((f) => f.type === 'traditional') ? toSimplified(d.content.replace(/\((?:[a-zü\u00c0-\u024f]+)\)/gi, '')) : d.content;
			const flat = simplified.replace(/<br \/>|\s+/g, '');
			if (d.truth.format === '2019') expect(flat).toContain('本年新制作数量');
			else expect(flat).toMatch(/本年收费金额[（(]单位[：:]万元[)）]/);
		}
	});
});

describe('faults', () => {
	const faults = docs.flatMap((d) => d.truth.faults.map((f) => ({ d, f })));
	it('are recorded with known types and cells that exist in the truth', () => {
		expect(new Set(faults.map((x) => x.f.type)).size).toBeGreaterThanOrEqual(9);
		for (const { d, f } of faults) {
			expect(Object.keys(FAULT_TYPES)).toContain(f.type);
			for (const id of f.cells) expect(d.truth.values[id], `${d.file} ${f.type} ${id}`).toBeTypeOf('number');
		}
	});
	it('blank only cells that are truly 0, and misprint totals away from the truth', () => {
		for (const { d, f } of faults) {
			if (f.type === 'blank_zero') for (const id of f.cells) expect(d.truth.values[id]).toBe(0);
			if (f.type === 'total_mismatch') {
				const printed = Number(/printed (\d+)/.exec(f.detail!)![1]);
				expect(printed).not.toBe(d.truth.values[f.cells[0]]);
				expect(d.content).toContain(String(printed));
			}
		}
	});
	it('write money the ways reports do: 38.39万, 251000元, bare numbers', () => {
		const money = faults.filter((x) => x.f.type.startsWith('money_'));
		expect(money.some((x) => /^\d+(\.\d+)?万$/.test(x.f.detail!))).toBe(true);
		expect(money.some((x) => /^\d+元$/.test(x.f.detail!))).toBe(true);
		expect(money.some((x) => /^\d+(\.\d+)?$/.test(x.f.detail!))).toBe(true);
		for (const { d, f } of money) expect(d.content).toContain(f.detail!);
	});
	it('mark GBK documents, which then encode without loss', () => {
		const gbk = docs.filter((d) => d.truth.encoding === 'gbk');
		for (const d of gbk) {
			expect(d.truth.faults.some((f) => f.type === 'gbk')).toBe(true);
			expect(encodeDoc(d).toString('latin1')).not.toContain('?');
		}
	});
});

describe('scale selections beyond the country', () => {
	it('repeat towns as numbered twins with their own codes', () => {
		const all = selectOrgs(divisions, {}).length;
		const orgs = selectOrgs(divisions, { towns: all + 2 });
		expect(orgs[all]).toMatchObject({ code: `${orgs[0].code}-2`, name: `${orgs[0].name}（2）`, kind: orgs[0].kind });
		expect(new Set(orgs.map((o) => o.code)).size).toBe(orgs.length);
	});
});
