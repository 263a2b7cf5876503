/**
 * Regenerates src/lib/catalog/metrics.data.ts from src/lib/catalog/metrics.csv, the metric contract.
 * The CSV stays the single source; the generated module only lets browser and Node import it without a loader.
 * Usage: node scripts/gen-catalog.ts [--check]  (--check exits 1 when the generated file is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { csvParse } from 'd3-dsv';

const here = new URL('../src/lib/catalog/', import.meta.url);
const rows = csvParse(readFileSync(new URL('metrics.csv', here), 'utf8').replace(/^\uFEFF/, ''));
const records = rows.map((r) => [
	r.id, r.formats, r.table, r.row_zh, r.col_zh, r.label_en, r.unit, r.unit_zh, r.unit_en, r.series, r.grade, r.kind, r.note
]);
const body =
	'// Generated from metrics.csv by scripts/gen-catalog.ts. Do not edit: change the CSV and run `npm run catalog`.\n' +
	'// Columns: id, formats, table, row_zh, col_zh, label_en, unit, unit_zh, unit_en, series, grade, kind, note\n' +
	'export const METRIC_ROWS: readonly (readonly string[])[] = [\n' +
	records.map((r) => '\t' + JSON.stringify(r)).join(',\n') +
	'\n];\n';
const target = new URL('metrics.data.ts', here);
if (process.argv.includes('--check')) {
	const current = readFileSync(target, 'utf8');
	if (current !== body) {
		console.error('metrics.data.ts is stale: run `npm run catalog`');
		process.exit(1);
	}
} else {
	writeFileSync(target, body);
	console.log(`wrote ${records.length} metrics`);
}
