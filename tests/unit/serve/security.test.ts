/**
 * `nianbao serve` runs read-only queries and nothing else: each refusal below is what a client gets for a
 * statement that would change, read beyond or reconfigure the database, and the limits (time, rows, queue,
 * body) answer with a clear JSON error instead of hanging or exhausting the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestConnector, RestQueryError } from '../../../src/lib/db/rest.ts';
import { serve, type RunningServer } from '../../../src/node/serve.ts';

const DIR = 'datasets/real';

async function post(url: string, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
	const res = await fetch(`${url}/query`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
	const text = res.headers.get('content-type')?.startsWith('application/json') ? await res.text() : '';
	return { status: res.status, headers: res.headers, error: text ? (JSON.parse(text).error as { code: string; message: string }) : null };
}

describe('nianbao serve refuses what is not one read-only query', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await serve({ dir: DIR, port: 0, pool: 1 });
	});
	afterAll(() => server?.close());

	const refused: [string, string][] = [
		['INSTALL', 'INSTALL httpfs'],
		['LOAD', 'LOAD httpfs'],
		['ATTACH', "ATTACH '/tmp/other.duckdb' AS other"],
		['COPY', "COPY facts TO '/tmp/facts.csv'"],
		['PRAGMA', 'PRAGMA database_list'],
		['SET', 'SET enable_external_access = true'],
		['EXPORT', "EXPORT DATABASE '/tmp/nianbao-export'"],
		['IMPORT', "IMPORT DATABASE '/tmp/nianbao-export'"],
		['CREATE', 'CREATE TABLE x AS SELECT 1'],
		['INSERT', 'INSERT INTO facts SELECT * FROM facts LIMIT 1'],
		['UPDATE', 'UPDATE facts SET value = 0'],
		['DELETE', 'DELETE FROM facts'],
		['DROP', 'DROP TABLE facts'],
		['CALL', 'CALL pragma_version()']
	];
	for (const [kw, sql] of refused) {
		it(`refuses ${kw} with 403 and says so`, async () => {
			const r = await post(server.url, { sql });
			expect(r.status).toBe(403);
			expect(r.error?.code).toBe('refused');
			expect(r.error?.message).toContain(kw);
		});
	}

	it('refuses a statement hidden behind a query keyword (DuckDB decides the statement type)', async () => {
		const r = await post(server.url, { sql: 'WITH x AS (SELECT 1) INSERT INTO reports SELECT * FROM reports' });
		expect(r.status).toBe(403);
		expect(r.error?.message).toMatch(/INSERT statements are not allowed/);
		const e = await post(server.url, { sql: '/* harmless */ (EXPLAIN SELECT 1)' });
		expect(e.status).toBeGreaterThanOrEqual(400);
	});

	it('refuses two statements, even when the second hides after a comment or string', async () => {
		for (const sql of ['SELECT 1; DROP TABLE facts', "SELECT ';' AS s; SELECT 2", 'SELECT 1 -- x\n; SELECT 2']) {
			const r = await post(server.url, { sql });
			expect(r.status, sql).toBe(400);
			expect(r.error?.code).toBe('multiple');
		}
		// A semicolon inside a string is not a second statement.
		const ok = await new RestConnector({ url: server.url }).query("SELECT ';' AS s");
		expect(ok).toEqual([{ s: ';' }]);
	});

	it('reads no file and no URL: table functions on paths are refused by the locked database', async () => {
		for (const sql of ["SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_parquet('datasets/demo/facts.parquet')", "SELECT * FROM glob('/etc/*')", "SELECT * FROM read_json('http://example.org/x.json')"]) {
			const r = await post(server.url, { sql });
			expect(r.status, sql).toBe(403);
			expect(r.error?.message).toMatch(/disabled by configuration|external access/i);
		}
		const rest = new RestConnector({ url: server.url });
		const [s] = await rest.query("SELECT current_setting('enable_external_access') AS ext, current_setting('lock_configuration') AS locked");
		expect(s).toEqual({ ext: false, locked: true });
	});

	it('binds parameters as values: a quote in a parameter is data, never SQL', async () => {
		const rest = new RestConnector({ url: server.url });
		const evil = "x'; DROP TABLE facts; --";
		expect(await rest.query('SELECT ? AS v, count(*)::INTEGER AS n FROM reports WHERE org = ?', [evil, evil])).toEqual([{ v: evil, n: 0 }]);
		expect((await rest.query<{ n: number }>('SELECT count(*) AS n FROM facts'))[0].n).toBeGreaterThan(0);
		const wrong = await post(server.url, { sql: 'SELECT ? AS a, ? AS b', params: [1] });
		expect(wrong.status).toBe(400);
		expect(wrong.error?.message).toMatch(/2 parameters but 1 value/);
		const bad = await post(server.url, { sql: 'SELECT ?', params: [{ a: 1 }] });
		expect(bad.error?.code).toBe('bad_request');
	});

	it('answers a SQL mistake with DuckDB’s message and position as JSON, and the connector throws it', async () => {
		const r = await post(server.url, { sql: 'SELECT no_such_column FROM facts' });
		expect(r.status).toBe(400);
		expect(r.error?.code).toBe('sql');
		expect(r.error?.message).toMatch(/no_such_column/);
		await expect(new RestConnector({ url: server.url }).query('SELECT * FROM no_such_table')).rejects.toThrow(RestQueryError);
		expect((await post(server.url, 'not json')).error?.code).toBe('bad_request');
		expect((await post(server.url, { sql: 'SELECT 1' }, { 'Content-Type': 'text/plain' })).status).toBe(415);
		expect((await post(server.url, { sql: `SELECT '${'x'.repeat(1_100_000)}'` })).status).toBe(413);
		expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
	});

	it('sends no CORS headers unless an origin is configured', async () => {
		const res = await fetch(`${server.url}/query`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Origin: 'https://elsewhere.example' },
			body: JSON.stringify({ sql: 'SELECT 1' })
		});
		expect(res.headers.get('access-control-allow-origin')).toBeNull();
		const pre = await fetch(`${server.url}/query`, { method: 'OPTIONS', headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' } });
		expect(pre.status).toBe(403);
	});
});

