// The query code's own cost, measured in the harness process on the population's analytics
// documents: the live segments and attribution the query service keeps (@ledger/projections),
// without HTTP, Nest or the read store around them. Also the full scoring every moved checkpoint
// used to cost, for comparison. Time here is wall-clock on a shared machine: compare within a run.
import { SCHEMA_VERSIONS, type RecordedEvent } from '@ledger/domain';
import { LiveAttribution, LiveSegments } from '@ledger/analytics';
import {
  campaignAttribution,
  customerAnalyticsProjection,
  SCORE_DIMENSION_VALUES,
  scoreCustomers,
  type CustomerAnalytics,
  type RfmSegment,
  type ScoreDimension,
} from '@ledger/projections';
import { endOfCurrentMinute } from '@ledger/queries';
import { elapsedMs, round, summarise } from './stats';
import type { Population } from './synthetic-population';

const CHANGED_PER_BATCH = 100;

function once<T>(work: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, ms: round(elapsedMs(start)) };
}

function sample(count: number, work: (i: number) => unknown) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    work(i);
    samples.push(elapsedMs(start));
  }
  return summarise(samples);
}

/** A purchase as the store would deliver it, so new document versions come from the real projection. */
function purchase(customerId: string, position: number, at: string): RecordedEvent {
  const id = `bench-${position}`;
  return {
    eventId: id,
    type: 'PurchaseRecorded',
    schemaVersion: SCHEMA_VERSIONS.PurchaseRecorded,
    data: {
      customerId,
      orderId: id,
      lines: [{ sku: 'BEAN-1KG', quantity: 1, unitPrice: 12.5 }],
      amount: 12.5,
      currency: 'EUR',
      channel: 'web',
      occurredAt: at,
    },
    metadata: { commandId: id, correlationId: id, causationId: id, actor: 'bench', channel: 'bench' },
    streamId: `customer-${customerId}`,
    revision: 0,
    position,
    recordedAt: at,
  };
}

export function queryTimings(population: Population, rounds: number) {
  const docs = population.analytics();
  const now = new Date().toISOString();
  const asOf = endOfCurrentMinute(now);
  const full = once(() => scoreCustomers(docs, asOf).length);
  const built = once(() => new LiveSegments(asOf, docs));
  const indexed = once(() => new LiveAttribution(docs));
  const live = built.value;
  const attribution = indexed.value;
  const counts = Object.entries(live.counts('rfmSegment')) as [RfmSegment, number][];
  const segment = counts.sort((a, b) => b[1] - a[1])[0][0]; // the largest, as over HTTP
  const dimensions = Object.keys(SCORE_DIMENSION_VALUES) as ScoreDimension[];
  const { campaigns } = population;
  const touched = docs.filter((doc) => doc.campaignIds.length > 0);
  let head = 0;
  for (const doc of docs) head = Math.max(head, doc.lastPosition);
  const next = (): number => ++head;

  const figures = {
    documents: docs.length,
    fullScoringMs: full.ms,
    liveBuildMs: built.ms,
    attributionIndexMs: indexed.ms,
    segmentCountsMs: sample(rounds, () => dimensions.map((d) => live.counts(d))),
    segmentPaged: segment,
    segmentPageMs: sample(rounds, () => live.list({ segment }, { page: 2, pageSize: 20 })),
    attributionFirstAskMs: sample(campaigns.length, (i) => attribution.attribution(campaigns[i], { asOf })),
    attributionMs: sample(rounds, (i) => attribution.attribution(campaigns[i % campaigns.length], { asOf })),
    attributionOverAllTouchedMs: once(() => campaignAttribution(campaigns[0], touched, { asOf })).ms,
    changedBatch: CHANGED_PER_BATCH,
    changedBatchMs: sample(Math.max(5, Math.round(rounds / 10)), () => changeSome(docs, live, attribution, now, next)),
    advanceOneMinuteMs: ((): ReturnType<typeof summarise> => {
      let minute = Date.parse(asOf);
      return sample(30, () => live.advanceTo(new Date((minute += 60_000)).toISOString()));
    })(),
  };
  return figures;
}

/** CHANGED_PER_BATCH random customers buy something: the new versions go through the live structures. */
function changeSome(
  docs: CustomerAnalytics[],
  live: LiveSegments,
  attribution: LiveAttribution,
  at: string,
  position: () => number,
): void {
  const changed: CustomerAnalytics[] = [];
  for (let k = 0; k < CHANGED_PER_BATCH; k++) {
    const i = Math.floor(Math.random() * docs.length);
    const doc = docs[i];
    const next = customerAnalyticsProjection.apply(doc, purchase(doc.customerId, position(), at), doc.id);
    if (next) changed.push((docs[i] = next));
  }
  attribution.apply(live.upsert(changed));
}
