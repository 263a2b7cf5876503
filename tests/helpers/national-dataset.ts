/**
 * A small national dataset (`buildNational` with every k-th town: all 31 provinces, laid out by province) for a
 * spec file, built in its own temporary folder before its tests and removed after, with native DuckDB holding it.
 */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNational } from '../../scripts/build-national.ts';
import { nodeConnector, type NativeConnector } from '../../src/node/duckdb-connector.ts';
import { loadAnyDataset } from '../../src/node/serve.ts';
import type { Manifest } from '../../src/lib/dataset/schema.ts';
import type { LayoutManifest } from '../../src/lib/dataset/layout.ts';

export interface NationalFixture {
	dir: string;
	manifest: Manifest & LayoutManifest;
	native: NativeConnector;
}

/** Registers the build (beforeAll) and the clean-up (afterAll); the fixture's fields are set once built. */
export function useNationalDataset(towns = 150): NationalFixture {
	const tmp = mkdtempSync(join(tmpdir(), 'nianbao-national-'));
	const fixture = { dir: join(tmp, 'national') } as NationalFixture;
	beforeAll(async () => {
		// Its own cache folder: spec files run in parallel and must not write one generated source at once.
		fixture.manifest = await buildNational({ out: fixture.dir, towns, cache: tmp });
		fixture.native = await nodeConnector();
		await loadAnyDataset(fixture.native, fixture.dir);
	}, 600_000);
	afterAll(() => {
		fixture.native?.close();
		rmSync(tmp, { recursive: true, force: true });
	});
	return fixture;
}
