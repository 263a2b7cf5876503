/**
 * The nianbao command line: `ingest` reads reports into a dataset, `parse` prints one report's extraction.
 * Usage: nianbao ingest <files or folders…> --out datasets/<name> [--name N] [--title T]
 *        nianbao parse <file> [--json]
 *        nianbao synth --out <folder> [--city 宁波市] (synthetic reports with ground truth; see src/cli/synth.ts)
 *        nianbao serve <dataset folder> [--port N] (read-only SQL over HTTP; see src/node/serve.ts)
 */
import { runIngest } from './ingest.ts';
import { runParse } from './parse.ts';
import { runSynth, SYNTH_USAGE } from './synth.ts';
import { runServe, SERVE_USAGE } from '../node/serve-cli.ts';

const USAGE = `nianbao — 政府信息公开工作年度报告 → dataset

  nianbao ingest <files or folders…> --out <folder> [--name <name>] [--title <title>]
  nianbao parse <file> [--json]
${SYNTH_USAGE}${SERVE_USAGE}`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
	ingest: runIngest,
	parse: runParse,
	synth: runSynth,
	serve: runServe
};

const [cmd, ...args] = process.argv.slice(2);
const run = cmd ? commands[cmd] : undefined;
if (!run) {
	process.stderr.write(USAGE);
	process.exit(cmd === undefined || cmd === '--help' || cmd === '-h' ? 0 : 2);
}
process.exitCode = await run(args);
