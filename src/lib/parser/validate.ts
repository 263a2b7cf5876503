/**
 * Makes the extracted cells trustworthy: resolves garbled cells only when exactly one reading satisfies
 * the identities (flag `repaired`), infers blank cells only when the identities say so (D2/D3:
 * `inferred_zero`, `inferred`), derives the 2021 （六） aggregate, then checks every identity and flags
 * the cells of any that break (`suspect`). Nothing is guessed silently.
 */
import { T3_COLS, T4_COLUMNS, T4_GROUPS, t2RowsWith, t4GroupZh, type Format } from '../catalog/index.ts';
import { OTHER_HANDLING_PARTS } from '../catalog/outcomes.ts';
import { doubledReadings, readCell } from './numbers.ts';
import { holds, table3Identities, table4Identities, type Identity } from './identities.ts';
import { addFlag, type Cell, type Issue } from './types.ts';

type Cells = Map<string, Cell>;
const MAX_COMBINATIONS = 4096;

export function validate(cells: Cells, format: Format | null, t4Garbled: boolean): Issue[] {
	const issues: Issue[] = [];
	const f: Format = format ?? '2021';
	const t3 = table3Identities(f);
	const t4 = table4Identities();
	repairTable4(cells, t4, t4Garbled, issues);
	repairTable3(cells, t3, issues);
	inferTable3(cells, t3, issues);
	inferTable4(cells, t4);
	if (f === '2021') deriveOtherHandling(cells);
	check(cells, [...t3, ...t4], issues);
	flagUnverified(cells, [...t3, ...t4], issues);
	if (f === '2021') flagDerivedFromSuspect(cells);
	softChecks(cells, issues);
	return issues;
}

const val = (cells: Cells) => (id: string) => cells.get(id)?.value ?? null;

/** Candidate readings of a cell for repair: garbled cells have several; a clean "11" may be a doubled "1". */
function candidates(c: Cell | undefined, suspicious: boolean): number[] | null {
	if (!c) return null;
	const r = readCell(c.raw);
	if (r.kind === 'garbled') return r.candidates;
	if (r.kind === 'blank') return [0];
	if (r.kind === 'number') return suspicious ? (doubledReadings(c.raw) ?? [r.value]).slice().reverse() : [r.value];
	return null;
}

/** Tries every combination of candidate readings; returns the single one satisfying all identities. */
function uniqueSolution(ids: string[], cands: number[][], identities: Identity[]): number[] | null {
	const total = cands.reduce((n, c) => n * c.length, 1);
	if (total > MAX_COMBINATIONS) return null;
	const solutions: number[][] = [];
	const pick = new Array<number>(ids.length);
	const lookup = new Map<string, number>();
	const rec = (k: number) => {
		if (solutions.length > 1) return;
		if (k === ids.length) {
			ids.forEach((id, i) => lookup.set(id, pick[i]));
			if (identities.every((idn) => holds(idn, (id) => lookup.get(id) ?? null) !== false)) solutions.push([...pick]);
			return;
		}
		for (const v of cands[k]) {
			pick[k] = v;
			rec(k + 1);
		}
	};
	rec(0);
	return solutions.length === 1 ? solutions[0] : null;
}

