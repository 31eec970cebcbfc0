import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExpectedVersionMismatch } from '@ledger/domain';
import { DuplicateEventId, EventStoreClosed, storedEventIds, type EventStore } from '@ledger/event-store';
import { eventStoreContract, newTestEvent, newTestEvents } from '@ledger/event-store/contract';
import { SqliteBatchWriter } from './sqlite-batch-writer';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ledger-event-store-'));
}

eventStoreContract('sqlite', async () => {
  const dir = await tempDir();
  const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore', () => {
  let dir: string;
  let file: string;
  const open: Array<SqliteEventStore> = [];
  const openStore = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = SqliteEventStore.open({ file, ...options });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir, 'events.sqlite');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous=FULL by default', () => {
    expect(openStore().pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 2,
      busyTimeoutMs: 5000,
      walAutocheckpointPages: 10_000,
    });
  });

  it('checkpoints the WAL at the configured size', () => {
    expect(openStore({ walAutocheckpointPages: 500 }).pragmas()).toMatchObject({ walAutocheckpointPages: 500 });
  });

  it('reads any limit correctly, whatever number of read shapes it has prepared', async () => {
    const store = openStore();
    await store.append('customer-1', newTestEvents(80), 'no_stream');
    for (let maxCount = 0; maxCount <= 80; maxCount++) {
      expect(await store.readStream('customer-1', { maxCount })).toHaveLength(maxCount);
      expect(await store.readAll({ fromPosition: 0, maxCount })).toHaveLength(maxCount);
    }
    const backwards = await store.readStream('customer-1', { direction: 'backwards', fromRevision: 10, maxCount: 3 });
    expect(backwards.map((e) => e.revision)).toEqual([10, 9, 8]);
    expect(await store.readStream('customer-1', { fromRevision: 75 })).toHaveLength(5);
  });

  it('uses synchronous=NORMAL when configured', () => {
    expect(openStore({ synchronous: 'NORMAL' }).pragmas()).toMatchObject({ journalMode: 'wal', synchronous: 1 });
  });

  it('starts an empty log at head 0 and numbers positions 1, 2, 3… without gaps', async () => {
    const store = openStore();
    expect(await store.headPosition()).toBe(0);
    await store.append('customer-a', newTestEvents(2), 'no_stream');
    await expect(store.append('customer-a', newTestEvents(1), 'no_stream')).rejects.toBeInstanceOf(
      ExpectedVersionMismatch,
    );
    await store.append('customer-b', newTestEvents(3), 'no_stream');
    await Promise.allSettled([
      store.append('customer-c', newTestEvents(1), 'no_stream'),
      store.append('customer-c', newTestEvents(1), 'no_stream'),
      store.append('customer-d', newTestEvents(2), 'any'),
    ]);

    const positions = (await store.readAll()).map((e) => e.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await store.headPosition()).toBe(8);
  });

  it('group-commits 200 concurrent appends in far fewer transactions', async () => {
    const store = openStore();
    const appends = Array.from({ length: 200 }, (_, i) => store.append(`customer-${i}`, newTestEvents(2), 'no_stream'));
    const results = await Promise.all(appends);

    const stats = store.stats();
    expect(stats.appends).toBe(200);
    expect(stats.events).toBe(400);
    expect(stats.transactions).toBeLessThan(stats.appends);
    expect(stats.transactions).toBeLessThanOrEqual(2);
    expect(await store.readAll()).toHaveLength(400);
    expect(results.flatMap((r) => r.positions).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 400 }, (_, i) => i + 1),
    );
  });

  it('splits a batch at maxBatch appends', async () => {
    const store = openStore({ maxBatch: 10 });
    await Promise.all(
      Array.from({ length: 35 }, (_, i) => store.append(`customer-${i}`, newTestEvents(1), 'no_stream')),
    );
    expect(store.stats()).toEqual({ transactions: 4, appends: 35, events: 35 });
  });

  it('rejects only the failing appends of a batch; the others commit', async () => {
    const store = openStore();
    const taken = newTestEvent();
    await store.append('customer-taken', [taken], 'no_stream');
    const before = store.stats().transactions;

    const outcomes = await Promise.allSettled([
      store.append('customer-1', newTestEvents(1), 'no_stream'),
      store.append('customer-2', newTestEvents(1), 7),
      store.append('customer-3', [newTestEvent(), taken], 'no_stream'),
      store.append('customer-1', newTestEvents(1), 0),
      store.append('customer-1', newTestEvents(1), 0),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected']);
    expect(outcomes[1]).toMatchObject({ reason: expect.any(ExpectedVersionMismatch) });
    expect(outcomes[2]).toMatchObject({ reason: expect.any(DuplicateEventId) });
    expect(outcomes[4]).toMatchObject({ reason: { expected: 0, actual: 1 } });
    expect(store.stats().transactions).toBe(before + 1);
    expect((await store.readAll()).map((e) => [e.streamId, e.revision, e.position])).toEqual([
      ['customer-taken', 0, 1],
      ['customer-1', 0, 2],
      ['customer-1', 1, 3],
    ]);
  });

  it('writes a batch once when an append is refused before its first row, again with savepoints only when one fails part-way', async () => {
    const store = openStore();
    const taken = newTestEvent();
    await store.append('customer-taken', [taken], 'no_stream');
    const rewrites = jest.spyOn(SqliteBatchWriter.prototype as unknown as { writeAll(): unknown }, 'writeAll');
    try {
      const first = await Promise.allSettled([
        store.append('customer-1', newTestEvents(1), 'no_stream'),
        store.append('customer-2', [taken], 'no_stream'), // its first row: an id stored elsewhere
        store.append('customer-1', newTestEvents(1), 0),
      ]);
      expect(first.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(first[1]).toMatchObject({ reason: expect.any(DuplicateEventId) });
      expect(rewrites).not.toHaveBeenCalled();

      const second = await Promise.allSettled([
        store.append('customer-3', [newTestEvent(), taken], 'no_stream'), // its second row
        store.append('customer-1', newTestEvents(1), 1),
      ]);
      expect(second.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
      expect(rewrites).toHaveBeenCalledTimes(1);
    } finally {
      rewrites.mockRestore();
    }
    expect((await store.readAll()).map((e) => [e.streamId, e.revision, e.position])).toEqual([
      ['customer-taken', 0, 1],
      ['customer-1', 0, 2],
      ['customer-1', 1, 3],
      ['customer-1', 2, 4],
    ]);
    expect(store.stats()).toMatchObject({ transactions: 3, appends: 4, events: 4 });
  });

  it('keeps positions and revisions across close and reopen', async () => {
    const first = openStore();
    await first.append('customer-1', newTestEvents(2), 'no_stream');
    await first.close();

    const reopened = openStore();
    expect(await reopened.headPosition()).toBe(2);
    expect(await reopened.streamRevision('customer-1')).toBe(1);
    const result = await reopened.append('customer-1', newTestEvents(1), 1);
    expect(result).toMatchObject({ nextExpectedRevision: 2, positions: [3] });
    await expect(reopened.append('customer-1', newTestEvents(1), 1)).rejects.toBeInstanceOf(ExpectedVersionMismatch);
  });

  it('recognises an idempotent retry after reopening', async () => {
    const events = newTestEvents(2);
    const first = openStore();
    const original = await first.append('customer-1', events, 'no_stream');
    await first.close();

    const reopened = openStore();
    expect(await reopened.append('customer-1', events, 'no_stream')).toEqual({ ...original, deduplicated: true });
    expect(reopened.stats().events).toBe(0);
    expect(await reopened.readAll()).toHaveLength(2);
  });

  it('refuses a retry whose expected revision would have put the events elsewhere', async () => {
    const store = openStore();
    const events = newTestEvents(2);
    await store.append('customer-1', events, 'no_stream');
    await expect(store.append('customer-1', events, 1)).rejects.toBeInstanceOf(DuplicateEventId);
  });

  it('answers storedEventIds alike through its set query and through readEvent alone', async () => {
    const store = openStore();
    const stored = newTestEvents(3);
    await store.append('customer-1', stored, 'no_stream');
    // The same store seen as an adapter without the optional set query.
    const readEventOnly = new Proxy(store, {
      get: (target, key) => (key === 'existingEventIds' ? undefined : Reflect.get(target, key, target)),
    }) as EventStore;
    const asked = [newTestEvent().eventId, stored[1].eventId, stored[2].eventId, newTestEvent().eventId];

    const expected = new Set([stored[1].eventId, stored[2].eventId]);
    expect(await storedEventIds(store, asked)).toEqual(expected);
    expect(await storedEventIds(readEventOnly, asked)).toEqual(expected);
  });

  it('writes appends still queued when close() is called, then refuses new ones', async () => {
    const store = openStore();
    const pending = store.append('customer-1', newTestEvents(3), 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ positions: [1, 2, 3] });
    await expect(store.append('customer-2', newTestEvents(1), 'no_stream')).rejects.toBeInstanceOf(EventStoreClosed);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreClosed);

    const reopened = openStore();
    expect(await reopened.headPosition()).toBe(3);
  });

  it('stops its subscriptions on close', async () => {
    const store = openStore();
    const subscription = store.subscribeToAll({ fromPosition: 0 }, () => undefined);
    await store.close();
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('wakes idle subscriptions for appends made through another connection', async () => {
    const reader = openStore({ pollIntervalMs: 20 });
    const seen: string[] = [];
    reader.subscribeToAll({ fromPosition: 0 }, (batch) => {
      seen.push(...batch.map((e) => e.streamId));
    });
    const writer = openStore();
    await writer.append('customer-elsewhere', newTestEvents(1), 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual(['customer-elsewhere']);
  });
});
