/**
 * DuckDB's SQL errors in plain words: the console shows DuckDB's English message (researchers search for it),
 * and above it what it means and what to do, in Chinese or English with the page. Covers the common ones —
 * an unknown table, column or function (with DuckDB's suggestion), a syntax error (with its position), a type
 * mismatch, a GROUP BY mistake, the refused file/URL/extension access — and the console's own refusals.
 * Unknown messages get no explanation rather than a wrong one.
 */
import type { SqlProblem } from './sql-console.ts';

export type Lang = 'zh' | 'en';

/** The tables a query can use, named in the explanations. */
const TABLES = 'facts, reports, issues, texts, facts_r, metrics';

interface Rule {
	test: RegExp;
	when?: (p: SqlProblem) => boolean;
	explain: (m: RegExpExecArray, p: SqlProblem, message: string) => [zh: string, en: string];
}

/** DuckDB's "Did you mean "x"?" suggestion, when it made one. */
function suggestion(message: string): string | null {
	return /Did you mean "([^"]+)"\?/.exec(message)?.[1] ?? null;
}

function where(p: SqlProblem): [string, string] {
	return p.line && p.column ? [`（第 ${p.line} 行第 ${p.column} 列）`, ` (line ${p.line}, column ${p.column})`] : ['', ''];
}

const RULES: Rule[] = [
	{
		test: /Table with name (\S+?) does not exist/,
		explain: (m, _p, msg) => {
			const s = suggestion(msg);
			return [
				`没有名为 ${m[1]} 的表。${s ? `您是不是要写 ${s}？` : ''}可以查询的表：${TABLES}（见右侧“表和列”）。`,
				`There is no table called ${m[1]}.${s ? ` Did you mean ${s}?` : ''} The tables you can query: ${TABLES} (listed beside the console).`
			];
		}
	},
	{
		test: /Referenced column "([^"]+)" not found/,
		explain: (m, _p, msg) => {
			const cands = /Candidate bindings: (.*)/.exec(msg)?.[1]?.replaceAll('"', '').split(/,\s*/).filter(Boolean).slice(0, 5) ?? [];
			const list = cands.join(', ');
			return [
				`找不到列 ${m[1]}。${list ? `相近的列：${list}。` : ''}列名见右侧“表和列”；含中文或特殊字符的列名要加双引号。`,
				`There is no column called ${m[1]}.${list ? ` Similar columns: ${list}.` : ''} The columns are listed beside the console; quote unusual names with double quotes.`
			];
		}
	},
	{
		test: /(?:Scalar|Aggregate|Table) Function with name "?([^"\s]+?)"? (?:does not exist|is not in the catalog)/,
		explain: (m, _p, msg) => {
			if (/exists in the \w+ extension/.test(msg)) {
				return [
					`这里不能使用 ${m[1]}：它属于一个 DuckDB 扩展，而本页不联网下载扩展。请查询已载入的表（${TABLES}）。`,
					`${m[1]} is not available here: it belongs to a DuckDB extension, and this page never downloads extensions. Query the loaded tables (${TABLES}).`
				];
			}
			const s = suggestion(msg);
			return [
				`没有名为 ${m[1]} 的函数。${s ? `您是不是要写 ${s}？` : ''}`,
				`There is no function called ${m[1]}.${s ? ` Did you mean ${s}?` : ''}`
			];
		}
	},
	{
		// The console wraps the query as `SELECT * FROM (\n<query>\n)`: an unfinished query fails at that ")".
		test: /syntax error at end of input|syntax error at or near "\)"$/m,
		// …at a position past the user's text (a ")" inside it is an ordinary syntax error).
		when: (p) => p.line === null,
		explain: () => ['语法错误：语句没有写完（例如 GROUP BY、WHERE 后面缺内容，或括号、引号没有闭合）。', 'Syntax error: the statement ends too early (e.g. nothing after GROUP BY or WHERE, or an unclosed bracket or quote).']
	},
	{
		test: /syntax error at or near "([^"]*)"/,
		explain: (m, p) => {
			const [wz, we] = where(p);
			return [
				`语法错误：在“${m[1]}”附近${wz}。请检查拼写（如 WHERE、ORDER BY）、逗号和括号。`,
				`Syntax error near "${m[1]}"${we}. Check the spelling of keywords (WHERE, ORDER BY…), commas and brackets.`
			];
		}
	},
	{
		test: /No function matches the given name and argument types '([^']+)'/,
		explain: (m) => [
			`类型不匹配：${m[1]} 不能用于这些类型的值（例如对文本求和，或把数字和文本相加）。需要时用 CAST(列 AS DOUBLE) 或 TRY_CAST 转换类型。`,
			`Type mismatch: ${m[1]} does not accept values of these types (e.g. summing text, or adding a number to text). Convert with CAST(column AS DOUBLE) or TRY_CAST where needed.`
		]
	},
	{
		test: /Could not convert string '([^']*)' to (\w+)|Cannot compare values of type (\w+) and (?:type )?(\w+)/,
		explain: (m) =>
			m[1] !== undefined
				? [
						`类型不匹配：文本“${m[1]}”不能转换为 ${m[2]}。可改用 TRY_CAST（无法转换时得到空值）。`,
						`Type mismatch: the text "${m[1]}" cannot be converted to ${m[2]}. TRY_CAST gives NULL instead of an error.`
					]
				: [
						`类型不匹配：不能直接比较 ${m[3]} 和 ${m[4]} 类型的值，请先用 CAST 转换其中一个。`,
						`Type mismatch: values of type ${m[3]} and ${m[4]} cannot be compared; CAST one of them first.`
					]
	},
	{
		test: /column "([^"]+)" must appear in the GROUP BY clause/,
		explain: (m) => [
			`列 ${m[1]} 既不在 GROUP BY 中，也不在汇总函数（如 sum、count）里。请把它加入 GROUP BY，或写 GROUP BY ALL。`,
			`Column ${m[1]} is neither in GROUP BY nor inside an aggregate (sum, count…). Add it to GROUP BY, or write GROUP BY ALL.`
		]
	},
	{
		test: /Cannot access file "([^"]*)"|file system operations are disabled|disabled by configuration/,
		explain: (m) => [
			`出于安全考虑，这里不能读取文件或网址${m[1] ? `（${m[1]}）` : ''}：查询只能使用已载入的表（${TABLES}）。要分析自己的文件，请把它拖到页面上载入。`,
			`For safety, queries here cannot read files or web addresses${m[1] ? ` (${m[1]})` : ''}: they can use only the loaded tables (${TABLES}). To analyse a file of your own, drop it on the page.`
		]
	},
	{
		test: /Out of Memory Error/i,
		explain: () => ['查询所需内存超出了浏览器的限制。请缩小范围（加 WHERE 条件或 LIMIT）。', 'The query needs more memory than the browser allows. Narrow it (a WHERE condition or LIMIT).']
	}
];

