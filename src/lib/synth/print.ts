/**
 * From intended values to printed cell text: how a clean report writes each number (money in 万元 or 元
 * as the template and habit have it). Faults then rewrite some of these strings (faults.ts).
 */
import type { Format } from '../catalog/index.ts';

/** Yuan as 万 with no float noise: 383900 → "38.39". */
export function yuanToWan(yuan: number): string {
	const neg = yuan < 0;
	const s = String(Math.abs(Math.round(yuan))).padStart(5, '0');
	const frac = s.slice(-4).replace(/0+$/, '');
	return `${neg ? '-' : ''}${s.slice(0, -4).replace(/^0+(?=\d)/, '')}${frac ? `.${frac}` : ''}`;
}

export type MoneyStyle = 'wan' | 'yuan' | 'bare_yuan' | 'bare_wan';

/** A money cell: `38.39万` (wan), `251000元` (yuan), or a bare number in either unit. */
export function printMoney(yuan: number, style: MoneyStyle): string {
	if (yuan === 0) return '0';
	switch (style) {
		case 'wan':
			return `${yuanToWan(yuan)}万`;
		case 'yuan':
			return `${yuan}元`;
		case 'bare_yuan':
			return String(yuan);
		case 'bare_wan':
			return yuanToWan(yuan);
	}
}

/** The clean printed text of every cell: counts as digits, the 2021 fee in the header's 万元. */
export function cleanCells(values: Record<string, number>, format: Format, procurementStyle: MoneyStyle): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(values)) {
		if (k === 't2.gov_procurement.amount_yuan') out[k] = printMoney(v, procurementStyle);
		else if (k === 't2.admin_fees.amount_yuan' && format === '2021') out[k] = yuanToWan(v);
		else out[k] = String(v);
	}
	return out;
}
