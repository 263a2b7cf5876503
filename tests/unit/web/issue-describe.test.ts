/**
 * Every validation issue the parser and ingest write (in English, for developers) reaches the supervisor in plain
 * Chinese — or plain English — through src/lib/issues/describe.ts: what is wrong, where, what to do. Checked on
 * the issues the real parser finds in the real corpus, on the shipped datasets' issues, and against every code
 * written in the parser's source, so a new code or a reworded message fails here before it shows up in English.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../../src/lib/parser/index.ts';
import { DESCRIBED_CODES, describeIssue, issueKind, issueSentence, type IssueLike } from '../../../src/lib/issues/describe.ts';
import { corpusFiles, corpusText } from '../../helpers/corpus.ts';
import { loadDatasetNative, nodeConnector } from '../../../src/node/duckdb-connector.ts';

/** Latin words in a Chinese text: an English sentence or an internal code slipped through (file-type names aside). */
const ENGLISH = /[A-Za-z]{2,}/;
// (file-type, file and protocol names are not English sentences: manifest.csv, .docx, OCR, http(s))
const plain = (s: string) => s.replace(/manifest\.csv|[(（]source[)）]|\.docx|https?(?:\(s\))?|\b(PDF|Word|WPS|Excel|Office|DOC|XLS|OCR)\b/g, '');

function corpusIssues(): IssueLike[] {
	return corpusFiles().flatMap(({ file }) => parseReport({ text: corpusText(file), fileName: file }).issues);
}

async function datasetIssues(dir: string): Promise<IssueLike[]> {
	if (!existsSync(`${dir}/issues.parquet`)) return [];
	const conn = await nodeConnector();
	try {
		await loadDatasetNative(conn, dir);
		return await conn.query<IssueLike & Record<string, unknown>>('SELECT DISTINCT code, subject, message FROM issues');
	} finally {
		conn.close();
	}
}

