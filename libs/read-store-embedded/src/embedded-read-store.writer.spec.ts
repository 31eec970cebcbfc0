// The writer thread: writes reach the file while this thread is busy, a failed write leaves
// memory equal to the file and fences what was posted after it, the queue is bounded, and
// close() lets every accepted write land.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ReadDocument } from '@ledger/read-store';
import { EmbeddedReadStore } from './embedded-read-store';
import { ReadStoreWriteFailed, WorkerWriter } from './worker-writer';
import { SqliteReadTables } from './sqlite-read-tables';

interface Customer extends ReadDocument {
  name: string;
}

const customer = (id: string, lastPosition: number, name = id): Customer => ({ id, lastPosition, name });

describe('EmbeddedReadStore writer thread', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-read-writer-'));
    file = join(dir, 'reads.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('commits while this thread is busy, so the request thread does not run SQLite', async () => {
    const store = EmbeddedReadStore.open({ file });
    await store.commit('customers', [customer('c0', 1)], 1); // the thread is up
    const done = store.commit('customers', [customer('c1', 2)], 2);
    const peek = new Database(file, { readonly: true });
    const row = peek.prepare("SELECT id FROM documents WHERE id = 'c1'").pluck();
    // A synchronous wait: this thread never returns to its event loop until the row is there.
    const until = Date.now() + 10_000;
    let seen: unknown;
    while (!(seen = row.get()) && Date.now() < until);
    peek.close();
    expect(seen).toBe('c1');
    await done;
    await store.close();
  });

  it('refuses a write SQLite cannot take and the ones posted behind it; memory stays what the file holds', async () => {
    const store = EmbeddedReadStore.open({ file, busyTimeoutMs: 50 });
    await store.ensureCollection('customers', ['name']);
    await store.commit('customers', [customer('c1', 1, 'Ada')], 1);
    const blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE'); // holds the write lock: the thread's next commit times out
    const failed = store.commit('customers', [customer('c1', 2, 'Bea')], 2);
    const dropped = store.drop('customers');
    const fenced = store.commit('customers', [customer('c2', 3, 'Cy')], 3);
    await expect(failed).rejects.toMatchObject({ name: 'ReadStoreWriteFailed', code: 'SQLITE_BUSY' });
    await expect(dropped).rejects.toThrow(ReadStoreWriteFailed);
    await expect(fenced).rejects.toThrow(/earlier read-store write failed/);
    // The drop showed in memory at once; after the failure memory is the file again.
    expect(await store.get('customers', 'c1')).toMatchObject({ name: 'Ada' });
    expect(await store.get('customers', 'c2')).toBeNull();
    expect(await store.checkpoint('customers')).toBe(1);
    expect(await store.count('customers', { name: 'Ada' })).toBe(1); // the index came back with the reload
    blocker.exec('ROLLBACK');
    blocker.close();

    // Posted after the failure was reported: written as usual.
    await store.commit('customers', [customer('c1', 4, 'Dee')], 4);
    await store.close();
    const reopened = EmbeddedReadStore.open({ file });
    expect(await reopened.find('customers')).toEqual([customer('c1', 4, 'Dee')]);
    expect(await reopened.checkpoint('customers')).toBe(4);
    await reopened.close();
  });

  it('inline too: a drop the file refused does not stay in memory', async () => {
    const store = EmbeddedReadStore.open({ file, busyTimeoutMs: 50, writer: 'inline' });
    await store.commit('customers', [customer('c1', 1, 'Ada')], 1);
    const blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE');
    await expect(store.drop('customers')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    blocker.exec('ROLLBACK');
    blocker.close();
    expect(await store.get('customers', 'c1')).toMatchObject({ name: 'Ada' });
    expect(await store.checkpoint('customers')).toBe(1);
    await store.close();
  });

  it('keeps at most 64 writes queued and lets all of them land in order', async () => {
    const tables = SqliteReadTables.open(file);
    tables.close();
    const writer = new WorkerWriter({ file }, () => undefined);
    let most = 0;
    const writes = Array.from({ length: 300 }, (_, i) => {
      const write = writer.write({
        kind: 'commit',
        collection: 'numbers',
        rows: [
          { id: `n${i % 10}`, lastPosition: i + 1, body: JSON.stringify({ id: `n${i % 10}`, lastPosition: i + 1 }) },
        ],
        checkpoint: i + 1,
      });
      most = Math.max(most, writer.queued);
      return write;
    });
    const sampler = setInterval(() => (most = Math.max(most, writer.queued)), 1);
    await Promise.all(writes);
    clearInterval(sampler);
    await writer.close();
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(64);
    const check = SqliteReadTables.open(file);
    expect(check.checkpoint('numbers')).toBe(300);
    expect([...check.bodies('numbers')].map((body) => JSON.parse(body).lastPosition)).toEqual(
      Array.from({ length: 10 }, (_, k) => 291 + k),
    );
    check.close();
  });

  it('lets every accepted write land before close() resolves, and refuses writes after it', async () => {
    const store = EmbeddedReadStore.open({ file });
    const writes = Array.from({ length: 100 }, (_, i) =>
      store.commit('customers', [customer(`c${String(i).padStart(3, '0')}`, i + 1)], i + 1),
    );
    await store.close();
    await Promise.all(writes);
    await expect(store.commit('customers', [customer('late', 999)], 999)).rejects.toThrow();
    const reopened = EmbeddedReadStore.open({ file });
    expect(await reopened.count('customers')).toBe(100);
    expect(await reopened.checkpoint('customers')).toBe(100);
    await reopened.close();
  });
});
