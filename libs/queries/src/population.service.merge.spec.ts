// Merged customers count once (issue 11): the population service over a real read store, fed the
// customer-analytics projection of a log with merges (a two-level merge and an unmerge), in
// steps, answers what an independent computation from the events answers — live, for past
// dates, over a segment history, for retention and for campaign attribution.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmEvent } from '@ledger/domain';
import { loadConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { LiveReadModels, ReadModelGenerations } from '@ledger/projection-runner';
import {
  campaignAttribution,
  campaignsProjection,
  customerAnalyticsProjection,
  customerFacts,
  retentionAsOf,
  RFM_SEGMENTS,
  type CampaignDoc,
  type CustomerAnalytics,
  type CustomerScore,
} from '@ledger/projections';
import { fold, launched, purchased, recordAll, registered, returned, touched } from '@ledger/projections/test-support';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { DistributedProgress } from './distributed-progress';
import { PopulationService } from './population.service';
import { oracleRetention, oracleScores, survivorsAt, type OracleScore } from './test-support/merged-oracle';

const ANALYTICS = customerAnalyticsProjection.name;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1, 12);
const d = (n: number): string => new Date(BASE + n * DAY).toISOString();
const merge = (customerId: string, mergedCustomerId: string, day: number): CrmEvent => ({
  type: 'CustomersMerged',
  data: { customerId, mergedCustomerId, occurredAt: d(day) },
});
const unmerge = (customerId: string, mergedCustomerId: string, day: number): CrmEvent => ({
  type: 'CustomersUnmerged',
  data: { customerId, mergedCustomerId, occurredAt: d(day) },
});

// Twelve customers of their own, so the quintiles have a population to rank in.
const others: CrmEvent[] = Array.from({ length: 12 }, (_, i) => {
  const id = `o${String(i).padStart(2, '0')}`;
  return [
    registered(id, d(i)),
    ...Array.from({ length: 1 + (i % 4) }, (_, k) => purchased(id, d(5 + i * 3 + k * 9), 10 + 15 * ((i * 7) % 5))),
  ];
}).flat();

const before: CrmEvent[] = [
  ...others,
  registered('a', d(1)),
  purchased('a', d(10), 100),
  purchased('a', d(40), 50),
  touched('a', 'spring', d(12)),
  registered('b', d(2)),
  purchased('b', d(20), 30, { orderId: 'b-1' }),
  returned('b', 'b-1', d(25), 10),
  touched('b', 'spring', d(15)),
  registered('c', d(3)),
  purchased('c', d(30), 200),
  registered('d', d(4)),
  purchased('d', d(35), 20),
  purchased('d', d(36), 20),
  registered('e', d(5)),
  purchased('e', d(38), 60),
];
/** b into a, then a (with b) into c: two levels; e into d, unmerged at day 80. */
const merges: CrmEvent[] = [
  merge('a', 'b', 50),
  merge('d', 'e', 55),
  merge('c', 'a', 60),
  purchased('b', d(70), 40.5),
  unmerge('d', 'e', 80),
];
const later: CrmEvent[] = [purchased('c', d(380), 25), purchased('o03', d(390), 10), purchased('e', d(400), 15)];
const log = [...before, ...merges, ...later];

/** The engine's answer in the oracle's shape, by customer id. */
const byId = (items: readonly CustomerScore[]): Map<string, OracleScore> =>
  new Map(
    items.map((s) => [
      s.customerId,
      {
        customerId: s.customerId,
        recencyDays: s.recencyDays,
        frequency: s.frequency,
        monetary: s.monetary,
        r: s.r,
        f: s.f,
        m: s.m,
        rfmSegment: s.rfmSegment,
      },
    ]),
  );
const tally = (scores: Map<string, OracleScore>) => {
  const counts = Object.fromEntries(RFM_SEGMENTS.map((s) => [s, 0]));
  for (const score of scores.values()) counts[score.rfmSegment]++;
  return counts;
};

