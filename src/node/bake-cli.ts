/**
 * `npm run dataset:bake [-- <dataset folder>…]`: (re)bake `aggregates.json` and `aggregates/` into existing dataset folders
 * (default: the shipped demo and real) after a change to the Overview's or the embeds' queries, without
 * rebuilding the datasets. Builds (`nianbao ingest`, `dataset:demo`, `dataset:national`) bake by themselves.
 */
import { bakeAggregates } from './bake.ts';

const dirs = process.argv.slice(2);
for (const dir of dirs.length ? dirs : ['datasets/demo', 'datasets/real']) {
	const t0 = performance.now();
	const r = await bakeAggregates(dir);
	process.stdout.write(`${r.file}: ${r.scopes} scopes, root ${(r.bytes / 1000).toFixed(0)} kB, ${r.files} files ${(r.totalBytes / 1000).toFixed(0)} kB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
