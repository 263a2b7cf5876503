/**
 * The Data view's queries: one filter (region, towns, years, metrics) turned into a parameterised WHERE clause
 * over `facts_r`, used identically for the row count, the paged preview and the export — so a download holds
 * exactly the rows the page says it holds. Values from the URL are bound as parameters, never pasted into SQL;
 * metric ids are checked against the catalog before they get here.
 */
import { METRICS, isMetricId, labelZh, metric } from '../catalog/index.ts';
import type { Connector, Param } from '../db/connector.ts';
import type { ParquetColumn } from '../export/parquet.ts';
import { resolveTownKeys, townsWhere, type Town, type TownRef } from '../town-keys.ts';
import { lit } from '../db/sql.ts';
import { readList, readMetrics, readScope, readYearRange } from '../url-params.ts';

export interface DataFilter {
	province: string | null;
	city: string | null;
	district: string | null;
	/** Organisations (name and district, as in the town list); empty = all. */
	towns: readonly TownRef[];
	from: number | null;
	to: number | null;
	/** Catalog tables (二, 三, 四, 正文, 六) whose metrics are all included. */
	tables: readonly string[];
	/** Individual metric ids (added to the tables' metrics); both empty = every metric. */
	metrics: readonly string[];
}

export const EMPTY_FILTER: DataFilter = {
	province: null,
	city: null,
	district: null,
	towns: [],
	from: null,
	to: null,
	tables: [],
	metrics: []
};

/** The catalog tables, in catalog order. */
export const CATALOG_TABLES: readonly string[] = [...new Set(METRICS.map((m) => m.table))];

/** The metric ids a filter selects (catalog order), or null for "all metrics". */
export function selectedMetrics(f: Pick<DataFilter, 'tables' | 'metrics'>): string[] | null {
	if (!f.tables.length && !f.metrics.length) return null;
	const ids = new Set(f.metrics.filter(isMetricId));
	return METRICS.filter((m) => ids.has(m.id) || f.tables.includes(m.table)).map((m) => m.id);
}

