import { describe, expect, it } from 'vitest';
import { liveQuery } from '../../../src/lib/data/live-query.ts';
import type { Connector } from '../../../src/lib/db/connector.ts';

const conn = {} as Connector;
const open = () => Promise.resolve(conn);
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('liveQuery', () => {
	it('hands the result, then clears busy', async () => {
		const seen: unknown[] = [];
		liveQuery(open, async (c) => (c === conn ? 42 : 0), { done: (v) => seen.push(v), busy: (b) => seen.push(b) });
		expect(seen).toEqual([true]);
		await settle();
		expect(seen).toEqual([true, 42, false]);
	});

	it('hands a failure as its message', async () => {
		const seen: unknown[] = [];
		liveQuery(open, async () => Promise.reject(new Error('boom')), { done: (v) => seen.push(v), fail: (m) => seen.push(m) });
		await settle();
		expect(seen).toEqual(['boom']);
	});

	it('a stale run changes nothing: no result, no error, busy stays set', async () => {
		const seen: unknown[] = [];
		const handlers = { done: (v: unknown) => seen.push(v), fail: (m: string) => seen.push(m), busy: (b: boolean) => seen.push(b) };
		liveQuery(open, async () => 1, handlers)();
		liveQuery(open, async () => Promise.reject(new Error('late')), handlers)();
		await settle();
		expect(seen).toEqual([true, true]);
	});
});
