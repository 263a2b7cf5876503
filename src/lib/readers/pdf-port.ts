/**
 * The channel between PDF.js's API and its worker code when both run in the same thread (Node, and the
 * browser's report worker, which runs PDF.js's worker code in itself). PDF.js's own in-thread channel
 * structured-clones every message; for a WPS-style PDF (a glyph per text-showing operation) copying the
 * operator lists was a fifth of the CPU of reading it (README, Reading speed). Here the bulk messages — a
 * chunk of a page's operator list, a chunk of its text content, a font — are handed over as they are, with a
 * shallow copy of what PDF.js's worker code empties or replaces after sending (its operator list arrays are
 * emptied in place for the next chunk; a text chunk's item list is replaced). Every other message is still
 * structured-cloned, as PDF.js does, so nothing else changes hands by reference.
 */

type Listener = (this: unknown, event: { data: unknown }) => void;

/** PDF.js's stream message kind for a chunk of data (StreamKind.ENQUEUE in its message handler). */
const ENQUEUE = 4;

export class SameThreadPort {
	#listeners = new Set<Listener>();
	#ready = Promise.resolve();
	/** The port at the other end. */
	other: SameThreadPort | null = null;

	postMessage(message: unknown, transfer?: Transferable[]): void {
		const to = this.other;
		if (!to) return;
		const data = handOver(message, transfer);
		// Delivered after the current task's synchronous code, like PDF.js's own in-thread port.
		this.#ready.then(() => {
			for (const l of to.#listeners) l.call(to, { data });
		});
	}
	addEventListener(_type: string, listener: Listener): void {
		this.#listeners.add(listener);
	}
	removeEventListener(_type: string, listener: Listener): void {
		this.#listeners.delete(listener);
	}
	terminate(): void {
		this.#listeners.clear();
	}
}

/** Two ports joined to each other: one for PDF.js's API side, one for its worker code. */
export function portPair(): [SameThreadPort, SameThreadPort] {
	const a = new SameThreadPort();
	const b = new SameThreadPort();
	a.other = b;
	b.other = a;
	return [a, b];
}

function handOver(message: unknown, transfer?: Transferable[]): unknown {
	const m = message as { stream?: number; chunk?: Record<string, unknown> } | null;
	const chunk = m?.stream === ENQUEUE ? m.chunk : undefined;
	if (chunk && Array.isArray(chunk.fnArray) && Array.isArray(chunk.argsArray)) {
		return { ...m, chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
	}
	if (chunk && Array.isArray(chunk.items)) return { ...m, chunk: { ...chunk, items: chunk.items.slice() } };
	// A font (sent once per document, its export made afresh for the message): a Type3 font carries the operator
	// list of each of its glyphs, which the worker code keeps unchanged (a Chromium print has ~120 such fonts).
	const d = (message as { action?: string; data?: unknown[] } | null)?.data;
	if ((message as { action?: string }).action === 'commonobj' && Array.isArray(d) && d[1] === 'Font') return { ...(message as object), data: d.slice() };
	return structuredClone(message, transfer?.length ? { transfer } : undefined);
}
