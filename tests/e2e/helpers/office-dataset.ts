/**
 * A dataset with its report PDFs shipped beside it, as a supervisor publishes one: `nianbao ingest` (the CLI, as
 * she runs it) over the committed office fixtures (tests/fixtures/office: LibreOffice, Chromium-print and
 * WPS-style PDFs plus two Word files) into `.tmp/e2e-office` under the name `office` — with `files/` by default.
 * `.tmp/e2e-office-missing` (`office-missing`) is a copy with one report's PDF deleted and another's bytes
 * replaced, for the fallback to the text read. Built once per run by the spec that needs it (the code may have
 * changed since a folder was left); playwright.config.ts adds both folders to `NIANBAO_EXTRA_DATASETS`, which
 * `vite preview` reads per request.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../../src/lib/dataset/schema.ts';

export const OFFICE_DIR = resolve('.tmp/e2e-office');
export const OFFICE_NAME = 'office';
export const MISSING_DIR = resolve('.tmp/e2e-office-missing');
export const MISSING_NAME = 'office-missing';
/** The report whose PDF `office-missing` lacks, and the one whose shipped bytes are not those read. */
export const MISSING_REPORT = '110101002-景山街道-2022.writer';
export const CHANGED_REPORT = '110101006-东四街道-2021.writer';

let built: Manifest | null = null;

/** Ingest the fixtures (once per process) and derive the broken copy; returns the dataset's manifest. */
export function ensureOfficeDataset(): Manifest {
	if (built) return built;
	execFileSync(process.execPath, ['src/cli/nianbao.ts', 'ingest', 'tests/fixtures/office', '--out', OFFICE_DIR, '--name', OFFICE_NAME, '--title', '东城区年报（含 PDF 原件）', '--title-en', 'Dongcheng reports (with PDFs)', '--quiet'], {
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const manifest = JSON.parse(readFileSync(join(OFFICE_DIR, 'manifest.json'), 'utf8')) as Manifest;
	rmSync(MISSING_DIR, { recursive: true, force: true });
	cpSync(OFFICE_DIR, MISSING_DIR, { recursive: true });
	writeFileSync(join(MISSING_DIR, 'manifest.json'), JSON.stringify({ ...manifest, name: MISSING_NAME, title: '东城区年报（PDF 缺失）', title_en: 'Dongcheng reports (PDFs missing)' }));
	const file = (id: string) => manifest.files!.find((f) => f.reports.includes(id))!;
	unlinkSync(join(MISSING_DIR, file(MISSING_REPORT).path));
	writeFileSync(join(MISSING_DIR, file(CHANGED_REPORT).path), readFileSync(join(OFFICE_DIR, file(MISSING_REPORT).path)));
	return (built = manifest);
}
