/**
 * A folder's `manifest.csv` (columns file,org,province,city,district,year and optionally source and published)
 * names the organisation and region of each report; what it says wins over what the parser read in the text.
 * `published` (an ISO date, 2021-01-26) dates a report whose text states no date of its own.
 * A row that cannot be applied as written (a duplicate, a file that is not there, a year that is not a
 * year, a path leaving the folder) is a warning naming the row, never silently applied or dropped.
 */
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { csvParse } from 'd3-dsv';
import { parseIsoDate } from '../lib/publication-date.ts';

export interface SidecarRow {
	org?: string;
	province?: string;
	city?: string;
	district?: string;
	year?: number;
	source?: string;
	/** Publication date (YYYY-MM-DD) as the manifest gives it; used when the report states none. */
	published?: string;
	/** The manifest row as a spreadsheet numbers it (the header is row 1), for messages. */
	row: number;
}

export interface Sidecar {
	rows: Map<string, SidecarRow>;
	/** One line per row that was not applied as written, naming the row. */
	warnings: string[];
}

/** Thrown when the manifest as a whole cannot be used (no `file` column): an error for its folder only. */
export class SidecarError extends Error {}

/**
 * Reads `path`; `present` (the file names in its folder) lets it warn about rows for files that are not there.
 * `label` is how messages name the manifest (a path relative to the inputs).
 */
export async function readSidecar(path: string, present?: Set<string>, label = path): Promise<Sidecar> {
	const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
	const rows = csvParse(text);
	if (!rows.columns.includes('file')) {
		throw new SidecarError(`${label}: a sidecar manifest needs a "file" column (has ${rows.columns.join(', ') || 'no columns'}); its rows were not applied`);
	}
	const out = new Map<string, SidecarRow>();
	const warnings: string[] = [];
	const firstRow = new Map<string, number>();
	rows.forEach((r, k) => {
		const n = k + 2; // as a spreadsheet numbers it: the header is row 1
		const at = `${label} row ${n}`;
		const file = (r.file ?? '').trim();
		if (!file) {
			warnings.push(`${at}: the "file" cell is empty; row ignored`);
			return;
		}
		// The manifest describes the files of its own folder: a path that leaves it is not followed.
		if (isAbsolute(file) || /(^|[\\/])\.\.([\\/]|$)/.test(file)) {
			warnings.push(`${at}: file ${JSON.stringify(file)} points outside this folder; row ignored`);
			return;
		}
		const name = basename(file.replace(/\\/g, '/'));
		const prev = firstRow.get(name);
		if (prev !== undefined) {
			warnings.push(`${at}: a second row for ${JSON.stringify(name)} (first at row ${prev}); the first row is used`);
			return;
		}
		firstRow.set(name, n);
		if (present && !present.has(name)) warnings.push(`${at}: names ${JSON.stringify(name)}, which is not in the folder`);
		const val = (c: string) => (r[c] && r[c]!.trim() !== '' ? r[c]!.trim() : undefined);
		const yearText = val('year');
		let year: number | undefined;
		if (yearText !== undefined) {
			if (/^\d{4}$/.test(yearText) && Number(yearText) >= 2000 && Number(yearText) <= 2100) year = Number(yearText);
			else warnings.push(`${at}: year ${JSON.stringify(yearText)} is not a year; the report's own year is used`);
		}
		const publishedText = val('published');
		let published: string | undefined;
		if (publishedText !== undefined) {
			published = parseIsoDate(publishedText) ?? undefined;
			if (!published) warnings.push(`${at}: published ${JSON.stringify(publishedText)} is not a date (YYYY-MM-DD); the report's own date or its web address's is used`);
		}
		out.set(name, {
			org: val('org'),
			province: val('province'),
			city: val('city'),
			district: val('district'),
			year,
			source: val('source') ?? val('url'),
			published,
			row: n
		});
	});
	return { rows: out, warnings };
}
