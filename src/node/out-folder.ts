/**
 * Claiming an output folder safely. A dataset is written to `<out>.tmp-PID` and renamed into place; the
 * folder at `<out>` may be replaced only when it is missing, empty, or recognisably a nianbao dataset (a
 * nianbao manifest.json and nothing but the dataset's own files — in `files/`, only the PDFs its manifest lists). Anything else is refused, never emptied:
 * ingest must never delete what is not its own. A lock file `<out>.lock` keeps two writers apart, and an
 * interrupted run (SIGINT/SIGTERM) removes its temporary folder and its lock.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { TABLE_NAMES } from '../lib/dataset/schema.ts';
import { AGGREGATES_DIR, AGGREGATES_FILE } from '../lib/dataset/aggregates.ts';
import { checkFileList, FILES_DIR } from '../lib/dataset/files.ts';

/** Thrown when the output folder may not be written: the message names the path and why. */
export class OutputRefused extends Error {}

/** The file a temporary folder carries so a later run can tell its own leftovers from someone's folder. */
const TMP_MARK = '.nianbao-tmp';

/** Files a dataset folder may hold besides manifest.json (plus DuckDB's spill folder while it is written). */
function isDatasetFile(name: string): boolean {
	if (name === 'manifest.json' || name === AGGREGATES_FILE || name === AGGREGATES_DIR || name === '.spill') return true;
	return TABLE_NAMES.some((t) => name === `${t}.parquet` || name === `${t}.csv`);
}

/** True when `json` is a manifest nianbao wrote (schema version, catalog version and the four tables). */
export function isNianbaoManifest(json: unknown): boolean {
	if (!json || typeof json !== 'object') return false;
	const m = json as Record<string, unknown>;
	const tables = m.tables as Record<string, { parquet?: unknown }> | undefined;
	return (
		typeof m.schema_version === 'number' &&
		typeof m.catalog_version === 'string' &&
		!!tables &&
		typeof tables === 'object' &&
		TABLE_NAMES.every((t) => typeof tables[t]?.parquet === 'string')
	);
}

/**
 * Resolves when `target` may be replaced by a new dataset: it does not exist, is an empty folder, or is a
 * nianbao dataset holding only its own files. Otherwise throws OutputRefused naming the path and the reason.
 */
export async function checkReplaceable(target: string): Promise<'new' | 'empty' | 'dataset'> {
	const abs = resolve(target);
	if (abs === resolve(process.cwd())) throw new OutputRefused(`${target}: refusing to write into the current folder; give --out a folder of its own (e.g. datasets/<name>)`);
	if (abs === dirname(abs)) throw new OutputRefused(`${target}: refusing to write into the root folder`);
	const s = await lstat(abs).catch(() => null);
	if (!s) return 'new';
	if (s.isSymbolicLink()) throw new OutputRefused(`${target}: is a symbolic link; give the real folder (ingest will not replace a link)`);
	if (!s.isDirectory()) throw new OutputRefused(`${target}: is an existing file, not a dataset folder; ingest will not overwrite it`);
	const names = await readdir(abs);
	if (names.length === 0) return 'empty';
	if (!names.includes('manifest.json')) {
		throw new OutputRefused(`${target}: is a folder that is not a nianbao dataset (no manifest.json; it holds ${list(names)}); ingest will not replace it — choose a new or empty folder`);
	}
	let manifest: unknown = null;
	try {
		manifest = JSON.parse(await readFile(join(abs, 'manifest.json'), 'utf8'));
	} catch {
		/* unreadable: not ours */
	}
	if (!isNianbaoManifest(manifest)) throw new OutputRefused(`${target}: its manifest.json was not written by nianbao; ingest will not replace this folder — choose a new or empty folder`);
	const foreign = names.filter((n) => !isDatasetFile(n) && n !== FILES_DIR);
	if (names.includes(FILES_DIR)) foreign.push(...(await foreignShippedFiles(abs, manifest)));
	if (foreign.length) {
		throw new OutputRefused(`${target}: is a nianbao dataset but also holds other files (${list(foreign)}); move them out first — ingest replaces the whole folder and will not delete them`);
	}
	return 'dataset';
}

