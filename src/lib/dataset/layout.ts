/**
 * The dataset contract's additions for large datasets (`npm run dataset:national`) and for the first chart:
 *
 * - **Facts by province** (`manifest.layout = "by-province"`): instead of one `facts.parquet`, one Parquet file
 *   per province under `facts/` (`facts/<code>.parquet`, code = the province's two-digit division code), rows
 *   ordered by year, metric, report_id inside each, zstd, row groups of `FACTS_ROW_GROUP` rows. `manifest.parts`
 *   lists every file with its province, rows and bytes, and per year the row range and the byte range of the row
 *   groups that hold it (a row group at a year's edge also holds some rows of the next year), so a browser
 *   fetches one province (or one province-year) with one Range request and nothing else. `tables.facts` keeps the totals (`parquet: ""`).
 * - **Rollups** (`manifest.rollups`): `rollups/{nation,province,city,district}.parquet`, per region of that level,
 *   year, report format and metric: `value` (sum over the reports), `n_values` (facts with a value), `n_rows`;
 *   ordered by province, city, district, year, metric, so a province's rows are one contiguous range.
 * - **A province's summary** (`parts[].summary`): the tables the Overview and its filters (city, district, year)
 *   query at province scope, precomputed per province by the build with the very SQL the browser would run on the
 *   province's facts (`aggregateSql`), one small Parquet file each, `rollups/<code>-<table>.parquet`: `reports`
 *   (the province's reports), `agg_scope`, `agg_cont` (continuity and like-for-like sums per district, metric and
 *   year) and `agg_ind` (the Overview's rates pre-summed per district and year), with the columns and types of
 *   `SUMMARY_TABLES`. Every row of the three aggregate tables is per region: a few thousand rows at most, so
 *   scoping into a province loads its reports and little more, and a filter change sums pre-summed rows. The
 *   province's facts load only when a view needs per-report detail. (Earlier builds wrote `agg_org` and
 *   `indicators_r` instead, one row per organisation or report — 137 k rows for 四川省 at full size; the browser
 *   treats such a province as having no summary, `usableSummary`, and loads its facts.)
 * - **Baked aggregates** (`aggregates.json`, any dataset): see `BakedAggregates` in ./aggregates.ts.
 */
import { TABLES } from './schema.ts';

export const FACTS_ROW_GROUP = 100_000;

export const ROLLUP_LEVELS = ['nation', 'province', 'city', 'district'] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

/** One year of a province file: rows [row_start, row_end) in bytes [byte_start, byte_end) of the file. */
export interface PartYear {
	year: number;
	rows: number;
	row_start: number;
	row_end: number;
	byte_start: number;
	byte_end: number;
}

/**
 * Columns and DuckDB types of a province's summary tables, as the browser creates them (and as the aggregate SQL
 * of src/lib/db/setup-sql.ts produces them).
 */
export const SUMMARY_TABLES = {
	reports: TABLES.reports,
	agg_scope: {
		province: 'VARCHAR',
		city: 'VARCHAR',
		district: 'VARCHAR',
		year: 'INTEGER',
		metric: 'VARCHAR',
		stated_total: 'BOOLEAN',
		t3_balanced: 'BOOLEAN',
		value: 'DOUBLE',
		n_values: 'INTEGER',
		n_rows: 'INTEGER'
	},
	agg_cont: {
		province: 'VARCHAR',
		city: 'VARCHAR',
		district: 'VARCHAR',
		metric: 'VARCHAR',
		year: 'INTEGER',
		n_orgs: 'INTEGER',
		n_common: 'INTEGER',
		cur_common: 'DOUBLE',
		prev_common: 'DOUBLE'
	},
	agg_ind: {
		province: 'VARCHAR',
		city: 'VARCHAR',
		district: 'VARCHAR',
		year: 'INTEGER',
		indicator: 'VARCHAR',
		numerator: 'DOUBLE',
		denominator: 'DOUBLE',
		n_reports: 'INTEGER',
		n_inconsistent: 'INTEGER',
		n_incomplete: 'INTEGER'
	}
} as const satisfies Record<string, Record<string, string>>;
export type SummaryTable = keyof typeof SUMMARY_TABLES;
export const SUMMARY_TABLE_NAMES = Object.keys(SUMMARY_TABLES) as SummaryTable[];

/** A part's summary when it holds exactly the tables this version reads (else null: load the facts instead). */
export function usableSummary(part: { summary?: readonly { table: string }[] }): SummaryFile[] | null {
	const tables = part.summary?.map((f) => f.table) ?? [];
	const ok = tables.length === SUMMARY_TABLE_NAMES.length && SUMMARY_TABLE_NAMES.every((t) => tables.includes(t));
	return ok ? (part.summary as SummaryFile[]) : null;
}

/** One file of a province's summary. */
export interface SummaryFile {
	table: SummaryTable;
	/** Relative to the dataset folder, e.g. `rollups/51-agg_scope.parquet`. */
	file: string;
	rows: number;
	bytes: number;
}

export interface FactsPart {
	province: string;
	/** Relative to the dataset folder, e.g. `facts/33.parquet`. */
	file: string;
	rows: number;
	bytes: number;
	row_groups: number;
	years: PartYear[];
	/** The province's summary tables (absent in a build before them: the province then loads its facts). */
	summary?: SummaryFile[];
}

export interface RollupFile {
	level: RollupLevel;
	file: string;
	rows: number;
	bytes: number;
}

/** The extra manifest fields of a partitioned dataset. */
export interface LayoutManifest {
	layout?: 'by-province';
	parts?: FactsPart[];
	rollups?: RollupFile[];
}

/** A part file name the loaders accept (no path tricks: `facts/<name>.parquet` or `rollups/<name>.parquet`). */
export function isPartFile(file: string): boolean {
	return /^(facts|rollups)\/[\w-]+\.parquet$/.test(file);
}
