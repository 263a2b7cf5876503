/**
 * Byte-level clues for decoding damaged or unlabelled text (read.ts): UTF-16 saved without a byte-order mark,
 * stray NUL bytes in an otherwise textual file, and UTF-8 with a few broken sequences (a copy cut off in the
 * middle of a character). Each is recognised from the bytes' structure, never from the file name.
 */

/**
 * 'utf-16le' / 'utf-16be' when the head looks like UTF-16 without a BOM: ASCII characters (digits, line
 * breaks, spaces — plentiful in any report) put a zero byte in every other position, always the same parity.
 */
export function utf16WithoutBom(buf: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const n = Math.min(buf.length, 8192) & ~1;
	if (n < 16) return null;
	let even = 0;
	let odd = 0;
	for (let i = 0; i < n; i += 2) {
		if (buf[i] === 0) even++;
		if (buf[i + 1] === 0) odd++;
	}
	const pairs = n / 2;
	// Zeros in one parity for a few per cent of the characters (Chinese prose has few ASCII characters; a CJK
	// character's own low byte is zero for 1 in 256 of them), eight times rarer in the other. Random bytes
	// have zeros in both parities alike.
	const one = (a: number, b: number) => a >= Math.max(4, pairs * 0.02) && b * 8 <= a;
	const enc = one(odd, even) ? 'utf-16le' : one(even, odd) ? 'utf-16be' : null;
	if (!enc) return null;
	try {
		const text = new TextDecoder(enc, { fatal: true }).decode(buf.subarray(0, n));
		// Real text: hardly any control characters besides line breaks and tabs.
		const ctrl = (text.match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
		return ctrl <= text.length * 0.01 ? enc : null;
	} catch {
		return null;
	}
}

/** NUL bytes in the file (outside UTF-16 they never belong to text). */
export function countNul(buf: Uint8Array): number {
	let n = 0;
	for (let i = buf.indexOf(0); i !== -1; i = buf.indexOf(0, i + 1)) n++;
	return n;
}

/** The bytes without their NUL bytes (safe in UTF-8 and GB18030: a zero byte is never part of a character). */
export function withoutNul(buf: Uint8Array): Uint8Array {
	return buf.filter((b) => b !== 0);
}

/**
 * The text, when the bytes are UTF-8 apart from a few broken sequences (a truncated last character, a damaged
 * byte): many well-formed multi-byte characters and at most one broken sequence per twenty of them. GBK or
 * Big5 read as UTF-8 break almost every character, so they never pass.
 */
export function damagedUtf8(buf: Uint8Array): { text: string; bad: number } | null {
	const text = new TextDecoder('utf-8').decode(buf);
	let bad = 0;
	let good = 0;
	for (const ch of text) {
		if (ch === '\ufffd') bad++;
		else if (ch.charCodeAt(0) > 0x7f) good++;
	}
	return bad > 0 && good >= 8 && good >= bad * 20 ? { text, bad } : null;
}
