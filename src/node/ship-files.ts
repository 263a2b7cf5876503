/**
 * Copying the report PDFs into a dataset's `files/` folder (manifest schema 3, src/lib/dataset/files.ts). Each
 * file is copied under its content hash while being hashed again, so what is shipped is exactly the bytes the
 * report was read from: a file changed (or replaced) since it was read is not shipped, and says so. Identical
 * files are stored once, with every report read from them. The source is only read; the copy goes into the
 * writer's temporary folder, never anywhere else.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { FILES_DIR, pdfPath, type DatasetFile } from '../lib/dataset/files.ts';

/** Collects a dataset's report files as they are added; `list()` is the manifest's `files`. */
export class ShippedFiles {
	private readonly dir: string;
	private readonly files = new Map<string, DatasetFile>();

	/** `folder`: the dataset folder being written (its `files/` is made on the first file). */
	constructor(folder: string) {
		this.dir = folder;
	}

	/**
	 * Copies the PDF at `src`, read as report `reportId` with hash `sha256`, into `files/<sha256>.pdf` (once per
	 * content). Throws with the reason when it cannot: the caller records it as the report's warning.
	 */
	async add(src: string, sha256: string, reportId: string): Promise<DatasetFile> {
		const known = this.files.get(sha256);
		if (known) {
			if (!known.reports.includes(reportId)) known.reports.push(reportId);
			return known;
		}
		const path = pdfPath(sha256);
		const dest = join(this.dir, path);
		const part = `${dest}.part`;
		await mkdir(join(this.dir, FILES_DIR), { recursive: true });
		const hash = createHash('sha256');
		let bytes = 0;
		const tap = new Transform({
			transform(chunk: Buffer, _enc, done) {
				hash.update(chunk);
				bytes += chunk.length;
				done(null, chunk);
			}
		});
		try {
			await pipeline(createReadStream(src), tap, createWriteStream(part, { flags: 'wx' }));
			const got = hash.digest('hex');
			if (got !== sha256) throw new Error('the file changed after it was read (its SHA-256 differs); read it again to ship it');
			await rename(part, dest);
		} catch (e) {
			await rm(part, { force: true });
			throw e;
		}
		const entry: DatasetFile = { path, bytes, sha256, type: 'pdf', reports: [reportId] };
		this.files.set(sha256, entry);
		return entry;
	}

	/** The files shipped, in path order, each with its reports sorted. */
	list(): DatasetFile[] {
		return [...this.files.values()].map((f) => ({ ...f, reports: [...f.reports].sort() })).sort((a, b) => a.path.localeCompare(b.path));
	}

	/** Total bytes shipped. */
	get bytes(): number {
		let n = 0;
		for (const f of this.files.values()) n += f.bytes;
		return n;
	}
}
