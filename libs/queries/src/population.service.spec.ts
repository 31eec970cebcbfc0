// The population service over a real embedded read store: documents are fetched incrementally
// once loaded, and every answer equals a full scoring (or attribution) of the stored documents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type CrmConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import {
  GENERATIONS,
  LiveReadModels,
  PARTITION_PROGRESS,
  ReadModelGenerations,
  initialPointer,
  partitionProgressId,
  type GenerationPointer,
} from '@ledger/projection-runner';
import { scoredSegments, type SegmentsView } from '@ledger/analytics';
import {
  campaignAttribution,
  campaignsProjection,
  customerAnalyticsProjection,
  scoreCustomers,
  type CampaignDoc,
  type CustomerAnalytics,
} from '@ledger/projections';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { DistributedProgress } from './distributed-progress';
import { PopulationService } from './population.service';

const ANALYTICS = customerAnalyticsProjection.name;
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T10:00:30.000Z');

/** An analytics document with purchases of the given amounts, one a week ending `daysAgo` before NOW. */
function customer(
  id: string,
  lastPosition: number,
  amounts: number[],
  daysAgo = 3,
  campaignId?: string,
): CustomerAnalytics {
  const purchases = amounts.map(
    (amount, i) =>
      [NOW - (daysAgo + 7 * (amounts.length - 1 - i)) * DAY, amount, `${id}-o${i}`, 1, campaignId ?? null] as [
        number,
        number,
        string,
        number,
        string | null,
      ],
  );
  const touches = campaignId ? [[NOW - 40 * DAY, campaignId, 2, 'touch'] as [number, string, number, 'touch']] : [];
  return {
    id,
    customerId: id,
    kind: 'person',
    country: id < 'm' ? 'DE' : 'FR',
    city: null,
    registeredAt: new Date(NOW - 400 * DAY).toISOString(),
    keyAccount: false,
    purchases,
    returns: [],
    contacts: [],
    complaints: [],
    feedback: [],
    touches,
    campaignIds: campaignId ? [campaignId] : [],
    firstPurchaseAt: purchases.length ? new Date(purchases[0][0]).toISOString() : null,
    lastPurchaseAt: purchases.length ? new Date(purchases[purchases.length - 1][0]).toISOString() : null,
    totalSpend: amounts.reduce((a, b) => a + b, 0),
    lastFeedback: null,
    lastPosition,
  };
}

/** What the endpoints read of a view: every count and a couple of pages. */
const answers = (view: SegmentsView) => ({
  asOf: view.asOf,
  customers: view.customers,
  rfm: view.counts('rfmSegment'),
  tiers: view.counts('valueTier'),
  stages: view.counts('lifecycleStage'),
  page: view.list({ country: 'DE' }, { sort: 'monetary', order: 'desc', pageSize: 5, page: 2 }),
  champions: view.list({ segment: 'champions' }, { pageSize: 3 }),
});

