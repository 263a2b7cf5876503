/**
 * Mutation bench (issue 9): every report of the real corpus (scored against its hand-checked
 * expected.json) and a sample of synthetic reports (scored against their truth), each rewritten in every
 * way of src/lib/synth/mutate.ts — number-keeping rewrites (footers, traditional characters, pinyin
 * glosses, full width, white space, line ends, encodings) and number-destroying ones (a dropped cell, two
 * glued cells, table 四 split apart, lost captions, a blank label, a header row copied from another
 * table, a row's values floating away from its label). Per mutation kind it prints cells exact,
 * kept (of the cells the unmutated report gave exactly, the share still exact), doubted (exact but
 * carrying a flag that asks for a human look), flagged (wrong or missing, with a warning flag), null (missing, no value claimed), SILENT errors (a wrong
 * number without a warning flag) and crashes.
 * Targets: 0 crashes, 0 silent errors in every kind, ≥ 99.5 % kept on the number-keeping kinds.
 * Usage: npm run bench:mutations [-- --synth 600 --seeds 30 --seed 11 --examples 3]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { parseReport } from '../src/lib/parser/index.ts';
import { toReportJson } from '../src/lib/parser/json.ts';
import { generateOrg } from '../src/lib/synth/generate.ts';
import { MUTATIONS, mutate, type MutationKind } from '../src/lib/synth/mutate.ts';
import { selectOrgs } from '../src/lib/synth/orgs.ts';
import { createRng, streamSeed } from '../src/lib/synth/prng.ts';
import { WARNING_FLAGS } from '../src/lib/synth/score.ts';
import { decodeBytes } from '../src/node/read.ts';
import { loadDivisions } from '../src/node/synth/divisions.ts';

const { values: args } = parseArgs({
	options: { synth: { type: 'string', default: '600' }, seeds: { type: 'string', default: '30' }, seed: { type: 'string', default: '11' }, examples: { type: 'string', default: '3' }, only: { type: 'string' } }
});
const N_SYNTH = Number(args.synth);
const SEEDS = Number(args.seeds);
const SEED = Number(args.seed);
const EXAMPLES = Number(args.examples);
if (![N_SYNTH, SEEDS, SEED, EXAMPLES].every(Number.isInteger)) throw new Error('--synth, --seeds, --seed and --examples must be whole numbers');

interface Doc {
	name: string;
	text: string;
	/** Expected values; null = the source cell is blank. */
	values: Record<string, number | null>;
	/** Real reports are compared as `nianbao parse --json` states them (inferred cells are not stated). */
	real: boolean;
}

const CORPUS = new URL('../datasets/sources/real/', import.meta.url).pathname;
const docs: Doc[] = [];
for (const f of readdirSync(CORPUS).filter((f) => /\.(txt|html)$/.test(f)).sort()) {
	const expected = JSON.parse(readFileSync(join(CORPUS, f.replace(/\.(txt|html)$/, '.expected.json')), 'utf8'));
	docs.push({ name: f, text: readFileSync(join(CORPUS, f), 'utf8'), values: expected.values, real: true });
}
const nReal = docs.length;
if (N_SYNTH > 0) {
	const all = selectOrgs(loadDivisions(), {});
	const step = Math.max(1, Math.floor(all.length / N_SYNTH));
	for (let k = 0; k < N_SYNTH && k * step < all.length; k++) {
		const years = [2019 + (k % 7)];
		const [g] = generateOrg(all[k * step], years, SEED);
		docs.push({ name: g.file, text: g.content, values: g.truth.values, real: false });
	}
}

type Outcome = 'exact' | 'flagged' | 'null' | 'silent';
/** Flags that ask a human to look (a blank read as 0 by the identities does not). */
const DOUBT = new Set(['ambiguous', 'suspect', 'unconfirmed_position', 'unverified']);
const kinds = (args.only ? args.only.split(',') : Object.keys(MUTATIONS)) as MutationKind[];
const RANDOM = new Set<MutationKind>(['footers', 'pinyin_glosses', 'ideographic_spaces', 'encoding', 'dropped_cell', 'glued_cells', 'split_table4', 'blank_label', 'floating_row']);
const stats = new Map<string, Record<Outcome | 'kept' | 'keptOf' | 'doubted' | 'docs' | 'crashes' | 'skipped', number>>();
const examples = new Map<string, string[]>();
const zero = () => ({ exact: 0, kept: 0, keptOf: 0, doubted: 0, flagged: 0, null: 0, silent: 0, docs: 0, crashes: 0, skipped: 0 });

