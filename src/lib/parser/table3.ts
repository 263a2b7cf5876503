/**
 * Table 三 (收到和处理政府信息公开申请情况): each row label is followed by its seven applicant-column
 * values (templates.md §3.2, §4.2). Parent labels such as （三）不予公开 carry no values. When a PDF
 * flattening detaches labels from their numbers (rows shuffled, D7), unlabeled seven-value rows are placed
 * on the template rows that have no values, in order, only when the counts match — and flagged.
 */
import { T3_COLS, T3_ROWS, type Format } from '../catalog/index.ts';
import { SUBTOTAL_OUTCOMES } from '../catalog/outcomes.ts';
import { isValueLike, readCell } from './numbers.ts';
import { flagGuessedRows, labelKey, matchRow, T3_LABELS } from './labels.ts';
import { makeCell, pieceOf, splitPieces, type Piece } from './cells.ts';
import { inlineValues, type TableResult } from './table2.ts';
import type { Token } from './tokens.ts';
import type { Cell, Issue } from './types.ts';
import { holds, table3Identities } from './identities.ts';
import { confirmByCount } from './confirm.ts';

const WIDTH = T3_COLS.length;

/** Parent labels that some reproductions print with values (D13), and the rows they sum (from the catalog). */
const SUBTOTALS = SUBTOTAL_OUTCOMES;

/** A template row found by its label: its value pieces, and the run of value cells after it (for counting). */
interface FoundRow {
	label: string;
	pieces: Piece[];
	k: number;
	inline: Piece[];
	run: Piece[];
}
/** A numbered row the template does not have (D14) or a printed subtotal (D13), with its values. */
interface ExtraRow {
	label: string;
	values: string[];
}
/** What scanning the table's tokens finds; the later stages read it. */
interface Table3Scan {
	found: Map<string, FoundRow>;
	/** Seven-value rows without a label (D7), in order, and the stray cells before them. */
	orphans: Piece[][];
	strays: string[];
	/** Rows showing eight numbers for seven columns (D8), by row key. */
	split: Map<string, Piece[]>;
	extras: ExtraRow[];
	lastRow: string | null;
	/** Rows anchored through unreadable glyphs (their values are flagged). */
	guessed: { row: string; label: string; guess: 'unreadable' | 'typo' }[];
}
type Out = { cells: Cell[]; issues: Issue[] };

/**
 * Table 三 in named stages, like validate(): scan the tokens for labelled rows, place each found row's
 * values (confirmed by counting), join D8 rows, check D13 subtotals and D14 extra rows, place D7 orphan
 * rows by order, and flag rows anchored through unreadable glyphs.
 */
export function extractTable3(toks: Token[], range: [number, number], format: Format): TableResult {
	const scan = scanTable3(toks, range);
	const out: Out = { cells: [], issues: [] };
	placeFoundRows(scan, out);
	joinSplitRows(scan, format, out);
	checkExtraRows(scan, out);
	placeOrphanRows(scan, format, out);
	flagGuessedRows('三', scan.guessed, out.cells, out.issues);
	return { cells: out.cells, issues: out.issues, lastRow: scan.lastRow, incomplete: false };
}

