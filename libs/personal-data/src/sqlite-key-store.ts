// Customer data keys in their own SQLite file (`keys.sqlite` beside the event store), so the
// events can be copied, backed up and shipped to analytics without the keys. Destruction
// overwrites the key (secure_delete) and checkpoints the WAL so no copy lingers in the file.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { KeyDestroyed, type KeyStore } from './key-store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS data_keys (
    subject_id   TEXT PRIMARY KEY,
    key          BLOB,
    created_at   TEXT NOT NULL,
    destroyed_at TEXT
  ) STRICT, WITHOUT ROWID;
`;

interface KeyRow {
  key: Buffer | null;
  destroyed_at: string | null;
}

export class SqliteKeyStore implements KeyStore {
  private readonly select;
  private readonly insert;
  private readonly destroyKey;

  private constructor(private readonly db: Database.Database) {
    this.select = db.prepare<[string], KeyRow>('SELECT key, destroyed_at FROM data_keys WHERE subject_id = ?');
    this.insert = db.prepare<[string, Buffer, string]>(
      'INSERT INTO data_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING',
    );
    this.destroyKey = db.prepare<[string, string, string]>(
      `INSERT INTO data_keys (subject_id, key, created_at, destroyed_at) VALUES (?, NULL, ?, ?)
       ON CONFLICT (subject_id) DO UPDATE SET key = NULL, destroyed_at = coalesce(destroyed_at, excluded.destroyed_at)`,
    );
  }

  static open(file: string): SqliteKeyStore {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA);
      return new SqliteKeyStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  keyFor(subjectId: string): Buffer {
    const existing = this.select.get(subjectId);
    if (existing?.destroyed_at) throw new KeyDestroyed(subjectId);
    if (existing?.key) return existing.key;
    // Another process may create it at the same moment: insert-if-absent, then read the winner.
    this.insert.run(subjectId, randomBytes(32), new Date().toISOString());
    const row = this.select.get(subjectId);
    if (!row?.key) throw new KeyDestroyed(subjectId);
    return row.key;
  }

  existingKey(subjectId: string): Buffer | null {
    return this.select.get(subjectId)?.key ?? null;
  }

  destroy(subjectId: string): void {
    const now = new Date().toISOString();
    this.destroyKey.run(subjectId, now, now);
    // Push the overwritten page out of the WAL into the (secure-deleted) main file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  isDestroyed(subjectId: string): boolean {
    return Boolean(this.select.get(subjectId)?.destroyed_at);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
