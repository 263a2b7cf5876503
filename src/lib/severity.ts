/** Validation issue severities: how they are named and coloured wherever issues are shown. */
import { t } from '$lib/i18n.svelte.ts';

export const SEVERITY_COLORS: Record<string, string> = { error: '#b4232c', warning: '#d98e04', info: '#7a9cc6' };

/** The bilingual name of a severity; an unknown one is shown as it is. */
export function severityLabel(s: string): string {
	return s === 'error' ? t('错误', 'error') : s === 'warning' ? t('警告', 'warning') : s === 'info' ? t('提示', 'info') : s;
}
