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
  type PurchaseFacts,
} from './customer-signals';
import { countsAbove, quintileScores } from './quantiles';
import { RFM_SEGMENTS, rfmSegmentOf, type RfmSegment } from './segment-definitions';
import { toMs } from './timeline';

// Lifecycle names and thresholds stay out of the barrel (the lifecycle projection owns those
// names); import them from './customer-signals' inside this library.
export { CHURN_MODEL } from './customer-signals';
export { RFM_SEGMENTS, SEGMENT_DEFINITIONS, rfmSegmentOf } from './segment-definitions';
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

export interface CustomerScore {
  customerId: string;
  country: string | null;
  keyAccount: boolean;
  /** Whole days since the last purchase; null for prospects. */
  recencyDays: number | null;
  frequency: number;
  /** Net: purchases minus returns, as of the date. */
  monetary: Money;
  /** 1-5 quintiles among purchasers as of the date (5 = most recent / most frequent / highest value); null for prospects. */
  r: number | null;
  f: number | null;
  m: number | null;
  /** e.g. '545'; null for prospects. */
  rfm: string | null;
  rfmSegment: RfmSegment;
  valueTier: ValueTier;
  lifecycleStage: LifecycleStage;
  churnRisk: ChurnRisk;
  /** 0..1, see CHURN_MODEL / churnRiskOf. */
  churnScore: number;
  channelAffinity: ChannelAffinity;
}

/**
 * Scores every customer that existed as of `asOf` (registered by then, or with a purchase by
 * then), in the order given. RFM, value tiers: one numeric sort per dimension, O(n log n).
 */
export function scoreCustomers(docs: readonly CustomerAnalytics[], asOf: string): CustomerScore[] {
  const asOfMs = toMs(asOf);
  const population: { doc: CustomerAnalytics; facts: PurchaseFacts }[] = [];
  for (const doc of docs) {
    const facts = purchaseFacts(doc, asOfMs);
    const registered = doc.registeredAt !== null && toMs(doc.registeredAt) <= asOfMs;
    if (registered || facts.frequency > 0) population.push({ doc, facts });
  }
  const purchasers = population.filter((c) => c.facts.frequency > 0);
  const recency = purchasers.map((c) => c.facts.recencyDays as number);
  const monetary = purchasers.map((c) => c.facts.monetary);
  const r = quintileScores(recency, false);
  const frequency = purchasers.map((c) => c.facts.frequency);
  const f = quintileScores(frequency, true);
  const m = quintileScores(monetary, true);
  const above = countsAbove(monetary);
  let next = 0; // purchasers keep population order, so the k-th purchaser met is purchasers[k]

  return population.map(({ doc, facts }) => {
    const i = facts.frequency > 0 ? next++ : undefined;
    const rfm = i === undefined ? { r: null, f: null, m: null } : { r: r[i], f: f[i], m: m[i] };
    const churn = churnRiskOf(doc, facts, asOfMs);
    return {
      customerId: doc.customerId,
      country: doc.country,
      keyAccount: doc.keyAccount,
      recencyDays: facts.recencyDays,
      frequency: facts.frequency,
      monetary: facts.monetary,
      ...rfm,
      rfm: i === undefined ? null : `${r[i]}${f[i]}${m[i]}`,
      rfmSegment: rfmSegmentOf(rfm),
      valueTier: i === undefined ? 'none' : valueTierOf(facts.monetary, above[i], purchasers.length),
      lifecycleStage: lifecycleStageOf(doc.purchases, facts.frequency, asOfMs),
      churnRisk: churn.level,
      churnScore: churn.score,
      channelAffinity: channelAffinityOf(doc, asOfMs),
    };
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
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface ScorePage {
  total: number;
  page: number;
  pageSize: number;
  items: CustomerScore[];
}

/** Filters (all conditions must hold), sorts (nulls last, ties by customerId ascending), pages. */
export function filterScores(
  scores: readonly CustomerScore[],
  filter: ScoreFilter = {},
  options: ScoreListOptions = {},
): ScorePage {
  const { sort = 'customerId', order = 'asc', page = 1, pageSize = 50 } = options;
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
  const direction = order === 'asc' ? 1 : -1;
  matching.sort((a, b) => {
    const x = a[sort];
    const y = b[sort];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * direction;
    }
    return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
  });
  const start = (page - 1) * pageSize;
  return { total: matching.length, page, pageSize, items: matching.slice(start, start + pageSize) };
}
