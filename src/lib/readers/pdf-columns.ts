/**
 * Columns of a table printed without ruling lines, recovered from geometry (the idea of pdfplumber's "text"
 * strategy and Camelot's/Tabula's stream mode: values of one column line up across rows). Input: the page
 * lines that were not inside a ruled table, in reading order, each cut into chunks at wide gaps. Lines with
 * numbers are value rows; consecutive value rows whose numbers line up form a region; a text line reaching
 * into a region's value columns (a heading, prose, the next table's header) ends it, and the lines above a
 * region's first row since the last such line are its header.
 *
 * A region's columns are trusted only on strong evidence, else its lines are left as they were:
 * - the rows holding the most values (full rows) agree, column by column, on a left, right or centre edge
 *   (all of them, or two thirds and the rest off it by no more than an undrawn space: see `aligned`);
 *   there are at least two of them, unless every row is full;
 * - every value in every row lines up with exactly one column, on that column's edge or off it by an undrawn
 *   space while overlapping that column's values and no other (a chunk that spans two columns, or a label and
 *   the first value, is read as its runs when each run is label text or a number on a column of its own);
 * - every column has header text above it that does not reach into the label area.
 * A trusted region's rows then come out as the ruled path emits them: the label cells, then one cell per
 * column, a blank cell as an empty cell with the column's box — so the one table parser places values by
 * column, and a blank is a blank in a known column, not a missing value. A row label wrapped over several
 * lines is joined onto the line of its values (which may be its first, middle or last line); a group label
 * printed beside or between its sub-rows stays a cell of its own. The rows are *confirmed* (the report needs
 * no review for them) only when no label line is a row whose cells are all blank (a line that opens a row —
 * an outline number, a template label — with no value on any of its lines before the next row starts). Such
 * a row is emitted as a label over blank cells, but it is an inference from where labels start, so then the
 * region's rows stay unconfirmed and the report under review, as every unruled row was before.
 *
 * Values are grouped into rows by the rows' vertical extents (row bands, `rowBands`), not only by baselines:
 * a cell that wraps prints its value a line below the row's others, and that line joins the row only where
 * the geometry leaves no other reading. A value row that no row label claims is otherwise read as it stands
 * and keeps the region's rows unconfirmed: it may be such a wrapped cell as well as a row of its own. A template
 * row label outside every region, with no value (a table blank in every cell prints only its labels), is emitted
 * as an unconfirmed row too.
 */

import { matchRow, T2_LABELS, T3_LABELS } from '../parser/labels.ts';

export type Box = [number, number, number, number];
export interface Chunk {
	text: string;
	box: Box;
}
/** One text line of a page (outside ruled tables), in reading order across pages. */
export interface ColumnLine {
	page: number;
	box: Box;
	size: number;
	/** The line cut at wide gaps (the reader's column chunks). */
	chunks: Chunk[];
	/** The line's text runs as the PDF draws them (a header cell's text is a run of its own). */
	pieces: Chunk[];
}
/** What a line of a trusted region becomes: its cells (labels, then one per column) and whether its row is confirmed. */
export interface AlignedRow {
	cells: Chunk[];
	confirmed: boolean;
}

export const NUMERIC = /^[\s\-+]*[0-9０-９][0-9０-９,，.．\s]*(?:万元|元|%)?$/;

type Anchor = 'left' | 'right' | 'centre';
interface Column {
	x0: number;
	x1: number;
	anchor: Anchor;
	at: number;
}

const edge = (b: Box, a: Anchor) => (a === 'left' ? b[0] : a === 'right' ? b[2] : (b[0] + b[2]) / 2);
const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
const overlaps = (b: Box, x0: number, x1: number) => b[0] < x1 && b[2] > x0;

/** The chunks of a line that are values: numbers (a wrapped or spaced number is one chunk). */
const valuesOf = (l: ColumnLine) => l.chunks.filter((c) => NUMERIC.test(c.text));

