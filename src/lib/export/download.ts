/**
 * Saving a generated file in the browser: an object URL on a temporary link, revoked after the click, so large
 * exports never round-trip through a data: URL.
 */

export function downloadBlob(data: BlobPart, fileName: string, type: string): void {
	const blob = new Blob([data], { type });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.rel = 'noopener';
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const CSV_TYPE = 'text/csv;charset=utf-8';
export const PARQUET_TYPE = 'application/vnd.apache.parquet';
