/**
 * The dataset contract shared by the ingest writer (Node, DuckDB) and the dashboard (browser, DuckDB-WASM).
 * A dataset is a folder: facts / reports / issues / texts as Parquet and CSV, plus manifest.json — and, from
 * schema 3, `files/` with the report PDFs it was read from (listed in `manifest.files`, see files.ts).
 */

import type { DatasetFile } from './files.ts';

/**
 * 2: facts gained page and box_x0…box_y1 (where a value sits in a PDF) and reports gained file_type
 * (pdf, docx, html, text). Datasets of version 1 lack these columns; readers fill them with NULL.
 * 3: the manifest may list `files` — the report PDFs shipped in the dataset's `files/` folder (dataset/files.ts).
 * The tables are unchanged; a dataset of version 1 or 2 (or one without `files`) simply ships no PDF.
 */
export const SCHEMA_VERSION = 3;

/** DuckDB column types per table, in file column order. */
export const TABLES = {
	/** One row per extracted value: the long format everything is queried from. */
	facts: {
		report_id: 'VARCHAR',
		year: 'SMALLINT',
		metric: 'VARCHAR',
		value: 'DOUBLE',
		/**
		 * Machine-readable unit of `value`: `count` or `yuan` (money is always stored in yuan). What a count counts
		 * (件 applications, 条 items…) is the metric's, not the fact's: it lives in the catalog (`unitZh`/`unitEn`)
		 * and is not stored here; the Data view's downloads add it as `unit_zh`/`unit_en` beside `unit`, and the SQL
		 * console's `metrics` table has it too. Datasets therefore need no new schema version for it.
		 */
		unit: 'VARCHAR',
		/** `;`-separated flags (see FLAGS); empty when the value was read cleanly. */
		flags: 'VARCHAR',
		/** The cell or sentence text exactly as in the source. */
		raw: 'VARCHAR',
		/** Character offsets (JS string indices) into texts.text of the same report. */
		span_start: 'INTEGER',
		span_end: 'INTEGER',
		/** PDF only: page (1-based) and the cell's box in PDF user space (points, origin bottom-left). */
		page: 'SMALLINT',
		box_x0: 'DOUBLE',
		box_y0: 'DOUBLE',
		box_x1: 'DOUBLE',
		box_y1: 'DOUBLE'
	},
	/** One row per report file read (failed files too, with status 'failed'). */
	reports: {
		report_id: 'VARCHAR',
		org: 'VARCHAR',
		level: 'VARCHAR',
		province: 'VARCHAR',
		city: 'VARCHAR',
		district: 'VARCHAR',
		year: 'SMALLINT',
		published: 'VARCHAR',
		format: 'VARCHAR',
		source_file: 'VARCHAR',
		source_url: 'VARCHAR',
		encoding: 'VARCHAR',
		/** What the source file is, told from its bytes: pdf, docx, html or text. */
		file_type: 'VARCHAR',
		sha256: 'VARCHAR',
		status: 'VARCHAR',
		truncated: 'BOOLEAN',
		n_values: 'INTEGER',
		n_errors: 'INTEGER',
		n_warnings: 'INTEGER',
		n_infos: 'INTEGER',
		/** Values that need a human look (position not confirmed, identity broken or unchecked, reading uncertain); 0 = every value confirmed; NULL = not parsed. */
		n_review: 'INTEGER'
	},
	/** Validation and reading problems, per report. */
	issues: {
		report_id: 'VARCHAR',
		subject: 'VARCHAR',
		severity: 'VARCHAR',
		code: 'VARCHAR',
		message: 'VARCHAR'
	},
	/** The decoded source text of each report, so spans can be shown in context. */
	texts: {
		report_id: 'VARCHAR',
		text: 'VARCHAR'
	}
} as const;

export type TableName = keyof typeof TABLES;

/** Columns added in schema version 2: a version-1 dataset lacks them and is still valid. */
export const ADDED_COLUMNS: Partial<Record<TableName, readonly string[]>> = {
	facts: ['page', 'box_x0', 'box_y0', 'box_x1', 'box_y1'],
	reports: ['file_type', 'n_review']
};

/** The provenance columns of a fact read from a PDF (all NULL for other formats). */
export function boxColumns(page: number | undefined, box: readonly number[] | undefined): Pick<FactRow, 'page' | 'box_x0' | 'box_y0' | 'box_x1' | 'box_y1'> {
	return { page: page ?? null, box_x0: box?.[0] ?? null, box_y0: box?.[1] ?? null, box_x1: box?.[2] ?? null, box_y1: box?.[3] ?? null };
}
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Value flags (templates.md §9 plus the engine's own). */
export const FLAGS = {
	blank: 'cell is blank in the source',
	inferred_zero: 'blank cell taken as 0 because the identities say so',
	inferred: 'blank cell computed from the identities',
	not_applicable: 'cell marked not applicable (-, /, 无)',
	ambiguous: 'source is garbled; reading uncertain',
	repaired: 'garbled cell resolved: exactly one reading satisfies the identities',
	derived: 'computed from other cells, not printed',
	uncertain_unit: 'money without a unit; unit assumed',
	unit_in_cell: 'unit written in the cell',
	suspect: 'value breaks an identity, or is implausible for its unit (a negative or fractional count, a number too long to be exact)',
	unconfirmed_position: 'the row shows more or fewer values than the table has columns: which column this value belongs to is not confirmed',
	unverified: 'no identity of the template could check this value (other cells it adds up with are blank, unreadable or missing)'
} as const;
export type Flag = keyof typeof FLAGS;

export type Severity = 'error' | 'warning' | 'info';
export type ReportStatus = 'ok' | 'partial' | 'failed';

export interface FactRow {
	report_id: string;
	year: number | null;
	metric: string;
	value: number | null;
	unit: string;
	flags: string;
	raw: string;
	span_start: number | null;
	span_end: number | null;
	page?: number | null;
	box_x0?: number | null;
	box_y0?: number | null;
	box_x1?: number | null;
	box_y1?: number | null;
}

export interface ReportRow {
	report_id: string;
	org: string | null;
	level: string | null;
	province: string | null;
	city: string | null;
	district: string | null;
	year: number | null;
	published: string | null;
	format: string | null;
	source_file: string;
	source_url: string | null;
	encoding: string | null;
	file_type?: string | null;
	sha256: string;
	status: ReportStatus;
	truncated: boolean;
	n_values: number;
	n_errors: number;
	n_warnings: number;
	n_infos: number;
	n_review?: number | null;
}

export interface IssueRow {
	report_id: string;
	subject: string;
	severity: Severity;
	code: string;
	message: string;
}

export interface Manifest {
	name: string;
	/** The dataset's title in Chinese (shown in the Chinese interface and cited there). */
	title: string;
	/** Its title in English (`ingest --title-en`); optional: the English interface falls back to `title`. */
	title_en?: string;
	schema_version: number;
	catalog_version: string;
	created_at: string;
	synthetic: boolean;
	generator?: { name: string; seed: number; args: string };
	tables: Record<TableName, { rows: number; parquet: string; csv: string; bytes: number }>;
	summary: { reports: number; by_format: Record<string, number>; by_status: Record<string, number>; years: number[] };
	/** Schema 3: the report PDFs in `files/` (`files/<sha256>.pdf`), each with the reports read from it. Absent: none shipped. */
	files?: DatasetFile[];
}
