/**
 * Option parsing shared by the commands: `--help`/`-h` prints the command's usage (exit 0); an unknown
 * option, a missing value or a stray argument is a one-line error followed by the usage (exit 2) — never a
 * Node stack trace.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed<O extends Options> = { values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] };

/** Parses `argv` for `cmd`; returns the parsed values, or the exit code after printing help or the error. */
export function parseCommand<O extends Options>(cmd: string, argv: string[], options: O, usage: string, positionals = true): Parsed<O> | number {
	if (argv.includes('--version')) {
		process.stdout.write(version() + '\n');
		return 0;
	}
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(usage.endsWith('\n') ? usage : usage + '\n');
		return 0;
	}
	try {
		const r = parseArgs({ args: argv, allowPositionals: positionals, strict: true, options });
		return r as unknown as Parsed<O>;
	} catch (e) {
		// Node's messages name the option (ERR_PARSE_ARGS_UNKNOWN_OPTION …); keep their first line only.
		const msg = (e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
		process.stderr.write(`nianbao ${cmd}: ${msg}\n${shortUsage(usage)}\n(nianbao ${cmd} --help for details)\n`);
		return 2;
	}
}

/** The usage lines up to the first blank line: what an error message repeats. */
export function shortUsage(usage: string): string {
	return usage.split(/\n\s*\n/)[0].trimEnd();
}

/** `nianbao 0.1.0 (node v22.…)`: the package version and the Node that runs it. */
export function version(): string {
	const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
	return `nianbao ${pkg.version} (node ${process.version})`;
}
