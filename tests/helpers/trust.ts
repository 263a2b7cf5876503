/**
 * A small 2021 pipe-row report whose numbers are all different from each other where it matters, so a
 * value that slid into the wrong column cannot pass for the right one; used by the trust-rule specs.
 */
import { pipeReport2021 } from './snippets.ts';

/** Table 三 rows that satisfy every identity (the other rows print 0). */
export const T3 = {
	new_received: ['3', '1', '0', '0', '0', '0', '4'],
	granted: ['2', '1', '0', '0', '0', '0', '3'],
	unable_not_held: ['1', '0', '0', '0', '0', '0', '1'],
	total_processed: ['3', '1', '0', '0', '0', '0', '4']
};
/** Table 四: 行政复议 2 1 0 1 4 · 未经复议直接起诉 0 3 0 0 3 · 复议后起诉 1 0 0 0 1. */
export const T4 = ['2', '1', '0', '1', '4', '0', '3', '0', '0', '3', '1', '0', '0', '0', '1'];
export const T2 = { rules: ['2', '1', '7'], normative_docs: ['4', '3', '25'], admin_license: ['12'] };

export function trustReport(o: Parameters<typeof pipeReport2021>[0] = {}): string {
	return pipeReport2021({ t2: T2, t3: T3, t4: T4, ...o });
}
