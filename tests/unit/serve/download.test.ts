/**
 * `nianbao serve`'s downloads give the researcher the file the browser would have given her. On the demo
 * dataset, for filters as the Data view writes them in its URL, the server's CSV (GET /download, through the
 * dashboard's `serverDownload`) is byte for byte the browser exporter's CSV (`exportCsv` fed Arrow batches of the
 * same query, as DuckDB-WASM streams them), and its Parquet reads back to the same rows and column types with
 * the citation in the footer. The SQL console's download holds the console's whole result. Row cap, time limit,
 * refused SQL and bad formats answer a JSON error before any byte, or cut the transfer — never a short file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, type RecordBatch } from 'apache-arrow';
import type { WasmConnector } from '../../../src/lib/db/wasm.ts';
import { RestConnector } from '../../../src/lib/db/rest.ts';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';
import { resultToIpc } from '../../../src/node/serve-arrow.ts';
import { serve, type RunningServer } from '../../../src/node/serve.ts';
import { exportCsv, exportParquet } from '../../../src/lib/export/exporter.ts';
import { DownloadCutError, serverDownload } from '../../../src/lib/export/server-download.ts';
import { citationMetadata, exportFileName } from '../../../src/lib/export/citation.ts';
import { toCsv } from '../../../src/lib/export/csv.ts';
import { countRows, filterOptions, readDataFilter } from '../../../src/lib/queries/data.ts';
import { runReadOnly } from '../../../src/lib/queries/sql-console.ts';
import { loadTowns, type Town } from '../../../src/lib/towns.ts';
import type { Param } from '../../../src/lib/db/connector.ts';

const DIR = 'datasets/demo';

/**
 * The browser's exporters need DuckDB-WASM's streaming statement: here native DuckDB answers the same SQL, turned
 * into Arrow record batches of 2,048 rows (DuckDB's vector size, what DuckDB-WASM streams).
 */
function arrowEngine(native: NativeConnector): WasmConnector {
	const conn = {
		async prepare(sql: string) {
			return {
				async send(...params: unknown[]) {
					const reader = await native.connection.runAndReadAll(sql, params as Param[] as never);
					const batches = tableFromIPC(resultToIpc(reader)).batches.flatMap((b) => {
						const out: RecordBatch[] = [];
						for (let i = 0; i < b.numRows; i += 2048) out.push(b.slice(i, i + 2048));
						return out;
					});
					return (async function* () {
						yield* batches;
					})();
				},
				async close() {}
			};
		},
		async close() {}
	};
	return { openConnection: async () => conn } as unknown as WasmConnector;
}

async function parquetRows(native: NativeConnector, bytes: Uint8Array, dir: string, name: string) {
	const file = join(dir, name);
	writeFileSync(file, bytes);
	const rows = await native.query(`SELECT * FROM read_parquet('${file}')`);
	const types = await native.query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`);
	const meta = Object.fromEntries(
		(await native.query<{ k: string; v: string }>(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${file}')`)).map((r) => [r.k, r.v])
	);
	return { rows, types, meta };
}

