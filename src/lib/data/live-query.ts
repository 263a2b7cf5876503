/**
 * A view's query that only the latest run may answer. Views re-run their queries when the URL or
 * `dataset.version` changes; an older run finishing later must not overwrite the newer result, its error or
 * its busy flag. Call it from an `$effect` and return what it returns, which marks the run stale:
 *
 *     $effect(() => liveQuery(db, (c) => loadTowns(c), { done: (tw) => (towns = tw), fail: (m) => (error = m) }));
 */
import type { Connector } from '../db/connector.ts';

export interface LiveQueryHandlers<T> {
	/** The result, while the run is current. */
	done: (value: T) => void;
	/** The error's message, while the run is current; without it a failure is ignored. */
	fail?: (message: string) => void;
	/** `true` when the run starts, `false` when it settles while still current. */
	busy?: (running: boolean) => void;
}

export function liveQuery<T>(
	open: () => Promise<Connector>,
	query: (conn: Connector) => Promise<T>,
	{ done, fail, busy }: LiveQueryHandlers<T>
): () => void {
	let live = true;
	busy?.(true);
	open()
		.then(query)
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