function expectPlain(i: IssueLike) {
	const zh = describeIssue(i, 'zh');
	const en = describeIssue(i, 'en');
	const label = `${i.code} · ${i.subject} · ${i.message}`;
	expect(zh.matched, `no description for: ${label}`).toBe(true);
	expect(en.matched, label).toBe(true);
	for (const part of [zh.kind, zh.where, zh.what, zh.action]) expect(plain(part), `English in the Chinese description of: ${label}\n→ ${part}`).not.toMatch(ENGLISH);
	expect(zh.what).toMatch(/[\u4e00-\u9fff]/);
	expect(zh.action).toMatch(/[\u4e00-\u9fff]/);
	// Plain English: no Chinese sentence, no internal identity names.
	expect(en.what, label).not.toMatch(/I-3[abc]|I-4|fails for/);
	expect(en.action).not.toMatch(/[\u4e00-\u9fff]/);
	// The figures of the message are kept (every number of the message is in the description).
	const nums = (s: string) => (s.match(/\d+/g) ?? []).filter((x) => x.length < 6);
	if (['identity', 'decisions_equal_items', 'cross_year', 'row_incomplete', 'ambiguous_row'].includes(i.code)) {
		// (the figures of an identity follow its label: "… fails for <row>: a + b = c ≠ …")
		// (a row's printed label, 「1.本机关不掌握…」, is not a figure: it is named in `where`)
		const figures = i.code === 'identity' ? i.message.slice(i.message.lastIndexOf(': ')) : i.message.replace(/「[^」]*」/g, '');
		for (const x of nums(figures.replace(/Σ \d+ cells/g, '').replace(/\d{4}'s/g, ''))) expect(zh.what, `${label}: ${x}`).toContain(x);
	}
}

describe('issues in plain words', () => {
	it('the real parser over the real corpus: every issue gets a Chinese and an English description', () => {
		const issues = corpusIssues();
		expect(issues.length).toBeGreaterThan(10);
		for (const i of issues) expectPlain(i);
	});

	it('the shipped datasets (demo and real): every issue gets a Chinese and an English description', async () => {
		const all = [...(await datasetIssues('datasets/demo')), ...(await datasetIssues('datasets/real'))];
		expect(all.length).toBeGreaterThan(10);
		for (const i of all) expectPlain(i);
	});

	it('every code written in the parser and ingest source is described', () => {
		// (the server's query refusals are HTTP answers, not report issues)
		const dirs = ['src/lib/parser', 'src/lib/readers', 'src/node'];
		const codes = new Set<string>();
		for (const dir of dirs) {
			for (const f of readdirSync(dir, { recursive: true }) as string[]) {
				if (!f.endsWith('.ts') || /^serve/.test(f)) continue;
				const src = readFileSync(join(dir, f), 'utf8');
				for (const m of src.matchAll(/code: '([a-z_0-9]+)'/g)) codes.add(m[1]);
				for (const m of src.matchAll(/new Read(?:er)?Error\('([a-z_0-9]+)'/g)) codes.add(m[1]);
				for (const m of src.matchAll(/\[\[[0-9a-fx, ]+\], '([a-z_0-9]+)'/g)) codes.add(m[1]);
			}
		}
		expect(codes.size).toBeGreaterThan(15);
		for (const c of codes) expect(DESCRIBED_CODES, `code '${c}' has no description in src/lib/issues/describe.ts`).toContain(c);
	});

	it('says what is wrong, where and what to do — the identity seen on the Quality page', () => {
		const i = { code: 'identity', subject: 'I-3a', message: '表三 I-3a fails for 总计: 13 + 1 = 14 ≠ 15 + 2 = 17' };
		const zh = describeIssue(i, 'zh');
		expect(zh.where).toBe('表三（依申请公开情况） “总计”列');
		expect(zh.what).toBe('本年新收加上年结转为 14（13 + 1），但办理总数加结转下年度为 17（15 + 2），两者应相等。');
		expect(zh.action).toContain('联系填报单位');
		expect(issueSentence(i, 'en')).toBe(
			'table 3 (applications), column “total”: Received this year plus carried over is 14 (13 + 1), but handled plus carried forward is 17 (15 + 2); they should be equal.'
		);
	});

	it('names rows and columns from the catalog, with the minus sign', () => {
		const zh = describeIssue(
			{ code: 'decisions_equal_items', subject: 't2.admin_penalty.decisions', message: '处理决定数量 14 equals 上一年项目数量 21 + 本年增/减 -7: it may be the current item count rather than decisions' },
			'zh'
		);
		expect(zh.where).toContain('行政处罚');
		expect(zh.what).toContain('−7');
		const t4 = describeIssue({ code: 'identity', subject: 'I-4', message: '表四 I-4 fails for review: 3 = 3 ≠ Σ 4 cells = 2' }, 'zh');
		expect(t4.where).toContain('行政复议');
		expect(t4.what).toContain('结果维持、结果纠正、其他结果、尚未审结');
	});

	it('an unknown code or wording is never shown in English: a neutral sentence, flagged as not matched', () => {
		const d = describeIssue({ code: 'brand_new', subject: 'x', message: 'something new happened' }, 'zh');
		expect(d.matched).toBe(false);
		expect(d.what).not.toMatch(ENGLISH);
		expect(issueKind('brand_new', 'zh')).toBe('其他问题');
		expect(describeIssue({ code: 'identity', subject: 'I-3a', message: 'reworded' }, 'zh').matched).toBe(false);
	});
});

describe('where 查看原文 opens the report', () => {
	it('an identity points at the cells it checks; a table issue at the table; a document issue at the top', async () => {
		const { focusMetrics, issueFocus } = await import('../../../src/lib/issues/focus.ts');
		const i3a = { code: 'identity', subject: 'I-3a', message: '表三 I-3a fails for 总计: 13 + 1 = 14 ≠ 15 + 2 = 17' };
		expect(issueFocus(i3a)).toBe('I-3a@总计');
		expect(focusMetrics(issueFocus(i3a))).toEqual(['t3.new_received.total', 't3.carried_over.total', 't3.total_processed.total', 't3.carried_forward.total']);
		const i3c = { code: 'identity', subject: 'I-3c', message: '表三 I-3c fails for （五）4.无正当理由大量反复申请: 2 = 2 ≠ Σ 6 cells = 0' };
		expect(focusMetrics(issueFocus(i3c))).toContain('t3.not_processed_massive_repeated.total');
		expect(focusMetrics(issueFocus(i3c))).toHaveLength(7);
		expect(focusMetrics('I-4@review')).toContain('t4.review.upheld');
		expect(focusMetrics('table4').every((m) => m.startsWith('t4.'))).toBe(true);
		expect(focusMetrics('t2.admin_penalty.decisions')).toEqual(['t2.admin_penalty.decisions']);
		expect(focusMetrics('t3.granted').length).toBe(7);
		expect(focusMetrics('document')).toEqual([]);
	});

	it('every issue of the real corpus that names a table, row or cell finds its cells', () => {
		return import('../../../src/lib/issues/focus.ts').then(({ focusMetrics, issueFocus }) => {
			for (const i of corpusIssues()) {
				if (['document', 'X-2a', 'X-2b', 'X-3'].includes(i.subject)) continue;
				expect(focusMetrics(issueFocus(i)).length, `${i.code} ${i.subject} ${i.message}`).toBeGreaterThan(0);
			}
		});
	});
});
