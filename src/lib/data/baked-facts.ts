/**
 * The light path's answer for a chart the baked aggregates do not hold (a rare metric, towns picked by hand):
 * one series' facts read from the dataset's Parquet with hyparquet's HTTP range reads (only the four facts
 * columns it needs and the reports' region columns; never DuckDB, never the texts), and the views' queries
 * evaluated on those rows in plain JS. Each function here states which query it equals; the unit test
 * (tests/unit/data/baked-facts.test.ts) compares them with DuckDB running that query on the shipped datasets,
 * so a chart drawn here is the chart DuckDB would draw.
 */
import type { AsyncBuffer } from 'hyparquet';
import { DEFAULT_TOWNS, MAD_SCALE, MEANAD_SCALE, OUTLIER_MIN_TOWNS, type OutlierRow, type ValueMode } from '../queries/compare.ts';
import type { ContinuityRow } from '../queries/overview.ts';
import { breaksAtFormatChange, type SeriesFilter, type SeriesInfo, type SeriesRow } from '../queries/series.ts';
import type { TownRef } from '../town-keys.ts';
import type { Scope } from '../url-params.ts';
import { inScope } from '../scope.ts';
import { isCounted as counted } from '../db/sql.ts';

/** One fact of a series with its report's columns: the columns of `facts_r` the views' series queries read. */
export interface SeriesFact {
	org: string | null;
	district: string | null;
	province: string | null;
	city: string | null;
	year: number | null;
	format: string | null;
	status: string | null;
	value: number | null;
}

/** Facts and reports columns read (both tables keep every other column, notably `raw` and spans, unread). */
const FACT_COLS = ['report_id', 'year', 'metric', 'value'];
const REPORT_COLS = ['report_id', 'org', 'province', 'city', 'district', 'format', 'status'];

/** Columns of a Parquet file by name, each a value per row (column by column: no object per row). */
export type Columns = Record<string, ArrayLike<unknown>>;
type Reader = (url: string, columns: string[]) => Promise<Columns>;

/**
 * hyparquet and its decompressors, imported on the first read: most charts are drawn from the baked JSON alone,
 * and the pages (the Overview's first chart, an embed) must not download a Parquet reader they may never run.
 */
export function parquetLib() {
	return Promise.all([import('hyparquet'), import('hyparquet-compressors')]).then(([h, c]) => ({ ...h, compressors: c.compressors }));
}

/**
 * hyparquet over HTTP range requests: the footer, then only the column chunks asked for. The footer is read
 * with a 16 KB guess (hyparquet's default is 512 KB — most of a small dataset's facts file); a bigger footer
 * costs one more request.
 */
export const rangeReader: Reader = async (url, columns) => {
	const { asyncBufferFromUrl } = await parquetLib();
	return readColumns(await asyncBufferFromUrl({ url }), columns);
};

/**
 * The given columns of a whole Parquet file, decoded chunk by chunk into one array each — for the embed's
 * series, building no object per row roughly halves the decode time of a dataset's facts.
 */
export async function readColumns(file: AsyncBuffer, columns: string[]): Promise<Columns> {
	const { parquetMetadataAsync, parquetRead, compressors } = await parquetLib();
	const metadata = await parquetMetadataAsync(file, { initialFetchSize: 1 << 14 });
	const n = Number(metadata.num_rows);
	const out: Record<string, unknown[]> = Object.fromEntries(columns.map((c) => [c, new Array(n)]));
	await parquetRead({
		file,
		metadata,
		columns,
		compressors,
		onChunk: ({ columnName, columnData, rowStart }) => {
			const into = out[columnName];
			for (let i = 0; i < columnData.length && rowStart + i < n; i++) into[rowStart + i] = columnData[i];
		}
	});
	return out;
}

/**
 * A dataset's facts of the given metrics joined with their reports (as `facts_r` does: facts without a report
 * are left out). `reader` reads Parquet columns (range reads in the browser; a file reader in tests).
 */
export async function readSeriesFacts(factsUrl: string, reportsUrl: string, metrics: readonly string[], reader: Reader = rangeReader): Promise<SeriesFact[]> {
	const [f, r] = await Promise.all([reader(factsUrl, FACT_COLS), reader(reportsUrl, REPORT_COLS)]);
	const text = (col: ArrayLike<unknown>, i: number) => (col[i] as string | null | undefined) ?? null;
	const row = new Map<string, number>();
	for (let i = 0; i < r.report_id.length; i++) row.set(r.report_id[i] as string, i);
	const want = new Set(metrics);
	const out: SeriesFact[] = [];
	for (let i = 0; i < f.metric.length; i++) {
		if (!want.has(f.metric[i] as string)) continue;
		const j = row.get(f.report_id[i] as string);
		if (j === undefined) continue;
		const year = f.year[i];
		const value = f.value[i];
		out.push({
			org: text(r.org, j),
			district: text(r.district, j),
			province: text(r.province, j),
			city: text(r.city, j),
			year: year == null ? null : Number(year),
			format: text(r.format, j),
			status: text(r.status, j),
			value: value == null ? null : Number(value)
		});
	}
	return out;
}

