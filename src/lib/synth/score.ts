/**
 * Scores an extraction against ground truth, cell by cell: exact, wrong but flagged (the engine said it
 * was unsure), or wrong without any flag — a silent error, the number that matters most. Also scores each
 * injected fault: repaired (all its cells exact), flagged (some wrong, all of those flagged) or silent.
 */
import type { FaultRecord, FaultType } from './faults.ts';

export interface ExtractedCell {
	value: number | null;
	flags: string[];
}

export type CellOutcome = 'exact' | 'flagged' | 'silent';

export interface ReportScore {
	cells: Record<CellOutcome, number>;
	/** Metric ids that came out wrong, with what was read (for the bench's examples). */
	wrong: { metric: string; truth: number; got: number | null; flags: string[]; outcome: CellOutcome }[];
	faults: { type: FaultType; outcome: 'repaired' | 'flagged' | 'silent' }[];
}

/** Flags that tell a reader a value is not to be trusted as printed. `blank`, `derived` etc. alone do not. */
export const WARNING_FLAGS: ReadonlySet<string> = new Set(['ambiguous', 'suspect', 'uncertain_unit', 'not_applicable', 'blank', 'unconfirmed_position', 'unverified']);

export function cellOutcome(truth: number, got: ExtractedCell | undefined, reportFlagged: boolean): CellOutcome {
	if (got && got.value !== null && Math.abs(got.value - truth) < 1e-6) return 'exact';
	if (got && got.flags.some((f) => WARNING_FLAGS.has(f))) return 'flagged';
	// A cell the engine could not find at all counts as flagged only when the report says why (an error issue).
	if (!got && reportFlagged) return 'flagged';
	return 'silent';
}

export function scoreReport(truth: { values: Record<string, number>; faults: FaultRecord[] }, got: Map<string, ExtractedCell>, reportFlagged: boolean): ReportScore {
	const cells: Record<CellOutcome, number> = { exact: 0, flagged: 0, silent: 0 };
	const outcome = new Map<string, CellOutcome>();
	const wrong: ReportScore['wrong'] = [];
	for (const [m, v] of Object.entries(truth.values)) {
		const c = got.get(m);
		const o = cellOutcome(v, c, reportFlagged);
		cells[o]++;
		outcome.set(m, o);
		if (o !== 'exact') wrong.push({ metric: m, truth: v, got: c?.value ?? null, flags: c?.flags ?? [], outcome: o });
	}
	const faults = truth.faults.map((f) => {
		const touched = f.cells.length ? f.cells : [...outcome.keys()];
		const os = touched.map((m) => outcome.get(m) ?? 'exact');
		const o = os.includes('silent') ? 'silent' : os.includes('flagged') ? 'flagged' : 'repaired';
		return { type: f.type, outcome: o as 'repaired' | 'flagged' | 'silent' };
	});
	return { cells, wrong, faults };
}
