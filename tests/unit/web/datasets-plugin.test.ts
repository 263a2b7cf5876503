import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scanDatasets } from '../../../vite/datasets-plugin.ts';

function folder(files: Record<string, string>): string {
	const root = mkdtempSync(path.join(tmpdir(), 'nianbao-ds-'));
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
		writeFileSync(path.join(root, name), text);
	}
	return root;
}

const manifest = (name: string, extra: object = {}) =>
	JSON.stringify({ name, title: `${name} title`, synthetic: false, tables: {}, summary: { reports: 3, years: [2020, 2021] }, ...extra });

describe('the dataset index served at /datasets/index.json', () => {
	it('lists folders with a manifest, demo first, never the raw sources', () => {
		const root = folder({
			'real/manifest.json': manifest('real'),
			'demo/manifest.json': manifest('demo', { synthetic: true }),
			'sources/manifest.json': manifest('sources'),
			'notes/readme.txt': 'no manifest here'
		});
		const list = scanDatasets(root);
		expect(list.map((d) => d.name)).toEqual(['demo', 'real']);
		expect(list[0]).toMatchObject({ title: 'demo title', synthetic: true, reports: 3, years: [2020, 2021] });
	});

	it('adds extra folders (for benchmarks) and skips unreadable manifests and unsafe names', () => {
		const root = folder({ 'real/manifest.json': manifest('real'), 'broken/manifest.json': '{ not json', 'evil/manifest.json': manifest('../x') });
		const extra = folder({ 'manifest.json': manifest('synthetic-scale') });
		expect(scanDatasets(root, [extra]).map((d) => d.name)).toEqual(['real', 'synthetic-scale']);
	});

	it('finds the repository datasets', () => {
		const names = scanDatasets('datasets').map((d) => d.name);
		expect(names).toContain('real');
		expect(names).not.toContain('sources');
	});
});
