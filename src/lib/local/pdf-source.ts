/**
 * The PDF a report was read from, when this browser has it: a PDF the visitor opened on /read is kept in
 * IndexedDB by report id (saved.ts) while the reports read are the dataset shown. Null otherwise (a shipped
 * dataset, a dropped table, a report read from Word or HTML): the Town profile then shows the extracted text.
 */
import { dataset, LOCAL_FILES } from '../data/store.svelte.ts';
import { loadFile } from './saved.ts';

export async function reportPdf(reportId: string): Promise<Blob | null> {
	if (dataset.name !== LOCAL_FILES || typeof indexedDB === 'undefined') return null;
	try {
		return (await loadFile(reportId))?.blob ?? null;
	} catch (e) {
		console.warn('the kept PDF could not be read from this browser:', e);
		return null;
	}
}
