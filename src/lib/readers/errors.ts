/**
 * The error a reader throws when a file cannot give a report's text at all (scanned, encrypted, damaged,
 * legacy Word…). `code` is stable (it becomes the issue code); the message says what to do about it.
 * Kept free of Node imports: readers also run in a browser worker.
 */
export class ReaderError extends Error {
	code: string;
	constructor(code: string, message: string) {
		super(message);
		this.code = code;
		this.name = 'ReaderError';
	}
}
