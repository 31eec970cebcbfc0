// The importer's kept states bounded by size: customers whose states went are read again from the
// store, and the per-order return rules decide against their orders exactly as when every state
// was kept (amount left, skus of the order, unknown orders, duplicate orders).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PersonalDataVault, SqliteKeyStore } from '@ledger/personal-data';
import { BulkCommandWriter } from './batch-bulk';
import { prepareItem, type BatchItem } from './batch-item-prepare';
import type { BatchItemResult } from './batch-items';
import { OwnedCustomerStates, type OwnedStatesLimits } from './batch-states';
import { CommandExecutor } from './command-executor';
import { approximateStateBytes } from './state-size';

const at = (day: number) => `2026-10-${String(day).padStart(2, '0')}T10:00:00.000Z`;
const CALLER = { principal: { actor: 'test' }, headers: {} };

const register = (id: string): BatchItem => ({
  command: 'RegisterCustomer',
  idempotencyKey: `r-${id}`,
  body: { customerId: id, kind: 'person', name: `Customer ${id}`, email: `${id}@ledger.test` },
});
const purchase = (id: string, orderId: string, skus: string[], day = 1, key = `p-${id}-${orderId}`): BatchItem => ({
  command: 'RecordPurchase',
  customerId: id,
  idempotencyKey: key,
  body: {
    orderId,
    lines: skus.map((sku) => ({ sku, quantity: 1, unitPrice: 10 })),
    currency: 'EUR',
    channel: 'web',
    occurredAt: at(day),
  },
});
const giveBack = (id: string, orderId: string, key: string, amount: number, skus: string[]): BatchItem => ({
  command: 'RecordReturn',
  customerId: id,
  idempotencyKey: key,
  body: { orderId, returnId: key, amount, skus, reason: 'changed mind', occurredAt: at(20) },
});

/** Ada buys first, then twenty other customers each buy, so a small bound sends Ada's state away. */
const HISTORY: BatchItem[] = [
  register('ada'),
  purchase('ada', 'o-1', ['BANK CHARGES', 'CD-1', 'CD-2']),
  purchase('ada', 'o-2', ['CD-3']),
  ...Array.from({ length: 20 }, (_, i) => [register(`c${i}`), purchase(`c${i}`, `x-${i}`, ['CD-1', 'CD-9'], 2)]).flat(),
];
const RETURNS: BatchItem[] = [
  giveBack('ada', 'o-1', 'g1', 15, ['CD-2']), // within the order: accepted
  giveBack('ada', 'o-1', 'g2', 20, ['CD-1']), // 15 + 20 > 30: refused
  giveBack('ada', 'o-1', 'g3', 5, ['CD-3']), // CD-3 was in o-2, not o-1: refused
  giveBack('ada', 'o-1', 'g4', 5, ['CD']), // a prefix of the order's skus is not one of them
  giveBack('ada', 'o-9', 'g5', 5, ['CD-1']), // no such order
  giveBack('ada', 'o-1', 'g6', 15, ['BANK CHARGES']), // the rest of it: accepted
  purchase('ada', 'o-2', ['CD-4'], 20, 'again'), // the order was recorded already
];

interface Writing {
  store: SqliteEventStore;
  states: OwnedCustomerStates;
  writer: BulkCommandWriter;
  send(items: BatchItem[]): Promise<BatchItemResult[]>;
}