/**
 * Two value chunks stand in one column when a left, right or centre edge agrees within `tol`, or, with `shift`,
 * when they overlap (within `tol`) and their centres are at most `shift` apart: a cell's text may carry a space
 * the PDF does not draw (an ideographic space before the number, a no-break space after it), and a centred cell
 * prints its digits off the column's centre by half that space — one value right of it, another left of it.
 */
function aligned(a: Box, b: Box, tol: number, shift = 0): boolean {
	if (Math.abs(a[0] - b[0]) <= tol || Math.abs(a[2] - b[2]) <= tol || Math.abs(mid(a) - mid(b)) <= tol) return true;
	return a[0] < b[2] + tol && b[0] < a[2] + tol && Math.abs(mid(a) - mid(b)) <= shift;
}
const mid = (b: Box) => (b[0] + b[2]) / 2;
/** How far an undrawn space in a cell moves a centred value: half an em, plus the alignment tolerance. */
const shiftOf = (size: number, tol: number) => size * 0.5 + tol;

interface Region {
	lines: number[];
	/** Value chunks seen so far, one representative box per column position. */
	slots: Box[];
	header: number[];
	/** Font size of its first row: a line in another size (a heading, body text) is not part of the table. */
	size: number;
	x0: number;
	x1: number;
}

/**
 * Aligns the rows of every table drawn without rules. `opensRow` tells a line that begins a table row (an
 * outline number, a template label) from one that continues a wrapped label. Returns, per input line, its
 * aligned row, or null where the line is left as it was.
 */
export function alignColumns(lines: ColumnLine[], opensRow: (text: string) => boolean): (AlignedRow | null)[] {
	const out: (AlignedRow | null)[] = lines.map(() => null);
	const regions: Region[] = [];
	let open: Region | null = null;
	let pending: number[] = [];
	lines.forEach((l, k) => {
		const values = valuesOf(l);
		const tol = Math.max(2, l.size * 0.3);
		const shift = shiftOf(l.size, tol);
		// Values printed lower than the last row's but overlapping them vertically, or a line of numbers alone less
		// than a line's height under it, may be a cell of that row that wrapped (see rowBands): they stay in its
		// region whatever their columns, for trust() to judge.
		const last = open?.lines.findLast((j) => valuesOf(lines[j]).length > 0);
		const under = last !== undefined && lines[last].page === l.page && values.length > 0;
		const wraps = open !== null && under && (bandOverlap(values, valuesOf(lines[last])) > 0 || (last === k - 1 && values.length === l.chunks.length && lines[last].box[1] - l.box[3] < l.size));
		const isValueRow = values.length > 0 && (wraps || l.chunks.length >= 2 || (open !== null && values.every((v) => open!.slots.some((s) => aligned(s, v.box, tol, shift)))));
		if (isValueRow) {
			if (open && (wraps || fits(open.slots, values.map((v) => v.box), tol, shift))) {
				open.lines.push(k);
				for (const v of values) if (!open.slots.some((s) => aligned(s, v.box, tol, shift))) open.slots.push(v.box);
			} else {
				open = { lines: [k], slots: values.map((v) => v.box), header: pending, size: l.size, x0: 0, x1: 0 };
				regions.push(open);
				pending = [];
			}
			open.x0 = Math.min(...open.slots.map((s) => s[0]));
			open.x1 = Math.max(...open.slots.map((s) => s[2]));
			return;
		}
		// A text line: inside a region while it stays left of the value columns (a wrapped or vertical label).
		if (open && Math.abs(l.size - open.size) <= 0.5 && !l.pieces.some((c) => overlaps(c.box, open!.x0 - tol, open!.x1 + tol))) {
			open.lines.push(k);
			return;
		}
		open = null;
		// A line across the whole measure (prose, a heading) starts the header of whatever table comes next.
		pending.push(k);
	});
	for (const r of regions) {
		const rows = trust(lines, r, opensRow);
		if (rows) rows.forEach((row, k) => row && (out[k] = row));
	}
	// A table row whose cells are all blank prints only its label, and a table whose cells are all blank (a body
	// that received no applications) prints only labels: no value line, so no region, and nothing would tell the
	// parser those rows hold blanks rather than lost values. A template row label outside every region, with no
	// value on its line, is therefore emitted as an unconfirmed row of its own (its text as it stands).
	const inRegion = new Set(regions.flatMap((r) => r.lines));
	lines.forEach((l, k) => {
		if (inRegion.has(k) || valuesOf(l).length > 0) return;
		const text = l.chunks.map((c) => c.text).join('');
		if (matchRow(text, T3_LABELS) || matchRow(text, T2_LABELS)) out[k] = { cells: l.chunks, confirmed: false };
	});
	return out;
}