/**
 * What in a dataset's `files/` is not the dataset's own: `files` itself when it is not a plain folder (a link
 * could lead anywhere), else every entry its manifest does not list as a shipped report file.
 */
async function foreignShippedFiles(abs: string, manifest: unknown): Promise<string[]> {
	const dir = join(abs, FILES_DIR);
	const s = await lstat(dir);
	if (!s.isDirectory()) return [FILES_DIR];
	const listed = new Set(checkFileList((manifest as { files?: unknown }).files).map((f) => f.path));
	const out: string[] = [];
	for (const n of await readdir(dir)) {
		const rel = `${FILES_DIR}/${n}`;
		const e = await lstat(join(dir, n));
		if (!listed.has(rel) || !e.isFile()) out.push(rel);
	}
	return out;
}

/** Refuses an output folder that is, or contains, one of the inputs (the reports are never touched). */
export function checkNotInputs(target: string, inputs: string[]): void {
	const abs = resolve(target);
	for (const i of inputs) {
		const inp = resolve(i);
		if (inp === abs) throw new OutputRefused(`${target}: is one of the inputs; the dataset needs a folder of its own`);
		if (inp.startsWith(abs + sep)) throw new OutputRefused(`${target}: contains the input ${i}; the dataset needs a folder of its own`);
	}
}

function list(names: string[]): string {
	const shown = names.slice(0, 3).map((n) => JSON.stringify(n)).join(', ');
	return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

// ---------------------------------------------------------------------------------------------------------
// Interrupts: every claimed output registers a synchronous cleanup; the CLI turns SIGINT/SIGTERM into them.

const cleanups = new Set<() => void>();

/** Installs SIGINT/SIGTERM handlers that remove temporary folders and locks, then exit (130 / 143). */
export function cleanUpOnInterrupt(): void {
	for (const [sig, code] of [
		['SIGINT', 130],
		['SIGTERM', 143]
	] as const) {
		process.once(sig, () => {
			const writing = cleanups.size > 0;
			for (const c of [...cleanups]) {
				try {
					c();
				} catch {
					/* best effort: keep cleaning the rest */
				}
			}
			process.stderr.write(`\nnianbao: interrupted (${sig})${writing ? '; temporary files removed, the previous dataset (if any) is unchanged' : ''}\n`);
			process.exit(code);
		});
	}
}

// ---------------------------------------------------------------------------------------------------------
// The lock.

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Takes `<out>.lock`; a lock left by a dead process on this host is taken over, a live one refused. */
function acquireLock(target: string, display: string): string {
	const lock = `${target}.lock`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(lock, 'wx');
			writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }) + '\n');
			closeSync(fd);
			return lock;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
		let held: { pid?: number; host?: string; started?: string } = {};
		try {
			held = JSON.parse(readFileSync(lock, 'utf8'));
		} catch {
			/* empty or damaged lock: treated as stale below only when it names no live process */
		}
		const sameHost = !held.host || held.host === hostname();
		if (typeof held.pid === 'number' && (!sameHost || pidAlive(held.pid))) {
			throw new OutputRefused(
				`${display}: another nianbao run (PID ${held.pid}${sameHost ? '' : ` on ${held.host}`}, started ${held.started ?? '?'}) is writing this dataset; wait for it to finish, or delete ${basename(lock)} if it is not running`
			);
		}
		rmSync(lock, { force: true }); // stale: its process is gone
	}
	throw new OutputRefused(`${display}: could not take the lock ${lock}`);
}

// ---------------------------------------------------------------------------------------------------------

/** An output folder being written: a locked temporary folder that `commit` moves into place. */
export interface ClaimedOutput {
	target: string;
	tmp: string;
	/** Replaces the target with the temporary folder (the old dataset is removed only once the new one is in place). */
	commit(): Promise<void>;
	/** Removes the temporary folder and the lock; the target is untouched. */
	release(): Promise<void>;
}

