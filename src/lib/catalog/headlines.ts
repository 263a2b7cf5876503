/**
 * Headline sets: the few metrics a view leads with, named once here (ids of the metric catalog) so the Overview,
 * its aggregate tables and the town profile cannot drift apart.
 */

/**
 * The Overview's four headline figures, in display order: items published, penalty decisions, procurement,
 * applications received. The aggregate tables (`agg_scope`, `agg_org`) are built for exactly these.
 */
export const OVERVIEW_HEADLINES = ['n.proactive.items', 't2.admin_penalty.decisions', 't2.gov_procurement.amount_yuan', 't3.new_received.total'] as const;
export type OverviewHeadline = (typeof OVERVIEW_HEADLINES)[number];

/**
 * The Overview's rate figures: how much was disclosed, how often a review or a court corrected it (indicator ids).
 * A national dataset's province summary carries `indicators_r` rows for exactly these.
 */
export const OVERVIEW_RATES = ['r.disclosure_rate', 'r.review_correction_rate', 'r.litigation_correction_rate'] as const;

/** The metric a chart shows when the visitor has not chosen one (Compare, /embed, the baked embed data). */
export const DEFAULT_CHART_METRIC = 'n.proactive.items';

/**
 * The town profile's small trend charts, in display order: the Overview's headline figures plus applications
 * granted and normative documents issued — a grade B series whose chart shows the 2020/2021 format change as a break.
 */
export const TOWN_TRENDS = [
	'n.proactive.items',
	't3.new_received.total',
	't3.granted.total',
	't2.normative_docs.new_made',
	't2.admin_penalty.decisions',
	't2.gov_procurement.amount_yuan'
] as const;
