/** `nianbao parse <file> [--json]`: one report's extraction, as stable JSON or a readable listing. */
import { basename } from 'node:path';
import { parseReport } from '../lib/parser/index.ts';
import { toReportJson } from '../lib/parser/json.ts';
import { readReportFile, ReadError } from '../node/read.ts';
import { stat } from 'node:fs/promises';
import { printable } from '../node/printable.ts';
import { parseCommand, shortUsage } from './args.ts';

export const PARSE_USAGE = `usage: nianbao parse <file> [--json]

  Prints what the parser reads from one report: organisation, year, format, every value with its flags,
  and the issues found. Exits 1 when the file is not a readable annual report.

  --json      one line of stable JSON instead of the listing
  --help, -h  this help
`;

export async function runParse(argv: string[]): Promise<number> {
	const parsed = parseCommand('parse', argv, { json: { type: 'boolean' } }, PARSE_USAGE);
	if (typeof parsed === 'number') return parsed;
	const { values, positionals } = parsed;
	if (positionals.length !== 1) {
		process.stderr.write(`nianbao parse: ${positionals.length ? 'one file at a time' : 'no file given'}\n${shortUsage(PARSE_USAGE)}\n`);
		return 2;
	}
	const file = positionals[0];
	const shown = printable(file);
	let decoded;
	try {
		// Only regular files are opened: a named pipe or a device would block the read forever.
		const s = await stat(file);
		if (!s.isFile()) throw new ReadError('not_a_file', s.isDirectory() ? 'is a folder (parse reads one file; use ingest for folders)' : 'is not a regular file (a pipe, socket or device); not opened');
		decoded = await readReportFile(file);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		const msg = e instanceof ReadError ? e.message : code === 'ENOENT' ? 'no such file' : code === 'ELOOP' ? 'a symbolic link loop' : (e as Error).message;
		process.stderr.write(`${shown}: ${printable(msg)}\n`);
		return 1;
	}
	const report = parseReport({ text: decoded.text, fileName: file, tokens: decoded.tokens, kind: decoded.kind });
	if (report.notAReport) {
		process.stderr.write(`${shown}: this does not look like a 政府信息公开工作年度报告 (no annual-report title together with a template table or a narrative figure)\n`);
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
	const out: string[] = [`${printable(basename(file))}: ${json.org ?? '?'} ${json.year ?? '?'} (format ${json.format ?? '?'}, ${decoded.encoding})`];
	for (const [id, v] of Object.entries(json.values)) {
		const f = json.flags[id];
		const inf = json.inferred[id];
		out.push(`  ${id.padEnd(52)} ${String(v ?? (inf !== undefined ? `(${inf})` : '—')).padStart(10)}${f ? '  [' + f.join(', ') + ']' : ''}`);
	}
	if (report.cells.size === 0) out.push('  warning: the title was found but no table cell or narrative figure could be read (ingest keeps this report as partial)');
	for (const i of json.issues) out.push(`  ${i.severity}: ${printable(i.message)}`);
	process.stdout.write(out.join('\n') + '\n');
	return 0;
}
