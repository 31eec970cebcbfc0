// Opens the SQLite file with the durability settings the event store promises, and creates or
// checks its schema. The `events` table is the log; `streams` answers "current revision?" in O(1).
import Database from 'better-sqlite3';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteConnectionOptions {
  file: string;
  synchronous: SqliteSynchronous;
  busyTimeoutMs: number;
}

const SCHEMA_VERSION = 1;

// `position` is the rowid: global, monotonic, and gap-free because the writer assigns
// max(position) + 1 inside its transaction and rows are never deleted.
// UNIQUE(stream_id, revision) doubles as the index readStream walks.
const SCHEMA = `
  CREATE TABLE events (
    position       INTEGER PRIMARY KEY,
    event_id       TEXT    NOT NULL UNIQUE,
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT;
  CREATE TABLE streams (
    stream_id TEXT    PRIMARY KEY,
    revision  INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
`;

export class UnsupportedEventStoreFile extends Error {
  constructor(file: string, reason: string) {
    super(`cannot use '${file}' as an event store: ${reason}`);
    this.name = 'UnsupportedEventStoreFile';
  }
}

export function openDatabase(options: SqliteConnectionOptions): Database.Database {
  const db = new Database(options.file);
  try {
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    // WAL gives readers a stable snapshot while the writer commits; only an in-memory
    // database (tests) cannot have it, and it promises no durability anyway.
    if (journalMode !== 'wal' && !(options.file === ':memory:' && journalMode === 'memory')) {
      throw new UnsupportedEventStoreFile(options.file, `journal_mode is '${String(journalMode)}', WAL is required`);
    }
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    migrate(db, options.file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true });
    if (version === SCHEMA_VERSION) return;
    if (version !== 0) throw new UnsupportedEventStoreFile(file, `unknown schema version ${String(version)}`);
    const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get();
    if (hasTables) throw new UnsupportedEventStoreFile(file, 'it holds tables of another application');
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
