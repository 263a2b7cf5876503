/**
 * The identities a report's numbers must satisfy (templates.md §5): I-3a/I-3b per column and I-3c per row
 * of table 三, I-4 per group of table 四. Each identity is a list of metric ids on both sides, so the same
 * definitions drive checking, blank inference and repair.
 */
import { T3_COLS, T3_ROWS, T4_GROUPS, T4_RESULTS, type Format } from '../catalog/index.ts';

export interface Identity {
	id: 'I-3a' | 'I-3b' | 'I-3c' | 'I-4';
	/** Human label of the line it checks (a column, a row, a group). */
	where: string;
	left: string[];
	right: string[];
}

const APPLICANTS = T3_COLS.filter((c) => c.key !== 'total');
const RESULT_ROWS_2019 = T3_ROWS.filter((r) => r.formats.includes('2019')).map((r) => r.key);
const RESULT_ROWS_2021 = T3_ROWS.filter((r) => r.formats.includes('2021')).map((r) => r.key);
const NOT_RESULTS = new Set(['new_received', 'carried_over', 'total_processed', 'carried_forward']);

export function table3Identities(format: Format): Identity[] {
	const rows = (format === '2019' ? RESULT_ROWS_2019 : RESULT_ROWS_2021).filter((r) => !NOT_RESULTS.has(r));
	const out: Identity[] = [];
	for (const c of T3_COLS) {
		const id = (row: string) => `t3.${row}.${c.key}`;
		out.push({ id: 'I-3a', where: c.zh, left: [id('new_received'), id('carried_over')], right: [id('total_processed'), id('carried_forward')] });
		out.push({ id: 'I-3b', where: c.zh, left: [id('total_processed')], right: rows.map(id) });
	}
	const allRows = format === '2019' ? RESULT_ROWS_2019 : RESULT_ROWS_2021;
	for (const r of allRows) {
		out.push({
			id: 'I-3c',
			where: T3_ROWS.find((x) => x.key === r)!.zh,
			left: [`t3.${r}.total`],
			right: APPLICANTS.map((c) => `t3.${r}.${c.key}`)
		});
	}
	return out;
}

export function table4Identities(): Identity[] {
	return T4_GROUPS.map((g) => ({
		id: 'I-4' as const,
		where: g,
		left: [`t4.${g}.total`],
		right: T4_RESULTS.filter((r) => r !== 'total').map((r) => `t4.${g}.${r}`)
	}));
}

/** Evaluates an identity on a value lookup: null when any side is unknown. */
export function holds(idn: Identity, value: (id: string) => number | null): boolean | null {
	const sum = (ids: string[]) => {
		let s = 0;
		for (const id of ids) {
			const v = value(id);
			if (v === null) return null;
			s += v;
		}
		return s;
	};
	const l = sum(idn.left);
	const r = sum(idn.right);
	return l === null || r === null ? null : Math.abs(l - r) < 1e-9;
}
