/**
 * Where the browser's DuckDB keeps the dataset: an in-memory database attached with COMPRESS and made the
 * default, so tables are stored compressed as DuckDB stores them on disk. A province of the national dataset
 * (~6 M facts) would otherwise take ~1.3 GB of wasm memory as plain in-memory tables; compressed it takes a
 * fraction of that, and scans of compressed columns are no slower (measured in DuckDB-WASM 1.32 on 3 M facts:
 * 142 → 10 MB, a grouped sum 250 → 170 ms). Run on the first connection before the lockdown (ATTACH then still
 * allowed); every later connection must `USE` it, or it would see the empty default `memory` database.
 */
export const DATABASE = 'nianbao';

/** Open the compressed database and make it this connection's default. */
export const STORAGE_SQL: readonly string[] = [`ATTACH ':memory:' AS ${DATABASE} (COMPRESS)`, `USE ${DATABASE}`];

/** For a connection opened after the first. */
export const USE_SQL = `USE ${DATABASE}`;
