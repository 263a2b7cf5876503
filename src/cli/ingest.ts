/** `nianbao ingest`: a progress bar while reading, then a summary that accounts for every input. */
import { SingleBar, Presets } from 'cli-progress';
import { ingest } from '../node/ingest.ts';
import { OutputRefused } from '../node/out-folder.ts';
import { printable } from '../node/printable.ts';
import { parseCommand, shortUsage } from './args.ts';

export const INGEST_USAGE = `usage: nianbao ingest <files or folders…> --out <folder> [--name <name>] [--title <title>] [--title-en <title>] [--no-files] [--synthetic] [--quiet]

  Reads annual reports (PDF, Word .docx, HTML, text; folders recursively, with an optional manifest.csv
  per folder) into a dataset folder: Parquet + CSV tables, manifest.json, and files/ with the PDF of each
  report read from one (files/<sha256>.pdf, listed in the manifest), so the dashboard can draw the page
  a value came from.

  --out, -o <folder>  the dataset folder. It is created, or replaced only when it is empty or a dataset
                      nianbao wrote (its manifest.json and nothing else); any other folder, an existing
                      file, the current folder or a folder holding the inputs is refused. There is no
                      option to overwrite other files. The new dataset is built in <folder>.tmp-PID and
                      moved into place only when at least one report was read; <folder>.lock keeps two
                      runs apart.
  --name <name>       dataset name (default: the folder's name)
  --title <title>     dataset title shown in the dashboard (in Chinese)
  --title-en <title>  its English title, shown in the English interface (default: --title)
  --no-files          do not ship the report PDFs in files/ (a smaller dataset; the dashboard then shows
                      the text read instead of the page). --files (the default) ships them.
  --synthetic         mark the dataset as synthetic
  --quiet, -q         no progress bar
  --help, -h          this help
`;

export async function runIngest(argv: string[]): Promise<number> {
	const parsed = parseCommand('ingest', argv, {
		out: { type: 'string', short: 'o' },
		name: { type: 'string' },
		title: { type: 'string' },
		'title-en': { type: 'string' },
		synthetic: { type: 'boolean' },
		files: { type: 'boolean' },
		'no-files': { type: 'boolean' },
		quiet: { type: 'boolean', short: 'q' }
	}, INGEST_USAGE);
	if (typeof parsed === 'number') return parsed;
	const { values, positionals } = parsed;
	if (positionals.length === 0 || !values.out) {
		process.stderr.write(`nianbao ingest: ${positionals.length === 0 ? 'no input files or folders given' : '--out <folder> is required'}\n${shortUsage(INGEST_USAGE)}\n`);
		return 2;
	}
	if (values.files && values['no-files']) {
		process.stderr.write(`nianbao ingest: --files and --no-files contradict each other; give one\n${shortUsage(INGEST_USAGE)}\n`);
		return 2;
	}
	const bar = new SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
	let started = false;
	const t0 = performance.now();
	let summary;
	try {
		summary = await ingest(positionals, {
			out: values.out,
			name: values.name,
			title: values.title,
			titleEn: values['title-en'],
			synthetic: values.synthetic,
			files: !values['no-files'],
			onProgress: (done, total, file) => {
				if (values.quiet || !process.stderr.isTTY) return;
				if (!started) (bar.start(total, 0, { file }), (started = true));
				bar.update(done, { file: printable(file.slice(-40)) });
			}
		});
	} catch (e) {
		if (started) bar.stop();
		// A refused --out (OutputRefused, exit 2) or a missing input (exit 1): one line, nothing was touched.
		process.stderr.write(`nianbao ingest: ${printable((e as Error).message)}\n`);
		return e instanceof OutputRefused ? 2 : 1;
	}
	if (started) bar.stop();
	process.stdout.write(formatSummary(summary, (performance.now() - t0) / 1000) + '\n');
	return summary.written ? 0 : 1;
}

/** The summary: every input file appears in exactly one of read / failed / skipped / ignored. */
export function formatSummary(summary: Awaited<ReturnType<typeof ingest>>, seconds: number): string {
	const p = printable;
	const ok = summary.files.filter((f) => f.status !== 'failed');
	const partial = ok.filter((f) => f.status === 'partial');
	const failed = summary.files.filter((f) => f.status === 'failed');
	const total = summary.files.length + summary.skipped.length + summary.ignored;
	const lines = [
		`read ${ok.length} of ${summary.files.length} reports in ${seconds.toFixed(1)} s → ${summary.written ? p(summary.out) : 'nothing written'}`,
		`  inputs: ${total} entries = ${ok.length} read + ${failed.length} failed + ${summary.skipped.length} skipped + ${summary.ignored} ignored (manifest.csv, README, hidden files, other file types)`,
		`  by format: ${Object.entries(summary.byFormat).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
		`  partial (cut off or missing a table): ${partial.length}`
	];
	for (const f of partial) lines.push(`    ${p(f.file)}: ${p(f.reason ?? 'partial')}`);
	if (summary.written && (summary.shipped.files || summary.shipped.failed)) {
		const s = summary.shipped;
		lines.push(`  PDFs shipped in files/: ${s.files} (${(s.bytes / 2 ** 20).toFixed(1)} MB) for ${s.reports} reports${s.failed ? `; ${s.failed} not shipped (see the warnings)` : ''} — --no-files leaves them out`);
	}
	lines.push(`  values extracted: ${summary.facts}`, `  issues: ${['error', 'warning', 'info'].map((s) => `${summary.issuesBySeverity[s] ?? 0} ${s}`).join(', ')}`);
	if (failed.length) {
		lines.push(`  failed: ${failed.length}`);
		for (const f of failed) lines.push(`    ${p(f.file)}: ${p(f.reason ?? 'failed')}`);
	}
	if (summary.skipped.length) {
		lines.push(`  skipped (not read): ${summary.skipped.length}`);
		for (const s of summary.skipped) lines.push(`    ${p(s.path)}: ${p(s.reason)}`);
	}
	if (summary.problems.length) {
		lines.push(`  manifest.csv problems: ${summary.problems.length}`);
		for (const m of summary.problems) lines.push(`    ${m.severity}: ${p(m.message)}`);
	}
	if (!summary.written) {
		lines.push(`nothing written: no report could be read${summary.files.length ? '' : ' (no report files found)'}; ${p(summary.out)} was left as it was`);
	}
	return lines.join('\n');
}
