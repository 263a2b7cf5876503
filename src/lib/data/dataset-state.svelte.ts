/**
 * The open dataset's state as views see it (status, manifest, synthetic, version…), apart from the DuckDB store
 * (store.svelte.ts) that fills it: the light `/embed` fills it from the baked aggregates, and components that
 * only read it (Chart's synthetic badge) do not pull DuckDB-WASM into a page's bundle. Also the shipped
 * dataset list, which both need.
 */
import { echo } from '../url-params.ts';
import type { Manifest } from '../dataset/schema.ts';
import type { LayoutManifest } from '../dataset/layout.ts';

export type DatasetStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface DatasetInfo {
	name: string;
	title: string;
	title_en?: string;
	synthetic: boolean;
	reports: number;
	years: number[];
}

export const dataset = $state<{
	name: string;
	status: DatasetStatus;
	progress: number;
	message: string;
	manifest: (Manifest & LayoutManifest) | null;
	/**
	 * For a dataset laid out by province: the province whose facts DuckDB holds (null: none — national scope,
	 * drawn from the baked aggregates). Always null for a dataset in one piece.
	 */
	partition: string | null;
	/**
	 * For a dataset laid out by province whose parts carry a summary (src/lib/dataset/layout.ts): the province
	 * whose summary DuckDB holds — its reports and the Overview's tables, enough for the Overview and its filters
	 * — with its facts too when `partition` is the same province. Null otherwise.
	 */
	summary: string | null;
	/** The `nianbao serve` server answering the views' queries (src/lib/db/server-choice.ts), null: DuckDB-WASM. */
	server: string | null;
	error: string | null;
	synthetic: boolean;
	/** Increments each time a dataset finishes loading. */
	version: number;
	/** True once the report texts (background load) are in the `texts` table. */
	texts: boolean;
	/** True once the aggregate tables (`agg_scope`, `agg_org`, built in the background) exist for this dataset. */
	aggregates: boolean;
	/** What kind of load error `error` is: a dataset name that is not shipped, or a problem with files. */
	errorKind: 'missing' | 'files' | 'server' | null;
	/** Why the visitor's dropped files were not opened (the dataset on screen stayed as it was). */
	dropError: string | null;
	/** Notes on how the open files were read (e.g. a CSV decoded as GBK). */
	notes: string[];
}>({
	name: '',
	status: 'idle',
	progress: 0,
	message: '',
	manifest: null,
	partition: null,
	summary: null,
	server: null,
	error: null,
	synthetic: false,
	version: 0,
	texts: false,
	aggregates: false,
	errorKind: null,
	dropError: null,
	notes: []
});

/** A dataset name that the site does not ship (or that is not a dataset name at all). */
export class MissingDataset extends Error {
	constructor(name: string, available: string[]) {
		super(`“${echo(name)}”: no such dataset${available.length ? ` (available: ${available.join(', ')})` : ''}`);
		this.name = 'MissingDataset';
	}
}


let listCache: Promise<DatasetInfo[]> | null = null;

/** The shipped datasets (from `<base>/datasets/index.json`), fetched once. */
export function datasetList(base: string): Promise<DatasetInfo[]> {
	listCache ??= fetch(`${base}/datasets/index.json`)
		.then((r) => {
			if (!r.ok) throw new Error(`${base}/datasets/index.json: HTTP ${r.status}`);
			return r.json() as Promise<DatasetInfo[]>;
		})
		.catch((e) => {
			listCache = null;
			throw e;
		});
	return listCache;
}

/** The dataset opened when the URL names none: `demo` when shipped, else `real`, else the first. */
export async function defaultDatasetName(base: string): Promise<string> {
	const list = await datasetList(base);
	return (list.find((d) => d.name === 'demo') ?? list.find((d) => d.name === 'real') ?? list[0])?.name ?? 'real';
}