describe('nianbao serve limits', () => {
	it('stops a query at the time limit (504) and then serves the next one on the same connection', async () => {
		const server = await serve({ dir: DIR, port: 0, pool: 1, timeoutMs: 400 });
		try {
			const t0 = performance.now();
			const r = await post(server.url, { sql: 'SELECT count(*) FROM range(1000000000000)' });
			expect(r.status).toBe(504);
			expect(r.error?.code).toBe('timeout');
			expect(performance.now() - t0).toBeLessThan(10_000);
			expect(await new RestConnector({ url: server.url }).query('SELECT 42 AS x')).toEqual([{ x: 42 }]);
		} finally {
			await server.close();
		}
	});

	it('refuses a result over the row cap (422) instead of sending it', async () => {
		const server = await serve({ dir: DIR, port: 0, maxRows: 100 });
		try {
			const rest = new RestConnector({ url: server.url });
			expect(await rest.query('SELECT * FROM range(100)')).toHaveLength(100);
			const r = await post(server.url, { sql: 'SELECT * FROM range(101)' });
			expect(r.status).toBe(422);
			expect(r.error?.code).toBe('row_cap');
			expect(r.error?.message).toMatch(/more than 100 rows/);
		} finally {
			await server.close();
		}
	});

	it('answers 503 with Retry-After at once when every connection is busy and the queue is full', async () => {
		const server = await serve({ dir: DIR, port: 0, pool: 1, queue: 1, timeoutMs: 1500 });
		try {
			const slow = 'SELECT count(*) FROM range(1000000000000)';
			const first = post(server.url, { sql: slow });
			await new Promise((r) => setTimeout(r, 150));
			const second = post(server.url, { sql: slow });
			await new Promise((r) => setTimeout(r, 150));
			const third = await post(server.url, { sql: 'SELECT 1' });
			expect(third.status).toBe(503);
			expect(third.error?.code).toBe('busy');
			expect(third.headers.get('retry-after')).toBe('1');
			expect((await first).status).toBe(504);
			expect((await second).status).toBe(504);
			expect(server.stats().rejected).toBe(1);
		} finally {
			await server.close();
		}
	});

	it('sends CORS headers to configured origins only, and answers their preflight', async () => {
		const server = await serve({ dir: DIR, port: 0, cors: ['https://portal.example'] });
		try {
			const pre = await fetch(`${server.url}/query`, { method: 'OPTIONS', headers: { Origin: 'https://portal.example', 'Access-Control-Request-Method': 'POST' } });
			expect(pre.status).toBe(204);
			expect(pre.headers.get('access-control-allow-origin')).toBe('https://portal.example');
			const other = await fetch(`${server.url}/health`, { headers: { Origin: 'https://other.example' } });
			expect(other.headers.get('access-control-allow-origin')).toBeNull();
		} finally {
			await server.close();
		}
	});

	it('listens on loopback unless told otherwise, and answers only requests addressed to loopback', async () => {
		const server = await serve({ dir: DIR, port: 0 });
		try {
			expect(new URL(server.url).hostname).toBe('127.0.0.1');
			// A rebound DNS name (evil.example → 127.0.0.1) arrives with its own Host header.
			const { request } = await import('node:http');
			const status = await new Promise<number>((res, rej) => {
				const r = request(`${server.url}/health`, { headers: { Host: 'evil.example' } }, (resp) => {
					resp.resume();
					res(resp.statusCode ?? 0);
				});
				r.on('error', rej);
				r.end();
			});
			expect(status).toBe(403);
			expect((await fetch(`${server.url.replace('127.0.0.1', 'localhost')}/health`)).status).toBe(200);
			const health = await (await fetch(`${server.url}/health`)).json();
			expect(health).toMatchObject({ ok: true, dataset: 'real' });
		} finally {
			await server.close();
		}
	});
});
