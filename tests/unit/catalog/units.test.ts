import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { METRICS } from '../../../src/lib/catalog/index.ts';

/**
 * The catalog's display units: what each metric counts, as the template words it, so a download and the page can
 * say 件 or 条 instead of `count`. `unit` stays the machine-readable unit of the stored value.
 */
describe('display units in the catalog', () => {
	it('says 件 for applications, cases, documents and decisions, 条 for items of information, 项 for items and projects, 元 for money', () => {
		const unit = (id: string) => {
			const m = METRICS.find((x) => x.id === id)!;
			return [m.unitZh, m.unitEn];
		};
		expect(unit('t3.granted.total')).toEqual(['件', 'applications']);
		expect(unit('t4.litigation_direct.pending')).toEqual(['件', 'cases']);
		expect(unit('t2.normative_docs.issued')).toEqual(['件', 'documents']);
		expect(unit('t2.admin_license.decisions')).toEqual(['件', 'decisions']);
		expect(unit('n.proactive.items')).toEqual(['条', 'items']);
		expect(unit('t2.admin_fees.prev_year_items')).toEqual(['项', 'items']);
		expect(unit('t2.gov_procurement.projects')).toEqual(['项', 'projects']);
		expect(unit('t2.admin_fees.amount_yuan')).toEqual(['元', 'yuan']);
	});

	it('gives every metric a unit in both languages that agrees with its stored unit', () => {
		for (const m of METRICS) {
			expect(['件', '条', '项', '元'], m.id).toContain(m.unitZh);
			expect(m.unitEn, m.id).toMatch(/^[a-z]+$/);
			expect(m.unit === 'yuan', m.id).toBe(m.unitZh === '元');
			// Every table 三 row counts applications and every table 四 row counts cases, in 件.
			if (m.table === '三') expect([m.unitZh, m.unitEn], m.id).toEqual(['件', 'applications']);
			if (m.table === '四') expect([m.unitZh, m.unitEn], m.id).toEqual(['件', 'cases']);
		}
	});

	it('is generated from metrics.csv (npm run catalog is not stale)', () => {
		const csv = readFileSync(new URL('../../../src/lib/catalog/metrics.csv', import.meta.url), 'utf8');
		expect(csv.split('\n')[0].split(',')).toEqual(expect.arrayContaining(['unit', 'unit_zh', 'unit_en']));
		const generated = readFileSync(new URL('../../../src/lib/catalog/metrics.data.ts', import.meta.url), 'utf8');
		expect(generated).toContain('unit_zh, unit_en');
	});
});
