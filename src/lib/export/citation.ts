/**
 * How a download cites its source: one line naming the dataset, its version (creation time and catalog version),
 * whether it is synthetic, the exact view URL that reproduces it and the access date — in the interface's
 * language, as the page shows it. Shown on the page with a copy button and written into Parquet metadata; the
 * same manifest fields name the downloaded files.
 */
import type { Manifest } from '../dataset/schema.ts';
import type { Lang } from '../url-params.ts';

export type CitedManifest = Pick<Manifest, 'name' | 'title' | 'title_en' | 'created_at' | 'catalog_version' | 'schema_version' | 'synthetic'>;

/** The "this is generated data" note, in the interface's language. */
export function syntheticNote(lang: Lang): string {
	return lang === 'en' ? 'synthetic demonstration data' : '模拟数据，仅供演示';
}

/**
 * A dataset's title in a language: Chinese `title`, English `title_en` (falling back to `title`, then the name).
 * Datasets list and manifest both carry these fields.
 */
export function datasetTitle(m: { name: string; title?: string; title_en?: string }, lang: Lang): string {
	return (lang === 'en' ? m.title_en || m.title : m.title) || m.name;
}

/** The dataset's version as people quote it: its creation time to the second, UTC. */
export function datasetVersion(m: Pick<Manifest, 'created_at'>): string {
	const d = new Date(m.created_at);
	return Number.isNaN(d.getTime()) ? String(m.created_at) : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The citation line in `lang` (the interface's language); the URL carries `lang` too, so it reproduces the page. */
export function citation(m: CitedManifest, url: string, accessed: Date = new Date(), lang: Lang = 'en'): string {
	const title = datasetTitle(m, lang);
	const day = accessed.toISOString().slice(0, 10);
	if (lang === 'zh') {
		const parts = [
			`nianbao 年报数据集“${title}”${title !== m.name ? `（${m.name}）` : ''}`,
			`版本 ${datasetVersion(m)}`,
			`指标目录 ${m.catalog_version}，数据结构第 ${m.schema_version} 版`
		];
		if (m.synthetic) parts.push(syntheticNote(lang));
		return `${parts.join('，')}。${url}，访问日期 ${day}。`;
	}
	const parts = [
		`nianbao dataset “${title !== m.name ? `${title} (${m.name})` : m.name}”`,
		`version ${datasetVersion(m)}`,
		`catalog ${m.catalog_version}, schema ${m.schema_version}`
	];
	if (m.synthetic) parts.push(syntheticNote(lang)[0].toUpperCase() + syntheticNote(lang).slice(1));
	parts.push(url, `accessed ${day}`);
	return parts.join('. ') + '.';
}

/** Key-value metadata for a Parquet export (the citation as shown on the page, in `lang`). */
export function citationMetadata(m: CitedManifest, url: string, accessed: Date = new Date(), lang: Lang = 'en'): Record<string, string> {
	return {
		'nianbao.citation': citation(m, url, accessed, lang),
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
