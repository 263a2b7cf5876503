/**
 * What `nianbao serve` agrees to run: exactly one read-only query. Three layers, so a gap in one is caught by
 * the next: (1) a lexical check with the SQL console's splitter (strings, quoted names, comments understood) for
 * one statement whose first keyword is a query keyword — it gives the friendly message; (2) DuckDB's own parser:
 * `extract_statements` must find exactly one statement and its prepared form must be of type SELECT (so a
 * `WITH … INSERT`, an `EXPLAIN` or a PIVOT that needs a CREATE TYPE first are refused whatever they look like);
 * (3) the database itself: no file or URL access, no extension loading, configuration locked (src/node/serve.ts).
 */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { ALLOWED_KEYWORDS, firstKeyword, splitStatements } from '../lib/queries/sql-console.ts';

/** Statements a client may never run, named in the refusal message (anything not a query is refused anyway). */
export const REFUSED_KEYWORDS = [
	'INSTALL', 'LOAD', 'ATTACH', 'DETACH', 'COPY', 'PRAGMA', 'SET', 'RESET', 'EXPORT', 'IMPORT', 'CREATE', 'INSERT',
	'UPDATE', 'DELETE', 'DROP', 'ALTER', 'CALL', 'USE', 'CHECKPOINT', 'VACUUM', 'TRUNCATE', 'MERGE', 'BEGIN',
	'COMMIT', 'ROLLBACK', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'EXPLAIN', 'ANALYZE'
] as const;

/** Why a statement was not run: `refused` (not a read-only query), `multiple`, `empty`, or DuckDB's `sql` error. */
export class GuardError extends Error {
	readonly code: 'refused' | 'multiple' | 'empty' | 'sql';
	constructor(code: GuardError['code'], message: string) {
		super(message);
		this.name = 'GuardError';
		this.code = code;
	}
}

/** Throws a GuardError unless `sql` is lexically one query. */
export function checkLexical(sql: string): void {
	const statements = splitStatements(sql);
	if (statements.length === 0) throw new GuardError('empty', 'no SQL statement given');
	if (statements.length > 1) throw new GuardError('multiple', `one statement per request, got ${statements.length}`);
	// A refused keyword gets a plain message here; anything else that is not a query keyword (a typo, a
	// statement DuckDB knows and we do not list) goes on to DuckDB, whose parser gives the syntax error or whose
	// statement type refuses it.
	const kw = firstKeyword(statements[0]);
	if ((REFUSED_KEYWORDS as readonly string[]).includes(kw)) {
		throw new GuardError('refused', `${kw} is not allowed: this server runs read-only queries only (${ALLOWED_KEYWORDS.join(', ')})`);
	}
}

/**
 * Parse with DuckDB and prepare the one statement; refuses anything that is not a single SELECT. The caller runs
 * (and destroys) the prepared statement.
 */
export async function prepareReadOnly(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
	checkLexical(sql);
	let extracted;
	try {
		extracted = await conn.extractStatements(sql);
	} catch (e) {
		throw new GuardError('sql', firstLine(e));
	}
	if (extracted.count !== 1) {
		throw new GuardError('multiple', `DuckDB reads ${extracted.count} statements here (a PIVOT without explicit IN values needs two); send exactly one query`);
	}
	let prepared: DuckDBPreparedStatement;
	try {
		prepared = await extracted.prepare(0);
	} catch (e) {
		// The locked database refusing a file, a URL or an extension is a refusal, not a mistake in the SQL.
		const msg = firstLine(e);
		throw new GuardError(/^(Permission|Invalid Input) Error: .*(file system|external access|extension|disabled by configuration)/i.test(msg) ? 'refused' : 'sql', msg);
	}
	if (prepared.statementType !== StatementType.SELECT) {
		const type = StatementType[prepared.statementType] ?? String(prepared.statementType);
		prepared.destroySync();
		throw new GuardError('refused', `${type} statements are not allowed: this server runs read-only queries only`);
	}
	return prepared;
}

/** DuckDB's message without its internal stack lines. */
export function firstLine(e: unknown): string {
	const m = e instanceof Error ? e.message : String(e);
	return m.split('\n').filter((l) => l.trim()).slice(0, 3).join('\n');
}
