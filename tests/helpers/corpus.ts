/** Access to the real corpus shipped in datasets/sources/real (reports + hand-checked expected values). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = new URL('../../datasets/sources/real/', import.meta.url).pathname;

export interface Expected {
	org: string;
	year: number;
	template: 'A' | 'B';
	truncated: boolean;
	values: Record<string, number | null>;
	ambiguous?: { key: string; likely?: unknown; note: string }[];
}

export function corpusFiles(): { file: string; path: string; expected: Expected }[] {
	return readdirSync(CORPUS)
		.filter((f) => /\.(txt|html)$/.test(f))
		.sort()
		.map((file) => ({
			file,
			path: join(CORPUS, file),
			expected: JSON.parse(readFileSync(join(CORPUS, file.replace(/\.(txt|html)$/, '.expected.json')), 'utf8'))
		}));
}

export function corpusText(file: string): string {
	return readFileSync(join(CORPUS, file), 'utf8');
}
