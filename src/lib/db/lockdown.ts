/**
 * What DuckDB (in the browser) may reach: nothing but the buffers the app registers itself. A query can arrive
 * in a shared link (`/data?sql=…`), so the database is locked down before any dataset or query — see
 * LOCKDOWN_SQL. Kept apart from wasm.ts so the same statements are tested against native DuckDB.
 */

/**
 * Virtual folder for the files the loaders register (CSV copies of a dataset, dropped CSV files): the only
 * place DuckDB may read from once it is locked down. Loaders name their buffers `${VFS_DIR}…`.
 */
export const VFS_DIR = '/nianbao-vfs/';

/**
 * Run once, right after the database opens and before any dataset or query: DuckDB may then read only the
 * buffers registered under VFS_DIR — no URL (`read_csv('http://…')`, `FROM 'https://…'`, `read_text`), no
 * extension download (read_parquet/read_json would otherwise fetch the parquet and json extensions from the
 * internet), and `lock_configuration` makes every later SET fail, so a query from a shared link cannot undo it.
 * Datasets are loaded from bytes the app fetched itself (Parquet decoded by hyparquet, CSV registered as a
 * buffer), so loading keeps working. `enable_external_access` can only be switched off while running, never on.
 */
export const LOCKDOWN_SQL: readonly string[] = [
	`SET allowed_directories = ['${VFS_DIR}']`,
	'SET autoinstall_known_extensions = false',
	'SET autoload_known_extensions = false',
	'SET enable_external_access = false',
	'SET lock_configuration = true'
];

