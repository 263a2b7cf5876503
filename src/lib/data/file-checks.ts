/**
 * Shape checks for dataset files, shipped or dropped by a user, against the dataset contract
 * (`TABLES` in src/lib/dataset/schema.ts). Every failure is a `DatasetError` whose message names the file and
 * says what is wrong — the missing columns by name — so a person can fix their file.
 */
import { checkFileList } from '../dataset/files.ts';
import { ADDED_COLUMNS, TABLES, type Manifest, type TableName } from '../dataset/schema.ts';
import { isPartFile, type FactsPart, type LayoutManifest } from '../dataset/layout.ts';

export class DatasetError extends Error {
	readonly file: string;
	constructor(file: string, problem: string) {
		super(`${file}: ${problem}`);
		this.name = 'DatasetError';
		this.file = file;
	}
}

/** Columns a user's own file must have for each table; the others are filled with NULL when absent. */
export const REQUIRED: Record<TableName, readonly string[]> = {
	facts: ['report_id', 'year', 'metric', 'value'],
	reports: ['report_id'],
	issues: ['report_id', 'severity', 'code', 'message'],
	texts: ['report_id', 'text']
};

export function columnsOf(table: TableName): string[] {
	return Object.keys(TABLES[table]);
}

/** Contract columns of `table` that `present` lacks, in contract order. */
export function missingColumns(table: TableName, present: Iterable<string>, required: readonly string[] = columnsOf(table)): string[] {
	const have = new Set(present);
	return required.filter((c) => !have.has(c));
}

/** Throw unless every contract column is present (shipped datasets: all columns). */
export function assertColumns(file: string, table: TableName, present: Iterable<string>, required?: readonly string[]): void {
	// Shipped datasets of an older schema version lack the columns added since; those are filled with NULL.
	const missing = missingColumns(table, present, required ?? columnsOf(table).filter((c) => !ADDED_COLUMNS[table]?.includes(c)));
	if (missing.length) {
		throw new DatasetError(
			file,
			`not a valid ${table} table — missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`
		);
	}
}

/**
 * Which table a user's file holds, from its columns: the table whose required columns are all present (the
 * most specific one when several match). A file that fits none is reported against the closest table,
 * naming the columns it lacks.
 */
export function classifyColumns(file: string, columns: readonly string[]): TableName {
	const have = new Set(columns);
	const order: TableName[] = ['facts', 'issues', 'texts', 'reports'];
	const fits = order.filter((t) => REQUIRED[t].every((c) => have.has(c)));
	// reports needs only report_id, so prefer it only when it also carries report columns.
	const specific = fits.find((t) => t !== 'reports');
	if (specific) return specific;
	if (fits.includes('reports') && ['org', 'province', 'city', 'district', 'year'].some((c) => have.has(c))) return 'reports';
	// Report against facts (the table a dropped file most likely meant), or the best overlap.
	const closest =
		order
			.map((t) => ({ t, overlap: columnsOf(t).filter((c) => have.has(c)).length }))
			.sort((a, b) => b.overlap - a.overlap)
			.find((x) => x.overlap > 1)?.t ?? 'facts';
	const missing = missingColumns(closest, have, REQUIRED[closest]);
	throw new DatasetError(
		file,
		`not a nianbao ${closest} table — missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` +
			` (found: ${columns.slice(0, 12).join(', ') || 'no columns'})`
	);
}

/** Check a fetched manifest.json; returns it typed. */
export function checkManifest(file: string, json: unknown): Manifest & LayoutManifest {
	if (!json || typeof json !== 'object') throw new DatasetError(file, 'manifest is not a JSON object');
	const m = json as Partial<Manifest & LayoutManifest>;
	if (!m.tables || typeof m.tables !== 'object') throw new DatasetError(file, 'manifest has no "tables" entry');
	const byProvince = m.layout === 'by-province';
	const absent = (['facts', 'reports'] as const).filter((t) => !m.tables?.[t]?.parquet && !m.tables?.[t]?.csv && !(t === 'facts' && byProvince));
	if (absent.length) throw new DatasetError(file, `manifest lists no file for: ${absent.join(', ')}`);
	const layout: LayoutManifest = {};
	if (byProvince) {
		// Facts by province (src/lib/dataset/layout.ts): every part must be a plain file of the dataset folder.
		if (!Array.isArray(m.parts) || m.parts.length === 0) throw new DatasetError(file, 'layout "by-province" without "parts"');
		for (const p of m.parts as FactsPart[]) {
			if (!p || typeof p.province !== 'string' || typeof p.file !== 'string' || !isPartFile(p.file)) {
				throw new DatasetError(file, `bad facts part ${JSON.stringify(p).slice(0, 80)}`);
			}
			if (p.summary !== undefined && !(Array.isArray(p.summary) && p.summary.every((f) => f && typeof f.table === 'string' && /^[a-z_]+$/.test(f.table) && isPartFile(f.file)))) {
				throw new DatasetError(file, `bad summary of ${p.province}: ${JSON.stringify(p.summary).slice(0, 80)}`);
			}
			// A summary of other tables (an older build's) is not an error: the province then loads its facts (usableSummary).
		}
		layout.layout = 'by-province';
		layout.parts = m.parts;
		layout.rollups = Array.isArray(m.rollups) ? m.rollups.filter((r) => r && isPartFile(r.file)) : [];
	}
	return {
		...layout,
		name: String(m.name ?? ''),
		title: String(m.title ?? m.name ?? ''),
		...(typeof m.title_en === 'string' && m.title_en ? { title_en: m.title_en } : {}),
		schema_version: Number(m.schema_version ?? 0),
		catalog_version: String(m.catalog_version ?? ''),
		created_at: String(m.created_at ?? ''),
		synthetic: m.synthetic === true,
		generator: m.generator,
		tables: m.tables as Manifest['tables'],
		summary: m.summary ?? { reports: 0, by_format: {}, by_status: {}, years: [] },
		// Schema 3: the report PDFs beside the dataset, checked (only `files/<sha256>.pdf` paths are ever fetched).
		...(m.files !== undefined ? { files: checkFileList(m.files) } : {})
	};
}

/** Parquet files start and end with the magic bytes PAR1. */
export function isParquet(bytes: Uint8Array): boolean {
	const n = bytes.length;
	const magic = (o: number) => bytes[o] === 0x50 && bytes[o + 1] === 0x41 && bytes[o + 2] === 0x52 && bytes[o + 3] === 0x31;
	return n >= 12 && magic(0) && magic(n - 4);
}
