// "Why is this customer in this segment?": the customer's analytics document replayed from the
// log as of asOf, scored among the population exactly as the analysts' endpoints score it, with
// the purchases behind recency/frequency/monetary and the quintile boundaries and thresholds used.
// RFM quintiles are relative, so the other customers come from the analytics read model.
import type { RecordedEvent } from '@ledger/domain';
import {
  CHURN_MODEL,
  LIFECYCLE_DAYS,
  customerAnalyticsProjection,
  scoreCustomers,
  type CustomerAnalytics,
  type CustomerScore,
} from '@ledger/projections';
import { occurredAt, refOf, visible } from './replay';

type Dimension = 'r' | 'f' | 'm';
const VALUE_OF: Record<Dimension, keyof CustomerScore> = { r: 'recencyDays', f: 'frequency', m: 'monetary' };

/** For each score 1-5 of a dimension, the range of values the population's purchasers with it have. */
function quintileBoundaries(scores: CustomerScore[], dimension: Dimension) {
  const ranges = new Map<number, { score: number; min: number; max: number }>();
  for (const s of scores) {
    const score = s[dimension];
    const value = s[VALUE_OF[dimension]] as number | null;
    if (score === null || value === null) continue;
    const range = ranges.get(score) ?? { score, min: value, max: value };
    ranges.set(score, { score, min: Math.min(range.min, value), max: Math.max(range.max, value) });
  }
  return [...ranges.values()].sort((a, b) => b.score - a.score);
}

export function replayAnalytics(events: readonly RecordedEvent[]): CustomerAnalytics | null {
  let doc: CustomerAnalytics | null = null;
  for (const event of events) doc = customerAnalyticsProjection.apply(doc, event, customerIdOf(event)) ?? doc;
  return doc;
}

const customerIdOf = (event: RecordedEvent): string => (event.data as { customerId: string }).customerId;

export function segmentProvenance(
  events: readonly RecordedEvent[],
  asOf: string,
  others: readonly CustomerAnalytics[] = [],
) {
  const upTo = visible(events, { asOf });
  const own = replayAnalytics(events);
  if (!own) return { asOf, score: null, reason: 'the customer was not registered as of asOf' };
  const population = [...others.filter((doc) => doc.customerId !== own.customerId), own];
  const scores = scoreCustomers(population, asOf);
  const score = scores.find((s) => s.customerId === own.customerId) ?? null;
  const sales = upTo.filter((e) => e.type === 'PurchaseRecorded' || e.type === 'PurchaseReturned');
  return {
    asOf,
    score,
    populationSize: scores.length,
    purchasers: scores.filter((s) => s.frequency > 0).length,
    behind: {
      // Recency counts from the latest purchase; frequency counts purchases; monetary nets returns.
      lastPurchase: [...sales].reverse().find((e) => e.type === 'PurchaseRecorded')?.eventId ?? null,
      purchases: sales.map((e) => ({
        ...refOf(e),
        amount: (e.data as { amount: number }).amount,
        occurredAt: occurredAt(e),
      })),
    },
    quintiles: {
      r: quintileBoundaries(scores, 'r'),
      f: quintileBoundaries(scores, 'f'),
      m: quintileBoundaries(scores, 'm'),
    },
    thresholds: { lifecycleDays: LIFECYCLE_DAYS, churnModel: CHURN_MODEL },
  };
}