function repairTable4(cells: Cells, identities: Identity[], rowGarbled: boolean, issues: Issue[]): void {
	const ids = T4_COLUMNS.map((m) => m.id);
	const present = ids.filter((id) => cells.has(id));
	if (present.length !== ids.length) return;
	// "00" is nobody's way of writing zero: like "0 0" it shows the row's cells were doubled (D6), so a
	// "11" elsewhere in the row may be a doubled 1 as well.
	const doubledZero = (raw: string) => /^0\d+$/.test(raw.replace(/\s+/g, ''));
	const garbled = rowGarbled || ids.some((id) => readCell(cells.get(id)!.raw).kind === 'garbled' || doubledZero(cells.get(id)!.raw));
	if (!garbled) return;
	const cands = ids.map((id) => candidates(cells.get(id), true));
	// The 15 cells are in place (extractTable4 only says garbled then); each group's identity involves only
	// its own five cells, so each group is solved on its own: one garbled group (or one misprinted total)
	// does not throw away the readings of the other two.
	for (const idn of identities) {
		const group = [...idn.right, ...idn.left].sort((a, b) => ids.indexOf(a) - ids.indexOf(b));
		const gcOrNull = group.map((id) => cands[ids.indexOf(id)]);
		const gc = gcOrNull.every((c) => c !== null) ? (gcOrNull as number[][]) : null;
		const literal = group.every((id) => {
			const r = readCell(cells.get(id)!.raw);
			return r.kind !== 'garbled' && (r.kind !== 'number' || doubledReadings(cells.get(id)!.raw) === null);
		});
		const sol = gc ? uniqueSolution(group, gc, [idn]) : null;
		if (sol) {
			// A group printed cleanly whose literal reading holds needs no repair.
			if (literal && group.every((id, k) => cells.get(id)!.value === sol[k])) continue;
			keepSolution(cells, group, sol, issues, t4GroupZh(idn.where) ?? idn.where);
		} else if (literal) {
			// Clean numbers that break I-4: keep them; the identity check flags them suspect.
			continue;
		} else {
			// No reading works: the garbled cells stay empty; clean numbers keep what they print, flagged.
			const clean = group.filter((id) => {
				const r = readCell(cells.get(id)!.raw);
				return r.kind === 'number' && doubledReadings(cells.get(id)!.raw) === null;
			});
			markAmbiguous(cells, group.filter((id) => !clean.includes(id)), issues, 'table4');
			for (const id of clean) addFlag(cells.get(id)!, 'ambiguous');
		}
	}
}

function keepSolution(cells: Cells, ids: string[], sol: number[], issues: Issue[], group: string): void {
	ids.forEach((id, k) => {
		const c = cells.get(id)!;
		c.value = sol[k];
		addFlag(c, 'ambiguous');
		addFlag(c, 'repaired');
	});
	issues.push({
		subject: 'table4',
		severity: 'warning',
		code: 'repaired',
		message: `表四 ${group} cells are garbled (${ids.map((id) => JSON.stringify(cells.get(id)!.raw)).join(' ')}); exactly one reading satisfies I-4 and was kept: ${sol.join(' ')}`
	});
}

function markAmbiguous(cells: Cells, ids: string[], issues: Issue[], subject: string): void {
	for (const id of ids) {
		const c = cells.get(id);
		if (!c) continue;
		c.value = null;
		addFlag(c, 'ambiguous');
	}
	issues.push({ subject, severity: 'warning', code: 'ambiguous', message: `${subject === 'table4' ? '表四' : subject} cells are garbled and no single reading satisfies the identities; values left empty` });
}

function repairTable3(cells: Cells, identities: Identity[], issues: Issue[]): void {
	for (const idn of identities.filter((i) => i.id === 'I-3c')) {
		const ids = [...idn.left, ...idn.right];
		const bad = ids.filter((id) => cells.has(id) && readCell(cells.get(id)!.raw).kind === 'garbled');
		if (bad.length === 0) continue;
		const cands = ids.map((id) => candidates(cells.get(id), true));
		const sol = cands.every((c) => c !== null) ? uniqueSolution(ids, cands as number[][], [idn]) : null;
		if (!sol) {
			markAmbiguous(cells, bad, issues, `t3 ${idn.where}`);
			continue;
		}
		for (const id of bad) {
			const c = cells.get(id)!;
			c.value = sol[ids.indexOf(id)];
			addFlag(c, 'repaired');
		}
		issues.push({ subject: idn.left[0], severity: 'warning', code: 'repaired', message: `表三「${idn.where}」 garbled cells resolved by I-3c` });
	}
}

/**
 * Blank cells of table 三, in three strategies tried in order: the table-wide hypothesis that every blank
 * means 0; failing that, row-local evidence (I-3c); then column-local evidence (I-3a/I-3b per column).
 */