/** A bulk writer over kept states on a fresh data directory, closed and removed after `use`. */
async function withWriter<T>(limits: OwnedStatesLimits, use: (writing: Writing) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-states-'));
  const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
  const keys = SqliteKeyStore.open(join(dir, 'keys.sqlite'));
  try {
    const clock = { now: () => '2026-11-23T09:30:00.000Z' };
    const config = loadConfig({ CRM_DATA_DIR: dir });
    const vault = new PersonalDataVault(keys);
    const executor = new CommandExecutor(store, config, clock, vault);
    const states = new OwnedCustomerStates(store, vault, limits);
    const writer = new BulkCommandWriter(store, vault, config, clock, (c, o) => executor.execute(c, o), states);
    const send = async (items: BatchItem[]) =>
      writer.run(await Promise.all(items.map((item, i) => prepareItem(item, i, CALLER))));
    return await use({ store, states, writer, send });
  } finally {
    await store.close();
    keys.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('OwnedCustomerStates bounded by size', () => {
  /** The history in chunks of four, then the returns, on a fresh data directory. */
  const run = (limits: OwnedStatesLimits) =>
    withWriter(limits, async ({ store, states, send }) => {
      for (let i = 0; i < HISTORY.length; i += 4) await send(HISTORY.slice(i, i + 4));
      const kept = states.size;
      const results = await send(RETURNS);
      return { kept, outcomes: results.map((r) => [r.status, r.error?.code]), events: await store.readAll({}) };
    });

  it('sends the least recently used states away past the bound, and decides returns against them as before', async () => {
    const everything = await run({});
    const bounded = await run({ maxBytes: 4_000 });

    expect(everything.kept.states).toBe(21);
    expect(bounded.kept.states).toBeLessThan(5);
    expect(bounded.kept.bytes).toBeLessThanOrEqual(4_000);
    expect(bounded.outcomes).toEqual([
      [201, undefined],
      [422, 'RETURN_EXCEEDS_ORDER'],
      [422, 'RETURN_SKU_NOT_IN_ORDER'],
      [422, 'RETURN_SKU_NOT_IN_ORDER'],
      [404, 'UNKNOWN_ORDER'],
      [201, undefined],
      [409, 'ORDER_ALREADY_RECORDED'],
    ]);
    expect(bounded.outcomes).toEqual(everything.outcomes);
    // The same log, event for event: ids are derived per command; personal fields are sealed with
    // each data directory's own keys, so they are compared as sealed.
    const sealed = (data: object) =>
      Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v).startsWith('enc:') ? 'sealed' : v]));
    const facts = (events: typeof bounded.events) =>
      events.map((e) => [e.streamId, e.revision, e.type, e.eventId, sealed(e.data)]);
    expect(facts(bounded.events)).toEqual(facts(everything.events));
  });

  it('keeps at most maxStates, and the state in use even when it alone is past the size bound', async () => {
    const byCount = await run({ maxStates: 3 });
    expect(byCount.kept.states).toBe(3);
    const tiny = await run({ maxBytes: 1 });
    expect(tiny.kept.states).toBe(1);
    expect(tiny.outcomes).toEqual(byCount.outcomes);
  });
});

describe('OwnedCustomerStates.prefetch', () => {
  it('reads no stream for a chunk of new customers, and reads those that hold events and are not kept', async () => {
    await withWriter({}, async ({ store, states, send }) => {
      const reads = jest.spyOn(store, 'readStream');

      const first = await send([register('n1'), purchase('n1', 'o-1', ['A']), register('n2')]);
      expect(first.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(reads).not.toHaveBeenCalled();
      expect(await store.existingStreams(['customer-n1', 'customer-n2', 'customer-n3'])).toEqual(
        new Set(['customer-n1', 'customer-n2']),
      );

      // n1's state went (a restart, or the bound): it holds events, so it is read, and decided on.
      states.forget('customer-n1');
      const again = await send([purchase('n1', 'o-1', ['B'], 2, 'again'), register('n3')]);
      expect(again.map((r) => [r.status, r.error?.code])).toEqual([
        [409, 'ORDER_ALREADY_RECORDED'],
        [201, undefined],
      ]);
      expect(reads.mock.calls.map(([streamId]) => streamId)).toEqual(['customer-n1']);
    });
  });
});

describe('approximateStateBytes', () => {
  it('grows with the orders and the length of their skus', async () => {
    await withWriter({}, async ({ states, writer }) => {
      const items = [register('b'), purchase('b', 'o-1', ['A']), purchase('b', 'o-2', ['A'.repeat(64), 'B'])];
      const sizes: number[] = [];
      for (const item of items) {
        await writer.run([await prepareItem(item, 0, CALLER)]);
        sizes.push(approximateStateBytes((await states.load('customer-b')).state));
      }
      expect(sizes[1] - sizes[0]).toBeGreaterThan(200);
      expect(sizes[2] - sizes[1]).toBeGreaterThan(sizes[1] - sizes[0] + 64);
      expect(states.size.bytes).toBe(sizes[2]);
    });
  });
});
