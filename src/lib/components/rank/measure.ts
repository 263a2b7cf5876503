/**
 * Labels and number formats of a measure — a catalog metric or an indicator — in the current language, so the
 * rank view, its chart, the Data downloads and the SQL view name and format an indicator the same way.
 */
import { indicator } from '$lib/catalog/indicators.ts';
import { metric } from '$lib/catalog/index.ts';
import { fmtNumber, MISSING } from '$lib/format.ts';
import { metricLabel, t } from '$lib/i18n.svelte.ts';
import { display, fmtValue } from '$lib/charts/common.ts';

/** Name of a metric or indicator. */
export function measureLabel(id: string): string {
	const ind = indicator(id);
	return ind ? t(ind.zh, ind.en) : metricLabel(id);
}

/** The indicator's one-sentence definition (empty for a metric). */
export function measureDefinition(id: string): string {
	const ind = indicator(id);
	return ind ? t(ind.definitionZh, ind.definitionEn) : '';
}

/** A value of the measure as text: "62.5%", "3.1 件/百件申请", "1,234", "12.5 万元". */
export function fmtMeasure(id: string, v: number | null | undefined): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
	const ind = indicator(id);
	if (ind) return ind.unit === 'percent' ? `${v.toFixed(1)}%` : `${v.toFixed(1)} ${t('件/百件申请', 'per 100 applications')}`;
	const unit = metric(id)?.unit ?? 'count';
	return fmtValue(display(unit, v), unit);
}

/** A change of the measure: percentage points for indicators, a relative change for metrics. */
export function fmtMeasureChange(id: string, v: number | null | undefined): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
	const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
	if (indicator(id)) return `${sign}${Math.abs(v).toFixed(1)} ${t('个百分点', 'pp')}`;
	return `${sign}${(Math.abs(v) * 100).toFixed(1)}%`;
}

/** "样本不足 (n = 3)": an indicator's denominator too small to show a rate. */
export function tooFew(denominator: number | null | undefined): string {
	return `${t('样本不足', 'Too few')} (n = ${fmtNumber(denominator ?? 0)})`;
}
