/**
 * A row label typed with one character missing, extra or wrong (issue 13: "a missing character in a row label
 * must still anchor by the best unique match, flagged when the match is not exact"): the row is read, its values
 * flagged, and the report says which label it guessed. Labels of four characters or fewer are too short to tell
 * a typo from another word on their own: one with a character missing is anchored only where the template's
 * order confirms it (the row right after the last row read), and flagged the same way.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { trustReport } from '../../helpers/trust.ts';

const original = trustReport({ org: '咸祥镇' });
const read = (text: string) => parseReport({ text, fileName: 'typo.txt' });

describe('a row label one character off the template', () => {
	it.each([
		['a character missing', '1.本机关不掌握相关政府信息', '1.本机关不掌相关政府信息'],
		['a character wrong', '1.本机关不掌握相关政府信息', '1.本机关不掌搱相关政府信息'.replace('掌搱', '掌据')],
		['a character extra', '1.本机关不掌握相关政府信息', '1.本机关不掌握了相关政府信息']
	])('%s: the row is read and its values flagged', (_, from, to) => {
		const r = read(original.replace(from, to));
		const c = r.cells.get('t3.unable_not_held.natural_person')!;
		expect(c.value).toBe(1);
		expect(c.flags).toContain('ambiguous');
		expect(r.issues.find((i) => i.code === 'label_typo')).toMatchObject({ subject: 't3.unable_not_held', severity: 'warning' });
		expect(r.needsReview).toBeGreaterThan(0);
		// The other rows keep their confirmed values.
		expect(r.cells.get('t3.granted.total')!.flags).not.toContain('ambiguous');
	});

	it('works in table 二 too (行政规范性文件 → 行政规范文件)', () => {
		const r = read(original.replace('行政规范性文件', '行政规范文件'));
		expect(r.cells.get('t2.normative_docs.valid')).toMatchObject({ value: 25 });
		expect(r.cells.get('t2.normative_docs.valid')!.flags).toContain('ambiguous');
	});

	it('a label as printed is not a typo: no guess, no flag', () => {
		const r = read(original);
		expect(r.issues.some((i) => i.code === 'label_typo')).toBe(false);
		expect(r.needsReview).toBe(0);
	});

	it('a short label (four characters) with a character missing anchors by the template\'s order, flagged', () => {
		// 行政许 comes right after 行政规范性文件, where the template has 行政许可: the only row it can be.
		for (const [from, to, metric] of [
			['行政许可', '行政许', 't2.admin_license.decisions'],
			['行政强制', '行政制', 't2.admin_coercion.decisions']
		]) {
			const r = read(original.replace(from, to));
			const c = r.cells.get(metric);
			expect(c, to).toBeDefined();
			expect(c!.value).toBe(read(original).cells.get(metric)!.value);
			expect(c!.flags).toContain('ambiguous');
			expect(r.issues.find((i) => i.code === 'label_typo')).toMatchObject({ subject: metric.replace(/\.[a-z_]+$/, ''), severity: 'warning' });
		}
	});

	it('a short label one off is not guessed where the order does not confirm it, nor a wrong character', () => {
		// After its template predecessor 行政许可, 行政处 is 行政处罚; with that row missing from the table it cannot be placed.
		expect(read(original.replace('行政处罚', '行政处')).cells.get('t2.admin_penalty.decisions')).toMatchObject({ value: 3 });
		const noPredecessor = read(original.replace(/行政许可 \| 12 \|\n/, '').replace('行政处罚', '行政处'));
		expect(noPredecessor.cells.get('t2.admin_penalty.decisions')).toBeUndefined();
		// A character wrong, not missing, in a short label: too short to tell a typo from another word.
		const wrong = read(original.replace('行政许可', '行政许诺'));
		expect(wrong.cells.get('t2.admin_license.decisions')).toBeUndefined();
	});
});