function inferTable3(cells: Cells, identities: Identity[], issues: Issue[]): void {
	if (![...cells.values()].some((c) => c.metric.startsWith('t3.') && c.value === null && c.flags.includes('blank'))) return;
	if (inferAllBlanksZero(cells, identities, issues)) return;
	inferFromRows(cells, identities);
	inferFromColumns(cells, identities, issues);
}

/**
 * Table-wide: every blank applicant cell means 0 (blank totals computed from their rows), accepted only if
 * every checkable identity then holds and some identity checks a blank. True when accepted.
 */
function inferAllBlanksZero(cells: Cells, identities: Identity[], issues: Issue[]): boolean {
	const rows = new Map<string, Cell[]>();
	for (const c of cells.values()) {
		if (!c.metric.startsWith('t3.')) continue;
		const row = c.metric.slice(3, c.metric.lastIndexOf('.'));
		const list = rows.get(row);
		if (list) list.push(c);
		else rows.set(row, [c]);
	}
	const trial = new Map<string, number>();
	const trialFlags = new Map<string, 'inferred_zero' | 'inferred'>();
	for (const rc of rows.values()) {
		if (rc.length !== T3_COLS.length) continue;
		const total = rc.find((c) => c.metric.endsWith('.total'))!;
		let sum = 0;
		for (const c of rc) {
			if (c === total) continue;
			if (c.value === null && c.flags.includes('blank')) {
				trial.set(c.metric, 0);
				trialFlags.set(c.metric, 'inferred_zero');
			} else if (c.value === null) {
				sum = NaN;
			} else sum += c.value;
		}
		if (total.value === null && total.flags.includes('blank') && !Number.isNaN(sum)) {
			trial.set(total.metric, sum);
			trialFlags.set(total.metric, sum === 0 ? 'inferred_zero' : 'inferred');
		}
	}
	const lookup = (id: string) => trial.get(id) ?? cells.get(id)?.value ?? null;
	const results = identities.map((idn) => holds(idn, lookup));
	const touched = identities.filter((idn, k) => results[k] !== null && [...idn.left, ...idn.right].some((id) => trial.has(id)));
	if (results.every((r) => r !== false) && touched.length > 0) {
		let computed = 0;
		for (const [id, v] of trial) {
			const c = cells.get(id)!;
			c.value = v;
			addFlag(c, trialFlags.get(id)!);
			if (trialFlags.get(id) === 'inferred') computed++;
		}
		issues.push({
			subject: 'table3',
			severity: 'info',
			code: 'blanks_inferred',
			message: `表三 blank cells read as 0${computed ? ` and ${computed} blank totals computed from their rows` : ''}: every identity then holds`
		});
		return true;
	}
	return false;
}

/** Row-local: a printed total the known cells already reach makes the row's blanks 0; a blank total with every cell known is their sum. */
function inferFromRows(cells: Cells, identities: Identity[]): void {
	for (const idn of identities.filter((i) => i.id === 'I-3c')) {
		const total = cells.get(idn.left[0]);
		const parts = idn.right.map((id) => cells.get(id));
		if (!total || parts.some((p) => !p)) continue;
		const blank = parts.filter((p) => p!.value === null && p!.flags.includes('blank'));
		const known = parts.filter((p) => p!.value !== null).reduce((s, p) => s + p!.value!, 0);
		if (total.value !== null && blank.length > 0 && blank.length + parts.filter((p) => p!.value !== null).length === parts.length && known === total.value) {
			for (const b of blank) (b!.value = 0), addFlag(b!, 'inferred_zero');
		} else if (total.value === null && total.flags.includes('blank') && parts.every((p) => p!.value !== null)) {
			total.value = known;
			addFlag(total, 'inferred');
		}
	}
}

/**
 * Column-local: a misprint in one column must not keep every other column's blanks unread. A column's
 * blanks read 0 when both its identities (I-3a, I-3b) then hold exactly; then blank totals of rows now known.
 */
