/**
 * The researchers' read-only SQL console. A statement runs only if it is exactly one query: SELECT, WITH,
 * FROM-first, DESCRIBE, SHOW, SUMMARIZE, PIVOT/UNPIVOT or VALUES. Three layers decide, the last two DuckDB's own:
 * a lexical splitter that understands DuckDB's strings (incl. E'…' escapes and $$…$$), quoted identifiers and
 * nested comments counts statements and reads the first keyword (friendly messages); the statement then runs
 * wrapped as a subquery, `SELECT * FROM (\n<sql>\n) LIMIT ?`, which DuckDB's parser accepts only for a query (an
 * INSERT, COPY, ATTACH, SET… inside parentheses is a syntax error); and it runs as a prepared statement (it has a
 * parameter), which DuckDB refuses for more than one statement. So nothing the console runs can create, change or
 * drop a table, attach, install, load, set or copy. (DuckDB's `json_serialize_sql` would classify too, but in the
 * browser it needs the json extension downloaded from the internet, which this offline app never does.)
 * Errors keep DuckDB's message and point at the problem: line, column and a caret under the position, on the
 * user's own text.
 */
import { isCancellable, QueryCancelled, type CancellableOptions, type Connector } from '../db/connector.ts';

export const ALLOWED_KEYWORDS = ['SELECT', 'WITH', 'FROM', 'DESCRIBE', 'SHOW', 'SUMMARIZE', 'PIVOT', 'UNPIVOT', 'VALUES'] as const;

/** A problem with a console statement, with where it is when known (1-based line and column). */
export interface SqlProblem {
	kind: 'empty' | 'not_read_only' | 'multiple' | 'syntax' | 'runtime' | 'cancelled' | 'timeout';
	message: string;
	line: number | null;
	column: number | null;
	/** The offending line with a caret under the column, when the position is known. */
	pointer: string | null;
}

export interface SqlResult {
	columns: string[];
	rows: Record<string, unknown>[];
	/** True when the result had more rows than the limit (only the first `limit` are returned). */
	truncated: boolean;
}

/**
 * Split SQL into statements on semicolons outside strings ('…'), quoted identifiers ("…"), dollar-quoted
 * strings ($$…$$, $tag$…$tag$), line comments (--) and block comments. Statements that hold only whitespace
 * and comments are dropped. Unterminated quotes or comments run to the end (DuckDB reports the syntax error).
 */
export function splitStatements(sql: string): string[] {
	const out: string[] = [];
	let start = 0;
	let i = 0;
	const n = sql.length;
	while (i < n) {
		const c = sql[i];
		if (c === "'" || c === '"') {
			// E'…' strings take backslash escapes (E'\'' is one quote); plain strings only double the quote.
			const escapes = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
			i++;
			while (i < n) {
				if (escapes && sql[i] === '\\') i += 2;
				else if (sql[i] === c) {
					if (sql[i + 1] === c) i += 2;
					else break;
				} else i++;
			}
			i++;
		} else if (c === '-' && sql[i + 1] === '-') {
			const nl = sql.indexOf('\n', i);
			i = nl < 0 ? n : nl + 1;
		} else if (c === '/' && sql[i + 1] === '*') {
			i = commentEnd(sql, i);
		} else if (c === '$') {
			const m = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i));
			if (m) {
				const end = sql.indexOf(m[0], i + m[0].length);
				i = end < 0 ? n : end + m[0].length;
			} else i++;
		} else if (c === ';') {
			out.push(sql.slice(start, i));
			i++;
			start = i;
		} else i++;
	}
	out.push(sql.slice(start));
	return out.filter((s) => stripComments(s).trim().length > 0);
}

/** End (exclusive) of the block comment opening at `i`; DuckDB nests them: /* /* *\/ still a comment *\/. */
function commentEnd(sql: string, i: number): number {
	let depth = 0;
	while (i < sql.length) {
		if (sql[i] === '/' && sql[i + 1] === '*') {
			depth++;
			i += 2;
		} else if (sql[i] === '*' && sql[i + 1] === '/') {
			depth--;
			i += 2;
			if (depth === 0) return i;
		} else i++;
	}
	return sql.length;
}

/** The text without comments (strings kept as they are): enough to find the first keyword. */
function stripComments(sql: string): string {
	let out = '';
	let i = 0;
	while (i < sql.length) {
		if (sql[i] === '-' && sql[i + 1] === '-') {
			const nl = sql.indexOf('\n', i);
			i = nl < 0 ? sql.length : nl;
			out += ' ';
		} else if (sql[i] === '/' && sql[i + 1] === '*') {
			i = commentEnd(sql, i);
			out += ' ';
		} else out += sql[i++];
	}
	return out;
}

