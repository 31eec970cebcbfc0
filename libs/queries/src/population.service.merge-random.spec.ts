// Property test: random logs with merges and unmerges (as the command side allows them: no
// circle, no customer in two groups), some with business times ahead of the clock, projected
// and fed to the population service step by step while the clock moves. After every step the
// live answer and a past date's equal the independent computation from the events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmEvent } from '@ledger/domain';
import { loadConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { LiveReadModels, ReadModelGenerations } from '@ledger/projection-runner';
import { customerAnalyticsProjection, type CustomerAnalytics, type CustomerScore } from '@ledger/projections';
import { foldLog, purchased, RecordedLog, registered, returned } from '@ledger/projections/test-support';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { DistributedProgress } from './distributed-progress';
import { PopulationService } from './population.service';
import { oracleScores } from './test-support/merged-oracle';

const ANALYTICS = customerAnalyticsProjection.name;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 2, 1);
const iso = (ms: number): string => new Date(ms).toISOString();

/** A seeded linear congruential generator, so a failing seed replays. */
function generator(seed: number) {
  let state = seed;
  const next = (): number => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] };
}

const shape = (items: readonly CustomerScore[]) =>
  Object.fromEntries(
    items.map((s) => [s.customerId, [s.recencyDays, s.frequency, s.monetary, s.r, s.f, s.m, s.rfmSegment]]),
  );
const oracleShape = (events: readonly CrmEvent[], asOf: string) =>
  Object.fromEntries(
    [...oracleScores(events, asOf).values()].map((s) => [
      s.customerId,
      [s.recencyDays, s.frequency, s.monetary, s.r, s.f, s.m, s.rfmSegment],
    ]),
  );

describe('PopulationService with random merges', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-merge-random-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    await reads.ensureCollection(ANALYTICS, customerAnalyticsProjection.indexes);
  });

  afterEach(async () => {
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([1, 2, 3, 4])('equals the independent computation after every step (seed %i)', async (seed) => {
    const random = generator(seed);
    const config = loadConfig({});
    const generations = new ReadModelGenerations(config, reads, { cacheMs: 0 });
    let now = START;
    const clock = { now: () => iso(now) };
    const service = new PopulationService(
      new LiveReadModels(reads, generations),
      clock,
      new DistributedProgress(config, store, reads, null, generations),
    );
    const log = new RecordedLog();
    const events: CrmEvent[] = [];
    const docs = new Map<string, CustomerAnalytics>();
    const ids = Array.from({ length: 24 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const parent = new Map<string, string>();
    const root = (id: string): string => (parent.has(id) ? root(parent.get(id) as string) : id);
    let mergeAt = START;
    const registeredIds: string[] = [];

    for (let step = 0; step < 25; step++) {
      const batch: CrmEvent[] = [];
      for (let k = 0; k < 6; k++) {
        const roll = random.next();
        const id = random.pick(ids);
        const at = iso(Math.floor((now - 200 * DAY + random.int(230 * 24) * HOUR) / HOUR) * HOUR);
        if (!registeredIds.includes(id)) {
          registeredIds.push(id);
          batch.push(registered(id, at));
        } else if (roll < 0.5) batch.push(purchased(id, at, random.pick([10, 20, 35, 50.5])));
        else if (roll < 0.6) batch.push(returned(id, `${id}-x`, at, 5));
        else if (roll < 0.85 && registeredIds.length > 2) {
          // A merge as the command side allows it: the merged customer heads no other group's
          // member, and is not the survivor's top (no circle). Business times never go back.
          const [survivor, merged] = [random.pick(registeredIds), random.pick(registeredIds)];
          if (survivor === merged || parent.has(merged) || root(survivor) === merged) continue;
          mergeAt = Math.max(mergeAt, now - random.int(3) * DAY) + random.int(4) * DAY;
          parent.set(merged, survivor);
          batch.push({
            type: 'CustomersMerged',
            data: { customerId: survivor, mergedCustomerId: merged, occurredAt: iso(mergeAt) },
          });
        } else if (parent.size > 0) {
          const [merged, survivor] = random.pick([...parent]);
          mergeAt += random.int(3) * DAY;
          parent.delete(merged);
          batch.push({
            type: 'CustomersUnmerged',
            data: { customerId: survivor, mergedCustomerId: merged, occurredAt: iso(mergeAt) },
          });
        }
      }
      events.push(...batch);
      const before = log.events.length;
      foldLog(customerAnalyticsProjection, log.recordAll(batch), docs);
      const changed = [...docs.values()].filter((doc) => doc.lastPosition > before);
      await reads.commit(ANALYTICS, changed, log.events.length);
      now += random.int(3) * DAY + random.int(24) * HOUR;

      const live = await service.segments(undefined, (view) => ({
        asOf: view.asOf,
        items: view.list({}, { pageSize: 1000 }).items,
      }));
      expect([seed, step, shape(live.items)]).toEqual([seed, step, oracleShape(events, live.asOf)]);
      const past = iso(now - random.int(20) * DAY - random.int(24) * HOUR);
      const scored = await service.segments(past, (view) => view.list({}, { pageSize: 1000 }).items);
      expect([seed, step, past, shape(scored)]).toEqual([seed, step, past, oracleShape(events, past)]);
    }
    expect(events.some((e) => e.type === 'CustomersUnmerged')).toBe(true);
  });
});