/** Scan: each template row by its label with the value cells after it; unlabelled value runs, D8 rows, extra rows. */
function scanTable3(toks: Token[], [from, to]: [number, number]): Table3Scan {
	const found = new Map<string, FoundRow>();
	const orphans: Piece[][] = [];
	const strays: string[] = [];
	const split = new Map<string, Piece[]>();
	const extras: ExtraRow[] = [];
	let run: Piece[] = [];
	let lastRow: string | null = null;
	const guessed: { row: string; label: string; guess: 'unreadable' | 'typo' }[] = [];

	const flushRun = () => {
		if (run.length >= WIDTH && run.some((p) => p.text.trim() !== '')) {
			// Whole rows sit at the end of a run; a stray cell before them is PDF debris ("1" before a row).
			const stray = run.length % WIDTH;
			if (stray) strays.push(...run.slice(0, stray).map((p) => p.text));
			for (let k = stray; k < run.length; k += WIDTH) orphans.push(run.slice(k, k + WIDTH));
		} else if (run.length === 1 && /\s/.test(run[0].text.trim())) {
			// A whole row flattened into one cell ("9 0 0 0 0 0 9").
			const parts = splitPieces(run[0]);
			if (parts.length === WIDTH) orphans.push(parts);
		}
		run = [];
	};

	let lastKey: string | null = null;
	for (let i = from; i < to; i++) {
		const t = toks[i];
		const m: ReturnType<typeof matchRow> = matchRow(t.text, T3_LABELS) ?? bySequence(t.text, lastKey, found);
		if (m && !found.has(m.row.row)) {
			flushRun();
			lastRow = t.text;
			lastKey = m.row.row;
			let pieces: Piece[] = inlineValues(t);
			if (pieces.length === 1 && splitPieces(pieces[0]).length === WIDTH) pieces = splitPieces(pieces[0]);
			const inline = pieces.slice();
			// The whole run of value cells after the label, padding included, for counting (confirm.ts).
			const run: Piece[] = [];
			if (pieces.length === 0) for (let j = i + 1; j < to && run.length < WIDTH + 8 && isValueLike(toks[j].text); j++) run.push(pieceOf(toks[j]));
			if (pieces.length === 0) {
				const got: Piece[] = [];
				let j = i + 1;
				for (; j < to && got.length < WIDTH && isValueLike(toks[j].text); j++) got.push(pieceOf(toks[j]));
				pieces = got;
				// One cell holding the whole row (PDF text, D7).
				// Its seven numbers are counted like inline values (one cell: nothing else to count).
				if (pieces.length === 1 && splitPieces(pieces[0]).length === WIDTH) inline.push(...(pieces = splitPieces(pieces[0])));
				// Eight numbers where seven belong: one number split over two cells (D8), resolved later by I-3c.
				// Padding cells after it (Markdown and pipe rows end in "| |") do not count as a ninth value.
				let after = j + 1;
				while (after < to && toks[after].text.trim() === '') after++;
				if (pieces.length === WIDTH && j < to && isNumber(toks[j].text) && (after >= to || !isValueLike(toks[after].text))) {
					split.set(m.row.row, [...pieces, pieceOf(toks[j])]);
					j++;
				}
				if (pieces.length > 0) i = j - 1;
			}
			if (pieces.length > 0) found.set(m.row.row, { label: t.text, pieces, k: WIDTH, inline: inline.length ? pieces : [], run });
			if (pieces.length > 0 && m.guess) guessed.push({ row: m.row.row, label: t.text, guess: m.guess });
			continue;
		}
		// A numbered row the template does not have (（三）9.属于工作秘密, D14) or a reported subtotal (D13).
		if (!m && /^(?:\d{1,2}[.、]|\([一二三四五六七八九十]\))\D{2,}/.test(t.n) && !matchRow(t.text, T3_LABELS, true)) {
			const vals: Piece[] = [];
			let j = i + 1;
			for (; j < to && vals.length < WIDTH && isValueLike(toks[j].text); j++) vals.push(pieceOf(toks[j]));
			if (vals.length === WIDTH) {
				flushRun();
				extras.push({ label: t.text, values: vals.map((v) => v.text) });
				i = j - 1;
				continue;
			}
		}
		if (isValueLike(t.text)) run.push(pieceOf(t));
		else flushRun();
	}
	flushRun();
	return { found, orphans, strays, split, extras, lastRow, guessed };
}

/** The seven cells of a row from its pieces; `flag`: the columns are not confirmed (ambiguous). */
function placeRow(cells: Cell[], row: string, pieces: Piece[], flag: boolean): void {
	T3_COLS.forEach((col, k) => {
		if (k >= pieces.length) {
			// A column the row's values could not reach: empty, and flagged so nobody reads it as absent.
			const at = pieces.length ? pieces[pieces.length - 1].end : 0;
			if (flag && pieces.length) cells.push({ metric: `t3.${row}.${col.key}`, value: null, printed: null, raw: '', start: at, end: at, flags: ['ambiguous'] });
			return;
		}
		const { cell } = makeCell(`t3.${row}.${col.key}`, pieces[k]);
		if (flag && !cell.flags.includes('ambiguous')) cell.flags.push('ambiguous');
		cells.push(cell);
	});
}

