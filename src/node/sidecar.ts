/**
 * A folder's `manifest.csv` (columns file,org,province,city,district,year and optionally source) names
 * the organisation and region of each report; what it says wins over what the parser read in the text.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { csvParse } from 'd3-dsv';

export interface SidecarRow {
	org?: string;
	province?: string;
	city?: string;
	district?: string;
	year?: number;
	source?: string;
}

export async function readSidecar(path: string): Promise<Map<string, SidecarRow>> {
	const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
	const rows = csvParse(text);
	if (!rows.columns.includes('file')) throw new Error(`${path}: a sidecar manifest needs a "file" column (has ${rows.columns.join(', ')})`);
	const out = new Map<string, SidecarRow>();
	for (const r of rows) {
		if (!r.file) continue;
		const val = (k: string) => (r[k] && r[k]!.trim() !== '' ? r[k]!.trim() : undefined);
		const year = val('year');
		out.set(basename(r.file), {
			org: val('org'),
			province: val('province'),
			city: val('city'),
			district: val('district'),
			year: year && /^\d{4}$/.test(year) ? Number(year) : undefined,
			source: val('source') ?? val('url')
		});
	}
	return out;
}
