/**
 * The left margin a chart's y tick labels need at Plot's 10 px text (≈ 5.6 px a character, digits and group
 * commas together, plus the tick): a national sum such as "1,600,000" does not fit the usual 44–56 px and lost
 * its first digits. Labels are those Plot prints by default (en-US grouping) unless the axis has its own format.
 */
export function tickRoom(ticks: readonly number[], format?: (d: number) => string): number {
	const longest = Math.max(0, ...ticks.map((v) => (format ? format(v) : v.toLocaleString('en-US')).length));
	return Math.ceil(longest * 5.6 + 10);
}
