/**
 * Ruled tables from a page's ruling lines (the "lattice" approach of pdfplumber and Camelot): rules that
 * touch form a table; its distinct rule positions cut it into atomic cells, and two neighbouring atomic
 * cells are one merged cell wherever no rule separates them. Text runs then fall into the cell holding
 * them; a run crossing a column rule is split there (some producers emit one run per table line).
 */
import type { Rule, Run } from './pdf-page.ts';

export interface TableCell {
	/** Top-left atomic position and extent in atomic rows / columns. */
	row: number;
	col: number;
	rowspan: number;
	colspan: number;
	box: [number, number, number, number];
	runs: Run[];
}

export interface Table {
	box: [number, number, number, number];
	/** Column boundaries left → right, row boundaries top → bottom (y decreasing). */
	xs: number[];
	ys: number[];
	cells: TableCell[];
	/** Atomic grid → index into cells. */
	at: number[][];
}

const TOL = 2;

/** Joins collinear rules that overlap or nearly touch. */
export function mergeRules(rules: Rule[]): Rule[] {
	const sorted = [...rules].sort((p, q) => p.at - q.at || p.a - q.a);
	const out: Rule[] = [];
	// Rules within TOL of each other's position are one line (double borders, half-pixel offsets).
	let group: Rule[] = [];
	const flush = () => {
		if (!group.length) return;
		const at = group.reduce((s, r) => s + r.at, 0) / group.length;
		const segs = group.sort((p, q) => p.a - q.a);
		let cur = { at, a: segs[0].a, b: segs[0].b };
		for (const s of segs.slice(1)) {
			if (s.a <= cur.b + TOL) cur.b = Math.max(cur.b, s.b);
			else {
				out.push(cur);
				cur = { at, a: s.a, b: s.b };
			}
		}
		out.push(cur);
		group = [];
	};
	for (const r of sorted) {
		if (group.length && r.at - group[0].at > TOL) flush();
		group.push(r);
	}
	flush();
	return out;
}

/** Finds the tables a page's rules draw. */
export function findTables(hRaw: Rule[], vRaw: Rule[]): Table[] {
	const h = mergeRules(hRaw);
	const v = mergeRules(vRaw);
	// Union-find over rules: a horizontal and a vertical that cross or touch belong to one table.
	const parent = [...Array(h.length + v.length).keys()];
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	for (let i = 0; i < h.length; i++) {
		for (let j = 0; j < v.length; j++) {
			const H = h[i];
			const V = v[j];
			if (V.at >= H.a - TOL && V.at <= H.b + TOL && H.at >= V.a - TOL && H.at <= V.b + TOL) parent[find(i)] = find(h.length + j);
		}
	}
	const groups = new Map<number, { h: Rule[]; v: Rule[] }>();
	for (let i = 0; i < parent.length; i++) {
		const g = groups.get(find(i)) ?? groups.set(find(i), { h: [], v: [] }).get(find(i))!;
		if (i < h.length) g.h.push(h[i]);
		else g.v.push(v[i - h.length]);
	}
	// A merged cell that a page break cuts has no top or bottom rule on the page between: its side rules
	// stand alone. They belong to the table beside them that spans the same height.
	const whole = [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2);
	for (const g of groups.values()) {
		if (g.h.length > 0) continue;
		for (const r of g.v) {
			const t = whole.find((w) => {
				const top = Math.max(...w.v.map((x) => x.b));
				const bottom = Math.min(...w.v.map((x) => x.a));
				const left = Math.min(...w.h.map((x) => x.a));
				const right = Math.max(...w.h.map((x) => x.b));
				return Math.abs(r.a - bottom) < 3 && Math.abs(r.b - top) < 3 && r.at > left - 150 && r.at < right + 150;
			});
			if (t) t.v.push(r);
		}
	}
	const tables: Table[] = [];
	for (const g of whole) {
		const t = buildTable(g.h, g.v);
		if (t) tables.push(t);
	}
	return tables.sort((p, q) => q.box[3] - p.box[3]);
}

