// The global chain as the SQLite store writes it: in the batch writer's transaction (a failed
// append of a batch leaves no hole), returned by readChain, and added to a version-2 file.
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { GLOBAL_GENESIS, GlobalChainVerifier, eventHash, signCheckpoint, type ChainEntry } from '@ledger/event-store';
import { newTestEvents } from '@ledger/event-store/contract';
import { SqliteEventStore } from './sqlite-event-store';

function verifyChain(entries: ChainEntry[]): GlobalChainVerifier {
  const verifier = new GlobalChainVerifier();
  for (const entry of entries) if (verifier.check(entry)) break;
  return verifier;
}

describe('SqliteEventStore global chain', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-global-'));
    file = join(dir, 'events.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('links every position to the one before, across batches and failed appends', async () => {
    const store = SqliteEventStore.open({ file });
    expect(await store.globalHead()).toEqual({ position: 0, globalHash: GLOBAL_GENESIS });
    await store.append('customer-a', newTestEvents(2), 'no_stream');
    await Promise.allSettled([
      store.append('customer-b', newTestEvents(2), 'no_stream'),
      store.append('customer-a', newTestEvents(1), 7), // refused: its savepoint rolls back
      store.append('customer-c', newTestEvents(3), 'no_stream'),
    ]);
    const entries = await store.readChain(0, 100);
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const verifier = verifyChain(entries);
    expect(verifier.broken).toBeNull();
    expect(await store.globalHead()).toEqual(verifier.head);
    expect(await store.readChain(5, 1)).toEqual([entries[5]]);
    expect(await store.streamHeads('', 10)).toEqual([
      { streamId: 'customer-a', revision: 1, lastHash: entries[1].hash },
      { streamId: 'customer-b', revision: 1, lastHash: expect.any(String) },
      { streamId: 'customer-c', revision: 2, lastHash: entries[6].hash },
    ]);
    await store.close();
  });

  it('keeps signed checkpoints in position order', async () => {
    const store = SqliteEventStore.open({ file });
    await store.append('customer-a', newTestEvents(3), 'no_stream');
    const { privateKey } = generateKeyPairSync('ed25519');
    const first = signCheckpoint({ position: 1, globalHash: 'a'.repeat(64) }, '2026-01-01T00:00:00.000Z', privateKey);
    const second = signCheckpoint(await store.globalHead(), '2026-01-01T00:01:00.000Z', privateKey);
    await store.saveCheckpoint(second);
    await store.saveCheckpoint(first);
    await store.saveCheckpoint(first); // the same position twice is kept once
    expect(await store.checkpoints(0, 10)).toEqual([first, second]);
    expect(await store.checkpoints(1, 10)).toEqual([second]);
    await store.close();
  });

  it('refuses a missing file when told to, instead of creating an empty store', () => {
    expect(() => SqliteEventStore.open({ file, mustExist: true })).toThrow();
  });

  it('migrates a version-2 file: adds the global chain over the events already there', async () => {
    const v2 = new Database(file);
    v2.exec(`
      CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL,
        metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT, prev_hash TEXT, UNIQUE (stream_id, revision)) STRICT;
      CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, last_hash TEXT) STRICT, WITHOUT ROWID;
    `);
    const insert = v2.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)');
    let prevHash = GLOBAL_GENESIS;
    newTestEvents(3).forEach((e, revision) => {
      const recordedAt = '2026-01-01T00:00:00.000Z';
      const hash = eventHash({ ...e, streamId: 'customer-old', revision, recordedAt, prevHash });
      const row = [JSON.stringify(e.data), JSON.stringify(e.metadata), recordedAt, hash, prevHash];
      insert.run(revision + 1, e.eventId, 'customer-old', revision, e.type, ...row);
      prevHash = hash;
    });
    v2.prepare("INSERT INTO streams VALUES ('customer-old', 2, ?)").run(prevHash);
    v2.pragma('user_version = 2');
    v2.close();

    const store = SqliteEventStore.open({ file });
    await store.append('customer-old', newTestEvents(1), 2);
    const entries = await store.readChain(0, 100);
    expect(entries).toHaveLength(4);
    expect(verifyChain(entries).broken).toBeNull();
    expect(await store.checkpoints(0, 10)).toEqual([]);
    await store.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(3);
    reopened.close();
  });
});
