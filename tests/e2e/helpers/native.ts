/**
 * Native DuckDB on a shipped dataset, so a spec computes what the page should show instead of typing numbers
 * in: opened before the spec file's tests and closed after them. Read `.conn` inside tests and later hooks.
 */
import { test } from '@playwright/test';
import { loadDatasetNative, nodeConnector, type NativeConnector } from '../../../src/node/duckdb-connector.ts';

export function nativeDataset(dir = 'datasets/real'): { readonly conn: NativeConnector } {
	let conn: NativeConnector | undefined;
	test.beforeAll(async () => {
		conn = await nodeConnector();
		await loadDatasetNative(conn, dir);
	});
	test.afterAll(() => conn?.close());
	return {
		get conn() {
			if (!conn) throw new Error(`the dataset ${dir} is not open: read .conn inside a test or a later hook`);
			return conn;
		}
	};
}