describe('PopulationService with merged customers', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let now: number;
  let service: PopulationService;
  let committed = 0;

  /** Applies the log up to `count` events and commits the documents that changed. */
  const commitUpTo = async (count: number) => {
    const docs = [...fold(customerAnalyticsProjection, recordAll(log).slice(0, count)).values()];
    await reads.commit(
      ANALYTICS,
      docs.filter((doc) => doc.lastPosition > committed),
      count,
    );
    committed = count;
  };
  /** Every answer of the segments endpoints at `asOf` (undefined: the live present), against the oracle. */
  const expectOracle = async (asOf: string | undefined, events: readonly CrmEvent[]) => {
    const answer = await service.segments(asOf, (view) => ({
      asOf: view.asOf,
      customers: view.customers,
      counts: view.counts('rfmSegment'),
      scores: byId(view.list({}, { pageSize: 1000 }).items),
    }));
    const expected = oracleScores(events, answer.asOf);
    expect(answer.scores).toEqual(expected);
    expect(answer.customers).toBe(expected.size);
    expect(answer.counts).toEqual(tally(expected));
    return answer;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-merged-population-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    await reads.ensureCollection(ANALYTICS, customerAnalyticsProjection.indexes);
    const config = loadConfig({});
    const generations = new ReadModelGenerations(config, reads, { cacheMs: 0 });
    const progress = new DistributedProgress(config, store, reads, null, generations);
    now = Date.parse(d(45));
    const clock = { now: () => new Date(now).toISOString() };
    service = new PopulationService(new LiveReadModels(reads, generations), clock, progress);
  });

  afterAll(async () => {
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a merged group once, live, as the merges and the unmerge take effect', async () => {
    await commitUpTo(before.length);
    const first = await expectOracle(undefined, before);
    expect(first.scores.has('b')).toBe(true);

    // The merges arrive (business times days 50-80); the live date moves past two of them.
    await commitUpTo(before.length + merges.length);
    now = Date.parse(d(65));
    const merged = await expectOracle(undefined, log);
    expect([...merged.scores.keys()].filter((id) => id.length === 1).sort()).toEqual(['c', 'd']);
    // c stands for a and b: every purchase of the three up to day 65, b's return taken off.
    expect(merged.scores.get('c')).toMatchObject({
      frequency: 4,
      monetary: 100 + 50 + (30 - 10) + 200,
      recencyDays: 65 - 40,
    });

    // Only the date moves, past the unmerge: e counts alone again, exactly as before the merge.
    now = Date.parse(d(90));
    const unmerged = await expectOracle(undefined, log);
    expect(unmerged.scores.get('e')).toMatchObject({ frequency: 1, monetary: 60 });
    expect(unmerged.scores.get('d')).toMatchObject({ frequency: 2, monetary: 40 });
  });

  it('scores past dates with the groups of that date: before a merge, two customers', async () => {
    await commitUpTo(log.length);
    now = Date.parse(d(420));
    for (const day of [45, 50, 52, 57, 60, 65, 79, 80, 90, 200, 420]) await expectOracle(d(day), log);
    const beforeMerge = await expectOracle(d(49), log);
    expect(['a', 'b', 'c'].every((id) => beforeMerge.scores.has(id))).toBe(true);
  });

  it('retention counts a merged group once, with the purchases of all its members', async () => {
    for (const day of [400, 420, 430]) {
      const { docs } = await service.analytics(d(day));
      expect(retentionAsOf(docs as CustomerAnalytics[], d(day))).toEqual(oracleRetention(log, d(day)));
    }
    // In the base year (before day 35) ten of the others bought, and a, b and c: one group.
    expect(oracleRetention(log, d(400)).base).toBe(10 + 1);
  });

  it('segment history enters and leaves customers as groups form and part', async () => {
    const instants = Array.from({ length: 16 }, (_, k) => BASE + (40 + 5 * k) * DAY);
    for (const segment of RFM_SEGMENTS) {
      const points = await service.history('rfmSegment', segment, instants);
      const members = instants.map((t) => {
        const scores = oracleScores(log, new Date(t).toISOString());
        return new Set([...scores.values()].filter((s) => s.rfmSegment === segment).map((s) => s.customerId));
      });
      const expected = instants.slice(1).map((t, k) => ({
        at: new Date(t).toISOString(),
        members: members[k + 1].size,
        entered: [...members[k + 1]].filter((id) => !members[k].has(id)).length,
        exited: [...members[k]].filter((id) => !members[k + 1].has(id)).length,
      }));
      expect([segment, points]).toEqual([segment, expected]);
    }
  });

  it('attributes a campaign to a merged group as one customer touched and converted', async () => {
    const event = recordAll([launched('spring', d(0), d(100), { budget: 500 })])[0];
    const campaign = campaignsProjection.apply(null, event, 'spring') as CampaignDoc;
    const touchedBy = (day: number) => new Set(['a', 'b'].map((id) => survivorsAt(log, BASE + day * DAY).get(id)));
    const apart = await service.attribution(campaign, { asOf: d(45) });
    expect(apart.customersTouched).toBe(touchedBy(45).size);
    expect(apart.customersTouched).toBe(2);
    const together = await service.attribution(campaign, { asOf: d(65) });
    expect(together.customersTouched).toBe(touchedBy(65).size);
    expect(together.customersTouched).toBe(1);
    expect(together.customersConverted).toBe(1);
    expect(together.touchesByChannel).toEqual(apart.touchesByChannel);
  });

  it('attributes exactly what a full recomputation over the counted customers gives, before, during and after merges', async () => {
    const event = recordAll([launched('spring', d(0), d(100), { budget: 500 })])[0];
    const campaign = campaignsProjection.apply(null, event, 'spring') as CampaignDoc;
    // Every customer, so the recomputation does not rely on which ones name the campaign.
    const everyone = [
      'a',
      'b',
      'c',
      'd',
      'e',
      ...Array.from({ length: 12 }, (_, i) => `o${String(i).padStart(2, '0')}`),
    ];
    for (const day of [14, 45, 52, 58, 62, 75, 85, 120, 400]) {
      const asOf = d(day);
      const survivors = new Set(everyone.map((id) => survivorsAt(log, BASE + day * DAY).get(id) ?? id));
      const counted: CustomerAnalytics[] = [];
      for (const id of survivors) {
        const answer = await service.customer(id, asOf);
        if (answer) counted.push(answer.counted as CustomerAnalytics);
      }
      const full = campaignAttribution(campaign, counted, { asOf });
      expect([day, await service.attribution(campaign, { asOf })]).toEqual([day, full]);
    }
  });

  it('answers one customer as counted: a survivor for its group, a customer merged away pointing to it', async () => {
    const c = await service.customer('c', d(65));
    expect(c).toMatchObject({ survivor: 'c', group: ['c', 'a', 'b'] });
    const facts = customerFacts(c?.counted as CustomerAnalytics, BASE + 65 * DAY);
    expect(facts).toMatchObject({ frequency: oracleScores(log, d(65)).get('c')?.frequency });
    expect(await service.customer('b', d(65))).toMatchObject({ survivor: 'c', own: { id: 'b' } });
    expect(await service.customer('b', d(45))).toMatchObject({ survivor: 'b', group: ['b'] });
    expect(await service.customer('nobody', d(65))).toBeNull();
  });

  it('counts a merged group registered once, in the month of its earliest registration', async () => {
    for (const day of [45, 65, 90]) {
      const top = survivorsAt(log, BASE + day * DAY);
      const raw: Record<string, number> = {};
      const groups = new Map<string, string>();
      for (const event of log) {
        if (event.type !== 'CustomerRegistered') continue;
        const month = event.data.occurredAt.slice(0, 7);
        raw[month] = (raw[month] ?? 0) + 1;
        const group = top.get(event.data.customerId) as string;
        if (!groups.has(group) || month < (groups.get(group) as string)) groups.set(group, month);
      }
      const once: Record<string, number> = {};
      for (const month of groups.values()) once[month] = (once[month] ?? 0) + 1;
      const corrections = await service.registrationCorrections(d(day));
      for (const month of Object.keys(raw))
        expect((raw[month] ?? 0) + (corrections[month] ?? 0)).toBe(once[month] ?? 0);
    }
    expect(await service.registrationCorrections(d(65))).toEqual({ '2026-01': -3 });
  });
});
