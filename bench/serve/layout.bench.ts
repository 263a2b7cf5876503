/**
 * `node bench/serve/layout.bench.ts [<national dataset>]`: which facts layout lets a browser read one province
 * fastest with hyparquet range reads — one file per province (what `dataset:national` writes) or one big file
 * ordered by province and year (written here from the same rows into .tmp, row groups of the same size).
 * For the median and the largest province it reads every fact column of the province through an AsyncBuffer
 * that counts requests and bytes (as HTTP Range requests would), three times, and prints the median time, the
 * bytes fetched, the requests and the footer the reader had to fetch first.
 */
import { open, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadataAsync, parquetRead, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { FACTS_ROW_GROUP, type LayoutManifest } from '../../src/lib/dataset/layout.ts';
import { TABLES } from '../../src/lib/dataset/schema.ts';

const dir = resolve(process.argv[2] ?? 'datasets/national');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as LayoutManifest & { tables: { facts: { rows: number } } };
if (manifest.layout !== 'by-province' || !manifest.parts?.length) throw new Error(`${dir}: not a by-province dataset (npm run dataset:national)`);

/** A file as hyparquet's AsyncBuffer, counting reads like Range requests. */
async function countingFile(file: string) {
	const fh = await open(file);
	const size = (await stat(file)).size;
	const stats = { requests: 0, bytes: 0 };
	const buf: AsyncBuffer = {
		byteLength: size,
		async slice(start: number, end = size) {
			stats.requests++;
			stats.bytes += end - start;
			const b = Buffer.alloc(end - start);
			await fh.read(b, 0, end - start, start);
			return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
		}
	};
	return { buf, stats, close: () => fh.close() };
}

const COLS = Object.keys(TABLES.facts);

async function readRows(file: string, rowStart?: number, rowEnd?: number) {
	const f = await countingFile(file);
	const t0 = performance.now();
	const metadata = await parquetMetadataAsync(f.buf);
	const footer = f.stats.bytes;
	let rows = 0;
	await parquetRead({
		file: f.buf,
		metadata,
		columns: COLS,
		rowStart,
		rowEnd,
		compressors,
		onComplete: (data: unknown[][]) => {
			rows = data.length;
		}
	});
	const ms = performance.now() - t0;
	await f.close();
	return { ms, rows, footer, ...f.stats };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The big-file twin, written once per dataset.
const big = resolve(`.tmp/layout-bench-${manifest.tables.facts.rows}.parquet`);
if (!existsSync(big)) {
	const db = await DuckDBInstance.create(':memory:', { memory_limit: '2GB' });
	const con = await db.connect();
	const files = manifest.parts.map((p) => `'${join(dir, p.file)}'`).join(', ');
	// Same order as the parts (province, then year, metric, report_id inside), province by province.
	await con.run(`COPY (SELECT * EXCLUDE (pk, filename) FROM (SELECT *, regexp_extract(filename, '(\\d+)\\.parquet$', 1) AS pk FROM read_parquet([${files}], filename = true)) ORDER BY pk, year, metric, report_id)
TO '${big}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${FACTS_ROW_GROUP})`);
	con.closeSync();
	db.closeSync();
}
// Row ranges of each province in the big file (ordered by the part's code, as written above).
const byCode = [...manifest.parts].sort((a, b) => (a.file < b.file ? -1 : 1));
const ranges = new Map<string, [number, number]>();
let at = 0;
for (const p of byCode) {
	ranges.set(p.province, [at, at + p.rows]);
	at += p.rows;
}
const sizes = [...manifest.parts].sort((a, b) => a.rows - b.rows);
const picks = [sizes[Math.floor(sizes.length / 2)], sizes[sizes.length - 1]];
const bigFile = await countingFile(big);
const bigMeta = await parquetMetadataAsync(bigFile.buf);
await bigFile.close();

/** The Parquet footer's length (metadata + 8 bytes): what a reader must fetch before any row group. */
async function footerLength(file: string): Promise<number> {
	const fh = await open(file);
	const size = (await stat(file)).size;
	const b = Buffer.alloc(8);
	await fh.read(b, 0, 8, size - 8);
	await fh.close();
	return b.readUInt32LE(0) + 8;
}
console.log(`facts ${manifest.tables.facts.rows.toLocaleString('en')} in ${manifest.parts.length} province files (${(manifest.parts.reduce((a, p) => a + p.bytes, 0) / 1e6).toFixed(1)} MB) vs one file of ${((await stat(big)).size / 1e6).toFixed(1)} MB, ${bigMeta.row_groups.length} row groups`);
console.log('| province (facts) | layout | read time (median of 3) | bytes fetched | requests | footer (metadata) |');
console.log('|---|---|---|---|---|---|');
for (const p of picks) {
	const [r0, r1] = ranges.get(p.province)!;
	const one: Awaited<ReturnType<typeof readRows>>[] = [];
	const many: Awaited<ReturnType<typeof readRows>>[] = [];
	for (let i = 0; i < 3; i++) {
		one.push(await readRows(big, r0, r1));
		many.push(await readRows(join(dir, p.file)));
	}
	for (const [name, runs] of [['one file per province', many], ['one big file, row range', one]] as const) {
		const r = runs[0];
		const footer = await footerLength(name === 'one file per province' ? join(dir, p.file) : big);
		if (r.rows !== p.rows) throw new Error(`${name}: read ${r.rows} rows of ${p.province}, expected ${p.rows}`);
		console.log(`| ${p.province} (${p.rows.toLocaleString('en')}) | ${name} | ${median(runs.map((x) => x.ms)).toFixed(0)} ms | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.requests} | ${(footer / 1e3).toFixed(1)} kB |`);
	}
}