describe('PopulationService', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let clock: { now(): string };
  let stored: Map<string, CustomerAnalytics>;

  const open = (config: CrmConfig) => {
    const generations = new ReadModelGenerations(config, reads, { cacheMs: 0 });
    const progress = new DistributedProgress(config, store, reads, null, generations);
    return new PopulationService(new LiveReadModels(reads, generations), clock, progress);
  };
  const commit = async (docs: CustomerAnalytics[], checkpoint: number) => {
    await reads.commit(ANALYTICS, docs, checkpoint);
    for (const doc of docs) stored.set(doc.id, doc);
  };
  const expected = (asOf: string) => answers(scoredSegments(scoreCustomers([...stored.values()], asOf), asOf));
  const population = (count: number, position: number) =>
    Array.from({ length: count }, (_, i) =>
      customer(`${String.fromCharCode(97 + (i % 26))}${i}`, position, [10 + (i % 7) * 5, 20 + i], 1 + (i % 40)),
    );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-population-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    await reads.ensureCollection(ANALYTICS, customerAnalyticsProjection.indexes);
    clock = { now: () => new Date(NOW).toISOString() };
    stored = new Map();
  });

  afterEach(async () => {
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches only the documents changed since it last looked, and answers as a full scoring would', async () => {
    const service = open(loadConfig({}));
    const scan = jest.spyOn(reads, 'scan');
    const find = jest.spyOn(reads, 'find');
    await commit(population(60, 10), 10);
    const first = await service.segments(undefined, answers);
    expect(first.asOf).toBe('2026-11-23T10:00:59.999Z');
    expect(first).toEqual(expected(first.asOf));

    const changed = [customer('a0', 11, [500, 600, 700], 1), customer('zz-new', 12, [5]), customer('b1', 12, [])];
    await commit(changed, 12);
    expect(await service.segments(undefined, answers)).toEqual(expected(first.asOf));
    expect(await service.segments(undefined, answers)).toEqual(expected(first.asOf));
    expect(scan).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledWith(ANALYTICS, { filter: { lastPosition: { $gt: 10 } } });
    expect(await find.mock.results[0].value).toHaveLength(3);
  });

  it('moves to the present as the clock does, and scores other dates in full', async () => {
    const service = open(loadConfig({}));
    await commit(population(40, 5), 5);
    await service.segments(undefined, answers);
    clock.now = () => new Date(NOW + 3 * DAY + 7 * 60_000).toISOString();
    const later = await service.segments(undefined, answers);
    expect(later.asOf).toBe('2026-11-26T10:07:59.999Z');
    expect(later).toEqual(expected(later.asOf));
    const past = '2026-10-01T00:00:00.000Z';
    expect(await service.segments(past, answers)).toEqual(expected(past));
    // A date before the live one is a full scoring too; the live segments stay where they were.
    expect(await service.segments(undefined, (view) => view.asOf)).toBe(later.asOf);
  });

  it('reads everything again when the read model went back (dropped and rebuilt)', async () => {
    const service = open(loadConfig({}));
    await commit(population(30, 20), 20);
    await service.segments(undefined, answers);
    await reads.drop(ANALYTICS);
    stored.clear();
    await commit(population(8, 3), 3);
    const answer = await service.segments(undefined, answers);
    expect(answer.customers).toBe(8);
    expect(answer).toEqual(expected(answer.asOf));
  });

  it('sees a write as soon as the checkpoint covering it is committed (read-your-writes)', async () => {
    const service = open(loadConfig({}));
    await commit(population(20, 1), 1);
    const pending = service.segments(undefined, (view, position) => ({ position, customers: view.customers }));
    await commit([customer('late', 2, [42])], 2);
    // Asked after the commit: a refresh that starts after the question, so it sees the write.
    const after = await service.segments(undefined, (view, position) => ({ position, customers: view.customers }));
    expect(after).toEqual({ position: 2, customers: 21 });
    expect((await pending).customers).toBeGreaterThanOrEqual(20);
  });

  it('follows partitioned read models by their partitions’ progress (no collection checkpoint)', async () => {
    const config = loadConfig({ KAFKA_BROKERS: 'k:1', CRM_KAFKA_PARTITIONS: '2' });
    const service = open(config);
    const progress = (partition: number, lastPosition: number) =>
      reads.commit(PARTITION_PROGRESS, [{ id: partitionProgressId(ANALYTICS, partition), lastPosition }], 0);
    await reads.ensureCollection(PARTITION_PROGRESS);
    await commit([customer('a', 3, [10]), customer('b', 4, [20])], 0);
    await progress(0, 3);
    await progress(1, 4);
    expect(await service.segments(undefined, (view, position) => [view.customers, position])).toEqual([2, 3]);
    // Partition 0 applies position 5 (customer c) while partition 1 is still at 4.
    await commit([customer('c', 5, [30])], 0);
    await progress(0, 5);
    expect(await service.segments(undefined, (view, position) => [view.customers, position])).toEqual([3, 4]);
    const answer = await service.segments(undefined, answers);
    expect(answer).toEqual(expected(answer.asOf));
  });

  it('reads everything from a new generation once it goes live', async () => {
    const config = loadConfig({ KAFKA_BROKERS: 'k:1', CRM_KAFKA_PARTITIONS: '1' });
    const service = open(config);
    await reads.ensureCollection(PARTITION_PROGRESS);
    await commit(population(12, 2), 0);
    await reads.commit(PARTITION_PROGRESS, [{ id: partitionProgressId(ANALYTICS, 0), lastPosition: 2 }], 0);
    expect(await service.segments(undefined, (view) => view.customers)).toBe(12);
    // A rebuilt generation 2 goes live: fewer customers, positions not above the old ones.
    const rebuilt = 'customer_analytics__g2';
    await reads.commit(rebuilt, population(5, 1), 0);
    await reads.commit(PARTITION_PROGRESS, [{ id: partitionProgressId(rebuilt, 0), lastPosition: 2 }], 0);
    const pointer: GenerationPointer = { ...initialPointer(ANALYTICS, 1), live: 2, generations: 2 };
    await reads.commit(GENERATIONS, [pointer], 0);
    expect(await service.segments(undefined, (view) => view.customers)).toBe(5);
  });

  it('attributes campaigns from the documents, following their changes', async () => {
    const service = open(loadConfig({}));
    const [campaign] = [
      {
        ...campaignsProjection.apply(
          null,
          {
            type: 'CampaignLaunched',
            data: {
              campaignId: 'ad-a',
              name: 'Ad A',
              channel: 'email',
              startsAt: new Date(NOW - 60 * DAY).toISOString(),
              endsAt: new Date(NOW - 10 * DAY).toISOString(),
              budget: 100,
              currency: 'EUR',
              occurredAt: new Date(NOW - 60 * DAY).toISOString(),
            },
            position: 1,
          } as never,
          'ad-a',
        ),
      } as CampaignDoc,
    ];
    const options = { asOf: new Date(NOW).toISOString() };
    await commit([...population(10, 1), customer('t1', 1, [50], 30, 'ad-a'), customer('t2', 1, [70], 35, 'ad-a')], 1);
    expect(await service.attribution(campaign, options)).toEqual(
      campaignAttribution(campaign, stored.values(), options),
    );
    await commit([customer('t1', 2, [50, 80], 25, 'ad-a'), customer('t3', 2, [90], 20, 'ad-a')], 2);
    const answer = await service.attribution(campaign, options);
    expect(answer).toEqual(campaignAttribution(campaign, stored.values(), options));
    expect(answer.firstTouch.purchases).toBeGreaterThan(0);
  });
});