/** Place: every found row's values; a row whose cell count differs from the table's other rows is flagged (confirm.ts). */
function placeFoundRows(scan: Table3Scan, out: Out): void {
	const { found, split } = scan;
	// Rows whose seven values are counted against the columns (a lost or glued cell shifts them).
	const counted = confirmByCount([...found.values()].filter((f) => f.pieces.length === WIDTH && !split.has(keyOf(found, f))));
	for (const [row, f] of found) {
		// A 2021 row label in a 2019 table (or the reverse) still has a metric id; keep it and let format checks speak.
		// Fewer values than columns: which column each belongs to is a guess (blank cells may have vanished).
		placeRow(out.cells, row, f.pieces, f.pieces.length < WIDTH);
		if (f.pieces.length === WIDTH && !split.has(row) && !counted.has(f)) {
			for (const c of out.cells) if (c.metric.startsWith(`t3.${row}.`) && !c.flags.includes('unconfirmed_position')) c.flags.push('unconfirmed_position');
			out.issues.push({
				subject: `t3.${row}`,
				severity: 'warning',
				code: 'unconfirmed_position',
				message: `表三「${f.label}」 shows ${f.run.filter((p) => p.text.trim() !== '').length} values in ${f.run.length} cells, unlike the table's other rows (a cell lost or two glued together?); values flagged`
			});
		}
		if (f.pieces.length < WIDTH) {
			out.issues.push({
				subject: `t3.${row}`,
				severity: 'warning',
				code: 'row_incomplete',
				message: `表三「${f.label}」 has ${f.pieces.length} of ${WIDTH} values`
			});
		}
	}
}

/** D8: a row of eight numbers for seven columns, joined where exactly one join satisfies the identities. */
function joinSplitRows(scan: Table3Scan, format: Format, out: Out): void {
	// D8 rows: join the two cells that make I-3c hold; when several joins do, the columns decide (I-3a/I-3b
	// against the other rows), and only a single reading that some column confirms is kept.
	const identities = table3Identities(format);
	const { found, split } = scan;
	const valueOf = (id: string) => {
		const row = id.split('.')[1];
		return split.has(row) ? null : (out.cells.find((x) => x.metric === id)?.value ?? null);
	};
	for (const [row, pieces] of split) {
		const readings = joinSplit(pieces);
		let joined = readings.length === 1 ? readings[0] : null;
		let how = 'joining two adjacent cells is the only reading that satisfies I-3c';
		if (readings.length > 1) {
			const columnIds = identities.filter((i) => i.id !== 'I-3c' && [...i.left, ...i.right].some((id) => id.startsWith(`t3.${row}.`)));
			const fits = readings.filter((reading) => {
				const lookup = (id: string) => (id.startsWith(`t3.${row}.`) ? Number(reading[T3_COLS.findIndex((c) => id.endsWith(`.${c.key}`))].text) : valueOf(id));
				const results = columnIds.map((i) => holds(i, lookup));
				return !results.includes(false) && results.includes(true);
			});
			if (fits.length === 1) (joined = fits[0]), (how = `${readings.length} joins satisfy I-3c and only one also satisfies the column identities`);
		}
		if (joined) {
			const reading = joined;
			T3_COLS.forEach((col, k) => {
				const c = out.cells.find((x) => x.metric === `t3.${row}.${col.key}`);
				if (!c) return;
				c.raw = reading[k].text;
				c.start = reading[k].start;
				c.end = reading[k].end;
				c.value = c.printed = Number(reading[k].text.replace(/\s+/g, ''));
				if (reading[k].joined) c.flags.push('repaired');
			});
			out.issues.push({ subject: `t3.${row}`, severity: 'warning', code: 'repaired', message: `表三「${found.get(row)!.label}」 has eight numbers; ${how}` });
		} else {
			T3_COLS.forEach((col) => {
				const c = out.cells.find((x) => x.metric === `t3.${row}.${col.key}`);
				if (c) (c.value = null), (c.printed = null), c.flags.push('ambiguous');
			});
			out.issues.push({ subject: `t3.${row}`, severity: 'warning', code: 'ambiguous', message: `表三「${found.get(row)!.label}」 has eight numbers for seven columns; values left empty` });
		}
		split.delete(row);
	}
}

