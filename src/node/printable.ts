/**
 * Text for a terminal: file names and messages may hold ANSI escape sequences or other control characters
 * (a file named "\x1b[2J" would clear the screen); they are shown escaped, as \x1b, \n, \u202e.
 */
// C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printable(s: string): string {
	return s.replace(UNSAFE, (c) => {
		if (c === '\n') return '\\n';
		if (c === '\t') return '\\t';
		if (c === '\r') return '\\r';
		const code = c.charCodeAt(0);
		return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
	});
}
