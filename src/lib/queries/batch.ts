/**
 * Several queries as one statement, and its rows split back per query. In DuckDB-WASM every statement is a
 * round trip to the worker plus its own result transfer, and on a filter change those fixed costs, not the SQL
 * over a few thousand pre-summed rows, are most of the wait: one statement instead of four costs one of them.
 *
 * Each part runs as its own subquery (its CTEs stay private) tagged with `part`; the parts are put together
 * `UNION ALL BY NAME` (a column a part lacks is NULL there, a column shared by parts takes their common type) and
 * ordered by `part` and then `order` — a part's own sort keys must come first among the keys it has: the other
 * parts' keys are NULL, so constant, in its rows. `splitBatch` hands each part exactly its own columns back.
 */
import type { Connector, Param } from '../db/connector.ts';

type Q = { sql: string; params: Param[] };

/** A part: its query and the columns of its rows. */
export interface BatchPart {
	query: Q;
	columns: readonly string[];
}

/** One statement for the parts (tags are SQL literals: a letter, then letters, digits, _), ordered by part then `order`. */
export function batchQuery(parts: Record<string, BatchPart>, order: readonly string[]): Q {
	const tags = Object.keys(parts);
	for (const t of tags) if (!/^[a-z][a-z0-9_]*$/.test(t)) throw new Error(`batch part tag must be [a-z][a-z0-9_]*: ${t}`);
	return {
		sql:
			tags.map((t) => `SELECT '${t}' AS part, * FROM (${parts[t].query.sql})`).join('\nUNION ALL BY NAME\n') +
			`\nORDER BY part${order.map((k) => `, ${k}`).join('')}`,
		params: tags.flatMap((t) => parts[t].query.params)
	};
}

/** The rows of `batchQuery` per part, each row with only its part's columns (in the part's order). */
export function splitBatch<P extends Record<string, BatchPart>>(parts: P, rows: readonly Record<string, unknown>[]): { [K in keyof P]: Record<string, unknown>[] } {
	const out = Object.fromEntries(Object.keys(parts).map((t) => [t, [] as Record<string, unknown>[]])) as Record<string, Record<string, unknown>[]>;
	for (const r of rows) {
		const t = r.part as string;
		const part = parts[t];
		if (!part) throw new Error(`batch row of an unknown part: ${t}`);
		out[t].push(Object.fromEntries(part.columns.map((c) => [c, r[c]])));
	}
	return out as { [K in keyof P]: Record<string, unknown>[] };
}

/** Runs the parts as one statement and returns their rows per part. */
export async function runBatch<P extends Record<string, BatchPart>>(conn: Connector, parts: P, order: readonly string[]) {
	const q = batchQuery(parts, order);
	return splitBatch(parts, await conn.query(q.sql, q.params));
}
