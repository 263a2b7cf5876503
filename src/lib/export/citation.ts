/**
 * How a download cites its source: one line naming the dataset, its version (creation time and catalog version),
 * whether it is synthetic, the exact view URL that reproduces it and the access date. Shown on the page with a copy
 * button and written into Parquet metadata; the same manifest fields name the downloaded files.
 */
import type { Manifest } from '../dataset/schema.ts';

export type CitedManifest = Pick<Manifest, 'name' | 'title' | 'created_at' | 'catalog_version' | 'schema_version' | 'synthetic'>;

export const SYNTHETIC_NOTE = '模拟数据 / synthetic demonstration data';

/** The dataset's version as people quote it: its creation time to the second, UTC. */
export function datasetVersion(m: Pick<Manifest, 'created_at'>): string {
	const d = new Date(m.created_at);
	return Number.isNaN(d.getTime()) ? String(m.created_at) : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The citation line (bilingual labels so it reads the same whatever the interface language). */
export function citation(m: CitedManifest, url: string, accessed: Date = new Date()): string {
	const parts = [
		`nianbao 年报 dataset “${m.title && m.title !== m.name ? `${m.title} (${m.name})` : m.name}”`,
		`version ${datasetVersion(m)}`,
		`catalog ${m.catalog_version}, schema ${m.schema_version}`
	];
	if (m.synthetic) parts.push(SYNTHETIC_NOTE);
	parts.push(url, `accessed ${accessed.toISOString().slice(0, 10)}`);
	return parts.join('. ') + '.';
}

/** Key-value metadata for a Parquet export. */
export function citationMetadata(m: CitedManifest, url: string, accessed: Date = new Date()): Record<string, string> {
	return {
		'nianbao.citation': citation(m, url, accessed),
		'nianbao.dataset': m.name,
		'nianbao.version': datasetVersion(m),
		'nianbao.catalog_version': m.catalog_version,
		'nianbao.synthetic': String(m.synthetic),
		'nianbao.url': url,
		'nianbao.accessed': accessed.toISOString()
	};
}

/** A download's file name: `nianbao-<dataset>-<version>-<what>.<ext>`, safe on every file system. */
export function exportFileName(m: Pick<Manifest, 'name' | 'created_at' | 'synthetic'>, what: string, ext: string): string {
	const version = datasetVersion(m).replace(/[-:]/g, '').replace(/Z$/, 'Z');
	const safe = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'data';
	return `nianbao-${safe(m.name)}${m.synthetic ? '-synthetic' : ''}-${version}-${safe(what)}.${ext}`;
}