function cluster(vals: number[]): number[] {
	const s = [...vals].sort((p, q) => p - q);
	const out: number[] = [];
	let grp: number[] = [];
	for (const x of s) {
		if (grp.length && x - grp[grp.length - 1] > TOL) {
			out.push(grp.reduce((p, q) => p + q, 0) / grp.length);
			grp = [];
		}
		grp.push(x);
	}
	if (grp.length) out.push(grp.reduce((p, q) => p + q, 0) / grp.length);
	return out;
}

function buildTable(h: Rule[], v: Rule[]): Table | null {
	const left = Math.min(...h.map((r) => r.a));
	const right = Math.max(...h.map((r) => r.b));
	const bottom = Math.min(...v.map((r) => r.a));
	const top = Math.max(...v.map((r) => r.b));
	// Outer edges count even when the table has no outer border (open-sided tables).
	const xs = cluster([...v.map((r) => r.at), left, right]);
	const ys = cluster([...h.map((r) => r.at), bottom, top]).reverse();
	const R = ys.length - 1;
	const C = xs.length - 1;
	if (R < 1 || C < 1) return null;
	const covered = (rules: Rule[], at: number, p: number) => rules.some((r) => Math.abs(r.at - at) <= TOL && r.a - TOL <= p && p <= r.b + TOL);
	const parent = [...Array(R * C).keys()];
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	for (let r = 0; r < R; r++) {
		const ym = (ys[r] + ys[r + 1]) / 2;
		for (let c = 0; c < C; c++) {
			const xm = (xs[c] + xs[c + 1]) / 2;
			if (c + 1 < C && !covered(v, xs[c + 1], ym)) parent[find(r * C + c)] = find(r * C + c + 1);
			if (r + 1 < R && !covered(h, ys[r + 1], xm)) parent[find(r * C + c)] = find((r + 1) * C + c);
		}
	}
	const byRoot = new Map<number, TableCell>();
	const cells: TableCell[] = [];
	const at: number[][] = Array.from({ length: R }, () => Array(C).fill(-1));
	for (let r = 0; r < R; r++) {
		for (let c = 0; c < C; c++) {
			const root = find(r * C + c);
			let cell = byRoot.get(root);
			if (!cell) {
				cell = { row: r, col: c, rowspan: 1, colspan: 1, box: [xs[c], ys[r + 1], xs[c + 1], ys[r]], runs: [] };
				byRoot.set(root, cell);
				cells.push(cell);
			}
			cell.rowspan = Math.max(cell.rowspan, r - cell.row + 1);
			cell.colspan = Math.max(cell.colspan, c - cell.col + 1);
			cell.box = [Math.min(cell.box[0], xs[c]), Math.min(cell.box[1], ys[r + 1]), Math.max(cell.box[2], xs[c + 1]), Math.max(cell.box[3], ys[r])];
			at[r][c] = cells.indexOf(cell);
		}
	}
	return { box: [xs[0], ys[R], xs[C], ys[0]], xs, ys, cells, at };
}

const inside = (x: number, y: number, b: [number, number, number, number]) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/**
 * Puts each run into the table cell holding its centre; returns the runs outside every table. A
 * horizontal run crossing column rules is cut at them, its characters shared out by their position.
 */
export function placeRuns(tables: Table[], runs: Run[]): Run[] {
	const rest: Run[] = [];
	for (const run of runs) {
		const cx = (run.box[0] + run.box[2]) / 2;
		const cy = (run.box[1] + run.box[3]) / 2;
		const t = tables.find((tb) => inside(cx, cy, tb.box) || (run.rot === 0 && cy >= tb.box[1] && cy <= tb.box[3] && run.box[0] < tb.box[2] && run.box[2] > tb.box[0]));
		if (!t) {
			rest.push(run);
			continue;
		}
		const r = rowAt(t, cy);
		if (r < 0) continue;
		const chars = [...run.str];
		const inner = run.rot === 0 ? t.xs.filter((x) => x > run.box[0] + 1 && x < run.box[2] - 1) : [];
		if (inner.length === 0 || chars.length < 2) {
			const c = colAt(t, cx);
			if (c >= 0) t.cells[t.at[r][c]].runs.push(run);
			continue;
		}
		// Split where the run crosses into another (merged) cell: equal advance per character is close
		// enough to find the cut. A boundary inside one merged cell is no cut.
		const step = (run.box[2] - run.box[0]) / chars.length;
		const cellAt = (k: number) => {
			const c = colAt(t, run.box[0] + (k + 0.5) * step);
			return c < 0 ? -1 : t.at[r][c];
		};
		let from = 0;
		for (let k = 1; k <= chars.length; k++) {
			const c0 = cellAt(from);
			const ck = k < chars.length ? cellAt(k) : -2;
			if (ck !== c0) {
				const str = chars.slice(from, k).join('');
				if (c0 >= 0 && /\S/.test(str)) {
					t.cells[c0].runs.push({ ...run, str: str.trim(), box: [run.box[0] + from * step, run.box[1], run.box[0] + k * step, run.box[3]] });
				}
				from = k;
			}
		}
	}
	return rest;
}

