// The SQLite side of the embedded read store: two tables and the few transactions the adapter
// needs. synchronous=NORMAL suits read models (rebuildable from the log); what matters is that
// documents and checkpoint of one commit share a transaction, so after a crash they roll back
// together and the checkpoint is never ahead of the data. It runs in the writer thread too
// (read-tables-worker.ts), so it imports nothing of the workspace at run time (types only).
import Database from 'better-sqlite3';
import type { SerialisedDocument } from '@ledger/read-store';

const SCHEMA_VERSION = 1;

// A rowid table (not WITHOUT ROWID): bodies can be several kilobytes. The primary key's index
// serves per-collection loads in id order (BINARY collation on UTF-8 = code-point order).
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS documents (
    collection    TEXT NOT NULL,
    id            TEXT NOT NULL,
    last_position REAL NOT NULL,
    body          TEXT NOT NULL,
    PRIMARY KEY (collection, id)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS checkpoints (
    collection TEXT PRIMARY KEY,
    position   REAL NOT NULL
  ) STRICT, WITHOUT ROWID;
`;

/** A document as stored: its key, its position and its JSON, serialised by the caller. */
/** A document row: its JSON with the id and position the commit guard reads. */
export type StoredRow = SerialisedDocument;

export class SqliteReadTables {
  private readonly selectBodies: Database.Statement<[string], string>;
  private readonly selectCheckpoint: Database.Statement<[string], number>;
  private readonly upsertDocument: Database.Statement<[string, string, number, string]>;
  private readonly raiseCheckpoint: Database.Statement<[string, number]>;
  private readonly deleteDocuments: Database.Statement<[string]>;
  private readonly deleteCheckpoint: Database.Statement<[string]>;
  private readonly moveDocuments: Database.Statement<[string, string]>;
  private readonly moveCheckpoint: Database.Statement<[string, string]>;

  constructor(private readonly db: Database.Database) {
    this.selectBodies = db
      .prepare<[string], string>('SELECT body FROM documents WHERE collection = ? ORDER BY id')
      .pluck();
    this.selectCheckpoint = db
      .prepare<[string], number>('SELECT position FROM checkpoints WHERE collection = ?')
      .pluck();
    // The guard is repeated here so SQLite never takes an older document even if memory were wrong.
    this.upsertDocument = db.prepare(
      `INSERT INTO documents (collection, id, last_position, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET last_position = excluded.last_position, body = excluded.body
       WHERE excluded.last_position > documents.last_position`,
    );
    this.raiseCheckpoint = db.prepare(
      `INSERT INTO checkpoints (collection, position) VALUES (?, ?)
       ON CONFLICT (collection) DO UPDATE SET position = max(position, excluded.position)`,
    );
    this.deleteDocuments = db.prepare('DELETE FROM documents WHERE collection = ?');
    this.deleteCheckpoint = db.prepare('DELETE FROM checkpoints WHERE collection = ?');
    this.moveDocuments = db.prepare('UPDATE documents SET collection = ? WHERE collection = ?');
    this.moveCheckpoint = db.prepare('UPDATE checkpoints SET collection = ? WHERE collection = ?');
  }

  static open(file: string, busyTimeoutMs = 5000): SqliteReadTables {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Documents hold decrypted personal data: a replaced or deleted one is overwritten with
      // zeros, not left in a free page or cell for `strings` to find after an erasure.
      db.pragma('secure_delete = ON');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      db.transaction(() => {
        const version = db.pragma('user_version', { simple: true });
        if (version !== 0 && version !== SCHEMA_VERSION) {
          throw new Error(`cannot use '${file}' as a read store: unknown schema version ${String(version)}`);
        }
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
      return new SqliteReadTables(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Stored JSON bodies of a collection, in id order, streamed rather than loaded at once. */
  bodies(collection: string): IterableIterator<string> {
    return this.selectBodies.iterate(collection);
  }

  checkpoint(collection: string): number {
    return this.selectCheckpoint.get(collection) ?? 0;
  }

  /**
   * Writes documents (already past the commit guard) and raises the checkpoint in one
   * transaction; anything that throws midway rolls all of it back.
   */
  commit(collection: string, rows: Iterable<StoredRow>, checkpoint: number): void {
    this.db
      .transaction(() => {
        for (const row of rows) this.upsertDocument.run(collection, row.id, row.lastPosition, row.body);
        this.raiseCheckpoint.run(collection, checkpoint);
      })
      .immediate();
  }

  drop(collection: string): void {
    this.db
      .transaction(() => {
        this.deleteDocuments.run(collection);
        this.deleteCheckpoint.run(collection);
      })
      .immediate();
  }

  rename(from: string, to: string): void {
    this.db
      .transaction(() => {
        this.deleteDocuments.run(to);
        this.deleteCheckpoint.run(to);
        this.moveDocuments.run(to, from);
        this.moveCheckpoint.run(to, from);
      })
      .immediate();
  }

  /**
   * Copies the WAL into the (secure-deleted) main file and truncates it to zero bytes: the WAL
   * still holds earlier versions of every page written since the last checkpoint.
   */
  truncateWal(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** The connection's secure_delete setting (1 = on), for tests. */
  secureDelete(): number {
    return Number(this.db.pragma('secure_delete', { simple: true }));
  }

  close(): void {
    this.db.close();
  }
}
