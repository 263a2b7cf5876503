/**
 * Ingest benchmark: the real corpus repeated to ≥ 10,000 reports. Measures the parser alone on one core
 * (text and HTML separately) and the whole ingest (files on disk → decode → parse → DuckDB → Parquet/CSV),
 * and prints reports/second and peak memory against the target of 1,000 reports/second.
 * Usage: npm run bench:ingest [-- --reports 10000]
 */
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReport } from '../src/lib/parser/index.ts';
import { ingest } from '../src/node/ingest.ts';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '10000' } } });
const N = Math.max(10_000, Number(values.reports));
const TARGET = 1000;
const corpusDir = new URL('../datasets/sources/real/', import.meta.url).pathname;
const files = (await readdir(corpusDir)).filter((f) => /\.(txt|html)$/.test(f)).sort();
const docs = await Promise.all(files.map(async (f) => ({ f, text: await readFile(join(corpusDir, f), 'utf8') })));

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

function parseRun(kind: 'text' | 'html'): { n: number; sec: number; cells: number } {
	const pool = docs.filter((d) => (kind === 'html' ? d.f.endsWith('.html') : d.f.endsWith('.txt')));
	// Warm up the JIT, then time N parses.
	for (let i = 0; i < 200; i++) parseReport({ text: pool[i % pool.length].text, fileName: pool[i % pool.length].f });
	let cells = 0;
	const t0 = performance.now();
	for (let i = 0; i < N; i++) {
		const d = pool[i % pool.length];
		cells += parseReport({ text: d.text, fileName: d.f }).cells.size;
	}
	return { n: N, sec: (performance.now() - t0) / 1000, cells };
}

const row = (label: string, n: number, sec: number, extra = '') =>
	`${label.padEnd(34)} ${String(n).padStart(6)} reports ${sec.toFixed(2).padStart(7)} s ${(n / sec).toFixed(0).padStart(7)} reports/s  ×${(n / sec / TARGET).toFixed(1)} target${extra}`;

console.log(`nianbao ingest benchmark — corpus of ${docs.length} real reports repeated to ${N} (target ${TARGET} reports/s on one core)`);
const text = parseRun('text');
console.log(row('parse, flattened text', text.n, text.sec, `  ${(text.cells / text.n).toFixed(0)} values/report`));
const html = parseRun('html');
console.log(row('parse, HTML', html.n, html.sec, `  ${(html.cells / html.n).toFixed(0)} values/report`));

// Whole pipeline from files on disk to a written dataset.
const dir = await mkdtemp(join(tmpdir(), 'nianbao-bench-'));
try {
	const src = join(dir, 'in');
	await mkdir(src);
	// Each copy stands for its own organisation (a sidecar row), so ingest keeps every copy instead of
	// dropping second reports of the same organisation and year as duplicates.
	const rows = ['file,org'];
	for (let i = 0; i < N; i++) {
		const d = docs[i % docs.length];
		const name = `${String(i).padStart(5, '0')}-${d.f}`;
		await writeFile(join(src, name), d.text);
		rows.push(`${name},bench-org-${i}`);
	}
	await writeFile(join(src, 'manifest.csv'), rows.join('\n') + '\n');
	const t0 = performance.now();
	const summary = await ingest([src], { out: join(dir, 'out'), name: 'bench' });
	const sec = (performance.now() - t0) / 1000;
	console.log(row('ingest files → DuckDB → Parquet/CSV', summary.files.length, sec, `  ${summary.facts} facts`));
} finally {
	await rm(dir, { recursive: true, force: true });
	clearInterval(timer);
}
sample();
console.log(`peak memory (RSS): ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