const isTown = (f: SeriesFact, towns: readonly TownRef[]) => f.org !== null && towns.some((t) => t.org === f.org && t.district === f.district);
/** SQL's ORDER BY for text: NULLs last. */
const cmpText = (a: string | null | undefined, b: string | null | undefined) => (a == null ? (b == null ? 0 : 1) : b == null ? -1 : a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
	const m = new Map<string, T[]>();
	for (const r of rows) {
		const k = key(r);
		const g = m.get(k);
		if (g) g.push(r);
		else m.set(k, [r]);
	}
	return m;
}

/** Median as DuckDB's `median` (the mean of the two middle values for an even count). */
function median(xs: readonly number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const h = s.length >> 1;
	return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** = `seriesQuery(info, filter)` on these facts (all of the series). */
export function seriesRows(facts: readonly SeriesFact[], info: SeriesInfo, filter: SeriesFilter = {}): SeriesRow[] {
	const split = breaksAtFormatChange(info.grade);
	const kept = facts.filter(
		(f) =>
			counted(f) &&
			inScope(f, filter.scope) &&
			(!filter.towns || isTown(f, filter.towns)) &&
			(filter.from == null || f.year! >= filter.from) &&
			(filter.to == null || f.year! <= filter.to)
	);
	const key = (f: SeriesFact) => JSON.stringify([filter.byTown ? [f.org, f.district] : null, f.year, split ? f.format : null]);
	const rows: SeriesRow[] = [];
	for (const g of groupBy(kept, key).values()) {
		const vals = g.map((f) => f.value).filter((v): v is number => v !== null);
		if (vals.length === 0) continue;
		const formats = [...new Set(g.map((f) => f.format).filter((x) => x !== null))];
		const row: SeriesRow = {
			year: g[0].year!,
			format: split ? g[0].format : formats.length === 1 ? formats[0] : 'mixed',
			value: vals.reduce((a, b) => a + b, 0),
			n_reports: vals.length
		};
		rows.push(filter.byTown ? { org: g[0].org!, district: g[0].district, ...row } : row);
	}
	return rows.sort((a, b) => cmpText(a.org, b.org) || cmpText(a.district, b.district) || a.year - b.year || cmpText(a.format, b.format));
}

/** = `continuityQuery(scope, {by: 'series', series})`: per year, organisations with a value and those also the year before. */
export function continuityRows(facts: readonly SeriesFact[], series: string, scope: Partial<Scope>): ContinuityRow[] {
	const seen = new Map<number, Set<string>>();
	// ORG_KEY of queries/overview.ts: the name in its province, city and district.
	const orgKey = (f: SeriesFact) => JSON.stringify([f.org, f.province, f.city, f.district]);
	for (const f of facts) {
		if (!counted(f) || f.value === null || !inScope(f, scope)) continue;
		let s = seen.get(f.year!);
		if (!s) seen.set(f.year!, (s = new Set()));
		s.add(orgKey(f));
	}
	return [...seen.entries()]
		.sort(([a], [b]) => a - b)
		.map(([year, orgs]) => {
			const prev = seen.get(year - 1);
			// SQL's `b.org = a.org` never holds for a NULL org.
			const common = prev ? [...orgs].filter((k) => JSON.parse(k)[0] !== null && prev.has(k)).length : 0;
			return { key: series, year, n_orgs: orgs.size, n_common: common };
		});
}

/** = `outlierQuery(metric, towns, opts)`: the picked towns' robust z-scores against their district's towns. */
export function outlierRows(
	facts: readonly SeriesFact[],
	info: SeriesInfo,
	towns: readonly TownRef[],
	opts: { from?: number | null; to?: number | null; mode?: ValueMode } = {}
): OutlierRow[] {
	const fmt = (f: SeriesFact) => (breaksAtFormatChange(info.grade) ? f.format : 'all');
	const kept = facts.filter(
		(f) => counted(f) && f.district !== null && (opts.from == null || f.year! >= opts.from) && (opts.to == null || f.year! <= opts.to)
	);
	type V = { province: string | null; city: string | null; district: string; org: string | null; year: number; fmt: string | null; x: number };
	const v: V[] = [];
	for (const g of groupBy(kept, (f) => JSON.stringify([f.province, f.city, f.district, f.org, f.year, fmt(f)])).values()) {
		const vals = g.map((f) => f.value).filter((x): x is number => x !== null);
		if (vals.length === 0) continue;
		const sum = vals.reduce((a, b) => a + b, 0);
		const f = g[0];
		v.push({ province: f.province, city: f.city, district: f.district!, org: f.org, year: f.year!, fmt: fmt(f), x: opts.mode === 'report' ? sum / vals.length : sum });
	}
	// JOIN … USING (province, city, district, year, fmt): a NULL in any of them joins nothing.
	const joinable = v.filter((r) => r.province !== null && r.city !== null && r.fmt !== null);
	const cell = (r: V) => JSON.stringify([r.province, r.city, r.district, r.year, r.fmt]);
	const stats = new Map<string, { med: number; n: number; mad: number; meanad: number }>();
	for (const [k, g] of groupBy(joinable, cell)) {
		const med = median(g.map((r) => r.x));
		const devs = g.map((r) => Math.abs(r.x - med));
		stats.set(k, { med, n: g.length, mad: median(devs), meanad: devs.reduce((a, b) => a + b, 0) / devs.length });
	}
	const out: OutlierRow[] = [];
	for (const r of joinable) {
		if (r.org === null || !towns.some((t) => t.org === r.org && t.district === r.district)) continue;
		const s = stats.get(cell(r))!;
		const z = s.n < OUTLIER_MIN_TOWNS ? null : s.mad > 0 ? (MAD_SCALE * (r.x - s.med)) / s.mad : s.meanad > 0 ? (r.x - s.med) / (MEANAD_SCALE * s.meanad) : null;
		out.push({ org: r.org, district: r.district, year: r.year, value: r.x, median: s.med, mad: s.mad, n_towns: s.n, z });
	}
	return out.sort((a, b) => cmpText(a.org, b.org) || a.year - b.year);
}

/** = `defaultTownsQuery(metric, scope, limit)`: the towns with the most years of values, in name order. */
export function defaultTownRows(facts: readonly SeriesFact[], scope: Partial<Scope>, limit = DEFAULT_TOWNS): { org: string; district: string | null; n_years: number }[] {
	const kept = facts.filter((f) => f.status !== null && f.status !== 'failed' && f.value !== null && inScope(f, scope));
	const rows = [...groupBy(kept, (f) => JSON.stringify([f.org, f.district])).values()].map((g) => ({
		org: g[0].org as string,
		district: g[0].district,
		n_years: new Set(g.map((f) => f.year).filter((y) => y !== null)).size
	}));
	return rows.sort((a, b) => b.n_years - a.n_years || cmpText(a.org, b.org) || cmpText(a.district, b.district)).slice(0, limit);
}

/**
 * One row of a rollup file of a dataset laid out by province (dataset/layout.ts): per region of the file's level,
 * year, report format and metric, the sum of the values of the counted reports, how many had a value and how
 * many facts there were.
 */
export interface RollupRow {
	province?: string | null;
	city?: string | null;
	district?: string | null;
	year: number;
	format: string | null;
	metric: string;
	value: number | null;
	n_values: number;
	n_rows: number;
}

/**
 * The rows of a rollup file a scope needs: rollup files are ordered by region, so only the row groups whose
 * `province` range (from the footer's statistics) can hold the scope's province are read — a city's chart reads
 * one or two row groups of the country's city file. `file`: hyparquet's buffer (HTTP ranges in the browser).
 */
export async function readRollupRows(file: AsyncBuffer, province: string | null): Promise<RollupRow[]> {
	const { parquetMetadataAsync, parquetReadObjects, compressors } = await parquetLib();
	const metadata = await parquetMetadataAsync(file, { initialFetchSize: 1 << 14 });
	const out: RollupRow[] = [];
	let start = 0;
	for (const rg of metadata.row_groups) {
		const n = Number(rg.num_rows);
		const stats = rg.columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'province')?.meta_data?.statistics;
		const [lo, hi] = [stats?.min_value, stats?.max_value];
		// No statistics, or NULL provinces (a province-less scope): read the group.
		const may = province === null || typeof lo !== 'string' || typeof hi !== 'string' || (lo <= province && province <= hi);
		if (may) {
			const rows = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: start + n, compressors });
			for (const r of rows) {
				out.push({
					...r,
					year: Number(r.year),
					value: r.value == null ? null : Number(r.value),
					n_values: Number(r.n_values),
					n_rows: Number(r.n_rows)
				} as RollupRow);
			}
		}
		start += n;
	}
	return out;
}

