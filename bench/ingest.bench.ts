/**
 * Ingest benchmark: the real corpus repeated to ≥ 10,000 reports. Measures the parser alone on one core
 * (text and HTML separately) and the whole ingest (files on disk → decode → parse → DuckDB → Parquet/CSV),
 * and prints reports/second and peak memory against the target of 1,000 reports/second. Then PDF and DOCX:
 * the committed office fixtures (tests/fixtures/office) read and parsed over and over, as reports/second per
 * core from CPU time (the machine may be shared) against the PDF target of 20 reports/second per core, and on how
 * many pages the text layer was rebuilt from the operator list (one pass per page; pdf-text.ts).
 * Usage: npm run bench:ingest [-- --reports 10000 --office 150 --office-only] (--office-only: the office formats alone)
 */
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReport } from '../src/lib/parser/index.ts';
import { ingest } from '../src/node/ingest.ts';
import { readPdf } from '../src/lib/readers/pdf.ts';
import { PDF_READING, readReportBytes } from '../src/node/read.ts';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '10000' }, office: { type: 'string', default: '150' }, 'office-only': { type: 'boolean', default: false } } });
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

if (!values['office-only']) {
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
	}
	sample();
	console.log(`peak memory (RSS): ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
}

// Office formats: read (PDF.js / mammoth) + parse, per file type, on one core.
const OFFICE_TARGET = 20;
const officeDir = new URL('../tests/fixtures/office/', import.meta.url).pathname;
const officeFiles = (await readdir(officeDir)).filter((f) => /\.(pdf|docx)$/.test(f)).sort();
const M = Math.max(10, Number(values.office));
// CPU time is inflated when other processes share the cores: the load average says how much to trust it.
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`office formats: ${M} reads each, reports/s per core from CPU time; load average ${load()} on this machine`);
for (const [label, test] of [
	['PDF (LibreOffice export)', (f: string) => f.endsWith('.writer.pdf')],
	['PDF (Chromium print)', (f: string) => f.endsWith('.chromium.pdf')],
	['PDF (WPS/Word-style)', (f: string) => f.endsWith('.office.pdf')],
	['DOCX (mammoth → HTML)', (f: string) => f.endsWith('.docx')]
] as const) {
	const pool = await Promise.all(officeFiles.filter(test).map(async (f) => new Uint8Array(await readFile(join(officeDir, f)))));
	if (pool.length === 0) continue;
	// CPU of the reader alone (PDF.js / mammoth and the geometry), besides the total with the parser.
	let readCpu = 0;
	const one = async (i: number) => {
		const r0 = process.cpuUsage();
		const d = await readReportBytes(pool[i % pool.length]);
		const r = process.cpuUsage(r0);
		readCpu += r.user + r.system;
		return parseReport({ text: d.text, fileName: 'bench', tokens: d.tokens, kind: d.kind }).cells.size;
	};
	// Warm-up: a batch reads thousands of files, so the figure is the steady state, after the JIT has compiled the
	// reader's hot paths (with 5 warm-up reads of 60, the first format measured read ~25 % slower).
	for (let i = 0; i < 20; i++) await one(i);
	peakRss = 0;
	readCpu = 0;
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	let cells = 0;
	for (let i = 0; i < M; i++) cells += await one(i);
	const wall = (performance.now() - t0) / 1000;
	const cu = process.cpuUsage(c0);
	const cpu = (cu.user + cu.system) / 1e6;
	sample();
	const perCore = M / cpu;
	// Where each page's text came from: rebuilt from the operator list (one pass) or PDF.js's getTextContent.
	let textFrom = '';
	if (label.startsWith('PDF')) {
		const counts = { ops: 0, pdfjs: 0 };
		for (const d of pool) await readPdf(d, PDF_READING.lib, PDF_READING.options, { counts });
		textFrom = `  text in one pass on ${counts.ops} of ${counts.ops + counts.pdfjs} pages`;
	}
	console.log(
		`${label.padEnd(26)} ${String(M).padStart(5)} reports  ${(M / wall).toFixed(1).padStart(6)} reports/s wall  ${perCore.toFixed(1).padStart(6)} reports/s per core (CPU)  ×${(perCore / OFFICE_TARGET).toFixed(2)} of ${OFFICE_TARGET}/s  ${(cells / M).toFixed(0)} values/report  ${((cpu * 1000) / M).toFixed(0)} ms CPU/report (read ${(readCpu / 1000 / M).toFixed(0)})  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB${textFrom}`
	);
}
console.log(`load average at the end: ${load()}`);
clearInterval(timer);
