/**
 * A view's query that only the latest run may answer. Views re-run their queries when the URL or
 * `dataset.version` changes; an older run finishing later must not overwrite the newer result, its error or
 * its busy flag. Call it from an `$effect` and return what it returns, which marks the run stale:
 *
 *     $effect(() => liveQuery(db, (c) => loadTowns(c), { done: (tw) => (towns = tw), fail: (m) => (error = m) }));
 *
 * `open` is usually `db` (the DuckDB connector once the dataset is loaded), but may resolve with anything the
 * query reads from (the Overview's figure source: baked aggregates or DuckDB). A query may hand a first part of
 * its answer to `early` before it is done (the Overview draws its first charts before its outcome shares).
 */
import type { Connector } from '../db/connector.ts';

export interface LiveQueryHandlers<T, P = never> {
	/** The result, while the run is current. */
	done: (value: T) => void;
	/** A first part of the result, while the run is current (only queries that call `early` give one). */
	early?: (part: P) => void;
	/** The error's message, while the run is current; without it a failure is ignored. */
	fail?: (message: string) => void;
	/** `true` when the run starts, `false` when it settles while still current. */
	busy?: (running: boolean) => void;
}

export function liveQuery<T, P = never, C = Connector>(
	open: () => Promise<C>,
	query: (conn: C, early: (part: P) => void) => Promise<T>,
	{ done, early, fail, busy }: LiveQueryHandlers<T, P>
): () => void {
	let live = true;
	busy?.(true);
	open()
		.then((conn) => query(conn, (part) => live && early?.(part)))
		.then((value) => {
			if (live) done(value);
		})
		.catch((e: unknown) => {
			if (live) fail?.(e instanceof Error ? e.message : String(e));
		})
		.finally(() => {
			if (live) busy?.(false);
		});
	return () => {
		live = false;
	};
}