/**
 * = `seriesQuery(info, {scope, from, to})` from the rollup rows of the scope's level (all its reports'
 * facts summed per region, year, format and metric): the same sums and counts, without a fact read.
 */
export function seriesRowsFromRollups(rows: readonly RollupRow[], info: SeriesInfo, filter: Pick<SeriesFilter, 'scope' | 'from' | 'to'> = {}): SeriesRow[] {
	const split = breaksAtFormatChange(info.grade);
	const want = new Set(info.members.map((m) => m.id));
	const kept = rows.filter(
		(r) =>
			want.has(r.metric) &&
			inScope({ province: r.province ?? null, city: r.city ?? null, district: r.district ?? null }, filter.scope) &&
			(filter.from == null || r.year >= filter.from) &&
			(filter.to == null || r.year <= filter.to)
	);
	const out: SeriesRow[] = [];
	for (const g of groupBy(kept, (r) => JSON.stringify([r.year, split ? r.format : null])).values()) {
		const n = g.reduce((a, r) => a + r.n_values, 0);
		if (n === 0) continue;
		const formats = [...new Set(g.map((r) => r.format).filter((x) => x !== null))];
		out.push({
			year: g[0].year,
			format: split ? g[0].format : formats.length === 1 ? formats[0] : 'mixed',
			value: g.reduce((a, r) => a + (r.value ?? 0), 0),
			n_reports: n
		});
	}
	return out.sort((a, b) => a.year - b.year || cmpText(a.format, b.format));
}
