import { describe, expect, it } from 'vitest';
import { citation, datasetVersion, exportFileName, SYNTHETIC_NOTE } from '../../../src/lib/export/citation.ts';

const real = {
	name: 'real',
	title: 'real',
	created_at: '2026-11-25T00:51:07.928Z',
	catalog_version: '2026.11-1',
	schema_version: 1,
	synthetic: false
};

describe('citation line and file names', () => {
	it('names the dataset, its version, the view URL and the access date', () => {
		const c = citation(real, 'https://example.org/data?ds=real&district=鄞州区', new Date('2026-11-26T10:00:00Z'));
		expect(c).toContain('“real”');
		expect(c).toContain('version 2026-11-25T00:51:07Z');
		expect(c).toContain('catalog 2026.11-1');
		expect(c).toContain('https://example.org/data?ds=real&district=鄞州区');
		expect(c).toContain('accessed 2026-11-26');
		expect(c).not.toContain(SYNTHETIC_NOTE);
	});

	it('says when the data is synthetic', () => {
		expect(citation({ ...real, name: 'demo', title: 'Demo', synthetic: true }, 'u')).toContain(SYNTHETIC_NOTE);
	});

	it('puts dataset name and version into download file names', () => {
		expect(datasetVersion(real)).toBe('2026-11-25T00:51:07Z');
		expect(exportFileName(real, 'facts', 'csv')).toBe('nianbao-real-20261125T005107Z-facts.csv');
		expect(exportFileName({ ...real, name: 'my data/2', synthetic: true }, 'sql result', 'parquet')).toBe(
			'nianbao-my_data_2-synthetic-20261125T005107Z-sql_result.parquet'
		);
	});
});