/** How far a line's values overlap, vertically, the values of the line above it, when they stand lower. */
function bandOverlap(below: Chunk[], above: Chunk[]): number {
	const [b0, b1] = [Math.min(...below.map((c) => c.box[1])), Math.max(...below.map((c) => c.box[3]))];
	const [a0, a1] = [Math.min(...above.map((c) => c.box[1])), Math.max(...above.map((c) => c.box[3]))];
	return b0 + b1 < a0 + a1 ? Math.min(a1, b1) - Math.max(a0, b0) : 0;
}

/** The boxes of the largest set whose `a` edges agree within `tol`. */
function agreeing(boxes: Box[], a: Anchor, tol: number): Box[] {
	const sorted = [...boxes].sort((p, q) => edge(p, a) - edge(q, a));
	let best: Box[] = [];
	for (let i = 0; i < sorted.length; i++) {
		const set = sorted.filter((b) => edge(b, a) >= edge(sorted[i], a) && edge(b, a) <= edge(sorted[i], a) + tol);
		if (set.length > best.length) best = set;
	}
	return best;
}

/** A row fits a region when its values line up with the region's (one set includes the other). */
function fits(slots: Box[], values: Box[], tol: number, shift: number): boolean {
	const inSlots = values.every((v) => slots.some((s) => aligned(s, v, tol, shift)));
	const coversSlots = slots.every((s) => values.some((v) => aligned(s, v, tol, shift)));
	return inSlots || coversSlots;
}

/**
 * A chunk cut into its runs at the gaps between them (runs closer than `tol` stay together: one number drawn
 * glyph by glyph); [] unless it comes apart into two or more parts, a number among them.
 */
function runsOf(c: Chunk, pieces: Chunk[], tol: number): Chunk[] {
	const inside = pieces.filter((p) => /\S/.test(p.text) && p.box[0] >= c.box[0] - 0.5 && p.box[2] <= c.box[2] + 0.5).sort((a, b) => a.box[0] - b.box[0]);
	const parts: Chunk[] = [];
	for (const p of inside) {
		const prev = parts.at(-1);
		if (prev && p.box[0] - prev.box[2] < tol) {
			prev.text += p.text.trim();
			prev.box = [prev.box[0], Math.min(prev.box[1], p.box[1]), p.box[2], Math.max(prev.box[3], p.box[3])];
		} else parts.push({ text: p.text.trim(), box: [...p.box] as Box });
	}
	return parts.length >= 2 && parts.some((p) => NUMERIC.test(p.text)) ? parts : [];
}

/** A line's label cells: its runs left of `right` (the value columns), grouped as below. */
function labelCells(l: ColumnLine, right: number): Chunk[] {
	return cells([...l.pieces].filter((c) => c.box[2] < right && /\S/.test(c.text)).sort((a, b) => a.box[0] - b.box[0]), l.size);
}
/**
 * Label runs as cells: cut where a gap shows a cell's padding (a group label beside a row label, 三、本年度 |
 * （一）予以公开), not at the run breaks a producer makes inside one cell's line.
 */
