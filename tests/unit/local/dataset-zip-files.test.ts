/**
 * The dataset ZIP of the reports read in the browser carries their PDFs as `nianbao ingest` ships them: in
 * `files/<sha256>.pdf`, listed in the manifest, once per content. Unzipped, the folder is a dataset ingest takes
 * for its own and `nianbao serve` sends the PDFs of; dropped whole on the dashboard, its PDFs are handed over
 * by content hash for the Town profile, while its tables load as before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportBytes } from '../../../src/node/read.ts';
import { outcomeOf } from '../../../src/lib/local/report-rows.ts';
import { datasetZip, datasetZipTables } from '../../../src/lib/local/dataset-zip.ts';
import { checkManifest } from '../../../src/lib/data/file-checks.ts';
import { checkReplaceable } from '../../../src/node/out-folder.ts';
import { serve } from '../../../src/node/serve.ts';

const PDF = 'tests/fixtures/office/110101002-景山街道-2022.writer.pdf';
const DOCX = 'tests/fixtures/office/110101004-安定门街道-2019.docx';

async function read() {
	const files = [PDF, DOCX];
	const outcomes = await Promise.all(files.map(async (f, k) => outcomeOf(`r${k}`, f.split('/').pop()!, { decoded: await readReportBytes(new Uint8Array(readFileSync(f))) })));
	return {
		facts: outcomes.flatMap((o) => o.facts) as unknown as Record<string, unknown>[],
		reports: outcomes.map((o) => o.report) as unknown as Record<string, unknown>[],
		issues: outcomes.flatMap((o) => o.issues) as unknown as Record<string, unknown>[],
		texts: outcomes.map((o) => ({ report_id: o.id, text: o.text }))
	};
}

describe('the dataset ZIP with the PDFs read', () => {
	const tmp = mkdtempSync(join(tmpdir(), 'nianbao-zipfiles-'));
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));
	const bytes = new Uint8Array(readFileSync(PDF));
	const sha = createHash('sha256').update(bytes).digest('hex');

	it('holds files/<sha256>.pdf once, listed in the manifest with the reports read from it', async () => {
		const rows = await read();
		expect(rows.reports[0].sha256).toBe(sha);
		// The same PDF read twice (two report ids): one copy.
		const { zip, manifest } = datasetZip(rows, { name: 'zipped', title: 'z' }, [
			{ report_id: 'r0', sha256: sha, data: bytes },
			{ report_id: 'r9', sha256: sha, data: bytes }
		]);
		expect(manifest.files).toEqual([{ path: `files/${sha}.pdf`, bytes: bytes.length, sha256: sha, type: 'pdf', reports: ['r0', 'r9'] }]);
		const file = join(tmp, 'z.zip');
		writeFileSync(file, zip);
		execFileSync('unzip', ['-q', file, '-d', tmp]);
		const dir = join(tmp, 'zipped');
		expect(readdirSync(join(dir, 'files'))).toEqual([`${sha}.pdf`]);
		expect(Buffer.compare(readFileSync(join(dir, 'files', `${sha}.pdf`)), Buffer.from(bytes))).toBe(0);
		const m = checkManifest('manifest.json', JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
		expect(m.files).toEqual(manifest.files);
		// ingest takes the unzipped folder, files/ included, for a dataset of its own; serve sends the PDF.
		expect(await checkReplaceable(dir)).toBe('dataset');
		const server = await serve({ dir, port: 0, pool: 1 });
		try {
			const res = await fetch(`${server.url}/files/${sha}.pdf`);
			expect(res.status).toBe(200);
			expect((await res.arrayBuffer()).byteLength).toBe(bytes.length);
		} finally {
			await server.close();
		}
	});

	it('dropped whole, its tables load as before and its PDFs are handed over by hash', async () => {
		const rows = await read();
		const { zip } = datasetZip(rows, { name: 'zipped', title: 'z' }, [{ report_id: 'r0', sha256: sha, data: bytes }]);
		const got: [string, Blob][] = [];
		const tables = await datasetZipTables(new File([zip as Uint8Array<ArrayBuffer>], 'z.zip'), (p) => got.push(...p));
		expect(tables?.map((f) => f.name).sort()).toEqual(['facts.parquet', 'issues.parquet', 'reports.parquet', 'texts.parquet']);
		expect(got.map(([h]) => h)).toEqual([sha]);
		expect(new Uint8Array(await got[0][1].arrayBuffer())).toEqual(bytes);
		// Without a receiver the PDFs are not even unzipped.
		expect((await datasetZipTables(new File([zip as Uint8Array<ArrayBuffer>], 'z.zip')))?.length).toBe(4);
	});

	it('without PDFs the ZIP is as before: no files/, no files in the manifest', async () => {
		const { manifest } = datasetZip(await read(), { name: 'bare', title: 'b' });
		expect(manifest.files).toBeUndefined();
	});
});
