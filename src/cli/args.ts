/** Tiny argument splitter for the CLI: positional arguments and `--flag value` / `--flag` options. */
import { parseArgs } from 'node:util';

export function splitArgs(args: string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>) {
	return parseArgs({ args, options, allowPositionals: true, strict: true });
}