/** What the problem means, in the page's language; null when there is nothing useful to add. */
export function explainProblem(p: SqlProblem, lang: Lang): string | null {
	const pick = ([zh, en]: [string, string]) => (lang === 'en' ? en : zh);
	switch (p.kind) {
		case 'empty':
			return pick(['请先输入一条查询语句。', 'Write a query first.']);
		case 'multiple':
			return pick(['一次只能运行一条语句：请删除分号后面的第二条语句。', 'Only one statement runs at a time: remove the second statement after the semicolon.']);
		case 'not_read_only':
			return pick([
				'这里只能运行只读查询（SELECT、WITH、FROM、DESCRIBE、SHOW、SUMMARIZE、PIVOT），不能修改、删除或导出数据。',
				'Only read-only queries run here (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, PIVOT): nothing can be changed, deleted or exported.'
			]);
		case 'cancelled':
			return pick(['查询已取消。', 'The query was cancelled.']);
		case 'timeout':
			return pick([
				'查询运行时间超过上限，已停止，以免页面长时间无响应。请缩小范围（加 WHERE 条件、避免没有连接条件的 JOIN）。',
				'The query ran past the time limit and was stopped, so the page stays responsive. Narrow it (a WHERE condition; avoid a JOIN without a join condition).'
			]);
	}
	for (const rule of RULES) {
		if (rule.when && !rule.when(p)) continue;
		const m = rule.test.exec(p.message);
		if (m) return pick(rule.explain(m, p, p.message));
	}
	return null;
}

/** DuckDB's message shortened for display: its first lines, without the long lists of candidate functions. */
export function shortMessage(message: string, maxLines = 3): string {
	const lines = message.split('\n').filter((l) => !/^\t/.test(l) && l.trim() !== 'Candidate functions:');
	const kept = lines.filter((l) => l.trim()).slice(0, maxLines);
	return kept.join('\n') + (lines.filter((l) => l.trim()).length > maxLines ? ' …' : '');
}