describe('downloads from nianbao serve equal the browser’s on demo', () => {
	let native: NativeConnector;
	let server: RunningServer;
	let towns: Town[];
	const tmp = mkdtempSync(join(tmpdir(), 'nianbao-download-'));

	beforeAll(async () => {
		native = await nodeConnector();
		await loadDatasetNative(native, DIR);
		server = await serve({ dir: DIR, port: 0, pool: 1, downloadPool: 1 });
		towns = await loadTowns(native);
	}, 120_000);
	afterAll(async () => {
		await server?.close();
		native?.close();
	});

	/** Filters as the Data view's URL holds them: a district and years, towns by key, tables and one metric. */
	const urls = () => {
		const t = towns.filter((x) => x.district === towns[0].district).slice(0, 2);
		return [
			new URLSearchParams({ district: towns[0].district!, from: '2021', to: '2023' }),
			new URLSearchParams({ towns: t.map((x) => x.key).join(','), tables: '三', metrics: 'n.proactive.items' }),
			new URLSearchParams({ tables: '二,四', from: '2025' }),
			new URLSearchParams({ district: '不存在区', tables: '二' })
		];
	};

	it('CSV: byte for byte the browser exporter’s file (BOM, header, CRLF), the rows the page counts, the file name', async () => {
		const options = await filterOptions(native);
		for (const p of urls()) {
			const f = readDataFilter(p, towns, options);
			const browser = new Uint8Array(await (await exportCsv(arrowEngine(native), f)).arrayBuffer());
			const got = await serverDownload(server.url, { format: 'csv', filter: p });
			const bytes = new Uint8Array(await got.blob.arrayBuffer());
			expect([...bytes.slice(0, 3)], p.toString()).toEqual([0xef, 0xbb, 0xbf]);
			expect(Buffer.from(bytes).equals(Buffer.from(browser)), p.toString()).toBe(true);
			expect(got.rows).toBe(await countRows(native, f));
			expect(got.fileName).toBe(exportFileName(server.manifest, 'facts', 'csv'));
		}
		// The district filter selected something, the unknown district was dropped (as on the page), not "nothing".
		expect((await serverDownload(server.url, { format: 'csv', filter: urls()[0] })).rows).toBeGreaterThan(1000);
		expect((await serverDownload(server.url, { format: 'csv', filter: urls()[3] })).rows).toBe(await countRows(native, readDataFilter(new URLSearchParams({ tables: '二' }), towns, options)));
	}, 120_000);

	it('Parquet: the browser exporter’s rows and column types, the page cited in the footer', async () => {
		const options = await filterOptions(native);
		const page = 'https://nianbao.example/data?server=/api&district=x&lang=en';
		for (const p of urls().slice(0, 3)) {
			const f = readDataFilter(p, towns, options);
			const meta = citationMetadata(server.manifest, page, new Date(), 'en');
			const browser = new Uint8Array(await (await exportParquet(arrowEngine(native), f, meta)).arrayBuffer());
			const got = await serverDownload(server.url, { format: 'parquet', filter: p, page, lang: 'en' });
			expect(got.fileName).toBe(exportFileName(server.manifest, 'facts', 'parquet'));
			const a = await parquetRows(native, browser, tmp, 'browser.parquet');
			const b = await parquetRows(native, new Uint8Array(await got.blob.arrayBuffer()), tmp, 'server.parquet');
			expect(b.rows.length).toBe(got.rows);
			expect(b.rows).toEqual(a.rows);
			expect(b.types).toEqual(a.types);
			expect(b.meta['nianbao.url']).toBe(page);
			expect(b.meta['nianbao.citation']).toBe(a.meta['nianbao.citation']);
		}
	}, 120_000);

	it('a filter too long for a URL goes as a POST and gives the same file', async () => {
		const p = new URLSearchParams({ towns: towns.map((t) => t.key).join(','), from: '2024', to: '2024', tables: '二' });
		expect(`${server.url}/download?${p}`.length).toBeGreaterThan(6000);
		const got = await serverDownload(server.url, { format: 'csv', filter: p });
		const f = readDataFilter(p, towns, await filterOptions(native));
		expect(f.towns.length).toBeGreaterThan(100);
		const browser = new Uint8Array(await (await exportCsv(arrowEngine(native), f)).arrayBuffer());
		expect(Buffer.from(await got.blob.arrayBuffer()).equals(Buffer.from(browser))).toBe(true);
	}, 60_000);

	it('the SQL console’s download is its whole result, as the console’s CSV would write it', async () => {
		const sql = "SELECT district, year, count(*) AS reports, sum(n_values) / 3 AS third, any_value(format) = '2021' AS new_template FROM reports GROUP BY ALL ORDER BY ALL";
		const shown = await runReadOnly(new RestConnector({ url: server.url }), sql, 100_000);
		if (!shown.ok) throw new Error(shown.problem.message);
		const got = await serverDownload(server.url, { format: 'csv', sql });
		// Bytes, BOM included (Blob.text() would drop it).
		expect(Buffer.from(await got.blob.arrayBuffer()).toString('utf8')).toBe(toCsv(shown.result.rows, shown.result.columns));
		expect(got.fileName).toBe(exportFileName(server.manifest, 'sql', 'csv'));
		// More rows than the console shows (its 10,000-row page): the download has them all.
		const big = await serverDownload(server.url, { format: 'csv', sql: "SELECT report_id, metric, value FROM facts WHERE metric LIKE 't3.%' ORDER BY ALL" });
		const [{ n }] = await native.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM facts WHERE metric LIKE 't3.%'");
		expect(n).toBeGreaterThan(10_000);
		expect((await big.blob.text()).split('\r\n').length - 2).toBe(n);
	}, 60_000);

	it('refuses what it must before any byte: write SQL, a bad format, over the row cap', async () => {
		await expect(serverDownload(server.url, { format: 'csv', sql: "COPY facts TO '/tmp/x.csv'" })).rejects.toMatchObject({ status: 403, code: 'refused' });
		await expect(serverDownload(server.url, { format: 'csv', sql: 'SELECT nope FROM facts' })).rejects.toMatchObject({ status: 400, code: 'sql' });
		const res = await fetch(`${server.url}/download?format=xlsx`);
		expect(res.status).toBe(400);
		expect((await res.json()).error.code).toBe('bad_request');
		const capped = await serve({ dir: DIR, port: 0, pool: 1, maxDownloadRows: 1000, materialize: false });
		try {
			const err = await serverDownload(capped.url, { format: 'parquet', filter: new URLSearchParams() }).catch((e) => e);
			expect(err).toMatchObject({ status: 422, code: 'row_cap' });
			expect(err.message).toContain('233,262');
			// Within the cap it downloads.
			const one = towns[0];
			const ok = await serverDownload(capped.url, { format: 'csv', filter: new URLSearchParams({ towns: one.key, from: '2020', to: '2020' }) });
			expect(ok.rows).toBeGreaterThan(0);
			expect(ok.rows).toBeLessThanOrEqual(1000);
		} finally {
			await capped.close();
		}
	}, 120_000);

	it('a download past its time limit is stopped: a JSON error or a broken-off transfer, never a complete-looking file', async () => {
		const slow = await serve({ dir: DIR, port: 0, pool: 1, downloadTimeoutMs: 1, materialize: false });
		try {
			for (const format of ['csv', 'parquet'] as const) {
				const err = await serverDownload(slow.url, { format, filter: new URLSearchParams() }).catch((e) => e);
				expect(err instanceof DownloadCutError || err?.code === 'timeout', String(err)).toBe(true);
			}
			// The server is still there and answers the next request.
			expect((await fetch(`${slow.url}/health`)).ok).toBe(true);
		} finally {
			await slow.close();
		}
	}, 120_000);
});
