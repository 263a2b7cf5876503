/**
 * `nianbao serve <dataset dir> [--port N] [--host 127.0.0.1] …`: parses the options, starts the server
 * (src/node/serve.ts) and stops it cleanly on Ctrl-C / SIGTERM.
 */
import { parseCommand } from '../cli/args.ts';
import { LOOPBACK_HOST, SERVE_DEFAULTS, serve } from './serve.ts';

export const SERVE_USAGE = `  nianbao serve <dataset folder> [--port ${SERVE_DEFAULTS.port}] [--host ${SERVE_DEFAULTS.host}] [--cors <origin,…|*>]
               [--pool ${SERVE_DEFAULTS.pool}] [--queue ${SERVE_DEFAULTS.queue}] [--timeout ${SERVE_DEFAULTS.timeoutMs / 1000}] [--max-rows ${SERVE_DEFAULTS.maxRows}]
               [--max-download-rows ${SERVE_DEFAULTS.maxDownloadRows}] [--download-timeout ${SERVE_DEFAULTS.downloadTimeoutMs / 1000}] [--download-pool ${SERVE_DEFAULTS.downloadPool}]
               [--threads N] [--memory-limit 4GB] [--no-materialize]   (read-only SQL over HTTP, Arrow answers; see README)
`;

export async function runServe(argv: string[]): Promise<number> {
	const parsed = parseCommand(
		'serve',
		argv,
		{
			port: { type: 'string', short: 'p' },
			host: { type: 'string' },
			cors: { type: 'string' },
			pool: { type: 'string' },
			queue: { type: 'string' },
			timeout: { type: 'string' },
			'max-rows': { type: 'string' },
			'max-download-rows': { type: 'string' },
			'download-timeout': { type: 'string' },
			'download-pool': { type: 'string' },
			threads: { type: 'string' },
			'memory-limit': { type: 'string' },
			'no-materialize': { type: 'boolean' }
		},
		`usage:\n${SERVE_USAGE}\n  Answers read-only SQL over the dataset with native DuckDB (POST /query → Arrow IPC) and streams the Data view's downloads (GET /download?format=csv|parquet&province=…). --help, -h: this help.\n`
	);
	if (typeof parsed === 'number') return parsed;
	const { values, positionals } = parsed;
	const num = (name: string, s: string | undefined, min: number): number | undefined => {
		if (s === undefined) return undefined;
		const n = Number(s);
		if (!/^\d+(\.\d+)?$/.test(s) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${s}"`);
		return n;
	};
	try {
		if (positionals.length !== 1) throw new Error('give exactly one dataset folder');
		const host = values.host ?? SERVE_DEFAULTS.host;
		const timeout = num('timeout', values.timeout, 0.1);
		const downloadTimeout = num('download-timeout', values['download-timeout'], 1);
		const server = await serve({
			dir: positionals[0],
			host,
			port: num('port', values.port, 0),
			cors: values.cors?.split(',').map((s) => s.trim()).filter(Boolean),
			pool: num('pool', values.pool, 1),
			queue: num('queue', values.queue, 0),
			timeoutMs: timeout === undefined ? undefined : timeout * 1000,
			maxRows: num('max-rows', values['max-rows'], 1),
			maxDownloadRows: num('max-download-rows', values['max-download-rows'], 1),
			downloadTimeoutMs: downloadTimeout === undefined ? undefined : downloadTimeout * 1000,
			downloadPool: num('download-pool', values['download-pool'], 1),
			threads: num('threads', values.threads, 1),
			memoryLimit: values['memory-limit'],
			materialize: !values['no-materialize']
		});
		const m = server.manifest;
		process.stdout.write(`nianbao serve: ${m.name} (${(m.tables?.facts?.rows ?? 0).toLocaleString('en')} facts) at ${server.url} — POST /query, GET|POST /download, GET /health, GET /manifest\n`);
		if (!LOOPBACK_HOST.test(host)) process.stderr.write(`nianbao serve: listening on ${host}, not loopback: put it behind a reverse proxy with TLS (README)\n`);
		await new Promise<void>((res) => {
			const stop = () => res();
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		});
		await server.close();
		return 0;
	} catch (e) {
		process.stderr.write(`nianbao serve: ${(e as Error).message}\n`);
		return 1;
	}
}