function rowAt(t: Table, y: number): number {
	for (let r = 0; r + 1 < t.ys.length; r++) if (y <= t.ys[r] + TOL && y >= t.ys[r + 1] - TOL) return r;
	return -1;
}
function colAt(t: Table, x: number): number {
	for (let c = 0; c + 1 < t.xs.length; c++) if (x >= t.xs[c] - TOL && x <= t.xs[c + 1] + TOL) return c;
	return -1;
}

/** A cell's text in reading order: lines top to bottom (vertical text: columns), joined without spaces between CJK. */
export function cellText(runs: Run[]): string {
	if (runs.length === 0) return '';
	const rotated = runs.filter((r) => r.rot !== 0).length > runs.length / 2;
	if (rotated) {
		// Text turned clockwise reads top-down with columns right to left; counter-clockwise bottom-up, left to right.
		const cw = runs.filter((r) => r.rot === -90).length >= runs.length / 2;
		const ordered = [...runs].sort((p, q) => (cw ? q.box[0] - p.box[0] || q.box[3] - p.box[3] : p.box[0] - q.box[0] || p.box[1] - q.box[1]));
		return joinRuns(ordered.map((r) => r.str));
	}
	return orderLines(runs)
		.map((line) => lineText(line))
		.reduce((acc, l) => (acc && /[A-Za-z]$/.test(acc) && /^[A-Za-z]/.test(l) ? `${acc} ${l}` : acc + l), '');
}

/**
 * One line's runs joined: a visible gap (a quarter of the font size) is a space, otherwise the runs are one
 * word. Across lines of a cell nothing is inserted — a wrapped label or number runs on (8347 / 00元).
 */
export function lineText(line: Run[]): string {
	let out = '';
	let prev: Run | null = null;
	for (const r of line) {
		const s = r.str.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
		if (!s) continue;
		// Spread-out Chinese (分散对齐) gets no spaces; digits or Latin apart on a line stay apart (1 2 is not 12).
		if (prev && out && r.box[0] - prev.box[2] > Math.min(prev.size, r.size) * 0.25 && (/[A-Za-z0-9]$/.test(out) || /^[A-Za-z0-9]/.test(s))) out += ' ';
		out += s;
		prev = r;
	}
	return out;
}

/** Groups horizontal runs into lines (top to bottom) and orders each line left to right. */
export function orderLines(runs: Run[]): Run[][] {
	const sorted = [...runs].sort((p, q) => q.box[1] - p.box[1]);
	const lines: Run[][] = [];
	for (const r of sorted) {
		const line = lines.find((l) => Math.abs(l[0].box[1] - r.box[1]) < Math.min(l[0].size, r.size) * 0.5);
		if (line) line.push(r);
		else lines.push([r]);
	}
	for (const l of lines) l.sort((p, q) => p.box[0] - q.box[0]);
	return lines.sort((p, q) => q[0].box[1] - p[0].box[1]);
}

/** Joins text pieces without layout (wrapped lines): no space inside Chinese text or numbers, one between two Latin words. */
export function joinRuns(parts: string[]): string {
	let out = '';
	for (const p of parts) {
		const s = p.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
		if (!s) continue;
		if (out && /[A-Za-z]$/.test(out) && /^[A-Za-z]/.test(s)) out += ' ';
		out += s;
	}
	return out;
}
