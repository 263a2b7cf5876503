/**
 * The narrative around the tables: title, preface, section 一 with the proactive-disclosure figure
 * (n.proactive.items, phrased the ways real reports phrase it), sections 五 and 六. Sentences are drawn
 * from small pools so documents differ without ever stating another 条/件 count the parser could confuse.
 */
import type { Org } from './orgs.ts';
import type { Rng } from './prng.ts';

export interface Prose {
	title: string;
	preface: string;
	/** Paragraphs of section 一; exactly one carries the proactive figure. */
	overview: string[];
	/** Paragraph(s) of section 二 before the table (the figure may sit here instead). */
	beforeTable2: string[];
	problems: string[];
	other: string[];
	/** What section 六 says about information-processing fees (t6.info_processing_fee.amount_yuan): yuan, or null when silent. */
	fee: number | null;
}

const PROACTIVE = [
	(y: number, n: number) => `${y}年，共主动公开政府信息${n}条，内容涵盖机构职能、政策文件、财政预决算、民生实事等方面。`,
	(y: number, n: number) => `全年累计主动公开政府信息${n}条，及时回应社会关切。`,
	(y: number, n: number) => `截止${y}年12月31日共主动公开政府信息${n}条，圆满完成了本年度政务信息公开工作任务。`,
	(_y: number, n: number) => `本年度通过政府信息公开平台主动公开政府信息${n}条。`
];
const OVERVIEW = [
	'进一步健全完善政务公开工作组织领导和协调保障机制，明确分管领导和具体工作人员，定期研究部署政务公开工作。',
	'围绕疫情防控、重大项目实施、乡村振兴等民生重点领域，压实工作责任，明确上报时限。',
	'严格执行“先审查、后公开”和“一事一审”原则，确保信息发布安全准确。',
	'依托区级政府信息公开平台和微信公众号等渠道，丰富政务公开的形式和内涵。',
	'组织政务公开业务培训，切实提高工作人员依法公开的意识和业务水平。',
	'坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。'
];
const PROBLEMS = [
	'主要问题：政务公开工作人员业务水平有待提升，公开内容的时效性和针对性仍需加强。下一步将加强业务培训，完善工作机制。',
	'存在的主要问题是信息更新不够及时，解读回应形式较为单一。改进措施：健全信息发布审核机制，丰富政策解读形式。',
	'公开工作与群众需求之间仍有差距。今后将围绕群众关切，进一步拓展公开的深度和广度。'
];
const OTHER = ['本年度无其他需要报告的事项。', '无其他需要报告的事项。', '本机关未收取政府信息公开信息处理费，无其他需要报告的事项。'];

export function proseFor(org: Org, year: number, proactive: number, r: Rng): Prose {
	const place = org.place;
	const overview = [`${year}年，${place}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开各项工作。`];
	const picks = OVERVIEW.filter(() => r.chance(0.6));
	overview.push(...(picks.length ? picks : [OVERVIEW[0]]));
	let sentence = r.pick(PROACTIVE)(year, proactive);
	// Real reports break the total down (湖东镇: 67 = 3+3+2+1+52+6; 拖市镇: 114, 72 of them on the website)
	// and quote partial figures elsewhere; only the stated total is n.proactive.items.
	if (proactive > 1 && r.chance(0.4)) {
		const web = r.int(Math.ceil(proactive / 2), proactive);
		sentence += `其中，通过政府网站公开信息${web}条，通过政务新媒体发布信息${proactive - web}条。`;
	}
	const inTwo = r.chance(0.25);
	let other = r.pick(OTHER);
	let fee: number | null = other.includes('信息处理费') ? 0 : null;
	// From 2021 (国办函〔2020〕109号) a few bodies charge fees for mass requests and say so in section 六.
	if (year >= 2021 && r.chance(0.04)) {
		fee = r.int(5, 100) * 10;
		other = `本年度依据《政府信息公开信息处理费管理办法》收取信息处理费${fee}元，无其他需要报告的事项。`;
	}
	if (!inTwo) overview.splice(1 + r.int(0, overview.length - 1), 0, sentence);
	if (proactive > 2 && r.chance(0.3)) {
		const part = r.int(1, proactive - 1);
		const topic = r.pick(['财政预决算', '重点领域', '乡村振兴领域', '人事任免']);
		overview.splice(1 + r.int(0, overview.length - 1), 0, `聚焦群众关切，主动公开${topic}信息${part}条。`);
	}
	return {
		title: `${org.name}${year}年政府信息公开工作年度报告`,
		preface: `本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。如对本报告有疑问，请与${org.name}联系。`,
		overview,
		beforeTable2: inTwo ? [sentence] : [],
		problems: [r.pick(PROBLEMS)],
		other: [other],
		fee
	};
}
