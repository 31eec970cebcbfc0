// The scheduled fit over a real embedded event store and read store, with an injected clock: due
// one interval after the last recorded fit (so a restarted scheduler knows), skipped when no
// purchase arrived, and of two schedulers fitting at once only one is recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Clock, type CrmConfig } from '@ledger/config';
import { SCHEMA_VERSIONS, type NewEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { lifecycleProjection, type LifecycleHistory } from '@ledger/projections';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { CustomerValueService } from './customer-value.service';
import { CustomerValueFitScheduler, SCHEDULER_ACTOR } from './fit-scheduler';
import { MODEL_STREAM } from './model-stream';

const DAY = 86_400_000;
const START = Date.parse('2025-05-01T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const metadata = {
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  actor: 'channel:test',
  channel: 'api' as const,
};

describe('scheduled customer-value fits', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let nowMs: number;
  const clock: Clock = { now: () => iso(nowMs) };
  const config: CrmConfig = { ...loadConfig({ CRM_VALUE_FIT_INTERVAL: '7d' }) };
  let orders = 0;

  /** Appends the events and folds them into the lifecycle read model with the real projection. */
  async function record(customerId: string, events: NewEvent[]) {
    const { positions } = await store.append(`customer-${customerId}`, events, 'any');
    const recorded = await store.readAll({ fromPosition: positions[0] - 1 });
    let doc = await reads.get<LifecycleHistory>(lifecycleProjection.name, customerId);
    for (const event of recorded) doc = lifecycleProjection.apply(doc, event, customerId);
    if (doc) await reads.commit(lifecycleProjection.name, [doc], positions[positions.length - 1]);
  }
  const purchase = (customerId: string, atMs: number, amount: number): NewEvent => ({
    eventId: `p-${++orders}`,
    type: 'PurchaseRecorded',
    schemaVersion: SCHEMA_VERSIONS.PurchaseRecorded,
    data: {
      customerId,
      orderId: `o-${orders}`,
      lines: [{ sku: 'CD', quantity: 1, unitPrice: amount }],
      amount,
      currency: 'EUR',
      channel: 'web',
      occurredAt: iso(atMs),
    },
    metadata,
  });
  const scheduler = () =>
    new CustomerValueFitScheduler(config, clock, store, new CustomerValueService(store, reads, clock));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-fit-scheduler-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    await reads.ensureCollection(lifecycleProjection.name, lifecycleProjection.indexes);
    nowMs = START;
    // The CRM's customer-value e2e history: customer i first buys on day i of the year, then
    // (i mod 5) more times every 2 + (i mod 4) weeks, for 11 + (i mod 13) × 3 €.
    for (let i = 0; i < 40; i++) {
      const id = `c${i}`;
      const first = Date.UTC(2025, 0, 2, 10) + i * DAY;
      const days = Array.from({ length: 1 + (i % 5) }, (_, k) => k * 7 * (2 + (i % 4)));
      await record(id, [
        {
          eventId: `r-${id}`,
          type: 'CustomerRegistered',
          schemaVersion: SCHEMA_VERSIONS.CustomerRegistered,
          data: { customerId: id, kind: 'person', name: id, occurredAt: iso(first - DAY) },
          metadata,
        },
        ...days.map((d, k) => purchase(id, first + d * DAY, 11 + (i % 13) * 3 + k)),
      ]);
    }
  });

  afterEach(async () => {
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fits at once when no fit exists, as system:scheduler, then waits an interval from the recorded fit', async () => {
    const first = await scheduler().tick();
    expect(first).toMatchObject({ outcome: 'fitted', nextDueAt: iso(START + 7 * DAY) });
    const [event] = await store.readStream(MODEL_STREAM);
    expect(event.metadata.actor).toBe(SCHEDULER_ACTOR);
    expect(event.data).toMatchObject({ asOf: iso(START), occurredAt: iso(START), populationSize: 40 });

    // A new scheduler (a restart) two days later knows the next fit is five days away.
    nowMs = START + 2 * DAY;
    await record('c7', [purchase('c7', nowMs - DAY, 40)]);
    expect(await scheduler().tick()).toEqual({ outcome: 'not_due', nextDueAt: iso(START + 7 * DAY) });
    expect(await store.readStream(MODEL_STREAM)).toHaveLength(1);

    nowMs = START + 7 * DAY;
    const second = await scheduler().tick();
    expect(second).toMatchObject({ outcome: 'fitted', nextDueAt: iso(START + 14 * DAY) });
    const fits = await store.readStream(MODEL_STREAM);
    expect(fits.map((f) => f.data)).toEqual([
      expect.objectContaining({ asOf: iso(START) }),
      expect.objectContaining({ asOf: iso(START + 7 * DAY) }),
    ]);
  });

  it('skips a due fit when no purchase was recorded since the last one, and fits after a backdated fit', async () => {
    await scheduler().tick();
    nowMs = START + 8 * DAY;
    // A registration is no purchase: the population the models describe is unchanged.
    await record('newcomer', [
      {
        eventId: 'r-newcomer',
        type: 'CustomerRegistered',
        schemaVersion: SCHEMA_VERSIONS.CustomerRegistered,
        data: { customerId: 'newcomer', kind: 'person', name: 'newcomer', occurredAt: iso(nowMs) },
        metadata,
      },
    ]);
    const skipped = await scheduler().tick();
    expect(skipped).toMatchObject({ outcome: 'unchanged', nextDueAt: iso(START + 15 * DAY) });
    expect(await store.readStream(MODEL_STREAM)).toHaveLength(1);

    // An admin's fit as of a past date saw less than the log holds: the next due fit runs.
    const admin = new CustomerValueService(store, reads, clock);
    await admin.fit({ asOf: '2025-04-30T23:59:59.999Z', actor: 'user:admin' });
    nowMs = START + 16 * DAY;
    expect(await scheduler().tick()).toMatchObject({ outcome: 'fitted' });
    expect(await store.readStream(MODEL_STREAM)).toHaveLength(3);
  });

  it('records one of two fits running at once; the other is refused by the stream revision', async () => {
    const [a, b] = await Promise.all([scheduler().tick(), scheduler().tick()]);
    expect([a.outcome, b.outcome].sort()).toEqual(['fitted', 'refused']);
    expect(await store.readStream(MODEL_STREAM)).toHaveLength(1);
  });

  it('runs one check at a time within a process', async () => {
    const one = scheduler();
    const [a, b] = await Promise.all([one.tick(), one.tick()]);
    expect(b).toBe(a);
    expect(await store.readStream(MODEL_STREAM)).toHaveLength(1);
  });
});