/** The statement's first keyword, upper-cased (after comments and opening parentheses). */
export function firstKeyword(statement: string): string {
	const m = /^[\s(]*([A-Za-z]+)/.exec(stripComments(statement));
	return m ? m[1].toUpperCase() : '';
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(sql: string, offset: number): { line: number; column: number } {
	const before = sql.slice(0, Math.max(0, Math.min(offset, sql.length)));
	const lines = before.split('\n');
	return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** "LINE 3: where nope = 1" and a caret under the column, as DuckDB prints it. */
export function pointerAt(sql: string, line: number, column: number): string {
	const text = sql.split('\n')[line - 1] ?? '';
	const prefix = `LINE ${line}: `;
	return `${prefix}${text}\n${' '.repeat(prefix.length + column - 1)}^`;
}

function problem(kind: SqlProblem['kind'], message: string, sql?: string, offset?: number): SqlProblem {
	if (sql === undefined || offset === undefined) return { kind, message, line: null, column: null, pointer: null };
	const { line, column } = lineColumn(sql, offset);
	return { kind, message, line, column, pointer: pointerAt(sql, line, column) };
}

const NOT_READ_ONLY =
	'Only one read-only query can run here: SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE or PIVOT / 只能运行一条只读查询';

/**
 * Decide whether `sql` may be run: one statement starting with a query keyword. Returns the statement to run
 * (trailing semicolon and comments removed) or the problem. DuckDB's parser has the last word when it runs.
 */
export function classify(sql: string): { ok: true; statement: string } | { ok: false; problem: SqlProblem } {
	const statements = splitStatements(sql);
	if (statements.length === 0) return { ok: false, problem: problem('empty', 'Write a query first / 请先输入查询语句') };
	if (statements.length > 1) {
		const second = sql.indexOf(statements[1]) + (statements[1].length - statements[1].trimStart().length);
		return { ok: false, problem: problem('multiple', `Only one statement at a time / 一次只能运行一条语句. ${NOT_READ_ONLY}`, sql, second) };
	}
	const statement = statements[0];
	const lead = statement.length - statement.trimStart().length;
	const keyword = firstKeyword(statement);
	if (!(ALLOWED_KEYWORDS as readonly string[]).includes(keyword)) {
		return { ok: false, problem: problem('not_read_only', `${keyword || 'This'} is not allowed. ${NOT_READ_ONLY}`, sql, lead) };
	}
	return { ok: true, statement: statement.replace(/\s+$/, '') };
}

/** The runnable wrapper: the statement on its own lines, so DuckDB's line numbers are the user's plus one. */
const WRAP_BEFORE = 'SELECT * FROM (\n';
function wrap(statement: string): string {
	return `${WRAP_BEFORE}${statement}\n) AS console_query LIMIT ?`;
}

/**
 * Turn an error from the wrapped query into a problem on the user's text: DuckDB's "LINE n:" refers to the
 * wrapped query, one line below the user's.
 */
export function runtimeProblem(err: unknown, sql: string, statementOffset: number): SqlProblem {
	const text = err instanceof Error ? err.message : String(err);
	const m = /\n*LINE (\d+): (.*)\n( *)\^\s*$/.exec(text);
	const message = (m ? text.slice(0, m.index) : text).trim();
	const kind = /Parser Error/i.test(message) ? 'syntax' : 'runtime';
	if (!m) return problem(kind, message.replace(/^Failed to extract statements: /, ''));
	const wrappedLine = Number(m[1]);
	const shown = m[2];
	const caret = m[3].length - `LINE ${wrappedLine}: `.length;
	const userLine = wrappedLine - 1 + lineColumn(sql, statementOffset).line - 1;
	const lineText = sql.split('\n')[userLine - 1];
	if (lineText === undefined || userLine < 1) return problem(kind, message);
	// DuckDB shows long lines clipped around the position ("...x..."): find the shown excerpt in the line.
	const excerpt = shown.replace(/^\.\.\./, '').replace(/\.\.\.$/, '');
	const startInLine = Math.max(0, lineText.indexOf(excerpt));
	let column = startInLine + caret - (shown.startsWith('...') ? 3 : 0) + 1;
	// DuckDB measures the caret in display widths from a position it counts in characters, so it drifts on lines
	// with Chinese text; there, take the token the message quotes ("ordr", "nope") nearest to the caret.
	if (/[^\x00-\x7f]/.test(lineText)) column = nearestToken(lineText, /"([^"\n]+)"/.exec(message)?.[1], column);
	const col = Math.min(Math.max(1, column), lineText.length + 1);
	return { kind, message: message.replace(/^Failed to extract statements: /, ''), line: userLine, column: col, pointer: pointerAt(sql, userLine, col) };
}

/** 1-based column of the occurrence of `token` in `line` nearest to `approx`, or `approx` when absent. */
function nearestToken(line: string, token: string | undefined, approx: number): number {
	if (!token) return approx;
	let best = approx;
	let dist = Infinity;
	for (let i = line.indexOf(token); i >= 0; i = line.indexOf(token, i + 1)) {
		const d = Math.abs(i + 1 - approx);
		if (d < dist) [best, dist] = [i + 1, d];
	}
	return best;
}

export const DEFAULT_LIMIT = 10_000;
/** How long a console query may run before it is stopped (a 200k × 200k cross join would run for hours). */
export const TIME_LIMIT_MS = 60_000;
/** localStorage key that overrides the time limit (ms; 1 s – 1 h), for a researcher's long query or a test. */
export const TIME_LIMIT_KEY = 'nianbao.sqlTimeLimitMs';

/** The console's time limit: TIME_LIMIT_MS unless the browser's storage sets another (clamped to 1 s – 1 h). */
export function timeLimitMs(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): number {
	let v = NaN;
	try {
		v = Number(storage?.getItem(TIME_LIMIT_KEY) ?? NaN);
	} catch {
		/* storage blocked: the default */
	}
	return Number.isFinite(v) && v > 0 ? Math.min(3_600_000, Math.max(1000, v)) : TIME_LIMIT_MS;
}

/**
 * Run a console query read-only; resolves with the result or the problem. On a connector that can cancel
 * (DuckDB-WASM) the query runs on its own connection, stops at `timeoutMs` or when `signal` aborts, and the
 * views' queries keep running meanwhile; elsewhere (native DuckDB in tests) it runs as a prepared statement.
 */
export async function runReadOnly(
	conn: Connector,
	sql: string,
	limit = DEFAULT_LIMIT,
	options: CancellableOptions = {}
): Promise<{ ok: true; result: SqlResult } | { ok: false; problem: SqlProblem }> {
	const c = classify(sql);
	if (!c.ok) return c;
	const offset = sql.indexOf(c.statement);
	const rowCap = Math.max(1, Math.floor(limit)) + 1;
	// A sent (cancellable) query cannot take parameters; DuckDB refuses more than one statement there too.
	const run = isCancellable(conn)
		? (text: string, params: (number | boolean)[]) => conn.queryCancellable(params.reduce<string>((q, p) => q.replace(/\?$/, String(p)), text), options)
		: (text: string, params: (number | boolean)[]) => conn.query(text, params);
	try {
		const rows = await run(wrap(c.statement), [rowCap]);
		let columns = rows.length ? Object.keys(rows[0]) : [];
		if (!rows.length) {
			const desc = await run(`SELECT column_name FROM (DESCRIBE ${WRAP_BEFORE}${c.statement}\n) AS console_query) WHERE ?`, [true]);
			columns = desc.map((d) => String(d.column_name));
		}
		const truncated = rows.length > limit;
		return { ok: true, result: { columns, rows: truncated ? rows.slice(0, limit) : rows, truncated } };
	} catch (err) {
		if (err instanceof QueryCancelled) {
			const s = Math.max(1, Math.round(err.afterMs / 1000));
			return {
				ok: false,
				problem: {
					kind: err.reason,
					message: err.reason === 'timeout' ? `Stopped at the time limit after ${s} s` : `Cancelled after ${s} s`,
					line: null,
					column: null,
					pointer: null
				}
			};
		}
		return { ok: false, problem: runtimeProblem(err, sql, offset < 0 ? 0 : offset) };
	}
}

/** Tables and views with their columns, for the list beside the console. */
export async function schemaListing(conn: Connector): Promise<{ table: string; kind: string; columns: { name: string; type: string }[] }[]> {
	const rows = await conn.query<{ table_name: string; table_type: string; column_name: string; data_type: string }>(
		`SELECT c.table_name, t.table_type, c.column_name, c.data_type
		 FROM information_schema.columns c
		 JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
		 WHERE c.table_schema = 'main'
		 ORDER BY CASE c.table_name WHEN 'facts' THEN 0 WHEN 'reports' THEN 1 WHEN 'issues' THEN 2 WHEN 'texts' THEN 3
		   WHEN 'facts_r' THEN 4 WHEN 'metrics' THEN 5 ELSE 6 END, c.table_name, c.ordinal_position`
	);
	const out: { table: string; kind: string; columns: { name: string; type: string }[] }[] = [];
	for (const r of rows) {
		let t = out[out.length - 1];
		if (!t || t.table !== r.table_name) out.push((t = { table: r.table_name, kind: r.table_type === 'VIEW' ? 'view' : 'table', columns: [] }));
		t.columns.push({ name: r.column_name, type: r.data_type });
	}
	return out;
}
