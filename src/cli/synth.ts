/**
 * `nianbao synth`: writes synthetic annual reports (documents + ground truth + sidecar manifest.csv) for
 * the towns and streets of a city or province, or with --facts-only a loadable dataset for benchmarks.
 */
import { parseCommand } from './args.ts';
import { checkSynthFolder } from '../node/out-folder.ts';
import { parseYears } from '../lib/synth/generate.ts';
import { selectOrgs } from '../lib/synth/orgs.ts';
import { loadDivisions } from '../node/synth/divisions.ts';
import { writeDocs } from '../node/synth/write-docs.ts';
import { writeFactsOnly } from '../node/synth/facts-only.ts';
import { SYNTH_USAGE } from './usage.ts';

export { SYNTH_USAGE };
export const DEFAULT_SEED = 20190515;
export const DEFAULT_CITY = '宁波市';
export const DEFAULT_YEARS = '2019-2025';

export async function runSynth(argv: string[]): Promise<number> {
	const parsed = parseCommand(
		'synth',
		argv,
		{
			out: { type: 'string', short: 'o' },
			city: { type: 'string' },
			province: { type: 'string' },
			towns: { type: 'string' },
			years: { type: 'string' },
			seed: { type: 'string' },
			limit: { type: 'string' },
			formats: { type: 'string' },
			'facts-only': { type: 'boolean' },
			name: { type: 'string' },
			quiet: { type: 'boolean', short: 'q' }
		},
		`usage:\n${SYNTH_USAGE}\n  Writes synthetic annual reports with ground truth (or, with --facts-only, a dataset straight from\n  the value model) for benchmarks and the demo. --help, -h: this help.\n`,
		false
	);
	if (typeof parsed === 'number') return parsed;
	const { values } = parsed;
	const int = (name: string, s: string | undefined): number | undefined => {
		if (s === undefined) return undefined;
		if (!/^\d+$/.test(s)) throw new Error(`--${name} must be a whole number, got "${s}"`);
		return Number(s);
	};
	try {
		if (!values.out) throw new Error('--out <folder> is required');
		const seed = int('seed', values.seed) ?? DEFAULT_SEED;
		const years = parseYears(values.years ?? DEFAULT_YEARS);
		const towns = int('towns', values.towns);
		const sel = towns !== undefined ? { towns, province: values.province } : values.province ? { province: values.province } : { city: values.city ?? DEFAULT_CITY };
		const orgs = selectOrgs(loadDivisions(), sel);
		const args = argv.join(' ');
		const t0 = performance.now();
		if (values['facts-only']) {
			const m = await writeFactsOnly(orgs, {
				out: values.out,
				seed,
				years,
				name: values.name ?? 'synthetic-scale',
				args,
				onOrg: (done, total) => !values.quiet && done % 2000 === 0 && process.stderr.write(`  ${done}/${total} organisations\n`)
			});
			const sec = ((performance.now() - t0) / 1000).toFixed(1);
			process.stdout.write(`wrote ${m.tables.facts.rows} facts for ${m.tables.reports.rows} reports (${orgs.length} organisations × ${years.length} years) in ${sec} s → ${values.out}\n`);
			return 0;
		}
		await checkSynthFolder(values.out); // never write report files into someone's folder
		const total = Math.min(orgs.length * years.length, int('limit', values.limit) ?? Infinity);
		const r = await writeDocs(orgs, {
			out: values.out,
			seed,
			years,
			limit: int('limit', values.limit),
			forms: parseForms(values.formats ?? 'original'),
			onDoc: (_doc, done) => !values.quiet && done % 2000 === 0 && process.stderr.write(`  ${done}/${total} reports\n`)
		});
		const sec = ((performance.now() - t0) / 1000).toFixed(1);
		process.stdout.write(`wrote ${r.documents} reports (${(r.bytes / 1e6).toFixed(1)} MB) with ground truth and manifest.csv in ${sec} s → ${values.out}\n`);
		return 0;
	} catch (e) {
		process.stderr.write(`nianbao synth: ${(e as Error).message}\n`);
		return 2;
	}
}

const FORMS = ['original', 'docx', 'pdf-writer', 'pdf-chromium', 'pdf-office'] as const;
/** "original,docx,pdf" → the forms to write; pdf stands for the three ways of making one. */
function parseForms(spec: string): (typeof FORMS)[number][] {
	const out = new Set<(typeof FORMS)[number]>();
	for (const f of spec.split(',').map((x) => x.trim()).filter(Boolean)) {
		if (f === 'pdf') out.add('pdf-writer').add('pdf-chromium').add('pdf-office');
		else if ((FORMS as readonly string[]).includes(f)) out.add(f as (typeof FORMS)[number]);
		else throw new Error(`--formats: unknown form "${f}" (use original, docx, pdf, pdf-writer, pdf-chromium, pdf-office)`);
	}
	return [...out];
}
