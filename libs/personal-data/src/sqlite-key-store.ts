// Customer data keys in their own SQLite file (`keys.sqlite` beside the event store), so the
// events can be copied, backed up and shipped to analytics without the keys. Destruction
// overwrites the key (secure_delete) and checkpoints the WAL so no copy lingers in the file.
// New keys are group-committed: every key asked for in one turn of the event loop is written in
// one transaction, so registering many customers at once costs one fsync, not one each.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { GroupCommitQueue, type Outcome } from '@ledger/group-commit';
import { KeyDestroyed, POOLED_KEY_PREFIX, type KeyStore, type PooledKey, type StoredKey } from './key-store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS data_keys (
    subject_id   TEXT PRIMARY KEY,
    key          BLOB,
    created_at   TEXT NOT NULL,
    destroyed_at TEXT
  ) STRICT, WITHOUT ROWID;
`;

/** A pooled key's random id, and a data key (AES-256). */
const ID_BYTES = 12;
const KEY_BYTES = 32;

/** Subjects from which lookup() asks in one statement instead of one look-up each. */
const LOOKUP_IN_ONE_FROM = 16;

/** Most keys created in one transaction. */
const MAX_KEYS_PER_COMMIT = 1000;

interface KeyRow {
  key: Buffer | null;
  destroyed_at: string | null;
}

export interface SqliteKeyStoreStats {
  /** Committed transactions that created keys: with synchronous=FULL, one WAL fsync each. */
  transactions: number;
  /** Keys asked for and answered by those transactions (including ones another process had created). */
  keys: number;
}

export class SqliteKeyStore implements KeyStore {
  private readonly select;
  private readonly selectMany;
  private readonly insert;
  private readonly destroyKey;
  private readonly createAll;
  private readonly destroyAll;
  private readonly reserveAll;
  private readonly discardAll;
  private readonly creations: GroupCommitQueue<string, Buffer>;
  private readonly counters: SqliteKeyStoreStats = { transactions: 0, keys: 0 };

  private constructor(private readonly db: Database.Database) {
    this.select = db.prepare<[string], KeyRow>('SELECT key, destroyed_at FROM data_keys WHERE subject_id = ?');
    this.selectMany = db.prepare<[string], KeyRow & { subject_id: string }>(
      'SELECT subject_id, key, destroyed_at FROM data_keys WHERE subject_id IN (SELECT value FROM json_each(?))',
    );
    this.insert = db.prepare<[string, Buffer, string]>(
      'INSERT INTO data_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING',
    );
    this.destroyKey = db.prepare<[string, string, string]>(
      `INSERT INTO data_keys (subject_id, key, created_at, destroyed_at) VALUES (?, NULL, ?, ?)
       ON CONFLICT (subject_id) DO UPDATE SET key = NULL, destroyed_at = coalesce(destroyed_at, excluded.destroyed_at)`,
    );
    this.createAll = db.transaction((subjects: string[], now: string) => subjects.map((s) => this.createOne(s, now)));
    this.destroyAll = db.transaction((subjects: readonly string[], now: string) => {
      for (const subject of subjects) this.destroyKey.run(subject, now, now);
    });
    this.reserveAll = db.transaction((keys: PooledKey[], now: string) => {
      for (const { id, key } of keys) this.insert.run(id, key, now);
    });
    const remove = db.prepare<[string]>('DELETE FROM data_keys WHERE subject_id = ? AND destroyed_at IS NULL');
    this.discardAll = db.transaction((ids: readonly string[]) => {
      for (const id of ids) remove.run(id);
    });
    this.creations = new GroupCommitQueue((subjects) => this.commitKeys(subjects), MAX_KEYS_PER_COMMIT);
  }

  /** `busyTimeoutMs`: how long to wait for another connection's write (5 s if absent). */
  static open(file: string, options: { busyTimeoutMs?: number } = {}): SqliteKeyStore {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      db.exec(SCHEMA);
      return new SqliteKeyStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  keyFor(subjectId: string): Promise<Buffer> {
    const existing = this.select.get(subjectId);
    if (existing?.destroyed_at) return Promise.reject(new KeyDestroyed(subjectId));
    if (existing?.key) return Promise.resolve(existing.key);
    return this.creations.enqueue(subjectId);
  }

  existingKey(subjectId: string): Buffer | null {
    return this.select.get(subjectId)?.key ?? null;
  }

  lookup(subjectIds: readonly string[]): Promise<Map<string, StoredKey>> {
    const found = new Map<string, StoredKey>();
    const keep = (subjectId: string, row: KeyRow | undefined) => {
      if (row?.destroyed_at) found.set(subjectId, 'destroyed');
      else if (row?.key) found.set(subjectId, row.key);
    };
    if (subjectIds.length < LOOKUP_IN_ONE_FROM) {
      for (const subjectId of subjectIds) keep(subjectId, this.select.get(subjectId));
    } else {
      // Many at once (a chunk of imported registrations, a page of events): one statement, not a call each.
      for (const row of this.selectMany.all(JSON.stringify(subjectIds))) keep(row.subject_id, row);
    }
    return Promise.resolve(found);
  }

  /** Done when it returns (the promise is for the port): the keys are overwritten on disk. */
  destroy(subjectId: string, keyIds: readonly string[] = []): Promise<void> {
    this.destroyAll([subjectId, ...keyIds], new Date().toISOString());
    // Push the overwritten page out of the WAL into the (secure-deleted) main file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return Promise.resolve();
  }

  /** One transaction, so one fsync for the lot (ids are random: a new key never meets an old id). */
  reserve(count: number): Promise<PooledKey[]> {
    // One draw from the CSPRNG for the lot (a call costs ≈ 20 µs), each slice used once; the
    // keys are copied out so none keeps the others' bytes alive.
    const random = randomBytes(count * (ID_BYTES + KEY_BYTES));
    const keys = Array.from({ length: count }, (_, i) => {
      const at = i * (ID_BYTES + KEY_BYTES);
      return {
        id: POOLED_KEY_PREFIX + random.subarray(at, at + ID_BYTES).toString('base64url'),
        key: Buffer.from(random.subarray(at + ID_BYTES, at + ID_BYTES + KEY_BYTES)),
      };
    });
    random.fill(0);
    this.reserveAll.immediate(keys, new Date().toISOString());
    this.counters.transactions++;
    this.counters.keys += count;
    return Promise.resolve(keys);
  }

  discard(keyIds: readonly string[]): Promise<void> {
    this.discardAll(keyIds);
    return Promise.resolve();
  }

  isDestroyed(subjectId: string): boolean {
    return Boolean(this.select.get(subjectId)?.destroyed_at);
  }

  /** Counters for tests and the benchmark: keys / transactions is keys per fsync. */
  stats(): SqliteKeyStoreStats {
    return { ...this.counters };
  }

  close(): void {
    if (!this.db.open) return;
    this.creations.flushAll();
    this.db.close();
  }

  /** One IMMEDIATE transaction for the whole batch; the promises settle only after COMMIT. */
  private commitKeys(subjects: string[]): Outcome<Buffer>[] {
    const outcomes = this.createAll.immediate(subjects, new Date().toISOString());
    this.counters.transactions++;
    this.counters.keys += subjects.length;
    return outcomes;
  }

  private createOne(subjectId: string, now: string): Outcome<Buffer> {
    // Another process (or an erasure since the request was queued) may have got there first:
    // insert-if-absent, then answer with whatever the row now holds.
    this.insert.run(subjectId, randomBytes(32), now);
    const row = this.select.get(subjectId);
    return row?.key ? { ok: true, result: row.key } : { ok: false, error: new KeyDestroyed(subjectId) };
  }
}
