// What one customer's timelines say as of an instant: purchase facts, lifecycle stage, churn
// risk and channel affinity. Pure; every figure only reads entries at or before `asOf`.
import { subtractMoney, addMoney, CONTACT_CHANNELS, type ContactChannel, type Money } from '@ledger/domain';
import type { CustomerAnalytics } from './customer-analytics.projection';
import { countUpTo, DAY_MS, firstIndexFrom } from './timeline';

/**
 * Lifecycle thresholds in days, shared with the lifecycle projection. A stage lasts from the
 * purchase instant up to (not including) purchase + N days: `new` for 90 days after the first
 * purchase, `active` until 180 days after the last, `at_risk` until 365, `lapsed` from then on.
 * A purchase made while lapsed (365+ days after the previous one) makes the customer `won_back`
 * for 90 days.
 */
export const LIFECYCLE_DAYS = { new: 90, active: 180, atRisk: 365, wonBack: 90 } as const;

export const LIFECYCLE_STAGES = ['prospect', 'new', 'active', 'at_risk', 'lapsed', 'won_back'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export type ChurnRisk = (typeof CHURN_RISKS)[number];

/** Churn-risk weights and levels (see `churnRiskOf`). */
export const CHURN_MODEL = {
  recencyWeight: 0.6,
  complaintWeight: 0.25,
  feedbackWeight: 0.15,
  /** Expected days between purchases for a customer with a single purchase. */
  singlePurchaseIntervalDays: LIFECYCLE_DAYS.active,
  /** Floor on the average interval, so two purchases on one day do not make every later day "overdue". */
  minIntervalDays: 14,
  high: 0.5,
  medium: 0.25,
} as const;

export interface PurchaseFacts {
  /** How many purchases happened at or before asOf (the first `frequency` entries of the timeline). */
  frequency: number;
  /** Purchases minus returns at or before asOf. */
  monetary: Money;
  recencyDays: number | null;
}

/** Entries whose first element is a business time, ascending (a purchase timeline). */
type Timed = readonly (readonly [number, ...unknown[]])[];

export function purchaseFacts(doc: CustomerAnalytics, asOfMs: number): PurchaseFacts {
  const { purchases, returns } = doc;
  const frequency = countUpTo(purchases, asOfMs);
  let monetary = 0;
  for (let i = 0; i < frequency; i++) monetary = addMoney(monetary, purchases[i][1]);
  for (let i = 0, end = countUpTo(returns, asOfMs); i < end; i++) monetary = subtractMoney(monetary, returns[i][1]);
  const recencyDays = frequency > 0 ? Math.floor((asOfMs - purchases[frequency - 1][0]) / DAY_MS) : null;
  return { frequency, monetary, recencyDays };
}

/** The stage as of asOf, from the first `count` purchases (those at or before asOf). */
export function lifecycleStageOf(purchases: Timed, count: number, asOfMs: number): LifecycleStage {
  if (count === 0) return 'prospect';
  const days = (n: number): number => n * DAY_MS;
  if (asOfMs - purchases[0][0] < days(LIFECYCLE_DAYS.new)) return 'new';
  let wonBackAt: number | null = null;
  for (let i = 1; i < count; i++) {
    if (purchases[i][0] - purchases[i - 1][0] >= days(LIFECYCLE_DAYS.atRisk)) wonBackAt = purchases[i][0];
  }
  if (wonBackAt !== null && asOfMs - wonBackAt < days(LIFECYCLE_DAYS.wonBack)) return 'won_back';
  const sinceLast = asOfMs - purchases[count - 1][0];
  if (sinceLast < days(LIFECYCLE_DAYS.active)) return 'active';
  if (sinceLast < days(LIFECYCLE_DAYS.atRisk)) return 'at_risk';
  return 'lapsed';
}

/**
 * score = 0.6 × recencyRisk + 0.25 × complaintRisk + 0.15 × feedbackRisk, rounded to 3 places:
 * - recencyRisk = clamp((recencyDays / expectedInterval − 1) / 2, 0, 1): 0 while within the
 *   customer's own average interval between purchases ((last − first) / (n − 1), at least 14
 *   days; 180 days with one purchase), 1 when three times overdue; 0 for prospects.
 * - complaintRisk = min(open complaints as of asOf, 2) / 2.
 * - feedbackRisk = 1 when the latest feedback as of asOf is low (CSAT ≤ 2 or NPS ≤ 6), else 0.
 * level: high ≥ 0.5, medium ≥ 0.25, else low.
 */
export function churnRiskOf(
  doc: CustomerAnalytics,
  facts: PurchaseFacts,
  asOfMs: number,
): { level: ChurnRisk; score: number } {
  const model = CHURN_MODEL;
  let recencyRisk = 0;
  if (facts.recencyDays !== null) {
    const { purchases } = doc;
    const n = facts.frequency;
    const average = n > 1 ? (purchases[n - 1][0] - purchases[0][0]) / (n - 1) / DAY_MS : null;
    const expected = average === null ? model.singlePurchaseIntervalDays : Math.max(average, model.minIntervalDays);
    recencyRisk = clamp01((facts.recencyDays / expected - 1) / 2);
  }
  let open = 0;
  const opened = countUpTo(doc.complaints, asOfMs);
  for (let i = 0; i < opened; i++) {
    const resolvedAt = doc.complaints[i][2];
    if (resolvedAt === null || resolvedAt > asOfMs) open++;
  }
  const given = countUpTo(doc.feedback, asOfMs);
  const latest = given > 0 ? doc.feedback[given - 1] : null;
  const lowFeedback = latest !== null && (latest[1] === 'csat' ? latest[2] <= 2 : latest[2] <= 6);
  const raw =
    model.recencyWeight * recencyRisk +
    model.complaintWeight * (Math.min(open, 2) / 2) +
    model.feedbackWeight * (lowFeedback ? 1 : 0);
  const score = Math.round(raw * 1000) / 1000;
  return { level: score >= model.high ? 'high' : score >= model.medium ? 'medium' : 'low', score };
}

export interface ChannelAffinity {
  /** The channel with most contacts + purchases in the 365 days up to asOf; ties go to the earlier channel in the vocabulary. */
  channel: ContactChannel | null;
  /** Share of those interactions per channel (3 places), channels with none omitted, vocabulary order. */
  shares: Partial<Record<ContactChannel, number>>;
}

export function channelAffinityOf(doc: CustomerAnalytics, asOfMs: number): ChannelAffinity {
  const counts = CONTACT_CHANNELS.map(() => 0);
  // The year up to asOf: (asOf − 365 days, asOf].
  const from = asOfMs - 365 * DAY_MS + 1;
  const { contacts, purchases } = doc;
  for (let i = firstIndexFrom(contacts, from), end = countUpTo(contacts, asOfMs); i < end; i++)
    counts[contacts[i][1]]++;
  for (let i = firstIndexFrom(purchases, from), end = countUpTo(purchases, asOfMs); i < end; i++)
    counts[purchases[i][3]]++;
  const total = counts.reduce((sum, n) => sum + n, 0);
  const shares: Partial<Record<ContactChannel, number>> = {};
  let best = -1;
  counts.forEach((n, i) => {
    if (n === 0) return;
    shares[CONTACT_CHANNELS[i]] = Math.round((n / total) * 1000) / 1000;
    if (best === -1 || n > counts[best]) best = i;
  });
  return { channel: best === -1 ? null : CONTACT_CHANNELS[best], shares };
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
