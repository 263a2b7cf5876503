/** The PDF syntax the Type 3 reading view needs (pdf-syntax.ts): a dictionary's entries and extent, on bytes. */
import { describe, expect, it } from 'vitest';
import { find, latin, readDict, skipSpace, text } from '../../../src/lib/readers/pdf-syntax.ts';

const entries = (src: string) => {
	const data = latin(src);
	const d = readDict(data, src.indexOf('<<'));
	return d && { end: d.end, values: Object.fromEntries([...d.entries].map(([k, span]) => [k, text(data, span)])) };
};

describe('a dictionary', () => {
	it('gives each top-level key the exact bytes of its value', () => {
		expect(entries('<</Type /Font /Subtype/Type3 /FontMatrix [.001 0 0 -.001 0 0] /ToUnicode 12 0 R /FirstChar 0>>')).toEqual({
			end: 94,
			values: { Type: '/Font', Subtype: '/Type3', FontMatrix: '[.001 0 0 -.001 0 0]', ToUnicode: '12 0 R', FirstChar: '0' }
		});
	});

	it('takes nested dictionaries and arrays whole, strings with escaped and nested parentheses, hex strings and comments', () => {
		const src = '<< /Encoding << /Differences [0 /g0 /g2547] >> /Info (a \\) b (c) d) /ID [<0A1B> <2c3d>] % a comment >> here\n /CharProcs <</g0 5 0 R>> >>';
		expect(entries(src)?.values).toEqual({
			Encoding: '<< /Differences [0 /g0 /g2547] >>',
			Info: '(a \\) b (c) d)',
			ID: '[<0A1B> <2c3d>]',
			CharProcs: '<</g0 5 0 R>>'
		});
	});

	it('reads two numbers without R as two values, not a reference', () => {
		expect(entries('<< /W [1 2 3] /N 12 0 /R 4 >>')).toBeNull(); // `0` is not a key: malformed
		expect(entries('<< /Width 12 /Height 0 >>')?.values).toEqual({ Width: '12', Height: '0' });
	});

	it('is null when unterminated or when a key is not a name', () => {
		expect(entries('<< /Type /Font /Widths [1 2')).toBeNull();
		expect(entries('<< /Type /Font (x) 1 >>')).toBeNull();
		expect(entries('<< /Info (never closed >>')).toBeNull();
	});
});

describe('bytes', () => {
	it('finds a word and skips white space and comments', () => {
		const data = latin('% header\n  \t/Type3 x /Type3');
		expect(skipSpace(data, 0)).toBe(12);
		expect(find(data, latin('/Type3'), 0)).toBe(12);
		expect(find(data, latin('/Type3'), 13)).toBe(21);
		expect(find(data, latin('/Type1'), 0)).toBe(-1);
	});
});
