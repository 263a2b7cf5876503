/**
 * Whatever a report looks like, the parser answers with cells and issues, never an exception: every real
 * report cut at many points, with lines dropped or duplicated and noise inserted (seeded, reproducible).
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { toReportJson } from '../../../src/lib/parser/json.ts';
import { corpusFiles, corpusText } from '../../helpers/corpus.ts';

/** mulberry32: a tiny seeded PRNG so failures can be replayed. */
function rng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const NOISE = ['', '|', '\t', '0 0', '－', '１２', '（七）总计', '三、收到和处理政府信息公开申请情况', '<td>', '</table>', '\u00a0', '本年新收', '行政复议'];

function mutate(text: string, r: () => number): string {
	const lines = text.split('\n');
	const ops = 1 + Math.floor(r() * 6);
	for (let k = 0; k < ops; k++) {
		const i = Math.floor(r() * lines.length);
		const op = Math.floor(r() * 4);
		if (op === 0) lines.splice(i, 1);
		else if (op === 1) lines.splice(i, 0, lines[Math.floor(r() * lines.length)] ?? '');
		else if (op === 2) lines.splice(i, 0, NOISE[Math.floor(r() * NOISE.length)]);
		else lines[i] = (lines[i] ?? '').slice(0, Math.floor(r() * ((lines[i] ?? '').length + 1)));
	}
	const joined = lines.join('\n');
	return r() < 0.3 ? joined.slice(0, Math.floor(r() * joined.length)) : joined;
}

describe.each(corpusFiles())('$file under damage', ({ file }) => {
	const text = corpusText(file);
	it('never throws and keeps every value a number or null', () => {
		const r = rng(file.length * 7919);
		for (let k = 0; k < 40; k++) {
			const damaged = mutate(text, r);
			const json = toReportJson(parseReport({ text: damaged, fileName: file }));
			for (const v of Object.values(json.values)) expect(v === null || Number.isFinite(v)).toBe(true);
		}
	});
	it('answers for every prefix of the text (cut-off pages)', () => {
		for (let cut = 0; cut <= text.length; cut += Math.max(1, Math.floor(text.length / 60))) {
			expect(() => parseReport({ text: text.slice(0, cut), fileName: file })).not.toThrow();
		}
	});
});
