// The writer thread (opt-in, writer: 'thread'): a group commit reaches the file while this thread is busy (so COMMIT and
// its fsync do not block the event loop), close() answers every accepted append first, and the
// typed refusals keep their class and fields across the thread boundary.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ExpectedVersionMismatch } from '@ledger/domain';
import { DuplicateEventId } from '@ledger/event-store';
import { eventStoreContract, newTestEvent, newTestEvents } from '@ledger/event-store/contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('sqlite with its writer thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-event-writer-'));
  const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), writer: 'thread' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore writer thread', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-event-writer-'));
    file = join(dir, 'events.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('commits a group while this thread is busy', async () => {
    const store = SqliteEventStore.open({ file, writer: 'thread' });
    await store.append('customer-0', [newTestEvent()], 'no_stream'); // the thread is up
    const appended = store.append('customer-1', [newTestEvent()], 'no_stream');
    await new Promise((resolve) => setImmediate(resolve)); // the group is posted
    const peek = new Database(file, { readonly: true });
    const row = peek.prepare("SELECT stream_id FROM events WHERE stream_id = 'customer-1'").pluck();
    // A synchronous wait: this thread does not return to its event loop until the row is there.
    const until = Date.now() + 10_000;
    let seen: unknown;
    while (!(seen = row.get()) && Date.now() < until);
    peek.close();
    expect(seen).toBe('customer-1');
    await expect(appended).resolves.toMatchObject({ positions: [2] });
    await store.close();
  });

  it('answers every accepted append before close() resolves, all of them in the file', async () => {
    const store = SqliteEventStore.open({ file, writer: 'thread' });
    const appends = Array.from({ length: 300 }, (_, i) => store.append(`customer-${i % 30}`, [newTestEvent()], 'any'));
    await store.close();
    const results = await Promise.all(appends);
    expect(new Set(results.flatMap((r) => r.positions)).size).toBe(300);
    const reopened = SqliteEventStore.open({ file });
    expect(await reopened.headPosition()).toBe(300);
    expect(reopened.stats()).toEqual({ transactions: 0, appends: 0, events: 0 });
    await reopened.close();
    expect(store.stats().events).toBe(300);
  });

  it('brings typed refusals back with their fields, and leaves the rest of the group written', async () => {
    const store = SqliteEventStore.open({ file, writer: 'thread' });
    const [first] = newTestEvents(1);
    await store.append('customer-1', [first], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('customer-1', [newTestEvent()], 'no_stream'),
      store.append('customer-2', [first], 'no_stream'),
      store.append('customer-3', [newTestEvent()], 'no_stream'),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: expect.any(ExpectedVersionMismatch) });
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ streamId: 'customer-1', actual: 0 });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventId) });
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ storedInStream: 'customer-1' });
    expect(outcomes[2]).toMatchObject({ status: 'fulfilled', value: { positions: [2] } });
    await store.close();
  });
});
