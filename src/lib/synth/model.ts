/**
 * The value model: what a town's or street's annual report says, year after year. Each quantity has an
 * organisation-level scale (a town that licenses a lot keeps licensing a lot) and a year-to-year AR(1)
 * wobble, and the tables are built so the template's identities hold (templates.md §5): I-3a/b/c by
 * construction, I-4 per group, carry-over (三 row 二 of y = row 四 of y−1), the 2019 item counts
 * (上一年项目数量 of y+1 = 上一年项目数量 + 本年增/减 of y) and the 2021 stock chain
 * (现行有效件数 = last year's + 制发 − 废止). Calibration: docs/synth.md.
 */
import type { Format } from '../catalog/index.ts';
import { T3_APPLICANTS, T4_GROUP_KEYS, t3OutcomeRows, T2_LAYOUT } from './layout.ts';
import type { Org } from './orgs.ts';
import { createRng, streamSeed, type Rng } from './prng.ts';

export interface YearValues {
	year: number;
	format: Format;
	/** Intended value of every printed cell (money in yuan) and n.proactive.items; 2021 adds the derived t3.other_handling.*. */
	values: Record<string, number>;
}

/** 2019 format for report years 2019–2020, the revised 2021 format from 2021 on. */
export function formatOf(year: number): Format {
	return year <= 2020 ? '2019' : '2021';
}

/** Applicant mix of table 三 (自然人 dominate town-level requests). */
const APPLICANT_W = [0.83, 0.09, 0.004, 0.01, 0.03, 0.036];
/** How handled requests split over the outcome rows, by format, in t3OutcomeRows order (without （七）). */
const OUTCOME_W: Record<Format, number[]> = {
	'2019': [0.44, 0.08, 0.004, 0.01, 0.006, 0.01, 0.01, 0.02, 0.005, 0.01, 0.21, 0.03, 0.012, 0.03, 0.02, 0.006, 0.004, 0.01, 0.05],
	'2021': [0.44, 0.08, 0.004, 0.01, 0.006, 0.01, 0.01, 0.02, 0.005, 0.01, 0.21, 0.03, 0.012, 0.03, 0.02, 0.006, 0.004, 0.01, 0.028, 0.002, 0.02]
};
const T4_RESULT_W = [0.55, 0.12, 0.18, 0.15];

interface Latent {
	/** Persistent log-multiplier for one quantity, AR(1) across years. */
	m: number;
}

/** Organisation traits drawn once: the scale of each activity. */
interface Profile {
	proactive: number;
	requests: number;
	normative: number;
	license: number;
	otherServices: number;
	penalty: number;
	coercion: number;
	procurement: number;
	fees: number;
	disputes: number;
}

function profileOf(org: Org, r: Rng): Profile {
	const street = org.kind === 'street';
	return {
		proactive: r.logNormal(street ? 150 : 120, 0.7),
		// Most towns receive no requests in a typical year (every real town report with table 三: all zeros).
		requests: r.chance(0.55) ? 0.15 : r.logNormal(street ? 5 : 2.5, 1.0),
		normative: r.chance(0.5) ? 0.1 : r.logNormal(1.2, 0.8),
		license: r.chance(0.5) ? 0 : r.logNormal(120, 1.3),
		otherServices: r.chance(0.7) ? 0 : r.logNormal(20, 1),
		penalty: r.chance(0.35) ? 0 : r.logNormal(15, 1.0),
		coercion: r.chance(0.85) ? 0 : r.logNormal(2, 0.8),
		procurement: r.chance(0.5) ? 0 : r.logNormal(4, 0.8),
		fees: r.chance(0.6) ? 0 : r.logNormal(3000, 1.5),
		disputes: r.chance(0.8) ? 0.01 : r.logNormal(0.8, 0.7)
	};
}

