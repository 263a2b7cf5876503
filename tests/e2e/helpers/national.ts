/**
 * The small national dataset of the browser specs: `npm run dataset:national -- --towns 600` laid out by province
 * (≈ 4,200 reports, 0.9 M facts, 31 province files) into `.tmp/e2e-national` under the name `national-e2e`,
 * built once per run by the spec that needs it (~15 s; the generated facts are cached in `.tmp/national-src-*`).
 * playwright.config.ts adds the folder to `NIANBAO_EXTRA_DATASETS`, which `vite preview` reads per request, so
 * the dataset may appear after the server started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildNational } from '../../../scripts/build-national.ts';
import type { Manifest } from '../../../src/lib/dataset/schema.ts';
import type { LayoutManifest } from '../../../src/lib/dataset/layout.ts';

export const NATIONAL_E2E_DIR = resolve('.tmp/e2e-national');
export const NATIONAL_E2E_NAME = 'national-e2e';
export const NATIONAL_E2E_TOWNS = 600;

let built: Promise<Manifest & LayoutManifest> | null = null;

/** Build the dataset unless this process already did (a folder left by an earlier run is rebuilt: the code may have changed). */
export function ensureNationalE2E(): Promise<Manifest & LayoutManifest> {
	built ??= buildNational({ out: NATIONAL_E2E_DIR, towns: NATIONAL_E2E_TOWNS, name: NATIONAL_E2E_NAME });
	return built;
}

/** The manifest of the built dataset. */
export function nationalE2EManifest(): Manifest & LayoutManifest {
	const file = resolve(NATIONAL_E2E_DIR, 'manifest.json');
	if (!existsSync(file)) throw new Error(`${file}: not built`);
	return JSON.parse(readFileSync(file, 'utf8'));
}