function inferFromColumns(cells: Cells, identities: Identity[], issues: Issue[]): void {
	// A row whose printed 总计 exceeds its printed cells says its blanks are not all 0: those never read 0.
	const against = new Set<string>();
	for (const idn of identities.filter((i) => i.id === 'I-3c')) {
		const total = cells.get(idn.left[0])?.value ?? null;
		const parts = idn.right.map((id) => cells.get(id));
		const known = parts.reduce((sum, p) => sum + (p?.value ?? 0), 0);
		if (total !== null && known !== total) for (const id of idn.right) against.add(id);
	}
	const columns: string[] = [];
	for (const col of T3_COLS) {
		const suffix = `.${col.key}`;
		const colIds = identities.filter((i) => i.id !== 'I-3c' && i.left[0].endsWith(suffix));
		const blank = [...cells.values()].filter((c) => c.metric.startsWith('t3.') && c.metric.endsWith(suffix) && c.value === null && c.flags.includes('blank'));
		if (blank.length === 0 || colIds.length === 0 || blank.some((c) => against.has(c.metric))) continue;
		const ids = new Set(blank.map((c) => c.metric));
		const look = (id: string) => (ids.has(id) ? 0 : (cells.get(id)?.value ?? null));
		if (!colIds.every((i) => holds(i, look) === true)) continue;
		for (const c of blank) (c.value = 0), addFlag(c, 'inferred_zero');
		columns.push(col.zh);
	}
	if (columns.length) {
		issues.push({ subject: 'table3', severity: 'info', code: 'blanks_inferred', message: `表三 blank cells of ${columns.join('、')} read as 0: that column's identities then hold` });
		// A blank 总计 whose row is now known is that row's sum (D3).
		for (const idn of identities.filter((i) => i.id === 'I-3c')) {
			const total = cells.get(idn.left[0]);
			const parts = idn.right.map((id) => cells.get(id)?.value ?? null);
			if (!total || total.value !== null || !total.flags.includes('blank') || parts.includes(null)) continue;
			total.value = parts.reduce<number>((sum, v) => sum + v!, 0);
			addFlag(total, total.value === 0 ? 'inferred_zero' : 'inferred');
		}
	}
}

/** Blank cells of table 四, group by group; an all-blank group is 0 only when other groups show blanks mean 0. */
function inferTable4(cells: Cells, identities: Identity[]): void {
	let blanksMeanZero = false;
	const allBlank: Cell[][] = [];
	for (const idn of identities) {
		const total = cells.get(idn.left[0]);
		const parts = idn.right.map((id) => cells.get(id));
		if (!total || parts.some((p) => !p)) continue;
		const group = [total, ...(parts as Cell[])];
		const blank = (c: Cell) => c.value === null && c.flags.includes('blank');
		if (group.every(blank)) {
			allBlank.push(group);
			continue;
		}
		const known = (parts as Cell[]).filter((p) => p.value !== null).reduce((s, p) => s + p.value!, 0);
		const blanks = (parts as Cell[]).filter(blank);
		if (total.value !== null && blanks.length > 0 && known === total.value && (parts as Cell[]).every((p) => p.value !== null || blank(p))) {
			for (const b of blanks) (b.value = 0), addFlag(b, 'inferred_zero');
			blanksMeanZero = true;
		} else if (blank(total) && (parts as Cell[]).every((p) => p.value !== null)) {
			total.value = known;
			addFlag(total, known === 0 ? 'inferred_zero' : 'inferred');
		}
	}
	if (blanksMeanZero) for (const g of allBlank) for (const c of g) (c.value = 0), addFlag(c, 'inferred_zero');
}

/** 2021: （六）其他处理 is the sum of its three sub-rows (catalog: reported/derived). */
function deriveOtherHandling(cells: Cells): void {
	for (const col of T3_COLS) {
		const parts = OTHER_HANDLING_PARTS.map((r) => cells.get(`t3.${r}.${col.key}`));
		if (parts.some((p) => !p)) continue;
		const id = `t3.other_handling.${col.key}`;
		if (cells.has(id)) continue;
		// A sub-row left unknown (blank or garbled) makes the sum unknown too: say so rather than drop it.
		const known = parts.every((p) => p!.value !== null);
		const v = known ? parts.reduce((s, p) => s + p!.value!, 0) : null;
		cells.set(id, { metric: id, value: v, printed: null, raw: '', start: parts[0]!.start, end: parts[parts.length - 1]!.end, flags: known ? ['derived'] : ['derived', 'ambiguous'] });
	}
}

