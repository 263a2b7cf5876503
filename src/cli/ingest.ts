/** `nianbao ingest`: a progress bar while reading, then a summary of what was read and what failed. */
import { SingleBar, Presets } from 'cli-progress';
import { ingest } from '../node/ingest.ts';
import { parseArgs } from 'node:util';

export async function runIngest(argv: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			out: { type: 'string', short: 'o' },
			name: { type: 'string' },
			title: { type: 'string' },
			synthetic: { type: 'boolean' },
			quiet: { type: 'boolean', short: 'q' }
		}
	});
	if (positionals.length === 0 || !values.out) {
		process.stderr.write('usage: nianbao ingest <files or folders…> --out <folder> [--name <name>] [--title <title>]\n');
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
			synthetic: values.synthetic,
			onProgress: (done, total, file) => {
				if (values.quiet) return;
				if (!started) (bar.start(total, 0, { file }), (started = true));
				bar.update(done, { file: file.slice(-40) });
			}
		});
	} catch (e) {
		if (started) bar.stop();
		process.stderr.write(`nianbao ingest: ${(e as Error).message}\n`);
		return 1;
	}
	if (started) bar.stop();
	const ok = summary.files.filter((f) => f.status !== 'failed');
	const failed = summary.files.filter((f) => f.status === 'failed');
	const sec = ((performance.now() - t0) / 1000).toFixed(1);
	const lines = [
		`read ${ok.length} of ${summary.files.length} reports in ${sec} s → ${summary.out}`,
		`  by format: ${Object.entries(summary.byFormat).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
		`  partial (cut off or missing a table): ${ok.filter((f) => f.status === 'partial').length}`,
		`  values extracted: ${summary.facts}`,
		`  issues: ${['error', 'warning', 'info'].map((s) => `${summary.issuesBySeverity[s] ?? 0} ${s}`).join(', ')}`
	];
	if (failed.length) {
		lines.push(`  failed: ${failed.length}`);
		for (const f of failed) lines.push(`    ${f.file}: ${f.reason}`);
	}
	process.stdout.write(lines.join('\n') + '\n');
	return ok.length === 0 ? 1 : 0;
}