/** Simulates every requested year of one organisation (years are sorted; gaps break nothing but carry-over). */
export function simulateOrg(org: Org, years: number[], seed: number): YearValues[] {
	const r = createRng(streamSeed(seed, 'values', org.code));
	const p = profileOf(org, r);
	const lat: Record<string, Latent> = {};
	const wobble = (k: string, sigma = 0.35) => {
		const l = (lat[k] ??= { m: sigma * r.normal() });
		l.m = 0.6 * l.m + 0.8 * sigma * r.normal();
		return Math.exp(l.m);
	};
	const items = {
		admin_license: p.license > 0 ? r.int(3, 60) : r.chance(0.3) ? r.int(1, 5) : 0,
		other_mgmt_services: p.otherServices > 0 ? r.int(1, 20) : 0,
		admin_penalty: p.penalty > 0 ? r.int(2, 40) : 0,
		admin_coercion: p.coercion > 0 ? r.int(1, 8) : 0,
		admin_fees: p.fees > 0 ? r.int(1, 5) : 0
	};
	let normStock = r.poisson(p.normative * 6);
	let validStock: number | null = null;
	let forward: number[] = T3_APPLICANTS.map((_, i) => r.poisson(p.requests * 0.05 * APPLICANT_W[i]));
	const out: YearValues[] = [];
	let prevYear: number | null = null;
	for (const year of [...years].sort((a, b) => a - b)) {
		const format = formatOf(year);
		const v: Record<string, number> = {};
		v['n.proactive.items'] = Math.max(1, r.poisson(p.proactive * wobble('proactive', 0.3)));

		// Table 二.
		const decisions = (k: keyof Profile) => (p[k] === 0 ? 0 : r.poisson(p[k] * wobble(k)));
		const licenseDecisions = decisions('license');
		const penaltyDecisions = decisions('penalty');
		const coercionDecisions = decisions('coercion');
		const normMade = r.poisson(p.normative * wobble('normative'));
		if (format === '2019') {
			v['t2.rules.new_made'] = 0;
			v['t2.rules.new_published'] = 0;
			v['t2.rules.total_published'] = 0;
			v['t2.normative_docs.new_made'] = normMade;
			const published = r.chance(0.9) ? normMade : r.int(0, normMade);
			normStock += published;
			v['t2.normative_docs.new_published'] = published;
			v['t2.normative_docs.total_published'] = normStock;
			const itemRow = (row: keyof typeof items, dec: number | null) => {
				const prev = items[row];
				const delta = r.chance(0.75) ? 0 : Math.max(-prev, r.int(-3, 4));
				v[`t2.${row}.prev_year_items`] = prev;
				v[`t2.${row}.items_delta`] = delta;
				if (dec !== null) v[`t2.${row}.decisions`] = dec;
				items[row] = prev + delta;
			};
			itemRow('admin_license', licenseDecisions);
			itemRow('other_mgmt_services', decisions('otherServices'));
			itemRow('admin_penalty', penaltyDecisions);
			itemRow('admin_coercion', coercionDecisions);
			itemRow('admin_fees', null);
			const projects = p.procurement === 0 ? 0 : r.poisson(p.procurement * wobble('procurement'));
			v['t2.gov_procurement.projects'] = projects;
			// Whole hundreds of yuan, so "38.39万" style amounts are exact.
			let amount = 0;
			for (let i = 0; i < projects; i++) amount += Math.round(r.logNormal(600, 1.1)) * 100;
			v['t2.gov_procurement.amount_yuan'] = amount;
		} else {
			v['t2.rules.issued'] = 0;
			v['t2.rules.repealed'] = 0;
			v['t2.rules.valid'] = 0;
			// The stock measure changes definition in 2021 (currently valid, not cumulative): a series break.
			validStock ??= Math.round(normStock * (0.4 + 0.4 * r.next()));
			const repealed: number = validStock > 0 && r.chance(0.25) ? r.int(1, Math.min(3, validStock)) : 0;
			validStock = validStock + normMade - repealed;
			v['t2.normative_docs.issued'] = normMade;
			v['t2.normative_docs.repealed'] = repealed;
			v['t2.normative_docs.valid'] = validStock;
			v['t2.admin_license.decisions'] = licenseDecisions;
			v['t2.admin_penalty.decisions'] = penaltyDecisions;
			v['t2.admin_coercion.decisions'] = coercionDecisions;
			// Whole tens of yuan: at most three decimals in 万元.
			v['t2.admin_fees.amount_yuan'] = p.fees === 0 ? 0 : Math.round((p.fees * wobble('fees', 0.5)) / 10) * 10;
		}

		// Table 三: new requests, carry-over from last year's row 四, outcomes, carried forward.
		const n = r.poisson(p.requests * wobble('requests', 0.45));
		const fresh = r.multinomial(n, APPLICANT_W);
		const carried = prevYear === year - 1 || prevYear === null ? forward : T3_APPLICANTS.map(() => 0);
		const rows = t3OutcomeRows(format);
		const summed = rows.filter((x) => x.key !== 'total_processed');
		const table: Record<string, number[]> = {};
		for (const x of [...summed.map((s) => s.key), 'new_received', 'carried_over', 'carried_forward']) table[x] = T3_APPLICANTS.map(() => 0);
		forward = T3_APPLICANTS.map((_, c) => {
			const pool = fresh[c] + carried[c];
			const fwd = pool === 0 ? 0 : r.multinomial(pool, [0.07, 0.93])[0];
			const split = r.multinomial(pool - fwd, OUTCOME_W[format]);
			summed.forEach((s, i) => (table[s.key][c] = split[i]));
			table.new_received[c] = fresh[c];
			table.carried_over[c] = carried[c];
			table.carried_forward[c] = fwd;
			return fwd;
		});
		table.total_processed = T3_APPLICANTS.map((_, c) => summed.reduce((s, x) => s + table[x.key][c], 0));
		for (const [row, cols] of Object.entries(table)) {
			T3_APPLICANTS.forEach((col, c) => (v[`t3.${row}.${col}`] = cols[c]));
			v[`t3.${row}.total`] = cols.reduce((s, x) => s + x, 0);
		}
		if (format === '2021') {
			for (const col of [...T3_APPLICANTS, 'total']) {
				v[`t3.other_handling.${col}`] = v[`t3.other_overdue_correction.${col}`] + v[`t3.other_overdue_fee.${col}`] + v[`t3.other_other.${col}`];
			}
		}

		// Table 四: reviews and lawsuits scale with requests.
		T4_GROUP_KEYS.forEach((g, gi) => {
			const k = r.poisson((p.disputes + n * 0.02) * [1, 0.5, 0.3][gi]);
			const split = r.multinomial(k, T4_RESULT_W);
			['upheld', 'corrected', 'other', 'pending'].forEach((res, i) => (v[`t4.${g}.${res}`] = split[i]));
			v[`t4.${g}.total`] = k;
		});
		out.push({ year, format, values: v });
		prevYear = year;
	}
	return out;
}

/** The metric ids of table 二 a format prints (used by tests and the fault injector). */
export function t2Metrics(format: Format): string[] {
	return T2_LAYOUT[format].flatMap((b) => b.rows.flatMap((r) => r.metrics));
}