/** D13 / D14: a printed subtotal checked against its sub-rows; a row the template does not have, kept out. */
function checkExtraRows(scan: Table3Scan, out: Out): void {
	for (const x of scan.extras) {
		const parent = SUBTOTALS.find((p) => x.label.replace(/\s/g, '').includes(p.zh));
		if (!parent) {
			out.issues.push({ subject: 'table3', severity: 'info', code: 'extra_row', message: `表三 has a row the national template does not: 「${x.label}」 ${x.values.join(' ')}; kept out of the metrics` });
			continue;
		}
		// A reproduction that prints the （三）/（四）/（五） subtotal (D13): check it against its sub-rows.
		const sums = T3_COLS.map((col) => {
			const parts = out.cells.filter((c) => parent.rows.some((r) => c.metric === `t3.${r}.${col.key}`));
			return parts.length === parent.rows.length && parts.every((p) => p.value !== null) ? parts.reduce((a, p) => a + p.value!, 0) : null;
		});
		const printed = x.values.map((v) => Number(v.replace(/\s/g, '')));
		const off = T3_COLS.filter((_, k) => sums[k] !== null && printed[k] !== sums[k]);
		out.issues.push(
			off.length
				? { subject: 'table3', severity: 'warning', code: 'subtotal', message: `表三 prints a subtotal row 「${x.label}」 that differs from its sub-rows in ${off.map((c) => c.zh).join('、')}` }
				: { subject: 'table3', severity: 'info', code: 'subtotal', message: `表三 prints a subtotal row 「${x.label}」; it matches its sub-rows and is not stored` }
		);
	}
}

/** D7: unlabelled seven-value rows placed on the template rows that have none, by order, only when the counts match. */
function placeOrphanRows(scan: Table3Scan, format: Format, out: Out): void {
	const { found, orphans, strays } = scan;
	if (orphans.length === 0) return;
	const rows = T3_ROWS.filter((r) => r.formats.includes(format));
	const lastFound = Math.max(...rows.map((r, k) => (found.has(r.key) ? k : -1)));
	const missing = rows.filter((r, k) => !found.has(r.key) && k < lastFound);
	if (missing.length === orphans.length) {
		missing.forEach((r, k) => placeRow(out.cells, r.key, orphans[k], true));
		out.issues.push({
			subject: 'table3',
			severity: 'warning',
			code: 'rows_placed_by_order',
			message: `表三 layout is shuffled: ${orphans.length} rows without labels were placed on ${missing.map((r) => r.zh).join('、')} by their order; check against the source${strays.length ? ` (stray cells ignored: ${strays.join(' ')})` : ''}`
		});
	} else {
		out.issues.push({
			subject: 'table3',
			severity: 'warning',
			code: 'unlabeled_rows',
			message: `表三 has ${orphans.length} rows of numbers without labels but ${missing.length} rows without numbers; they were not placed`
		});
	}
}

const OTHER_OTHER = T3_LABELS.find((r) => r.row === 'other_other')!;
const TOTAL = T3_LABELS.find((r) => r.row === 'total_processed')!;
const SIXTH = new Set(['other_overdue_correction', 'other_overdue_fee']);

/**
 * 其他 and 总计 are column headers too, so they match a row only with their outline number (D18). A report
 * whose converter dropped the numbers is read by the rows' order instead: a bare 其他 right after a （六）
 * sub-row is （六）3.其他, a bare 总计 / 合计 after a result row is （七）总计.
 */
function bySequence(text: string, lastKey: string | null, found: Map<string, unknown>): ReturnType<typeof matchRow> {
	if (!lastKey) return null;
	const { numbering, key } = labelKey(text);
	if (numbering) return null;
	if (key === '其他' && SIXTH.has(lastKey) && !found.has('other_other')) return { row: OTHER_OTHER, rest: '', partial: false };
	if ((key === '总计' || key === '合计') && !found.has('total_processed') && !['new_received', 'carried_over'].includes(lastKey)) return { row: TOTAL, rest: '', partial: false };
	return null;
}

function keyOf<V>(m: Map<string, V>, v: V): string {
	for (const [k, x] of m) if (x === v) return k;
	return '';
}

function isNumber(raw: string): boolean {
	return readCell(raw).kind === 'number';
}

/** D8: the ways to join two adjacent cells of an eight-cell row that satisfy I-3c. */
function joinSplit(pieces: Piece[]): (Piece & { joined: boolean })[][] {
	const solutions: (Piece & { joined: boolean })[][] = [];
	for (let k = 0; k < pieces.length - 1; k++) {
		if (!/^\d+$/.test(pieces[k].text) || !/^\d+$/.test(pieces[k + 1].text)) continue;
		const row = [
			...pieces.slice(0, k).map((p) => ({ ...p, joined: false })),
			{ text: pieces[k].text + pieces[k + 1].text, start: pieces[k].start, end: pieces[k + 1].end, joined: true },
			...pieces.slice(k + 2).map((p) => ({ ...p, joined: false }))
		];
		const nums = row.map((p) => Number(p.text));
		if (nums.some((n) => Number.isNaN(n))) continue;
		if (nums.slice(0, 6).reduce((a, b) => a + b, 0) === nums[6]) solutions.push(row);
	}
	return solutions;
}