function cells(runs: Chunk[], size: number): Chunk[] {
	const out: Chunk[] = [];
	for (const p of runs) {
		const prev = out.at(-1);
		const text = p.text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
		if (prev && p.box[0] - prev.box[2] <= size * 0.5) {
			prev.text += /[A-Za-z0-9]$/.test(prev.text) && /^[A-Za-z0-9]/.test(text) ? ` ${text}` : text;
			prev.box = [prev.box[0], Math.min(prev.box[1], p.box[1]), p.box[2], Math.max(prev.box[3], p.box[3])];
		} else out.push({ text, box: [...p.box] as Box });
	}
	return out;
}

/** The region's columns and rows when the evidence holds (see the module comment); null otherwise. */
function trust(lines: ColumnLine[], r: Region, opensRow: (text: string) => boolean): Map<number, AlignedRow> | null {
	const valueRows = r.lines.filter((k) => valuesOf(lines[k]).length > 0);
	const K = Math.max(...valueRows.map((k) => valuesOf(lines[k]).length));
	const full = valueRows.filter((k) => valuesOf(lines[k]).length === K);
	if (K < 1) return null;
	if (full.length < 2 && full.length !== valueRows.length) return null;
	const size = Math.min(...valueRows.map((k) => lines[k].size));
	const tol = Math.max(2, size * 0.3);
	const shift = shiftOf(size, tol);
	// Columns from the full rows: each column's values agree on one edge — all of them, or all but values moved
	// off it by an undrawn space (see `aligned`), which then must be fewer than a third and are placed below.
	const columns: Column[] = [];
	for (let j = 0; j < K; j++) {
		const boxes = full.map((k) => valuesOf(lines[k])[j].box);
		const best = (['left', 'right', 'centre'] as Anchor[])
			.map((a) => {
				const on = agreeing(boxes, a, tol);
				return { a, on, s: spread(on.map((b) => edge(b, a))) };
			})
			.sort((p, q) => q.on.length - p.on.length || p.s - q.s)[0];
		const core = best.on;
		const x0 = Math.min(...core.map((b) => b[0]));
		const x1 = Math.max(...core.map((b) => b[2]));
		if (core.length < boxes.length && (core.length < 2 || core.length * 3 < boxes.length * 2 || !boxes.every((b) => core.includes(b) || aligned([x0, b[1], x1, b[3]], b, tol, shift)))) return null;
		const xs = core.map((b) => edge(b, best.a));
		columns.push({ x0, x1, anchor: best.a, at: (Math.min(...xs) + Math.max(...xs)) / 2 });
	}
	for (let j = 1; j < K; j++) if (columns[j].x0 <= columns[j - 1].x1 + tol) return null;
	const first = columns[0].x0;
	const last = columns[K - 1].x1;
	// Every value and every chunk in the value area belongs to exactly one column: on its edge, or moved off it
	// by an undrawn space while overlapping that column's values and no other column.
	const columnOf = (c: Chunk): number => {
		const hits = columns.map((col, j) => (c.box[0] >= col.x0 - tol * 2 && c.box[2] <= col.x1 + tol * 2 && Math.abs(edge(c.box, col.anchor) - col.at) <= tol ? j : -1)).filter((j) => j >= 0);
		if (hits.length > 0 || !NUMERIC.test(c.text)) return hits.length === 1 ? hits[0] : -1;
		const near = columns.map((col, j) => (overlaps(c.box, col.x0 - tol, col.x1 + tol) ? j : -1)).filter((j) => j >= 0);
		if (near.length !== 1) return -1;
		const col = columns[near[0]];
		const within = c.box[0] >= col.x0 - shift - tol && c.box[2] <= col.x1 + shift + tol;
		return within && aligned([col.x0, c.box[1], col.x1, c.box[3]], c.box, tol, shift) ? near[0] : -1;
	};
	// A line's value cells, one per column (a blank as an empty cell with the column's box); null when a value
	// or text in the value area fits no single column. A chunk that spans two columns (two cells' values drawn
	// closer than the chunk gap, e.g. a full-width `０` beside the next cell's `0`, or a label beside the first
	// value) is read as its runs when each run is label text left of the columns or a number in a column of its
	// own.
	const place = (l: ColumnLine): Chunk[] | null => {
		const cells: (Chunk | null)[] = columns.map(() => null);
		for (const c of l.chunks) {
			if (c.box[2] < first - tol && !NUMERIC.test(c.text)) continue;
			const parts = columnOf(c) >= 0 ? [c] : runsOf(c, l.pieces, tol);
			if (parts.length === 0) return null;
			for (const p of parts) {
				if (p !== c && p.box[2] < first - tol && !NUMERIC.test(p.text)) continue;
				const j = columnOf(p);
				if (j < 0 || cells[j]) return null;
				cells[j] = p;
			}
		}
		return cells.map((c, j) => c ?? { text: '', box: [columns[j].x0, l.box[1], columns[j].x1, l.box[3]] as Box });
	};
	const rows = new Map<number, AlignedRow>();
	for (const k of valueRows) {
		const cells = place(lines[k]);
		if (!cells) return null;
		rows.set(k, { cells, confirmed: false });
	}
	// The header names every column: a header run in the column's band (from the gap before it to the gap after
	// it; the first column's band starts where the row labels end, as a header set left starts before its values).
	const labelRight = Math.max(-Infinity, ...valueRows.flatMap((k) => lines[k].chunks.filter((c) => c.box[2] < first - tol).map((c) => c.box[2])));
	// Only the lines below the last one that runs from the label area into the value area (prose, a heading).
	const crossing = (k: number) => lines[k].pieces.some((c) => c.box[0] < first - tol && c.box[2] > first + tol && c.box[0] < labelRight);
	const lastProse = r.header.reduce((at, k, i) => (crossing(k) ? i : at), -1);
	const head = r.header.slice(lastProse + 1).flatMap((k) => lines[k].pieces).filter((c) => /\S/.test(c.text) && c.box[0] >= labelRight - tol && c.box[2] <= last + size * 4);
	const bandLeft = (j: number) => (j === 0 ? Math.max(labelRight, first - size * 8) : (columns[j - 1].x1 + columns[j].x0) / 2);
	const bandRight = (j: number) => (j === K - 1 ? last + tol * 2 : (columns[j].x1 + columns[j + 1].x0) / 2);
	if (!columns.every((_, j) => head.some((c) => overlaps(c.box, bandLeft(j), bandRight(j))))) return null;
	// Rows are confirmed when no text line inside is a row whose cells are all blank: a line that opens a row
	// must be carried on by the value row below it (that row's label does not open a row of its own), or stand in
	// a column left of where the next row label starts (a group label such as （四）无法提供, printed between its
	// sub-rows). Lines that only continue a label are passed over. Runs, not chunks, are compared: a group label
	// and a row label side by side are two cells.
	const labelsOf = (k: number) => labelCells(lines[k], first - tol);
	const wrapped = rowBands(lines, r.lines, rows, labelsOf, (k) => labelsOf(k).some((c) => opensRow(c.text)), tol);
	const blankRows = r.lines.filter((k, i) => {
		if (rows.has(k) || !labelsOf(k).some((c) => opensRow(c.text))) return false;
		const end = Math.max(...labelsOf(k).map((c) => c.box[2]));
		for (const j of r.lines.slice(i + 1)) {
			const openers = labelsOf(j).filter((c) => opensRow(c.text));
			if (openers.length > 0) return !openers.every((c) => c.box[0] > end + tol);
			if (rows.has(j)) return false;
		}
		return true;
	});
	// Such a row is read as what it shows, a label over blank cells (the parser flags blanks and reads them as 0
	// only where the table's identities then hold), but it is an inference from where labels start: the rows
	// stay unconfirmed and the report under review.
	for (const k of blankRows) {
		const cells = place(lines[k]);
		if (cells) rows.set(k, { cells, confirmed: false });
	}
	const { out, claimed } = withLabels(lines, r.lines, rows, first - tol, tol, opensRow);
	// A wrapped line's values went into its row: what is left of it is label text (a vertical group label's glyph).
	for (const k of wrapped) if (!out.has(k)) out.set(k, { cells: labelsOf(k), confirmed: false });
	// A value row that no row label claims (its values under a row that already has its own, or a label not
	// recognised as one) may be a cell of the row above that wrapped further than its band, or a row of its own:
	// where the table has row labels, such a row is read as it stands, unconfirmed.
	const unclaimed = claimed.size > 0 && [...rows.keys()].some((k) => !claimed.has(k));
	// A line left holding only label text (its runs went into a row's label) has no values to confirm.
	for (const [k, row] of out) row.confirmed = (blankRows.length === 0 && !unclaimed) || !rows.has(k);
	return out;
}

