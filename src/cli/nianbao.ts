/**
 * The nianbao command line: `ingest` reads reports into a dataset, `parse` prints one report's extraction,
 * `synth` writes synthetic reports, `serve` answers read-only SQL over HTTP. Every command answers `--help`;
 * `nianbao --version` prints the version.
 */
import { readFileSync } from 'node:fs';
import { cleanUpOnInterrupt } from '../node/out-folder.ts';
import { printable } from '../node/printable.ts';
import { runIngest } from './ingest.ts';
import { runParse } from './parse.ts';
import { runSynth, SYNTH_USAGE } from './synth.ts';
import { runServe, SERVE_USAGE } from '../node/serve-cli.ts';

const USAGE = `nianbao — 政府信息公开工作年度报告 → dataset

usage:
  nianbao ingest <files or folders…> --out <folder> [--name <name>] [--title <title>]
  nianbao parse <file> [--json]
${SYNTH_USAGE}${SERVE_USAGE}  nianbao <command> --help      help for one command
  nianbao --version             the version
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
	ingest: runIngest,
	parse: runParse,
	synth: runSynth,
	serve: runServe
};

function version(): string {
	const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
	return `nianbao ${pkg.version} (node ${process.version})`;
}

async function main(argv: string[]): Promise<number> {
	const [cmd, ...args] = argv;
	if (cmd === undefined) {
		process.stderr.write(USAGE);
		return 2;
	}
	if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
		process.stdout.write(USAGE);
		return 0;
	}
	if (cmd === '--version' || cmd === '-v' || cmd === '-V') {
		process.stdout.write(version() + '\n');
		return 0;
	}
	const run = commands[cmd];
	if (!run) {
		const what = cmd.startsWith('-') ? 'unknown option' : 'unknown command';
		process.stderr.write(`nianbao: ${what} ${JSON.stringify(printable(cmd))}\n${USAGE}`);
		return 2;
	}
	return run(args);
}

cleanUpOnInterrupt();
process.exitCode = await main(process.argv.slice(2));
