/**
 * The nianbao command line: `ingest` reads reports into a dataset, `parse` prints one report's extraction,
 * `synth` writes synthetic reports, `serve` answers read-only SQL over HTTP. Every command answers `--help`;
 * `nianbao --version` prints the version.
 */
import { cleanUpOnInterrupt } from '../node/out-folder.ts';
import { printable } from '../node/printable.ts';
import { version } from './args.ts';
import { SERVE_USAGE, SYNTH_USAGE } from './usage.ts';

const USAGE = `nianbao — 政府信息公开工作年度报告 → dataset

usage:
  nianbao ingest <files or folders…> --out <folder> [--name <name>] [--title <title>] [--no-files]
  nianbao parse <file> [--json]
${SYNTH_USAGE}${SERVE_USAGE}  nianbao <command> --help      help for one command
  nianbao --version             the version
`;

// Loaded on demand: `--help` and `--version` answer at once, without starting DuckDB or the parser.
const commands: Record<string, () => Promise<(args: string[]) => Promise<number>>> = {
	ingest: async () => (await import('./ingest.ts')).runIngest,
	parse: async () => (await import('./parse.ts')).runParse,
	synth: async () => (await import('./synth.ts')).runSynth,
	serve: async () => (await import('../node/serve-cli.ts')).runServe
};

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
	const load = Object.hasOwn(commands, cmd) ? commands[cmd] : undefined;
	if (!load) {
		const what = cmd.startsWith('-') ? 'unknown option' : 'unknown command';
		process.stderr.write(`nianbao: ${what} ${JSON.stringify(printable(cmd))}\n${USAGE}`);
		return 2;
	}
	return (await load())(args);
}

cleanUpOnInterrupt();
process.exitCode = await main(process.argv.slice(2));
