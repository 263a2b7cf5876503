/**
 * `npm run dataset:demo`: builds datasets/demo, the dataset the app opens with. It generates the default
 * city's towns and streets × 2019–2025 with `nianbao synth` into a temporary folder and reads them back
 * through the real ingest (the same code path as `nianbao ingest`), so every number in the demo went
 * through the parser — nothing is copied from the generator. The manifest says synthetic: true.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYears } from '../src/lib/synth/generate.ts';
import { GENERATOR_NAME } from '../src/lib/synth/generate.ts';
import { selectOrgs } from '../src/lib/synth/orgs.ts';
import { ingest } from '../src/node/ingest.ts';
import { loadDivisions } from '../src/node/synth/divisions.ts';
import { writeDocs } from '../src/node/synth/write-docs.ts';
import { DEFAULT_CITY, DEFAULT_SEED, DEFAULT_YEARS } from '../src/cli/synth.ts';

const OUT = 'datasets/demo';
const tmp = await mkdtemp(join(tmpdir(), 'nianbao-demo-'));
try {
	const t0 = performance.now();
	const years = parseYears(DEFAULT_YEARS);
	const orgs = selectOrgs(loadDivisions(), { city: DEFAULT_CITY });
	const docs = await writeDocs(orgs, { out: tmp, seed: DEFAULT_SEED, years });
	process.stdout.write(`generated ${docs.documents} reports for ${orgs.length} towns and streets of ${DEFAULT_CITY}, ${DEFAULT_YEARS}\n`);
	const summary = await ingest([tmp], {
		out: OUT,
		name: 'demo',
		title: `模拟数据 · ${DEFAULT_CITY} 乡镇街道 ${DEFAULT_YEARS}`,
		titleEn: `Synthetic demonstration data · towns and streets of ${DEFAULT_CITY}, ${DEFAULT_YEARS}`,
		synthetic: true,
		// Parquet only: the CSV copies would be 30 MB; the app exports CSV from DuckDB on demand.
		csv: false,
		generator: { name: GENERATOR_NAME, seed: DEFAULT_SEED, args: `--city ${DEFAULT_CITY} --years ${DEFAULT_YEARS} --seed ${DEFAULT_SEED}` }
	});
	const failed = summary.files.filter((f) => f.status === 'failed');
	process.stdout.write(
		`ingested ${summary.files.length - failed.length}/${summary.files.length} reports, ${summary.facts} facts, issues ${JSON.stringify(summary.issuesBySeverity)} in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${OUT}\n`
	);
	for (const f of failed) process.stdout.write(`  failed: ${f.file}: ${f.reason}\n`);
	if (failed.length) process.exitCode = 1;
} finally {
	await rm(tmp, { recursive: true, force: true });
}