/**
 * Row bands: groups a table's values by the rows' vertical extents rather than by baselines. A cell whose text
 * wraps (a number after an ideographic space, in a narrow column) prints its value a line below the row's other
 * values. Such a value line joins the row above it — its values go into that row's blank cells — only when the
 * geometry leaves no other reading: it opens no row (no outline number or template label on it or between), it
 * is on the same page, its values overlap no other row's, each falls in a column the row left blank, and it lies
 * in the row's band: its values overlap the row's vertically (a row whose cells are centred vertically), or (a
 * row whose cells are set at the top) it stands a line pitch of the table's own wrapped labels below the row's
 * values, closer than any two rows of the table are (rows are a cell padding further apart), so it
 * cannot be a row of its own. The joined lines are removed from `rows` and returned; any other value line
 * stays a row of its own.
 */
function rowBands(lines: ColumnLine[], region: number[], rows: Map<number, AlignedRow>, labels: (k: number) => Chunk[], opens: (k: number) => boolean, tol: number): number[] {
	const extent = (k: number): [number, number] => {
		const vs = rows.get(k)!.cells.filter((c) => c.text !== '');
		return [Math.min(...vs.map((c) => c.box[1])), Math.max(...vs.map((c) => c.box[3]))];
	};
	const overlap = (a: [number, number], b: [number, number]) => Math.min(a[1], b[1]) - Math.max(a[0], b[0]);
	const valueRows = region.filter((k) => rows.has(k));
	// The pitches of a cell's lines, from labels wrapped in this table (a line going on where the one above
	// starts), and the least pitch of two rows, from a value line to the next line, that opens a row and holds
	// values.
	const linePitches: number[] = [];
	const rowPitches: number[] = [];
	region.forEach((a, i) => {
		const b = region[i + 1];
		if (b === undefined || lines[a].page !== lines[b].page) return;
		if (!opens(b)) {
			for (const cb of labels(b)) for (const ca of labels(a)) if (Math.abs(ca.box[0] - cb.box[0]) <= tol) linePitches.push(ca.box[3] - cb.box[3]);
		} else if (rows.has(a) && rows.has(b)) rowPitches.push(extent(a)[1] - extent(b)[1]);
	});
	const rowPitch = rowPitches.length > 0 ? Math.min(...rowPitches) : null;
	const size = Math.min(...region.map((k) => lines[k].size));
	const setAtTop = (k: number, above: number) => {
		const pitch = extent(above)[1] - extent(k)[1];
		return rowPitch !== null && pitch + Math.max(1, size * 0.15) < rowPitch && linePitches.some((p) => Math.abs(pitch - p) <= 1);
	};
	const joined: number[] = [];
	let above: number | null = null;
	for (const k of region) {
		if (!rows.has(k)) {
			if (opens(k)) above = null;
			continue;
		}
		const w = rows.get(k)!.cells;
		const row = above === null ? null : rows.get(above)!;
		const band = above === null ? null : extent(above);
		const own = extent(k);
		const fitsBand =
			row !== null &&
			band !== null &&
			!opens(k) &&
			lines[k].page === lines[above!].page &&
			(own[0] + own[1]) / 2 < (band[0] + band[1]) / 2 &&
			(overlap(own, band) > 0 || setAtTop(k, above!)) &&
			valueRows.every((m) => m === k || m === above || !rows.has(m) || lines[m].page !== lines[k].page || overlap(own, extent(m)) <= 0) &&
			w.every((c, j) => c.text === '' || row.cells[j].text === '');
		if (!fitsBand) {
			above = k;
			continue;
		}
		w.forEach((c, j) => c.text !== '' && (row!.cells[j] = c));
		rows.delete(k);
		joined.push(k);
	}
	return joined;
}

