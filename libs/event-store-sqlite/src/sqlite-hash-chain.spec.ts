// The hash chain as the SQLite adapter writes it: computed in the batch writer, returned on reads,
// added to version-1 files by the schema migration, and broken by any direct edit of a row.
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, verifyStreamEvents } from '@ledger/event-store';
import { newTestEvents } from '@ledger/event-store/contract';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore hash chain', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-chain-'));
    file = join(dir, 'events.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('chains each stream from the genesis hash, across appends and group-committed batches', async () => {
    const store = SqliteEventStore.open({ file });
    await store.append('customer-a', newTestEvents(2), 'no_stream');
    await Promise.all([
      store.append('customer-a', newTestEvents(1), 1),
      store.append('customer-b', newTestEvents(2), 'no_stream'),
    ]);
    await store.append('customer-a', newTestEvents(1), 2);
    const a = await store.readStream('customer-a');
    expect(a[0].prevHash).toBe(GENESIS_HASH);
    expect(a.map((e) => e.hash)).toEqual(a.map(() => expect.stringMatching(/^[0-9a-f]{64}$/)));
    expect(a[3].prevHash).toBe(a[2].hash);
    expect(verifyStreamEvents('customer-a', a)).toEqual({ verified: 4, broken: null });
    expect(verifyStreamEvents('customer-b', await store.readStream('customer-b')).broken).toBeNull();
    expect((await store.readAll())[0].hash).toBe(a[0].hash);
    expect(await store.listStreams('customer-')).toEqual(['customer-a', 'customer-b']);
    expect(await store.listStreams('customer-', { after: 'customer-a', limit: 5 })).toEqual(['customer-b']);
    await store.close();
  });

  it.each([
    ['written directly', false],
    ['written again with savepoints after an append failed part-way', true],
  ])(
    'keeps every stream head and chain right when one batch appends to a stream many times (%s)',
    async (_, failPartWay) => {
      const store = SqliteEventStore.open({ file });
      const [taken] = newTestEvents(1);
      await store.append('customer-taken', [taken], 'no_stream');
      const appends = [
        store.append('customer-a', newTestEvents(2), 'no_stream'),
        store.append('customer-b', newTestEvents(1), 'no_stream'),
        store.append('customer-a', newTestEvents(1), 1),
        store.append('customer-a', newTestEvents(1), 1), // refused: revision 2 is taken by now
        ...(failPartWay ? [store.append('customer-b', [...newTestEvents(1), taken], 0)] : []),
        store.append('customer-a', newTestEvents(1), 2),
        store.append('customer-b', newTestEvents(1), 0),
      ];
      const outcomes = await Promise.allSettled(appends);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        ...(failPartWay ? ['rejected'] : []),
        'fulfilled',
        'fulfilled',
      ]);
      expect(store.stats().transactions).toBe(2);
      await store.close();

      const reopened = SqliteEventStore.open({ file });
      expect(await reopened.streamRevision('customer-a')).toBe(3);
      expect(await reopened.streamRevision('customer-b')).toBe(1);
      for (const stream of ['customer-a', 'customer-b', 'customer-taken'])
        expect(verifyStreamEvents(stream, await reopened.readStream(stream))).toMatchObject({ broken: null });
      expect((await reopened.readAll()).map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      // The heads the next appends are checked against are the ones written.
      await expect(reopened.append('customer-a', newTestEvents(1), 3)).resolves.toMatchObject({
        nextExpectedRevision: 4,
      });
      await reopened.close();
    },
  );

  it('finds an event altered directly in the file', async () => {
    const store = SqliteEventStore.open({ file });
    await store.append('customer-a', newTestEvents(3), 'no_stream');
    await store.close();
    const db = new Database(file);
    db.prepare(
      "UPDATE events SET data = json_set(data, '$.reason', 'forged') WHERE stream_id = ? AND revision = 1",
    ).run('customer-a');
    db.close();
    const reopened = SqliteEventStore.open({ file });
    const { broken } = verifyStreamEvents('customer-a', await reopened.readStream('customer-a'));
    expect(broken).toMatchObject({ revision: 1, reason: 'content_altered' });
    await reopened.close();
  });

  it('migrates a version-1 file: adds the columns and seals the events already there', async () => {
    const v1 = new Database(file);
    v1.exec(`
      CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL,
        metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, revision)) STRICT;
      CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL) STRICT, WITHOUT ROWID;
    `);
    const insert = v1.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)');
    newTestEvents(2).forEach((e, i) =>
      insert.run(
        i + 1,
        e.eventId,
        'customer-old',
        i,
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        '2025-01-01T00:00:00.000Z',
      ),
    );
    v1.prepare("INSERT INTO streams VALUES ('customer-old', 1)").run();
    v1.pragma('user_version = 1');
    v1.close();

    const store = SqliteEventStore.open({ file });
    await store.append('customer-old', newTestEvents(1), 1);
    const events = await store.readStream('customer-old');
    expect(verifyStreamEvents('customer-old', events)).toEqual({ verified: 3, broken: null });
    await store.close();
  });
});
