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
 * - **Baked aggregates** (`aggregates.json`, any dataset): see `BakedAggregates` in ./aggregates.ts.
 */

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

export interface FactsPart {
	province: string;
	/** Relative to the dataset folder, e.g. `facts/33.parquet`. */
	file: string;
	rows: number;
	bytes: number;
	row_groups: number;
	years: PartYear[];
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