function encode(text: string, enc: string): Uint8Array {
	if (enc === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
	if (enc === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
	return iconv.encode(text, enc);
}

/** Per document, the cells its unmutated reading got exact: a number-keeping rewrite must keep them so. */
const baseline = new Map<Doc, Set<string>>();

function score(doc: Doc, text: string, kind: string, detail: string): void {
	const s = stats.get(kind) ?? stats.set(kind, zero()).get(kind)!;
	s.docs++;
	let report;
	try {
		report = parseReport({ text, fileName: doc.name });
	} catch (e) {
		s.crashes++;
		(examples.get(kind) ?? examples.set(kind, []).get(kind)!).push(`CRASH ${doc.name} (${detail}): ${(e as Error).message}`);
		return;
	}
	const json = toReportJson(report);
	const base = baseline.get(doc) ?? baseline.set(doc, new Set()).get(doc)!;
	const original = kind === 'none (original)';
	for (const [id, want] of Object.entries(doc.values)) {
		const c = report.cells.get(id);
		const got = doc.real ? (json.values[id] ?? null) : (c?.value ?? null);
		const flags = c?.flags ?? [];
		let o: Outcome;
		if (got === want || (got !== null && want !== null && Math.abs(got - want) < 1e-6)) o = 'exact';
		else if (flags.some((f) => WARNING_FLAGS.has(f))) o = 'flagged';
		else if (got === null) o = 'null';
		else o = 'silent';
		s[o]++;
		if (original && o === 'exact') base.add(id);
		else if (!original && base.has(id)) {
			s.keptOf++;
			if (o === 'exact') s.kept++;
			else if (process.env.MUT_DEBUG) console.error(`${kind} ${doc.name} (${detail}): ${id} expected ${want}, read ${got} [${flags.join(';')}]`);
		}
		// Right, but flagged all the same: the price of the trust rule (a human looks at a correct value).
		if (o === 'exact' && flags.some((f) => DOUBT.has(f)) && got !== null) s.doubted++;
		if (o === 'silent' || (process.env.MUT_DEBUG && o !== 'exact')) {
			const list = examples.get(kind) ?? examples.set(kind, []).get(kind)!;
			if (list.length < EXAMPLES) list.push(`${doc.name} (${detail}): ${id} expected ${want}, read ${got} [${flags.join(';')}] raw ${JSON.stringify(c?.raw ?? '')}`);
		}
	}
}

const t0 = performance.now();
for (const [d, doc] of docs.entries()) {
	score(doc, doc.text, 'none (original)', 'as published');
	for (const kind of kinds) {
		// Random rewrites get several seeds on the real corpus; deterministic ones are one document each.
		const n = RANDOM.has(kind) && doc.real ? SEEDS : 1;
		for (let k = 0; k < n; k++) {
			const r = createRng(streamSeed(SEED, kind, d, k));
			const m = mutate(kind, doc.text, r, encode);
			if (!m) {
				(stats.get(kind) ?? stats.set(kind, zero()).get(kind)!).skipped++;
				continue;
			}
			const text = m.bytes ? decodeBytes(m.bytes).text : m.text;
			score(doc, text, kind, m.detail);
		}
	}
}
const secs = (performance.now() - t0) / 1000;

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(2)} %`;
const out: string[] = [];
let docsTotal = 0;
let ok = true;
out.push(`mutation bench: ${nReal} real reports (× ${SEEDS} seeds for random rewrites) + ${docs.length - nReal} synthetic reports (seed ${SEED}); ${secs.toFixed(1)} s`);
out.push('');
out.push(`${'mutation'.padEnd(20)} ${'keeps #'.padEnd(7)} ${'docs'.padStart(6)} ${'cells'.padStart(8)} ${'exact'.padStart(9)} ${'kept'.padStart(9)} ${'doubted'.padStart(8)} ${'flagged'.padStart(8)} ${'null'.padStart(6)} ${'SILENT'.padStart(7)} ${'crashes'.padStart(7)}`);
for (const [kind, s] of stats) {
	const cells = s.exact + s.flagged + s.null + s.silent;
	const keeps = kind in MUTATIONS ? MUTATIONS[kind as MutationKind].keeps : true;
	if (kind in MUTATIONS) docsTotal += s.docs;
	const original = !(kind in MUTATIONS);
	// Number-keeping rewrites: of the cells the unmutated report gave exactly, the share still exact.
	const exactPct = s.kept / Math.max(1, s.keptOf);
	const pass = original || (s.silent === 0 && s.crashes === 0 && (!keeps || exactPct >= 0.995));
	if (kind in MUTATIONS && !pass) ok = false;
	out.push(
		`${kind.padEnd(20)} ${(keeps ? 'yes' : 'no').padEnd(7)} ${String(s.docs).padStart(6)} ${String(cells).padStart(8)} ${pct(s.exact, cells).padStart(9)} ${(original ? '' : pct(s.kept, s.keptOf)).padStart(9)} ${String(s.doubted).padStart(8)} ${String(s.flagged).padStart(8)} ${String(s.null).padStart(6)} ${String(s.silent).padStart(7)} ${String(s.crashes).padStart(7)}${pass ? '' : '  ✗'}`
	);
}
out.push('', `${docsTotal} mutated documents (target ≥ 10,000)`);
if (docsTotal < 10000) ok = false;
for (const [kind, list] of examples) if (list.length) out.push('', `${kind}:`, ...list.map((l) => `  ${l}`));
out.push('', ok ? 'PASS: targets met' : 'FAIL: targets not met');
process.stdout.write(out.join('\n') + '\n');
if (!ok) process.exitCode = 1;