/** WHERE clause (over facts_r aliased `f`) and its parameters. */
export function filterWhere(f: DataFilter): { sql: string; params: Param[] } {
	const parts: string[] = [];
	const params: Param[] = [];
	for (const key of ['province', 'city', 'district'] as const) {
		const v = f[key];
		if (v !== null) {
			parts.push(`f.${key} = ?`);
			params.push(v);
		}
	}
	if (f.towns.length) {
		const t = townsWhere(f.towns, 'f');
		parts.push(t.sql);
		params.push(...t.params);
	}
	if (f.from !== null) {
		parts.push('f.year >= ?');
		params.push(f.from);
	}
	if (f.to !== null) {
		parts.push('f.year <= ?');
		params.push(f.to);
	}
	const ids = selectedMetrics(f);
	if (ids !== null) {
		// Selected tables/metrics that match nothing in the catalog select nothing (not everything).
		if (!ids.length) parts.push('FALSE');
		else {
			parts.push(`f.metric IN (${ids.map(() => '?').join(', ')})`);
			params.push(...ids);
		}
	}
	return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** One exported row: where the value comes from, what it is, the value and how it was read. */
export interface DataRow {
	report_id: string;
	org: string | null;
	province: string | null;
	city: string | null;
	district: string | null;
	year: number | null;
	metric: string;
	label_zh: string;
	label_en: string;
	value: number | null;
	unit: string;
	unit_zh: string;
	unit_en: string;
	flags: string;
	raw: string;
	[key: string]: unknown;
}

/** Export columns in file order, with Parquet types. */
export const DATA_COLUMNS: readonly ParquetColumn[] = [
	{ name: 'org', type: 'STRING' },
	{ name: 'province', type: 'STRING' },
	{ name: 'city', type: 'STRING' },
	{ name: 'district', type: 'STRING' },
	{ name: 'year', type: 'INT32' },
	{ name: 'metric', type: 'STRING' },
	{ name: 'label_zh', type: 'STRING' },
	{ name: 'label_en', type: 'STRING' },
	{ name: 'value', type: 'DOUBLE' },
	{ name: 'unit', type: 'STRING' },
	{ name: 'unit_zh', type: 'STRING' },
	{ name: 'unit_en', type: 'STRING' },
	{ name: 'flags', type: 'STRING' },
	{ name: 'raw', type: 'STRING' },
	{ name: 'report_id', type: 'STRING' }
];

export type SortKey = 'org' | 'year' | 'metric' | 'value';
const ORDER: Record<SortKey, string> = {
	org: 'f.org',
	year: 'f.year',
	metric: 'm.ord',
	value: 'f.value'
};

function orderBy(sort: SortKey = 'org', desc = false): string {
	const dir = desc ? 'DESC' : 'ASC';
	// Always end with a total order so pages never overlap or skip rows.
	return `ORDER BY ${ORDER[sort]} ${dir} NULLS LAST, f.org, f.year, m.ord, f.report_id`;
}

const SELECT = `SELECT f.org, f.province, f.city, f.district, f.year::INTEGER AS year, f.metric,
 f.value, f.unit, f.flags, f.raw, f.report_id
 FROM facts_r f LEFT JOIN metrics m ON m.id = f.metric`;

function withLabels(rows: Record<string, unknown>[]): DataRow[] {
	return rows.map((r) => {
		const m = metric(String(r.metric));
		return { ...r, label_zh: m ? labelZh(m) : '', label_en: m?.labelEn ?? '', unit_zh: m?.unitZh ?? '', unit_en: m?.unitEn ?? '' } as DataRow;
	});
}

/** How many fact rows the filter selects. */
export async function countRows(conn: Connector, f: DataFilter): Promise<number> {
	const w = filterWhere(f);
	const [r] = await conn.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM facts_r f ${w.sql}`, w.params);
	return r?.n ?? 0;
}

/** One page of the filtered rows. */
export async function pageRows(
	conn: Connector,
	f: DataFilter,
	opts: { limit: number; offset: number; sort?: SortKey; desc?: boolean }
): Promise<DataRow[]> {
	const w = filterWhere(f);
	const limit = Math.max(0, Math.floor(opts.limit));
	const offset = Math.max(0, Math.floor(opts.offset));
	const rows = await conn.query(`${SELECT} ${w.sql} ${orderBy(opts.sort, opts.desc)} LIMIT ? OFFSET ?`, [
		...w.params,
		limit,
		offset
	]);
	return withLabels(rows);
}

/** Every filtered row, in the preview's default order, as JS objects (tests and small exports; downloads use `exportQuery`). */
export async function allRows(conn: Connector, f: DataFilter): Promise<DataRow[]> {
	const w = filterWhere(f);
	return withLabels(await conn.query(`${SELECT} ${w.sql} ${orderBy()}`, w.params));
}


let labelsCte: string | null = null;
/**
 * The catalog's display labels and units as an inline VALUES list, so the export query returns them from SQL (the
 * same `labelZh`/`labelEn`/`unitZh`/`unitEn` the preview shows) and no row has to pass through JS to be labelled.
 */
function labels(): string {
	labelsCte ??= `labels(id, label_zh, label_en, unit_zh, unit_en) AS (VALUES ${METRICS.map((m) => `(${[m.id, labelZh(m), m.labelEn, m.unitZh, m.unitEn].map(lit).join(', ')})`).join(', ')})`;
	return labelsCte;
}

/** How each export column is computed; `text` columns are the ones a spreadsheet might read as a formula. */
const EXPORT_EXPR: Record<string, { sql: string; text: boolean }> = {
	org: { sql: 'f.org', text: true },
	province: { sql: 'f.province', text: true },
	city: { sql: 'f.city', text: true },
	district: { sql: 'f.district', text: true },
	year: { sql: 'f.year::INTEGER', text: false },
	metric: { sql: 'f.metric', text: true },
	label_zh: { sql: "coalesce(l.label_zh, '')", text: true },
	label_en: { sql: "coalesce(l.label_en, '')", text: true },
	value: { sql: 'f.value::DOUBLE', text: false },
	unit: { sql: 'f.unit', text: true },
	unit_zh: { sql: "coalesce(l.unit_zh, '')", text: true },
	unit_en: { sql: "coalesce(l.unit_en, '')", text: true },
	flags: { sql: 'f.flags', text: true },
	raw: { sql: 'f.raw', text: true },
	report_id: { sql: 'f.report_id', text: true }
};

/**
 * A CSV cell in SQL: text starting with = + - @, tab or CR gets a leading apostrophe (formula neutralisation,
 * exactly as `csvCell` does in JS); numbers stay numbers, integers without a trailing `.0` (as JS writes them),
 * NaN/±Infinity as an empty cell.
 */
function csvExpr(col: string): string {
	const { sql, text } = EXPORT_EXPR[col];
	if (text) return `CASE WHEN regexp_matches(${sql}, '^[=+\\-@\\t\\r]') THEN '''' || ${sql} ELSE ${sql} END`;
	if (col !== 'value') return sql;
	return `CASE WHEN NOT isfinite(${sql}) THEN NULL WHEN ${sql} = trunc(${sql}) AND abs(${sql}) < 1e21 THEN (${sql})::HUGEINT::VARCHAR ELSE (${sql})::VARCHAR END`;
}

/**
 * The download's query: exactly the filtered rows (same WHERE and parameters as the count and the preview), in
 * the preview's default order, `DATA_COLUMNS` in file order, catalog labels included. With `csv`, spreadsheet-safe
 * cells (see `csvExpr`); otherwise typed columns (year INTEGER, value DOUBLE, text VARCHAR) for Arrow → Parquet.
 */
export function exportQuery(f: DataFilter, opts: { csv?: boolean } = {}): { sql: string; params: Param[] } {
	const w = filterWhere(f);
	const cols = DATA_COLUMNS.map((c) => `${opts.csv ? csvExpr(c.name) : EXPORT_EXPR[c.name].sql} AS ${c.name}`);
	return {
		sql: `WITH ${labels()}
SELECT ${cols.join(',\n ')}
FROM facts_r f LEFT JOIN metrics m ON m.id = f.metric LEFT JOIN labels l ON l.id = f.metric
${w.sql}
${orderBy()}`,
		params: w.params
	};
}

/** A text cell quoted as RFC 4180 (and d3-dsv) do: only when it holds a comma, a quote, CR or LF; NULL → empty. */
function csvQuoted(x: string): string {
	return `CASE WHEN ${x} IS NULL THEN '' WHEN contains(${x}, ',') OR contains(${x}, '"') OR contains(${x}, chr(10)) OR contains(${x}, chr(13)) THEN '"' || replace(${x}, '"', '""') || '"' ELSE ${x} END`;
}

/** The CSV header line (CRLF-terminated): the export columns in file order. */
export const CSV_HEADER = DATA_COLUMNS.map((c) => c.name).join(',') + '\r\n';

/**
 * The download's CSV as one CRLF-terminated text line per row, built by DuckDB: formula guard and number
 * formatting as `csvExpr`, RFC 4180 quoting as `csvQuoted`, the same filter (bound `?` parameters) and order as
 * the preview. Streamed as Arrow, a batch's Utf8 buffer *is* that batch's CSV bytes, so the browser appends it to
 * the file without decoding a single string.
 *
 * (DuckDB-WASM's own `COPY … TO 'x.csv'` gives the same bytes but writes through its JS-backed virtual file
 * system: 7 s of a 1M-row export in Chromium against 5 s for this whole query, and a second full copy out of
 * the worker; see bench/downloads.bench.ts.)
 */
export function csvLinesQuery(f: DataFilter): { sql: string; params: Param[] } {
	const w = filterWhere(f);
	const cells = DATA_COLUMNS.map((c) => `${csvExpr(c.name)} AS c_${c.name}`);
	const line = DATA_COLUMNS.map((c) => (EXPORT_EXPR[c.name].text ? csvQuoted(`c_${c.name}`) : `coalesce(c_${c.name}::VARCHAR, '')`));
	return {
		sql: `WITH ${labels()},
cells AS (SELECT ${cells.join(',\n ')},
 f.org AS k_org, f.year AS k_year, m.ord AS k_ord, f.report_id AS k_report
 FROM facts_r f LEFT JOIN metrics m ON m.id = f.metric LEFT JOIN labels l ON l.id = f.metric
 ${w.sql})
SELECT ${line.join(" || ',' || ")} || chr(13) || chr(10) AS line
FROM cells
ORDER BY k_org ASC NULLS LAST, k_org, k_year, k_ord, k_report`,
		params: w.params
	};
}

/** Region/organisation choices present in the data, and its years: the filter's options and URL validation. */
export interface FilterOptions {
	places: { province: string | null; city: string | null; district: string | null; org: string }[];
	years: number[];
}

export async function filterOptions(conn: Connector): Promise<FilterOptions> {
	const places = await conn.query<FilterOptions['places'][number]>(
		`SELECT DISTINCT province, city, district, org FROM reports WHERE org IS NOT NULL
		 ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST, org`
	);
	const years = await conn.query<{ year: number }>(
		'SELECT DISTINCT year::INTEGER AS year FROM reports WHERE year IS NOT NULL ORDER BY year'
	);
	return { places, years: years.map((y) => y.year) };
}

/**
 * Keep only the parts of a filter that exist in the data (a region or a town that is not there), so a stale or
 * hand-edited URL shows what it can instead of silently showing nothing.
 */
export function validateFilter(f: DataFilter, opts: FilterOptions): DataFilter {
	const has = (key: 'province' | 'city' | 'district', v: string | null) =>
		v !== null && opts.places.some((p) => p[key] === v) ? v : null;
	const known = (t: TownRef) => opts.places.some((p) => p.org === t.org && p.district === t.district);
	return {
		...f,
		province: has('province', f.province),
		city: has('city', f.city),
		district: has('district', f.district),
		towns: f.towns.filter(known),
		tables: f.tables.filter((t) => CATALOG_TABLES.includes(t)),
		metrics: f.metrics.filter(isMetricId)
	};
}

/** The URL parameters that make up the Data view's filter (and nothing else: not the page, sort, console or language). */
export const FILTER_KEYS = ['province', 'city', 'district', 'towns', 'from', 'to', 'tables', 'metrics'] as const;

/** Only the filter's parameters of a URL's search params, in `FILTER_KEYS` order: what a server download is sent. */
export function filterParams(p: URLSearchParams): URLSearchParams {
	const out = new URLSearchParams();
	for (const k of FILTER_KEYS) for (const v of p.getAll(k)) out.append(k, v);
	return out;
}

/**
 * The filter a URL describes, checked against the data: the Data view reads its own URL with it, and
 * `nianbao serve`'s `/download` reads a request's parameters with it — one filter model, so a server download
 * holds exactly the rows the page counted. Town keys are resolved against the town list (unknown ones dropped).
 */
export function readDataFilter(p: URLSearchParams, towns: readonly Town[], options: FilterOptions): DataFilter {
	const range = readYearRange(p);
	return validateFilter(
		{
			...readScope(p),
			towns: resolveTownKeys(towns, readList(p, 'towns')).found.map((x) => ({ org: x.org, district: x.district })),
			from: range.from,
			to: range.to,
			tables: readList(p, 'tables'),
			metrics: readMetrics(p)
		},
		options
	);
}

/** A parameter written as a SQL literal (strings with quotes doubled). */
function sqlLiteral(v: Param): string {
	if (v === null) return 'NULL';
	if (typeof v === 'number') return String(v);
	if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
	return lit(v);
}

/**
 * The filter as one readable SELECT with its values written in, for the SQL console ("open in SQL"): researchers
 * start from exactly the rows they see and refine. Only ever run by the read-only console; the app's own queries
 * bind parameters instead.
 */
export function filterSql(f: DataFilter): string {
	const w = filterWhere(f);
	let i = 0;
	const where = w.sql.replace(/\?/g, () => sqlLiteral(w.params[i++]));
	return `SELECT f.org, f.province, f.city, f.district, f.year, f.metric, f.value, f.unit, f.flags, f.raw, f.report_id
FROM facts_r f LEFT JOIN metrics m ON m.id = f.metric
${where ? where + '\n' : ''}ORDER BY f.org, f.year, m.ord`;
}