/** A sum of cells that break an identity is no better than they are: it carries their `suspect` (or `unverified`) flag. */
function flagDerivedFromSuspect(cells: Cells): void {
	for (const col of T3_COLS) {
		const c = cells.get(`t3.other_handling.${col.key}`);
		if (!c || !c.flags.includes('derived')) continue;
		const parts = OTHER_HANDLING_PARTS.map((r) => cells.get(`t3.${r}.${col.key}`));
		if (parts.some((p) => p?.flags.includes('suspect') || p?.flags.includes('ambiguous'))) addFlag(c, 'suspect');
		else if (parts.some((p) => p?.flags.includes('unverified') || p?.flags.includes('unconfirmed_position'))) addFlag(c, 'unverified');
	}
}

function check(cells: Cells, identities: Identity[], issues: Issue[]): void {
	const v = val(cells);
	for (const idn of identities) {
		if (holds(idn, v) !== false) continue;
		const sum = (ids: string[]) => ids.reduce((s, id) => s + (v(id) ?? 0), 0);
		const show = (ids: string[]) => (ids.length <= 2 ? ids.map((id) => v(id)).join(' + ') : `Σ ${ids.length} cells`);
		const table = idn.id === 'I-4' ? '表四' : '表三';
		issues.push({
			subject: idn.id,
			severity: idn.id === 'I-3a' ? 'error' : 'warning',
			code: 'identity',
			message: `${table} ${idn.id} fails for ${idn.where}: ${show(idn.left)} = ${sum(idn.left)} ≠ ${show(idn.right)} = ${sum(idn.right)}`
		});
		for (const id of [...idn.left, ...idn.right]) {
			const c = cells.get(id);
			if (c && !c.flags.includes('derived')) addFlag(c, 'suspect');
		}
	}
}

/**
 * The trust rule's last part: where the template has identities, a value is trusted when one of them holds
 * with it. A printed value that no identity could check — every identity it is part of has a blank,
 * unreadable or missing cell — is flagged `unverified` (one that breaks an identity is already `suspect`).
 */
function flagUnverified(cells: Cells, identities: Identity[], issues: Issue[]): void {
	const v = val(cells);
	const checked = new Set<string>();
	const member = new Set<string>();
	for (const idn of identities) {
		const ids = [...idn.left, ...idn.right];
		for (const id of ids) member.add(id);
		if (holds(idn, v) === true) for (const id of ids) checked.add(id);
	}
	let n = 0;
	for (const c of cells.values()) {
		if (c.value === null || !member.has(c.metric) || checked.has(c.metric)) continue;
		if (c.flags.some((f) => f === 'derived' || f === 'suspect' || f === 'ambiguous' || f === 'unconfirmed_position')) continue;
		addFlag(c, 'unverified');
		n++;
	}
	if (n) issues.push({ subject: 'document', severity: 'info', code: 'unverified', message: `${n} values of tables 三/四 could not be checked by any identity (cells they add up with are blank, unreadable or missing)` });
}

/** §10: in 2019 tables 处理决定数量 sometimes holds the current item count (上一年 + 增/减). */
function softChecks(cells: Cells, issues: Issue[]): void {
	for (const row of t2RowsWith('prev_year_items', 'items_delta', 'decisions')) {
		const prev = cells.get(`t2.${row}.prev_year_items`)?.value;
		const delta = cells.get(`t2.${row}.items_delta`)?.value;
		const dec = cells.get(`t2.${row}.decisions`)?.value;
		if (prev != null && delta != null && dec != null && delta !== 0 && dec > 0 && prev + delta === dec) {
			issues.push({
				subject: `t2.${row}.decisions`,
				severity: 'info',
				code: 'decisions_equal_items',
				message: `处理决定数量 ${dec} equals 上一年项目数量 ${prev} + 本年增/减 ${delta}: it may be the current item count rather than decisions`
			});
		}
	}
}

export { T4_GROUPS };
