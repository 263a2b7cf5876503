/**
 * The charts `/embed` draws, looked up by the `chart=` names of its public URLs: for each, the view of the app
 * its "open in the full dashboard" link goes to and, for the light charts, its title and how it is drawn — with
 * the same chart modules as the pages. The light charts draw `EmbedData` (data/baked.ts: baked aggregates, or a
 * few Parquet ranges); `bump` and `indicator` query DuckDB and are drawn by the components of
 * routes/embed/DuckEmbed.svelte, a chunk of its own. Nothing here may import DuckDB (tests/e2e/embed-light.spec.ts).
 */
import type { EmbedData } from '$lib/data/baked.ts';
import { metric } from '$lib/catalog/index.ts';
import { metricTitle, t } from '$lib/i18n.svelte.ts';
import { scopeText } from '$lib/scope.ts';
import { linesPlot, multiplesPlot } from './compare.ts';
import { heatmapPlot } from './heatmap.ts';
import { outcomesPlot } from './outcomes.ts';
import { trendPlot } from './trend.ts';

type Kind = EmbedData['kind'];
type Of<K extends Kind> = Extract<EmbedData, { kind: unknown }> & { kind: K };

interface LightEmbed<K extends Kind> {
	/** The app's view that shows this chart in full. */
	view: string;
	duck?: false;
	title: (d: Of<K>) => string;
	/** The data's rows (an empty chart shows "nothing to show" instead). */
	rows: (d: Of<K>) => number;
	draw: (d: Of<K>, width: number, height: number) => Element;
}
interface DuckEmbed {
	view: string;
	/** Queries DuckDB: drawn by DuckEmbed.svelte's components. */
	duck: true;
}

const unit = (d: EmbedData) => metric(d.spec.metric)?.unit ?? 'count';
const where = (d: EmbedData) => scopeText(d.spec.scope);
const metricTitleOf = (d: Of<'compare' | 'heatmap'>) => `${metricTitle(d.spec.metric)}${d.spec.values === 'report' ? t('（每份报告）', ' (per report)') : ''}`;

/** Every chart an embed URL may name, by its `chart=` value (existing embed URLs are public: never rename one). */
export const EMBEDS: { [K in Kind]: LightEmbed<K> } & { bump: DuckEmbed; indicator: DuckEmbed } = {
	trend: {
		view: '/',
		title: (d) => `${metricTitle(d.spec.metric)}${where(d) ? ` · ${where(d)}` : ''}`,
		rows: (d) => d.points.length,
		draw: (d, w, h) => trendPlot(d.points, w, { unit: unit(d), metric: d.spec.metric, breakAt: d.breakAt, height: h })
	},
	compare: {
		view: '/compare',
		title: metricTitleOf,
		rows: (d) => d.points.length,
		draw: (d, w, h) => (d.spec.view === 'multiples' ? multiplesPlot : linesPlot)(d.points, w, { unit: unit(d), metric: d.spec.metric, breakAt: d.breakAt, fitHeight: h })
	},
	heatmap: {
		view: '/compare',
		title: metricTitleOf,
		rows: (d) => d.points.length,
		draw: (d, w, h) => heatmapPlot(d.points, w, { unit: unit(d), metric: d.spec.metric, breakAt: d.breakAt, height: h })
	},
	outcomes: {
		view: '/',
		title: (d) => `${t('申请办理结果占比', 'How applications were decided')}${where(d) ? ` · ${where(d)}` : ''}`,
		rows: (d) => d.rows.length,
		draw: (d, w, h) => outcomesPlot(d.rows, w, { height: h })
	},
	bump: { view: '/rank', duck: true },
	indicator: { view: '/rank', duck: true }
};

export type EmbedName = keyof typeof EMBEDS;

/** The app's view an embed's "open in the full dashboard" link goes to (the Overview for an unknown name). */
export function embedView(chart: string | null): string {
	return chart !== null && Object.hasOwn(EMBEDS, chart) ? EMBEDS[chart as EmbedName].view : '/';
}

/** Whether the chart an embed URL names queries DuckDB (`bump`, `indicator`); the others draw from baked aggregates. */
export function needsDuck(chart: string | null): boolean {
	return chart !== null && Object.hasOwn(EMBEDS, chart) && EMBEDS[chart as EmbedName].duck === true;
}

/** The light chart's entry for its data (typed by the data's kind). */
function light<K extends Kind>(d: Of<K>): LightEmbed<K> {
	return EMBEDS[d.kind as K] as unknown as LightEmbed<K>;
}

export const embedTitle = (d: EmbedData): string => light(d).title(d);
export const embedRows = (d: EmbedData): number => light(d).rows(d);
export const drawEmbed = (d: EmbedData, width: number, height: number): Element => light(d).draw(d, width, height);
