/**
 * Accuracy at scale: generates N synthetic reports with ground truth (`nianbao synth`), reads them through
 * the real ingest (files → decode → parse → DuckDB → Parquet), reads the facts back and compares every
 * intended cell. Prints the share of cells exact, wrong but flagged, wrong without a flag (silent errors),
 * failed reports, and a per-fault table (injected / repaired correctly / flagged / silent).
 * Targets: ≥ 99.5 % exact, 0 silent errors, every fault repaired or flagged.
 * With --format the reports are of one file format only: text or html (the generator's own forms, the
 * others not scored), docx (Word files made with the docx package) or pdf (LibreOffice converting that DOCX
 * and Chromium printing the HTML: needs `sudo bash scripts/setup.sh --office`); office formats also get a
 * table per layout trait (vertical labels, repeated header, rows split at a page break, footers…). pdf also
 * scores the WPS/Word-style PDFs written directly (lib/synth/pdf-office.ts: a glyph per show operation, filled
 * rectangle borders, radicals and unmapped glyphs in the text layer, landscape pages…); pdf-office scores
 * those alone and needs neither LibreOffice nor Chromium.
 * Usage: npm run bench:accuracy [-- --n 5000 --seed 7 --keep DIR --format all|text|html|docx|pdf|pdf-office]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { FAULT_TYPES, type FaultType } from '../src/lib/synth/faults.ts';
import type { Truth } from '../src/lib/synth/generate.ts';
import { selectOrgs } from '../src/lib/synth/orgs.ts';
import { scoreReport, type CellOutcome, type ExtractedCell } from '../src/lib/synth/score.ts';
import { ingest } from '../src/node/ingest.ts';
import { loadDivisions } from '../src/node/synth/divisions.ts';
import { writeDocs } from '../src/node/synth/write-docs.ts';

const { values: args } = parseArgs({ options: { n: { type: 'string' }, seed: { type: 'string', default: '7' }, keep: { type: 'string' }, format: { type: 'string', default: 'all' } } });
const FORMAT = args.format as 'all' | 'text' | 'html' | 'docx' | 'pdf' | 'pdf-office';
if (!['all', 'text', 'html', 'docx', 'pdf', 'pdf-office'].includes(FORMAT)) throw new Error('--format must be all, text, html, docx, pdf or pdf-office');
// Office documents are slow to make (LibreOffice, Chromium): fewer by default.
const N = Number(args.n ?? (FORMAT === 'pdf' ? 40 : FORMAT === 'docx' || FORMAT === 'pdf-office' ? 300 : 5000));
const SEED = Number(args.seed);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(SEED)) throw new Error('--n and --seed must be whole numbers');
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
// PDFs are made with LibreOffice and Chromium: install them when missing (as root), like the browser tests do.
if (FORMAT === 'pdf') execFileSync('bash', [new URL('../scripts/setup.sh', import.meta.url).pathname, '--office'], { stdio: 'inherit' });
const dir = args.keep ?? (await mkdtemp(join(tmpdir(), 'nianbao-accuracy-')));

try {
	const t0 = performance.now();
	// Towns and streets from all over the country (division-code order, every province), all seven years each.
	const all = selectOrgs(loadDivisions(), {});
	const step = Math.max(1, Math.floor(all.length / Math.ceil(N / YEARS.length)));
	const orgs = all.filter((_, i) => i % step === 0);
	const forms = FORMAT === 'pdf' ? (['pdf-writer', 'pdf-chromium', 'pdf-office'] as const) : FORMAT === 'pdf-office' ? (['pdf-office'] as const) : FORMAT === 'docx' ? (['docx'] as const) : (['original'] as const);
	// Each form is written and ingested on its own: the forms of one report share its body and year, and one
	// dataset keeps one report per body and year (the others would be read as duplicates, not scored).
	const parts: { form: string; docsDir: string; datasetDir: string }[] = forms.map((form) => ({ form, docsDir: join(dir, 'docs', form), datasetDir: join(dir, 'dataset', form) }));
	const gen = { documents: 0, files: [] as string[] };
	const docsOf = new Map<string, string>();
	for (const part of parts) {
		const g = await writeDocs(orgs, { out: part.docsDir, seed: SEED, years: YEARS, limit: N, forms: [part.form as (typeof forms)[number]] });
		gen.documents += g.documents;
		gen.files.push(...g.files);
		for (const f of g.files) docsOf.set(f, part.docsDir);
	}
	const tGen = performance.now();
	const summary = { facts: 0 };
	for (const part of parts) summary.facts += (await ingest([part.docsDir], { out: part.datasetDir, name: 'accuracy', synthetic: true, csv: false, files: false })).facts;
	const tIngest = performance.now();

	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	const q = async (sql: string) => (await con.runAndReadAll(sql)).getRows();
	const byReport = new Map<string, Map<string, ExtractedCell>>();
	const fileToId = new Map<string, { id: string; status: string; errors: number }>();
	for (const part of parts) {
		const ds = part.datasetDir.replace(/'/g, "''");
		for (const [id, m, v, flags] of await q(`SELECT report_id, metric, value, flags FROM read_parquet('${ds}/facts.parquet')`)) {
			const key = `${part.form}:${String(id)}`;
			let cells = byReport.get(key);
			if (!cells) byReport.set(key, (cells = new Map()));
			cells.set(String(m), { value: v === null ? null : Number(v), flags: flags ? String(flags).split(';').filter(Boolean) : [] });
		}
		for (const [id, file, status, errors] of await q(`SELECT report_id, source_file, status, n_errors FROM read_parquet('${ds}/reports.parquet')`)) {
			fileToId.set(String(file), { id: `${part.form}:${String(id)}`, status: String(status), errors: Number(errors) });
		}
	}

	const cells: Record<CellOutcome, number> = { exact: 0, flagged: 0, silent: 0 };
	const faults = new Map<FaultType, { injected: number; repaired: number; flagged: number; silent: number }>();
	// The same, counting only reports where the fault is the only one: document-wide faults (gbk, labels…)
	// are scored on every cell of their report, so in the main table they share other faults' flags.
	const alone = new Map<FaultType, { injected: number; repaired: number; flagged: number; silent: number }>();
	const byForm = new Map<string, Record<CellOutcome, number>>();
	const silentExamples: string[] = [];
	const wrongByMetric = new Map<string, number>();
	let failed = 0;
	let scored = 0;
	const byReportFaults = new Map<string, number>();
	const byTrait = new Map<string, Record<CellOutcome, number>>();
	for (const file of gen.files) {
		const truth = JSON.parse(await readFile(join(docsOf.get(file)!, `${file}.truth.json`), 'utf8')) as Truth & { layout?: Record<string, unknown> };
		if (FORMAT === 'text' && !truth.form.startsWith('text-')) continue;
		if (FORMAT === 'html' && truth.form !== 'html') continue;
		scored++;
		const rep = fileToId.get(file);
		byReportFaults.set(file, truth.faults.length);
		if (!rep || rep.status === 'failed') failed++;
		const s = scoreReport(truth, byReport.get(rep?.id ?? '') ?? new Map(), (rep?.errors ?? 0) > 0 || rep?.status !== 'ok');
		const form = (byForm.get(`${truth.form} ${truth.format}`) ?? byForm.set(`${truth.form} ${truth.format}`, { exact: 0, flagged: 0, silent: 0 }).get(`${truth.form} ${truth.format}`))!;
		for (const k of ['exact', 'flagged', 'silent'] as const) (cells[k] += s.cells[k]), (form[k] += s.cells[k]);
		for (const [trait, v] of Object.entries(truth.layout ?? {})) {
			if (v === false) continue;
			// Several PDF producers in one run share trait names (footer, splitRows…): each is scored per producer.
			const key = `${FORMAT === 'pdf' ? `${truth.form.replace(/^pdf-/, '')}: ` : ''}${v === true ? trait : `${trait}=${v}`}`;
			const t = byTrait.get(key) ?? byTrait.set(key, { exact: 0, flagged: 0, silent: 0 }).get(key)!;
			for (const k of ['exact', 'flagged', 'silent'] as const) t[k] += s.cells[k];
		}
		for (const f of s.faults) {
			for (const [table, include] of [[faults, true], [alone, s.faults.length === 1]] as const) {
				if (!include) continue;
				const row = table.get(f.type) ?? { injected: 0, repaired: 0, flagged: 0, silent: 0 };
				row.injected++;
				row[f.outcome]++;
				table.set(f.type, row);
			}
		}
		for (const w of s.wrong) {
			const k = `${w.metric.replace(/\.[^.]+$/, '.*')} ${w.outcome}`;
			wrongByMetric.set(k, (wrongByMetric.get(k) ?? 0) + 1);
			if (w.outcome === 'silent' && silentExamples.length < 12) silentExamples.push(`${file}: ${w.metric} truth ${w.truth}, read ${w.got} [${w.flags.join(';')}] (faults: ${truth.faults.map((f) => f.type).join(',') || 'none'})`);
		}
	}
	const total = cells.exact + cells.flagged + cells.silent;
	const pct = (n: number, d = total) => `${((100 * n) / Math.max(1, d)).toFixed(3)} %`;
	const out: string[] = [];
	out.push(`accuracy bench: ${gen.documents} synthetic report files (seed ${SEED}, ${orgs.length} organisations × up to ${YEARS.length} years), format ${FORMAT}: ${scored} scored`);
	out.push(`  generate ${((tGen - t0) / 1000).toFixed(1)} s, ingest ${((tIngest - tGen) / 1000).toFixed(1)} s (${(gen.documents / ((tIngest - tGen) / 1000)).toFixed(0)} reports/s), facts read ${summary.facts}`);
	out.push('');
	out.push(`cells compared          ${String(total).padStart(9)}`);
	out.push(`exact                   ${String(cells.exact).padStart(9)}  ${pct(cells.exact)}   (target ≥ 99.5 %)`);
	out.push(`wrong, flagged          ${String(cells.flagged).padStart(9)}  ${pct(cells.flagged)}`);
	out.push(`wrong, NOT flagged      ${String(cells.silent).padStart(9)}  ${pct(cells.silent)}   (silent errors; target 0)`);
	out.push(`failed reports          ${String(failed).padStart(9)}  ${pct(failed, scored)}`);
	out.push('');
	out.push(`${'fault'.padEnd(18)} ${'injected'.padStart(9)} ${'repaired'.padStart(9)} ${'flagged'.padStart(9)} ${'silent'.padStart(7)}  what`);
	const zero = { injected: 0, repaired: 0, flagged: 0, silent: 0 };
	for (const type of Object.keys(FAULT_TYPES) as FaultType[]) {
		const r = faults.get(type) ?? zero;
		out.push(`${type.padEnd(18)} ${String(r.injected).padStart(9)} ${String(r.repaired).padStart(9)} ${String(r.flagged).padStart(9)} ${String(r.silent).padStart(7)}  ${FAULT_TYPES[type]}`);
	}
	out.push('', `reports holding a single fault (clean attribution):`);
	for (const type of Object.keys(FAULT_TYPES) as FaultType[]) {
		const r = alone.get(type) ?? zero;
		out.push(`${type.padEnd(18)} ${String(r.injected).padStart(9)} ${String(r.repaired).padStart(9)} ${String(r.flagged).padStart(9)} ${String(r.silent).padStart(7)}`);
	}
	out.push(`(${gen.documents - [...byReportFaults.values()].filter((n) => n > 0).length} reports had no fault at all)`);
	out.push('');
	out.push(`${'form / format'.padEnd(18)} ${'cells'.padStart(9)} ${'exact'.padStart(11)} ${'flagged'.padStart(9)} ${'silent'.padStart(7)}`);
	for (const [k, c] of [...byForm].sort()) {
		const n = c.exact + c.flagged + c.silent;
		out.push(`${k.padEnd(18)} ${String(n).padStart(9)} ${pct(c.exact, n).padStart(11)} ${String(c.flagged).padStart(9)} ${String(c.silent).padStart(7)}`);
	}
	if (byTrait.size) {
		out.push('', `${'layout trait'.padEnd(22)} ${'cells'.padStart(9)} ${'exact'.padStart(11)} ${'flagged'.padStart(9)} ${'silent'.padStart(7)}`);
		for (const [k, c] of [...byTrait].sort()) {
			const n = c.exact + c.flagged + c.silent;
			out.push(`${k.padEnd(22)} ${String(n).padStart(9)} ${pct(c.exact, n).padStart(11)} ${String(c.flagged).padStart(9)} ${String(c.silent).padStart(7)}`);
		}
	}
	if (wrongByMetric.size) {
		out.push('', 'wrong cells by metric group:');
		for (const [k, n] of [...wrongByMetric].sort((a, b) => b[1] - a[1]).slice(0, 15)) out.push(`  ${k.padEnd(50)} ${n}`);
	}
	if (silentExamples.length) out.push('', 'silent errors (first 12):', ...silentExamples.map((s) => `  ${s}`));
	const ok = cells.exact / total >= 0.995 && cells.silent === 0;
	out.push('', ok ? 'PASS: targets met' : 'FAIL: targets not met');
	process.stdout.write(out.join('\n') + '\n');
	// An accuracy regression should stop `npm run bench` (speed figures only print; accuracy is a contract).
	if (!ok) process.exitCode = 1;
} finally {
	if (!args.keep) await rm(dir, { recursive: true, force: true });
}
