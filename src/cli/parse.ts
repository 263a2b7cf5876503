/** `nianbao parse <file> [--json]`: one report's extraction, as stable JSON or a readable listing. */
import { basename } from 'node:path';
import { parseReport } from '../lib/parser/index.ts';
import { toReportJson } from '../lib/parser/json.ts';
import { readReportFile, ReadError } from '../node/read.ts';
import { parseArgs } from 'node:util';

export async function runParse(argv: string[]): Promise<number> {
	const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
	if (positionals.length !== 1) {
		process.stderr.write('usage: nianbao parse <file> [--json]\n');
		return 2;
	}
	const file = positionals[0];
	let decoded;
	try {
		decoded = await readReportFile(file);
	} catch (e) {
		const msg = e instanceof ReadError ? e.message : (e as Error).message;
		process.stderr.write(`${file}: ${msg}\n`);
		return 1;
	}
	const report = parseReport({ text: decoded.text, fileName: file, tokens: decoded.tokens, kind: decoded.kind });
	if (report.notAReport) {
		process.stderr.write(`${file}: this does not look like a 政府信息公开工作年度报告 (no title, tables or figures found)\n`);
		return 1;
	}
	const json = toReportJson(report);
	for (const w of decoded.warnings) json.issues.unshift({ subject: 'document', severity: 'warning', code: /^scanned/.test(w) ? 'scanned' : decoded.fileType === 'pdf' ? 'pdf_reader' : 'encoding', message: w });
	for (const e of decoded.errors ?? []) json.issues.unshift({ subject: 'document', severity: 'error', code: 'pdf_unruled', message: e });
	if (values.json) {
		// PDF values also say where they are printed: page and box [x0, y0, x1, y1] in PDF user space.
		const pages = Object.fromEntries([...report.cells.values()].filter((c) => c.page !== undefined).map((c) => [c.metric, { page: c.page, box: c.box }]));
		process.stdout.write(JSON.stringify(Object.keys(pages).length ? { ...json, pages } : json) + '\n');
		return 0;
	}
	const out: string[] = [`${basename(file)}: ${json.org ?? '?'} ${json.year ?? '?'} (format ${json.format ?? '?'}, ${decoded.encoding})`];
	for (const [id, v] of Object.entries(json.values)) {
		const f = json.flags[id];
		const inf = json.inferred[id];
		out.push(`  ${id.padEnd(52)} ${String(v ?? (inf !== undefined ? `(${inf})` : '—')).padStart(10)}${f ? '  [' + f.join(', ') + ']' : ''}`);
	}
	for (const i of json.issues) out.push(`  ${i.severity}: ${i.message}`);
	process.stdout.write(out.join('\n') + '\n');
	return 0;
}
