// Analytical segments over the whole population as of a date: RFM quintiles and named segments,
// value tier, lifecycle stage, churn risk and channel affinity per customer; counts per
// dimension; filtered, sorted, paged lists. Pure and deterministic for (documents, asOf).
import { CONTACT_CHANNELS, type ContactChannel, type Money } from '@ledger/domain';
import type { CustomerAnalytics } from './customer-analytics.projection';
import {
  channelAffinityOf,
  churnRiskOf,
  CHURN_RISKS,
  lifecycleStageOf,
  LIFECYCLE_STAGES,
  purchaseFacts,
  type ChannelAffinity,
  type ChurnRisk,
  type LifecycleStage,
} from './customer-signals';
import { countsAbove, quintileScores } from './quantiles';
import { frequencyScore, RFM_SEGMENTS, rfmSegmentOf, type RfmScores, type RfmSegment } from './segment-definitions';
import { toMs } from './timeline';

// Lifecycle names and thresholds stay out of the barrel (the lifecycle projection owns those
// names); import them from './customer-signals' inside this library.
export { CHURN_MODEL } from './customer-signals';
export {
  FREQUENCY_BREAKPOINTS,
  frequencyScore,
  RFM_SEGMENTS,
  SEGMENT_DEFINITIONS,
  rfmSegmentOf,
} from './segment-definitions';
export type { RfmSegment, SegmentDefinition } from './segment-definitions';

