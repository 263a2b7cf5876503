import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LOCKDOWN_SQL } from '../../../src/lib/db/lockdown.ts';

/**
 * The lockdown statements the browser runs before any dataset, checked against native DuckDB: after them no
 * file outside the loaders' folder and no URL can be read, and no setting can be changed back.
 */
describe('DuckDB lockdown', () => {
	let conn: DuckDBConnection;
	let dir: string;
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'nianbao-lock-'));
		writeFileSync(join(dir, 'secret.csv'), 'a\n1\n');
		conn = await (await DuckDBInstance.create(':memory:')).connect();
		for (const sql of LOCKDOWN_SQL) await conn.run(sql);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	for (const sql of [
		"select * from read_csv('http://example.com/a.csv')",
		"from 'https://example.com/a.csv'",
		"select * from read_text('http://example.com/')",
		'select * from read_csv(?)',
		"select * from glob('*')"
	]) {
		it(`refuses: ${sql}`, async () => {
			await expect(conn.run(sql.replace('?', `'${join(dir, 'secret.csv')}'`))).rejects.toThrow(/Permission Error|disabled by configuration/);
		});
	}

	it('cannot be undone: every SET fails', async () => {
		await expect(conn.run('SET enable_external_access = true')).rejects.toThrow(/locked/);
		await expect(conn.run('SET autoload_known_extensions = true')).rejects.toThrow(/locked/);
		await expect(conn.run('RESET lock_configuration')).rejects.toThrow();
	});

	it('still answers queries on tables', async () => {
		const r = await conn.runAndReadAll('select 6 * 7 as x');
		expect(r.getRowObjects()[0].x).toBe(42);
	});
});
