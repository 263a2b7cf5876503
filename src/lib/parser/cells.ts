/** Turns a source token (or a part of one) into a Cell for a metric, reading its number and unit. */
import { metric } from '../catalog/index.ts';
import type { Flag } from '../dataset/schema.ts';
import { readCell, toYuan, type CellReading } from './numbers.ts';
import type { Token } from './tokens.ts';
import type { Cell } from './types.ts';

/** A piece of source text standing for one cell. */
export interface Piece {
	text: string;
	start: number;
	end: number;
}

export function pieceOf(t: Token): Piece {
	return { text: t.text, start: t.start, end: t.end };
}

/** Splits a token holding several whitespace-separated values ("0 0 0", "行政许可 97") into pieces. */
export function splitPieces(t: Piece): Piece[] {
	const out: Piece[] = [];
	const re = /[^\s\u3000\u00a0]+/g;
	for (let m = re.exec(t.text); m; m = re.exec(t.text)) {
		out.push({ text: m[0], start: t.start + m.index, end: t.start + m.index + m[0].length });
	}
	return out;
}

/**
 * Builds the cell for `metricId` from a piece. Money (unit yuan) is converted with `moneyUnit`, the
 * column's unit from its header ('万元' for 2021 fees) or null when the template shows none (2019 采购总金额).
 */
export function makeCell(metricId: string, p: Piece, moneyUnit: '元' | '万元' | null = null): { cell: Cell; reading: CellReading } {
	const reading = readCell(p.text);
	const flags: Flag[] = [];
	let value: number | null = null;
	if (reading.kind === 'blank') flags.push('blank');
	else if (reading.kind === 'na') flags.push('not_applicable');
	else if (reading.kind === 'garbled' || reading.kind === 'text') flags.push('ambiguous');
	else if (metric(metricId)?.unit === 'yuan') {
		const { yuan, unitFrom } = toYuan(reading, moneyUnit);
		value = yuan;
		if (unitFrom === 'cell') flags.push('unit_in_cell');
		if (unitFrom === 'guess' && reading.value !== 0) flags.push('uncertain_unit');
	} else {
		value = reading.value;
	}
	return { cell: { metric: metricId, value, printed: value, raw: p.text, start: p.start, end: p.end, flags }, reading };
}

/** Candidate values of a garbled reading, for repair against the identities. */
export function candidatesOf(reading: CellReading): number[] | null {
	return reading.kind === 'garbled' && reading.candidates.length > 0 ? reading.candidates : null;
}
