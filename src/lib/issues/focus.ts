/**
 * Where in a report an issue points: the cells it concerns, as catalog metric ids, so "查看原文" from the Quality
 * page can open the report text at the failing table, row, column or cell and highlight it. An issue's focus is
 * a short string for the URL (`focus=`): its subject, plus the column or row an identity checks ("I-3a@总计").
 */
import { METRICS, T3_COLS, T3_ROWS, T4_GROUPS } from '../catalog/index.ts';
import type { IssueLike } from './describe.ts';

/** The focus of an issue, for the URL. */
export function issueFocus(i: Pick<IssueLike, 'code' | 'subject' | 'message'>): string {
	if (i.code === 'identity') {
		const where = /fails for (.+?): /.exec(i.message)?.[1];
		if (where) return `${i.subject}@${where}`;
	}
	return i.subject;
}

const ids = (pred: (m: (typeof METRICS)[number]) => boolean) => METRICS.filter(pred).map((m) => m.id);
const norm = (s: string) => s.replace(/\s/g, '').replace(/\(/g, '（').replace(/\)/g, '）');

/** The metric ids of the cells an issue's focus concerns (empty: the whole report). */
export function focusMetrics(focus: string | null): string[] {
	if (!focus) return [];
	const [subject, where] = focus.split('@');
	const t3col = where ? T3_COLS.find((c) => c.zh === where)?.key : undefined;
	const t3row = (label: string) => T3_ROWS.find((r) => r.key === label || norm(r.zh) === norm(label))?.key;
	switch (subject) {
		case 'I-3a':
			return t3col ? ['new_received', 'carried_over', 'total_processed', 'carried_forward'].map((r) => `t3.${r}.${t3col}`) : [];
		case 'I-3b':
			return t3col ? ids((m) => m.table === '三' && m.col === t3col && !['new_received', 'carried_over', 'carried_forward'].includes(m.row)) : [];
		case 'I-3c': {
			const row = where ? t3row(where) : undefined;
			return row ? ids((m) => m.table === '三' && m.row === row) : [];
		}
		case 'I-4':
			return where && T4_GROUPS.includes(where) ? ids((m) => m.table === '四' && m.row === where) : [];
		case 'table2':
			return ids((m) => m.table === '二');
		case 'table3':
			return ids((m) => m.table === '三');
		case 'table4':
			return ids((m) => m.table === '四');
	}
	if (subject.startsWith('t3 ')) {
		const row = t3row(subject.slice(3));
		return row ? ids((m) => m.table === '三' && m.row === row) : [];
	}
	const m = /^(t[234])\.([^.]+)(?:\.(.+))?$/.exec(subject);
	if (m) {
		const table = { t2: '二', t3: '三', t4: '四' }[m[1]]!;
		const exact = m[3] ? ids((x) => x.id === subject) : [];
		return exact.length ? exact : ids((x) => x.table === table && x.row === m[2]);
	}
	return [];
}