export const VALUE_TIERS = ['platinum', 'gold', 'silver', 'bronze', 'none'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

/**
 * Value tier by rank of net monetary value among purchasers as of the date (no currency
 * thresholds to maintain): a purchaser with fewer than 1 % of purchasers strictly above them is
 * platinum, fewer than 5 % gold, fewer than 20 % silver, otherwise bronze. Net value ≤ 0 (all
 * returned) is bronze; never purchased is none. Ties share the better tier.
 */
export const VALUE_TIER_TOP_PERCENT = { platinum: 1, gold: 5, silver: 20 } as const;

/**
 * What scoring knows of one customer without looking at anyone else, as of the date; null when
 * the customer is not in the population then (neither registered nor with a purchase by then).
 */
export interface CustomerFacts {
  customerId: string;
  country: string | null;
  keyAccount: boolean;
  /** Whole days since the last purchase; null for prospects. */
  recencyDays: number | null;
  frequency: number;
  /** Net: purchases minus returns, as of the date. */
  monetary: Money;
  lifecycleStage: LifecycleStage;
  churnRisk: ChurnRisk;
  /** 0..1, see CHURN_MODEL / churnRiskOf. */
  churnScore: number;
  channelAffinity: ChannelAffinity;
}

export interface CustomerScore extends CustomerFacts {
  /**
   * 1-5 (5 = most recent / most frequent / highest value); r and m are quintiles among purchasers
   * as of the date, f is by fixed breakpoints (FREQUENCY_BREAKPOINTS); null for prospects.
   */
  r: number | null;
  f: number | null;
  m: number | null;
  /** e.g. '545'; null for prospects. */
  rfm: string | null;
  rfmSegment: RfmSegment;
  valueTier: ValueTier;
}

export function customerFacts(doc: CustomerAnalytics, asOfMs: number): CustomerFacts | null {
  const facts = purchaseFacts(doc, asOfMs);
  const registered = doc.registeredAt !== null && toMs(doc.registeredAt) <= asOfMs;
  if (!registered && facts.frequency === 0) return null;
  const churn = churnRiskOf(doc, facts, asOfMs);
  return {
    customerId: doc.customerId,
    country: doc.country,
    keyAccount: doc.keyAccount,
    recencyDays: facts.recencyDays,
    frequency: facts.frequency,
    monetary: facts.monetary,
    lifecycleStage: lifecycleStageOf(doc.purchases, facts.frequency, asOfMs),
    churnRisk: churn.level,
    churnScore: churn.score,
    channelAffinity: channelAffinityOf(doc, asOfMs),
  };
}

/** The full score from a customer's own facts and their population-relative ranks (one shape for every caller). */
export function composeScore(facts: CustomerFacts, rfm: RfmScores, valueTier: ValueTier): CustomerScore {
  return {
    customerId: facts.customerId,
    country: facts.country,
    keyAccount: facts.keyAccount,
    recencyDays: facts.recencyDays,
    frequency: facts.frequency,
    monetary: facts.monetary,
    r: rfm.r,
    f: rfm.f,
    m: rfm.m,
    rfm: rfm.r === null ? null : `${rfm.r}${rfm.f}${rfm.m}`,
    rfmSegment: rfmSegmentOf(rfm),
    valueTier,
    lifecycleStage: facts.lifecycleStage,
    churnRisk: facts.churnRisk,
    churnScore: facts.churnScore,
    channelAffinity: facts.channelAffinity,
  };
}

/**
 * Scores every customer that existed as of `asOf` (registered by then, or with a purchase by
 * then), in the order given. R, M, value tiers: one numeric sort per dimension, O(n log n).
 * LiveSegments (libs/analytics/src/segments-live.ts) keeps the same scores up to date
 * incrementally.
 */
export function scoreCustomers(docs: readonly CustomerAnalytics[], asOf: string): CustomerScore[] {
  const asOfMs = toMs(asOf);
  const population: CustomerFacts[] = [];
  for (const doc of docs) {
    const facts = customerFacts(doc, asOfMs);
    if (facts) population.push(facts);
  }
  const purchasers = population.filter((c) => c.frequency > 0);
  const recency = purchasers.map((c) => c.recencyDays as number);
  const monetary = purchasers.map((c) => c.monetary);
  const r = quintileScores(recency, false);
  const f = purchasers.map((c) => frequencyScore(c.frequency));
  const m = quintileScores(monetary, true);
  const above = countsAbove(monetary);
  let next = 0; // purchasers keep population order, so the k-th purchaser met is purchasers[k]

  return population.map((facts) => {
    if (facts.frequency === 0) return composeScore(facts, { r: null, f: null, m: null }, 'none');
    const i = next++;
    return composeScore(facts, { r: r[i], f: f[i], m: m[i] }, valueTierOf(facts.monetary, above[i], purchasers.length));
  });
}

function valueTierOf(monetary: Money, above: number, purchasers: number): ValueTier {
  if (monetary <= 0) return 'bronze';
  const top = VALUE_TIER_TOP_PERCENT;
  if (above * 100 < top.platinum * purchasers) return 'platinum';
  if (above * 100 < top.gold * purchasers) return 'gold';
  if (above * 100 < top.silver * purchasers) return 'silver';
  return 'bronze';
}

export interface ScoreDimensionTypes {
  rfmSegment: RfmSegment;
  valueTier: ValueTier;
  lifecycleStage: LifecycleStage;
  churnRisk: ChurnRisk;
  channelAffinity: ContactChannel | 'none';
}
export type ScoreDimension = keyof ScoreDimensionTypes;

/** Every value of each dimension, in canonical order (also what a query may filter on). */
export const SCORE_DIMENSION_VALUES: { [D in ScoreDimension]: readonly ScoreDimensionTypes[D][] } = {
  rfmSegment: RFM_SEGMENTS,
  valueTier: VALUE_TIERS,
  lifecycleStage: LIFECYCLE_STAGES,
  churnRisk: CHURN_RISKS,
  channelAffinity: [...CONTACT_CHANNELS, 'none'],
};

const valueOf = (score: CustomerScore, dimension: ScoreDimension): string =>
  dimension === 'channelAffinity' ? (score.channelAffinity.channel ?? 'none') : score[dimension];

/** Customers per value of one dimension (RFM segment by default); every value present, in its canonical order. */
export function segmentCounts<D extends ScoreDimension = 'rfmSegment'>(
  scores: readonly CustomerScore[],
  dimension: D = 'rfmSegment' as D,
): Record<ScoreDimensionTypes[D], number> {
  const counts = Object.fromEntries(SCORE_DIMENSION_VALUES[dimension].map((value) => [value, 0])) as Record<
    string,
    number
  >;
  for (const score of scores) counts[valueOf(score, dimension)]++;
  return counts as Record<ScoreDimensionTypes[D], number>;
}

export interface ScoreFilter {
  segment?: RfmSegment;
  valueTier?: ValueTier;
  lifecycleStage?: LifecycleStage;
  churnRisk?: ChurnRisk;
  /** Channel affinity; 'none' for customers without interactions in the last year. */
  channel?: ContactChannel | 'none';
  country?: string;
  keyAccount?: boolean;
}

export const SCORE_SORT_FIELDS = ['customerId', 'recencyDays', 'frequency', 'monetary', 'churnScore', 'rfm'] as const;
export type ScoreSortField = (typeof SCORE_SORT_FIELDS)[number];

export interface ScoreListOptions {
  sort?: ScoreSortField;
  order?: 'asc' | 'desc';
  /** 1-based; ignored when `offset` is given. */
  page?: number;
  /** Items per page (the `limit`). */
  pageSize?: number;
  /** 0-based position of the first item (the API's `offset`); default (page − 1) × pageSize. */
  offset?: number;
}

export interface ScorePage {
  total: number;
  /** Position of the first item. */
  offset: number;
  /** The page `offset` falls in (1-based), for clients that page by number. */
  page: number;
  pageSize: number;
  items: CustomerScore[];
}

/** Where a page starts, and the page answer's position fields. */
export function pageWindow(options: ScoreListOptions): { offset: number; page: number; pageSize: number } {
  const pageSize = options.pageSize ?? 50;
  const offset = options.offset ?? ((options.page ?? 1) - 1) * pageSize;
  return { offset, page: Math.floor(offset / pageSize) + 1, pageSize };
}

/** The list order: by one field (nulls last in either direction), ties by customerId ascending. */
export function compareScores(
  sort: ScoreSortField,
  order: 'asc' | 'desc',
): (a: Pick<CustomerScore, ScoreSortField>, b: Pick<CustomerScore, ScoreSortField>) => number {
  const direction = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = a[sort];
    const y = b[sort];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * direction;
    }
    return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
  };
}

/** Filters (all conditions must hold), sorts (nulls last, ties by customerId ascending), pages. */
export function filterScores(
  scores: readonly CustomerScore[],
  filter: ScoreFilter = {},
  options: ScoreListOptions = {},
): ScorePage {
  const { sort = 'customerId', order = 'asc' } = options;
  const window = pageWindow(options);
  const matching = scores.filter(
    (s) =>
      (filter.segment === undefined || s.rfmSegment === filter.segment) &&
      (filter.valueTier === undefined || s.valueTier === filter.valueTier) &&
      (filter.lifecycleStage === undefined || s.lifecycleStage === filter.lifecycleStage) &&
      (filter.churnRisk === undefined || s.churnRisk === filter.churnRisk) &&
      (filter.channel === undefined || (s.channelAffinity.channel ?? 'none') === filter.channel) &&
      (filter.country === undefined || s.country === filter.country) &&
      (filter.keyAccount === undefined || s.keyAccount === filter.keyAccount),
  );
  matching.sort(compareScores(sort, order));
  const items = matching.slice(window.offset, window.offset + window.pageSize);
  return { total: matching.length, ...window, items };
}