/**
 * Checks that `out` may be replaced, takes its lock, removes leftovers of dead runs and creates `<out>.tmp-PID`.
 * Throws OutputRefused (nothing touched) when the folder is not ours or another run holds the lock.
 */
export async function claimOutput(out: string): Promise<ClaimedOutput> {
	const target = resolve(out);
	await checkReplaceable(out);
	await mkdir(dirname(target), { recursive: true });
	const lock = acquireLock(target, out);
	const tmp = `${target}.tmp-${process.pid}`;
	let done = false;
	// True once this run has made `tmp` (it did not exist before): an interrupt that lands before the mark is
	// written must still remove it.
	let made = false;
	const cleanup = () => {
		if (made || existsSync(join(tmp, TMP_MARK))) rmSync(tmp, { recursive: true, force: true });
		try {
			unlinkSync(lock);
		} catch {
			/* already gone */
		}
	};
	cleanups.add(cleanup);
	try {
		await checkReplaceable(out); // again, now that we hold the lock
		await removeStaleTemps(target);
		if (await lstat(tmp).catch(() => null)) throw new OutputRefused(`${tmp}: exists and is not a leftover of nianbao; move it away first`);
		await mkdir(tmp);
		made = true;
		await writeFile(join(tmp, TMP_MARK), `${process.pid}\n`);
	} catch (e) {
		cleanups.delete(cleanup);
		cleanup();
		throw e;
	}
	return {
		target,
		tmp,
		async commit() {
			if (done) throw new Error('output already committed');
			await checkReplaceable(out); // nobody put their files there meanwhile
			await rm(join(tmp, TMP_MARK), { force: true });
			const old = `${target}.old-${process.pid}`;
			const existed = !!(await stat(target).catch(() => null));
			if (existed) await rename(target, old);
			try {
				await rename(tmp, target);
			} catch (e) {
				if (existed) await rename(old, target); // put the previous dataset back
				await writeFile(join(tmp, TMP_MARK), `${process.pid}\n`).catch(() => {});
				throw e;
			}
			if (existed) await rm(old, { recursive: true, force: true });
			done = true;
			cleanups.delete(cleanup);
			cleanup();
		},
		async release() {
			cleanups.delete(cleanup);
			if (!done) cleanup();
		}
	};
}

/** `<out>.tmp-N` folders left by runs that were killed outright (no chance to clean up), when they carry our mark. */
async function removeStaleTemps(target: string): Promise<void> {
	const prefix = `${basename(target)}.tmp-`;
	for (const n of await readdir(dirname(target)).catch(() => [] as string[])) {
		if (!n.startsWith(prefix)) continue;
		const pid = Number(n.slice(prefix.length));
		if (!Number.isInteger(pid) || pid === process.pid || pidAlive(pid)) continue;
		const dir = join(dirname(target), n);
		if (existsSync(join(dir, TMP_MARK))) await rm(dir, { recursive: true, force: true });
	}
}

/**
 * For `synth` (documents): `out` may be written when it is missing, empty, or an earlier synth output (a
 * manifest.csv beside *.truth.json files, where same-named files are replaced); otherwise OutputRefused.
 */
export async function checkSynthFolder(out: string): Promise<void> {
	const s = await lstat(out).catch(() => null);
	if (!s) return;
	if (!s.isDirectory()) throw new OutputRefused(`${out}: is an existing file, not a folder; synth will not overwrite it`);
	if (resolve(out) === resolve(process.cwd())) throw new OutputRefused(`${out}: refusing to write into the current folder; give --out a folder of its own`);
	const names = await readdir(out);
	if (names.length === 0) return;
	if (names.includes('manifest.csv') && names.some((n) => n.endsWith('.truth.json'))) return;
	throw new OutputRefused(`${out}: is a folder that synth did not write (it holds ${list(names)}); choose a new or empty folder`);
}
