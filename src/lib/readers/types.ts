/**
 * What every reader returns: the reader's own text (what the dataset keeps and spans index into) and,
 * where the format has structure the text alone would lose (PDF geometry), the token stream the parser
 * reads instead of tokenizing the text again.
 */
import type { Token } from '../parser/tokens.ts';

export type ReaderFormat = 'text' | 'html' | 'pdf' | 'docx';

export interface ReaderOutput {
	format: ReaderFormat;
	text: string;
	/** Pre-made tokens (PDF); absent when the parser tokenizes `text` itself (text, HTML, DOCX→HTML). */
	tokens?: Token[];
	/** Force the parser's tokenizer (DOCX gives HTML). */
	kind?: 'text' | 'html';
	/** Problems that did not stop reading (some pages scanned, a page that failed, a truncated file). */
	warnings: string[];
	/** What makes every value of the report need review (a table read without its ruling lines). */
	errors?: string[];
	pages?: number;
}
