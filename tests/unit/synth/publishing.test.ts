/**
 * What publishing does to a report, learned by the generator (issue 9): each damage is recorded with the
 * truth of the table it struck, the rewrites work on every document form, and a report read back after
 * any of them never gives a wrong number without a flag.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { generateOrg, parseYears, type DocForm, type GeneratedDoc } from '../../../src/lib/synth/generate.ts';
import { MUTATIONS, mutate, type MutationKind } from '../../../src/lib/synth/mutate.ts';
import { selectOrgs } from '../../../src/lib/synth/orgs.ts';
import { createRng } from '../../../src/lib/synth/prng.ts';
import { scoreReport } from '../../../src/lib/synth/score.ts';
import { loadDivisions } from '../../../src/node/synth/divisions.ts';

const docs: GeneratedDoc[] = selectOrgs(loadDivisions(), { city: '宁波市' }).flatMap((o) => generateOrg(o, parseYears('2019-2025'), 5));
const PUBLISHING = ['traditional', 'page_footers', 'converter_spaces', 'dropped_cell', 'glued_cells', 'split_table4', 'lost_captions'];

describe('publishing faults in nianbao synth', () => {
	const hit = docs.filter((d) => d.truth.faults.some((f) => PUBLISHING.includes(f.type)));

	it('occur at their documented rates and name the table they struck', () => {
		for (const type of PUBLISHING) expect(hit.some((d) => d.truth.faults.some((f) => f.type === type)), type).toBe(true);
		for (const d of hit) {
			for (const f of d.truth.faults.filter((x) => x.type === 'dropped_cell' || x.type === 'glued_cells')) {
				const tables = new Set(f.cells.map((c) => c.split('.')[0]));
				expect(tables.size, `${d.file} ${f.detail}`).toBeLessThanOrEqual(1);
				expect(f.detail).toBeTruthy();
			}
		}
	});

	it('never make the parser give a wrong number without a flag', () => {
		for (const d of hit) {
			const r = parseReport({ text: d.content, fileName: d.file });
			const got = new Map([...r.cells].map(([k, c]) => [k, { value: c.value, flags: c.flags }]));
			const s = scoreReport(d.truth, got, false);
			expect(s.wrong.filter((w) => w.outcome === 'silent'), d.file).toEqual([]);
		}
	});
});

describe('the mutations of bench:mutations', () => {
	const byForm = new Map<DocForm, GeneratedDoc>();
	for (const d of docs) if (!byForm.has(d.truth.form) && d.truth.faults.length === 0) byForm.set(d.truth.form, d);

	it.each(['dropped_cell', 'glued_cells', 'blank_label', 'traditional_tw', 'fullwidth'] as MutationKind[])('%s works on every document form', (kind) => {
		for (const [form, d] of byForm) {
			const m = mutate(kind, d.content, createRng(1));
			expect(m, `${kind} on ${form}`).not.toBeNull();
			expect(m!.text).not.toBe(d.content);
		}
	});

	it('keep every number in the kinds that say so', () => {
		const d = byForm.get('text-pipe')!;
		const digits = (s: string) => s.normalize('NFKC').replace(/\D/g, '');
		for (const kind of Object.keys(MUTATIONS) as MutationKind[]) {
			if (!MUTATIONS[kind].keeps || kind === 'encoding' || kind === 'footers' || kind === 'header_copied') continue;
			const m = mutate(kind, d.content, createRng(2));
			if (m) expect(digits(m.text.replace(/\([a-zü\u00c0-\u024f]+\)/gi, '')), kind).toBe(digits(d.content));
		}
	});
});
