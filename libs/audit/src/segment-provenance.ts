// "Why is this customer in this segment?": the customer's analytics document replayed from the
// log as of asOf, scored among the population exactly as the analysts' endpoints score it, with
// the purchases behind recency/frequency/monetary and the quintile boundaries and thresholds used.
// RFM quintiles are relative, so the other customers come from the analytics read model, counted
// as /segments counts them at asOf (a merged group as one customer: a survivor is explained with
// its group's combined facts, each member replayed from its own stream; a customer merged away
// is counted under their survivor and says so).
import type { MergedPopulation } from '@ledger/analytics';
import type { RecordedEvent } from '@ledger/domain';
import {
  CHURN_MODEL,
  LIFECYCLE_DAYS,
  combinedAnalytics,
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

/** Where the customer stands in a merge at asOf (MergedPopulation answers it from the read model). */
export interface ProvenanceGroup {
  /** The survivor the customer is counted under at asOf: themselves when not merged away. */
  survivor: string;
  /** When the customer is a survivor: the customers counted with them at asOf, with their events. */
  members: { customerId: string; events: readonly RecordedEvent[] }[];
}

/**
 * `population`: every customer as /segments counts them at asOf (MergedPopulation.documentsAt);
 * the customer's own entry is replaced by their replay from the log.
 */
export function segmentProvenance(
  events: readonly RecordedEvent[],
  asOf: string,
  population: readonly CustomerAnalytics[] = [],
  group: ProvenanceGroup | null = null,
) {
  const own = replayAnalytics(events);
  if (!own) return { asOf, score: null, reason: 'the customer was not registered as of asOf' };
  if (group && group.survivor !== own.customerId) {
    return {
      asOf,
      score: null,
      mergedInto: group.survivor,
      reason: `merged into '${group.survivor}' as of asOf: counted in the segments as that customer, with their facts`,
    };
  }
  const members = group?.members ?? [];
  const memberDocs = members.flatMap((m) => replayAnalytics(m.events) ?? []);
  const counted = combinedAnalytics(own, memberDocs);
  const scores = scoreCustomers([...population.filter((doc) => doc.customerId !== own.customerId), counted], asOf);
  const score = scores.find((s) => s.customerId === own.customerId) ?? null;
  // The group's purchases and returns, in business time (each names its own customer's stream).
  const sales = [events, ...members.map((m) => m.events)]
    .flatMap((stream) => visible(stream, { asOf }))
    .filter((e) => e.type === 'PurchaseRecorded' || e.type === 'PurchaseReturned')
    .sort((a, b) => Date.parse(occurredAt(a)) - Date.parse(occurredAt(b)) || a.position - b.position);
  return {
    asOf,
    score,
    ...(members.length > 0 ? { mergedCustomers: members.map((m) => m.customerId) } : {}),
    populationSize: scores.length,
    purchasers: scores.filter((s) => s.frequency > 0).length,
    behind: {
      // Recency counts from the latest purchase; frequency counts purchases; monetary nets returns.
      lastPurchase: [...sales].reverse().find((e) => e.type === 'PurchaseRecorded')?.eventId ?? null,
      purchases: sales.map((e) => ({
        ...refOf(e),
        ...(members.length > 0 ? { customerId: customerIdOf(e) } : {}),
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

/**
 * The provenance of a customer in a population with merges (stored documents): where they stand
 * at asOf, their group's members' events read with `eventsOf`, scored among the population as
 * /segments counts it then.
 */
export async function explainSegment(
  events: readonly RecordedEvent[],
  asOf: string,
  population: MergedPopulation,
  eventsOf: (customerId: string) => Promise<readonly RecordedEvent[]>,
) {
  const customerId = customerIdOf(events[0]);
  const ms = Date.parse(asOf);
  const survivor = population.survivorAt(customerId, ms);
  const memberIds =
    survivor === customerId && population.groups.involves(customerId)
      ? population.groups.groupAt(customerId, ms).slice(1)
      : [];
  const members = await Promise.all(memberIds.map(async (id) => ({ customerId: id, events: await eventsOf(id) })));
  return segmentProvenance(events, asOf, population.documentsAt(ms), { survivor, members });
}
