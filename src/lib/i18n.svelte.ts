/**
 * Chinese by default, English on `?lang=en`. Strings are written inline where they are used — `t('总览',
 * 'Overview')` — so four engineers never edit one dictionary; metric labels come from the catalog, the one
 * source of truth for ids and labels. `i18n.lang` is module state (Svelte 5 runes): the root layout keeps it in
 * step with the URL, and every template that calls `t` re-renders when it changes.
 */
import { labelZh, metric } from './catalog/index.ts';
import { fmtWan } from './format.ts';
import { datasetTitle } from './export/citation.ts';
import type { Lang } from './url-params.ts';

export type { Lang };

export const i18n = $state<{ lang: Lang }>({ lang: 'zh' });

/** A dataset's title in the current language (manifest or datasets list: `title`, `title_en`). */
export function titleOf(m: { name: string; title?: string; title_en?: string }): string {
	return datasetTitle(m, i18n.lang);
}

/** The string for the current language. */
export function t(zh: string, en: string): string {
	return i18n.lang === 'en' ? en : zh;
}

/** Full label of a metric: zh "行政许可 · 本年增/减" (row · column, as printed in the report), en from the catalog. */
export function metricLabel(id: string): string {
	const m = metric(id);
	if (!m) return id;
	return i18n.lang === 'en' ? m.labelEn : labelZh(m);
}

/** Shorter label for axes and legends: the row alone when the column is the total. */
export function metricShortLabel(id: string): string {
	const m = metric(id);
	if (!m) return id;
	if (i18n.lang === 'en') return m.labelEn.replace(/ — total$/, '').replace(/ \([^)]*[\u4e00-\u9fff][^)]*\)/, '');
	const full = labelZh(m);
	return m.col === 'total' || m.colZh === '总计' || !m.colZh ? full.split(' · ')[0] : full;
}

/** Unit of a catalog unit for display: counts have none, money is shown in 万元. */
export function unitLabel(unit: string | null | undefined): string {
	if (unit === 'yuan') return t('万元', '10k yuan');
	if (unit === 'count') return t('件', 'items');
	return unit ?? '';
}

/**
 * The unit a metric's value is shown in on the page: what it counts from the catalog (件 applications, 条 items,
 * 项 projects…), or 万元 for money (shown in 万元, stored in yuan). Unknown metrics fall back to `unitLabel`.
 */
export function metricUnit(id: string, unit?: string | null): string {
	const m = metric(id);
	if (!m) return unitLabel(unit);
	if (m.unit === 'yuan') return unitLabel('yuan');
	return t(m.unitZh, m.unitEn);
}

/** Money as displayed everywhere: yuan → "123.45 万元" / "123.45 ×10k yuan". */
export function fmtMoney(yuan: number | null | undefined): string {
	const n = fmtWan(yuan);
	return n === '—' ? n : i18n.lang === 'en' ? `${n} ×10k yuan` : `${n} 万元`;
}

const TABLE_CONTEXT: Record<string, [string, string]> = {
	二: ['表二 主动公开', 'Table 2, proactive disclosure'],
	三: ['表三 依申请公开', 'Table 3, applications'],
	四: ['表四 复议诉讼', 'Table 4, reviews and lawsuits']
};

/** A chart's title for a metric: its label with the table it comes from ("表三 依申请公开 · （一）予以公开 · 总计"). */
export function metricTitle(id: string, short = false): string {
	const m = metric(id);
	const label = short ? metricShortLabel(id) : metricLabel(id);
	const ctx = m ? TABLE_CONTEXT[m.table] : undefined;
	return ctx ? `${t(...ctx)} · ${label}` : label;
}