/**
 * Puts each row's label on the row, as a ruled cell holds it: a row label starts with a run that opens a row
 * (the innermost one on its line) and goes on in the runs below that start where it starts (a wrapped label),
 * until the next row starts; its values may stand on any of those lines. Runs elsewhere in the label area (a
 * group label printed beside or between its sub-rows) stay where they are. `rows` holds each value (or blank)
 * row's value cells; the result adds the label cells before them, and gives every other line whose runs went
 * into a row label what is left of it (nothing: the line is dropped).
 */
function withLabels(lines: ColumnLine[], region: number[], rows: Map<number, AlignedRow>, right: number, tol: number, opensRow: (text: string) => boolean): { out: Map<number, AlignedRow>; claimed: Set<number> } {
	const memo = new Map<number, Chunk[]>();
	const labelRuns = (k: number) => memo.get(k) ?? memo.set(k, labelCells(lines[k], right)).get(k)!;
	const labels: { x: number; parts: Chunk[]; target: number | null }[] = [];
	let cur: (typeof labels)[number] | null = null;
	for (const k of region) {
		const runs = labelRuns(k);
		let opener = -1;
		runs.forEach((c, i) => opensRow(c.text) && (opener = i));
		let own: Chunk[] = [];
		if (opener >= 0) {
			cur = { x: runs[opener].box[0], parts: [], target: null };
			labels.push(cur);
			own = runs.slice(opener);
		} else if (cur && !(rows.has(k) && cur.target !== null)) {
			own = runs.filter((c) => Math.abs(c.box[0] - cur!.x) <= tol);
		} else cur = null; // values under a label that already has its row: leave this line as it is
		if (!cur) continue;
		cur.parts.push(...own);
		if (rows.has(k)) cur.target = k;
	}
	const used = new Set<Chunk>();
	const labelOf = new Map<number, Chunk>();
	for (const l of labels) {
		if (l.target === null || l.parts.length === 0) continue;
		l.parts.forEach((p) => used.add(p));
		const text = l.parts.map((p) => p.text.replace(/[\s\u3000\u00a0]+/g, ' ').trim()).reduce((a, t) => (a && /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(t) ? `${a} ${t}` : a + t), '');
		const bs = l.parts.map((p) => p.box);
		labelOf.set(l.target, { text, box: [Math.min(...bs.map((b) => b[0])), Math.min(...bs.map((b) => b[1])), Math.max(...bs.map((b) => b[2])), Math.max(...bs.map((b) => b[3]))] });
	}
	const out = new Map<number, AlignedRow>();
	for (const k of region) {
		const runs = labelRuns(k);
		const group = runs.filter((c) => !used.has(c));
		const row = rows.get(k);
		const own = labelOf.get(k);
		if (row) out.set(k, { cells: [...group, ...(own ? [own] : []), ...row.cells], confirmed: false });
		else if (runs.some((c) => used.has(c))) out.set(k, { cells: group, confirmed: false });
	}
	return { out, claimed: new Set(labelOf.keys()) };
}
