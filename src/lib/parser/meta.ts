/**
 * Recognises the report itself: organisation, report year, publication date, administrative level and
 * the region named in the organisation's name. A sidecar manifest overrides all of it (ingest layer).
 */
import type { Token } from './tokens.ts';
import type { ReportMeta } from './types.ts';

const TITLE = /^(.{2,60}?)(\d{4})年度?(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|工作告年度报|年报)/;
// "2019年上海市人民政府办公厅政府信息公开工作年度报告": the year first.
const TITLE_YEAR_FIRST = /^(\d{4})年度?(.{2,40}?)(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)/;
const PERIOD = /统计(?:期限|周期|时限)?[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日/;
const DATE = /(?:发布(?:日期|时间)|时间|日期)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
const SIGN_DATE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
const ORG_END = /(?:人民政府|办事处|街道|委员会|管理委员会|局|委|办公室|办公厅|中心|厅|署|院|镇|乡|苏木)$/;

export function readMeta(toks: Token[]): ReportMeta {
	let org: string | null = null;
	let year: number | null = null;
	const head = toks.slice(0, 60);
	// A title may be broken over two lines ("…政府信息公开工作" / "年度报告"): whole lines first.
	const lines = [...head.map((t) => t.n), ...head.slice(0, -1).map((t, k) => t.n + head[k + 1].n)];
	for (const text of lines) {
		if (text.length > 70) continue;
		const m = TITLE.exec(text);
		const y = TITLE_YEAR_FIRST.exec(text);
		if (y && !/^\d/.test(y[2])) {
			org = cleanOrg(y[2]);
			year = Number(y[1]);
		} else if (m && m[1].length <= 40) {
			org = cleanOrg(m[1]);
			year = Number(m[2]);
		}
		if (year !== null) break;
	}
	if (year === null) {
		for (const t of toks.slice(0, 80)) {
			const m = PERIOD.exec(t.text.normalize('NFKC'));
			if (m) {
				year = Number(m[1]);
				break;
			}
		}
	}
	if (year === null) year = commonYear(toks.slice(0, 40).map((t) => t.n).join(''));
	// The signature at the end names the body in full ("咸祥镇人民政府") and dates the report.
	let published: string | null = null;
	for (const t of toks.slice(0, 40)) {
		const m = DATE.exec(t.text.normalize('NFKC'));
		if (m) {
			published = iso(m[1], m[2], m[3]);
			break;
		}
	}
	const tail = toks.slice(-6);
	for (let k = tail.length - 1; k >= 0; k--) {
		const text = tail[k].text.normalize('NFKC').trim();
		const d = SIGN_DATE.exec(text);
		if (d && !published) published = iso(d[1], d[2], d[3]);
		if (d && k > 0) {
			const signer = tail[k - 1].text.normalize('NFKC').trim();
			if (signer.length <= 30 && ORG_END.test(signer) && (!org || signer.startsWith(org.slice(0, 2)) || signer.includes(org))) org = signer;
		}
	}
	if (year !== null && (year < 2008 || year > 2100)) year = null;
	return { org, year, published, level: org ? levelOf(org) : null, ...regionOf(org), format: null };
}

/** The year the opening prose names most often ("2019年，新华街道办事处…"). */
function commonYear(n: string): number | null {
	const counts = new Map<number, number>();
	for (const m of n.matchAll(/(20\d\d)年/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
	const best = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
	return best && best[1] >= 2 ? best[0] : null;
}

function cleanOrg(s: string): string {
	return s
		.replace(/^(?:关于)?/, '')
		.replace(/(?:关于)?$/, '')
		.replace(/[「」《》"“”]/g, '')
		.trim();
}

function iso(y: string, m: string, d: string): string {
	return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** Administrative level from the body's name: the suffix of the name says what it is. */
export function levelOf(org: string): string {
	const o = org.replace(/\(.*?\)|（.*?）/g, '');
	if (/(?:街道办事处|街道)$/.test(o)) return 'street';
	if (/镇(?:人民政府)?$/.test(o)) return 'town';
	if (/(?:乡|苏木)(?:人民政府)?$/.test(o)) return 'township';
	if (/(?:局|委员会|委|办公室|办公厅|中心|厅|署|院|管理处)$/.test(o)) return 'department';
	if (/(?:省|自治区)(?:人民政府)?$/.test(o)) return 'province';
	if (/(?:区|旗)(?:人民政府)?$/.test(o)) return 'district';
	if (/县(?:人民政府)?$/.test(o)) return 'county';
	if (/市(?:人民政府)?$/.test(o)) return 'city';
	return 'other';
}

/** Province / city / district as far as the name itself says ("广州市荔湾区人民政府南源街道办事处"). */
export function regionOf(org: string | null): { province: string | null; city: string | null; district: string | null } {
	if (!org) return { province: null, city: null, district: null };
	const province = /^(.{2,7}?(?:省|自治区))/.exec(org)?.[1] ?? null;
	const rest = province ? org.slice(province.length) : org;
	const city = /^(.{2,6}?市)/.exec(rest)?.[1] ?? null;
	const rest2 = city ? rest.slice(city.length) : rest;
	const district = /^(.{1,6}?(?:区|县|旗))(?!人民政府$)/.exec(rest2)?.[1] ?? null;
	return { province, city, district: city || province ? district : null };
}
