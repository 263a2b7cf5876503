/**
 * A small generated batch read back through the real ingest: every cell no fault touched comes out
 * exactly as intended, faulted cells are either right or flagged, and the facts-only writer produces a
 * dataset with the contract's columns and a synthetic manifest.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { TABLES, type Manifest } from '../../../src/lib/dataset/schema.ts';
import { generateOrg, parseYears, type Truth } from '../../../src/lib/synth/generate.ts';
import { selectOrgs } from '../../../src/lib/synth/orgs.ts';
import { scoreReport, type ExtractedCell } from '../../../src/lib/synth/score.ts';
import { ingest } from '../../../src/node/ingest.ts';
import { loadDivisions } from '../../../src/node/synth/divisions.ts';
import { writeDocs } from '../../../src/node/synth/write-docs.ts';
import { writeFactsOnly } from '../../../src/node/synth/facts-only.ts';

let dir: string;
const divisions = loadDivisions();
const rows = async (sql: string) => {
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	const r = (await con.runAndReadAll(sql)).getRows();
	con.closeSync();
	return r;
};

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'nianbao-synth-test-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('a generated batch read through the real ingest', () => {
	it('gives every un-faulted cell exactly, and never a wrong value without a flag', async () => {
		// Every 120th town of Zhejiang: towns and streets of many districts, all seven years.
		const orgs = selectOrgs(divisions, { province: '浙江省' }).filter((_, i) => i % 120 === 0);
		const docsDir = join(dir, 'docs');
		const gen = await writeDocs(orgs, { out: docsDir, seed: 3, years: parseYears('2019-2025') });
		expect(gen.documents).toBe(orgs.length * 7);
		await ingest([docsDir], { out: join(dir, 'ds'), name: 't', synthetic: true, csv: false });
		const facts = new Map<string, Map<string, ExtractedCell>>();
		for (const [id, m, v, f] of await rows(`SELECT report_id, metric, value, flags FROM read_parquet('${join(dir, 'ds', 'facts.parquet')}')`)) {
			const cells = facts.get(String(id)) ?? facts.set(String(id), new Map()).get(String(id))!;
			cells.set(String(m), { value: v === null ? null : Number(v), flags: String(f ?? '').split(';').filter(Boolean) });
		}
		const reports = await rows(`SELECT report_id, source_file, org, city, year, status FROM read_parquet('${join(dir, 'ds', 'reports.parquet')}')`);
		expect(reports.every((r) => r[5] !== 'failed')).toBe(true);
		const idOf = new Map(reports.map((r) => [String(r[1]), String(r[0])]));
		let checked = 0;
		for (const file of gen.files) {
			const truth = JSON.parse(await readFile(join(docsDir, `${file}.truth.json`), 'utf8')) as Truth;
			const got = facts.get(idOf.get(file)!)!;
			const touched = new Set(truth.faults.flatMap((f) => f.cells));
			for (const [id, v] of Object.entries(truth.values)) {
				if (touched.has(id)) continue;
				expect(got.get(id)?.value, `${file} ${id}`).toBe(v);
				checked++;
			}
			expect(scoreReport(truth, got, false).cells.silent, file).toBe(0);
		}
		expect(checked).toBeGreaterThan(gen.documents * 150);
		const manifest = JSON.parse(await readFile(join(dir, 'ds', 'manifest.json'), 'utf8')) as Manifest;
		expect(manifest.synthetic).toBe(true);
	}, 60_000);
});

describe('synth --facts-only', () => {
	it('writes facts and reports Parquet with the contract columns, sorted like the ingest writer, and a synthetic manifest', async () => {
		const orgs = selectOrgs(divisions, { towns: 30 });
		const out = join(dir, 'scale');
		const m = await writeFactsOnly(orgs, { out, seed: 1, years: [2020, 2021], name: 'scale-test', args: '--towns 30' });
		expect(m.synthetic).toBe(true);
		expect(m.generator?.name).toMatch(/facts-only/);
		expect(m.tables.reports.rows).toBe(60);
		expect(m.tables.issues.rows + m.tables.texts.rows).toBe(0);
		for (const t of ['facts', 'reports', 'issues', 'texts'] as const) {
			const cols = await rows(`DESCRIBE SELECT * FROM read_parquet('${join(out, `${t}.parquet`)}')`);
			expect(cols.map((c) => [c[0], c[1]])).toEqual(Object.entries(TABLES[t]));
		}
		const order = await rows(`SELECT metric, year FROM read_parquet('${join(out, 'facts.parquet')}')`);
		const keys = order.map(([mt, y]) => `${mt}\u0000${y}`);
		expect(keys).toEqual([...keys].sort());
		expect(m.tables.facts.rows).toBe(order.length);
		// The same model as the documents: for the same seed, the facts are the documents' truth.
		const truth = generateOrg(orgs[7], [2020, 2021], 1);
		for (const doc of truth) {
			const id = doc.file.replace(/\.(txt|html)$/, '');
			const got = new Map((await rows(`SELECT metric, value FROM read_parquet('${join(out, 'facts.parquet')}') WHERE report_id = '${id}'`)).map(([k, v]) => [String(k), Number(v)]));
			const expected = Object.entries(doc.truth.values).filter(([k]) => !k.startsWith('t6.'));
			expect(got.size).toBe(expected.length);
			for (const [k, v] of expected) expect(got.get(k), `${id} ${k}`).toBe(v);
		}
	}, 30_000);
});
