/**
 * A report document from given values (a real report's hand-read cells) rather than simulated ones, so the
 * document writers (PDF, DOCX, HTML) can print real numbers and the readers be checked on them. A value the
 * source leaves blank (null) or garbled (absent) is printed as a blank cell; the truth holds only numbers.
 */
import type { Format } from '../catalog/index.ts';
import type { GeneratedDoc } from './generate.ts';
import { table2Grid, table3Grid, table4Grid } from './grid.ts';
import { printedMetrics } from './layout.ts';
import { orgNameOf, type Org } from './orgs.ts';
import { cleanCells } from './print.ts';
import { createRng, streamSeed } from './prng.ts';
import { proseFor } from './prose.ts';

export interface GivenReport {
	/** The body as its report names it (咸祥镇人民政府). */
	org: string;
	year: number;
	format: Format;
	/** Metric id → value (money in yuan); null = printed blank. */
	values: Record<string, number | null>;
	/** A name for the file and the seed of the prose around the tables. */
	name: string;
	seed: number;
}

export function docFromValues(g: GivenReport): GeneratedDoc {
	const place = g.org.replace(/人民政府$|办事处$/, '');
	const org: Org = { code: g.name, name: g.org, place, kind: orgNameOf(place).kind, province: '', city: '', district: '' };
	const numbers = Object.fromEntries(Object.entries(g.values).filter((e): e is [string, number] => e[1] !== null));
	const printed = cleanCells(numbers, g.format, 'wan');
	const cells: Record<string, string> = {};
	for (const id of printedMetrics(g.format)) cells[id] = printed[id] ?? '';
	const grid = { format: g.format, year: g.year, cells, provincial: false, extraRow: ['', '', ''] as [string, string, string] };
	const r = createRng(streamSeed(g.seed, 'given', g.name));
	const prose = proseFor(org, g.year, numbers['n.proactive.items'] ?? 0, r);
	// The fee sentence is the generator's own invention: only the tables and the proactive figure are given.
	const truthValues = Object.fromEntries(Object.entries(numbers).filter(([k]) => /^t[234]\./.test(k) || (k === 'n.proactive.items' && 'n.proactive.items' in g.values)));
	const file = `${g.name}.txt`;
	return {
		file,
		content: '',
		truth: { file, org: g.org, province: '', city: '', district: '', year: g.year, format: g.format, form: 'text-tab', encoding: 'utf-8', seed: g.seed, values: truthValues, faults: [] },
		parts: { prose, tables: { t2: table2Grid(grid), t3: table3Grid(grid), t4: table4Grid(grid) }, signed: `${g.org}\n${g.year + 1}年1月20日` }
	};
}
