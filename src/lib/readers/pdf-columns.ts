/**
 * Columns of a table printed without ruling lines, recovered from geometry (the idea of pdfplumber's "text"
 * strategy and Camelot's/Tabula's stream mode: values of one column line up across rows). Input: the page
 * lines that were not inside a ruled table, in reading order, each cut into chunks at wide gaps. Lines with
 * numbers are value rows; consecutive value rows whose numbers line up form a region; a text line reaching
 * into a region's value columns (a heading, prose, the next table's header) ends it, and the lines above a
 * region's first row since the last such line are its header.
 *
 * A region's columns are trusted only on strong evidence, else its lines are left as they were:
 * - the rows holding the most values (full rows) agree, column by column, on a left, right or centre edge;
 *   there are at least two of them, unless every row is full;
 * - every value in every row lines up with exactly one column, on that column's edge;
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
 */

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

/** Two value chunks stand in one column when a left, right or centre edge agrees within `tol`. */
function aligned(a: Box, b: Box, tol: number): boolean {
	return Math.abs(a[0] - b[0]) <= tol || Math.abs(a[2] - b[2]) <= tol || Math.abs((a[0] + a[2]) / 2 - (b[0] + b[2]) / 2) <= tol;
}

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
		const isValueRow = values.length > 0 && (l.chunks.length >= 2 || (open !== null && values.every((v) => open!.slots.some((s) => aligned(s, v.box, tol)))));
		if (isValueRow) {
			if (open && fits(open.slots, values.map((v) => v.box), tol)) {
				open.lines.push(k);
				for (const v of values) if (!open.slots.some((s) => aligned(s, v.box, tol))) open.slots.push(v.box);
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
	return out;
}

/** A row fits a region when its values line up with the region's (one set includes the other). */
function fits(slots: Box[], values: Box[], tol: number): boolean {
	const inSlots = values.every((v) => slots.some((s) => aligned(s, v, tol)));
	const coversSlots = slots.every((s) => values.some((v) => aligned(s, v, tol)));
	return inSlots || coversSlots;
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
	// Columns from the full rows: each column's values agree on one edge.
	const columns: Column[] = [];
	for (let j = 0; j < K; j++) {
		const boxes = full.map((k) => valuesOf(lines[k])[j].box);
		const best = (['left', 'right', 'centre'] as Anchor[]).map((a) => ({ a, s: spread(boxes.map((b) => edge(b, a))) })).sort((p, q) => p.s - q.s)[0];
		if (best.s > tol) return null;
		const xs = boxes.map((b) => edge(b, best.a));
		columns.push({ x0: Math.min(...boxes.map((b) => b[0])), x1: Math.max(...boxes.map((b) => b[2])), anchor: best.a, at: (Math.min(...xs) + Math.max(...xs)) / 2 });
	}
	for (let j = 1; j < K; j++) if (columns[j].x0 <= columns[j - 1].x1 + tol) return null;
	const first = columns[0].x0;
	const last = columns[K - 1].x1;
	// Every value and every chunk in the value area belongs to exactly one column, on its edge.
	const columnOf = (c: Chunk): number => {
		const hits = columns.map((col, j) => (c.box[0] >= col.x0 - tol * 2 && c.box[2] <= col.x1 + tol * 2 && Math.abs(edge(c.box, col.anchor) - col.at) <= tol ? j : -1)).filter((j) => j >= 0);
		return hits.length === 1 ? hits[0] : -1;
	};
	// A line's value cells, one per column (a blank as an empty cell with the column's box); null when a value
	// or text in the value area fits no single column.
	const place = (l: ColumnLine): Chunk[] | null => {
		const cells: (Chunk | null)[] = columns.map(() => null);
		for (const c of l.chunks) {
			if (c.box[2] < first - tol && !NUMERIC.test(c.text)) continue;
			const j = columnOf(c);
			if (j < 0 || cells[j]) return null;
			cells[j] = c;
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
	const out = withLabels(lines, r.lines, rows, first - tol, tol, opensRow);
	// A line left holding only label text (its runs went into a row's label) has no values to confirm.
	for (const [k, row] of out) row.confirmed = blankRows.length === 0 || !rows.has(k);
	return out;
}

/**
 * Puts each row's label on the row, as a ruled cell holds it: a row label starts with a run that opens a row
 * (the innermost one on its line) and goes on in the runs below that start where it starts (a wrapped label),
 * until the next row starts; its values may stand on any of those lines. Runs elsewhere in the label area (a
 * group label printed beside or between its sub-rows) stay where they are. `rows` holds each value (or blank)
 * row's value cells; the result adds the label cells before them, and gives every other line whose runs went
 * into a row label what is left of it (nothing: the line is dropped).
 */
function withLabels(lines: ColumnLine[], region: number[], rows: Map<number, AlignedRow>, right: number, tol: number, opensRow: (text: string) => boolean): Map<number, AlignedRow> {
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
	return out;
}
