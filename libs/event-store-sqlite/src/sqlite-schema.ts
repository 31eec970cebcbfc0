// Opens the SQLite file with the durability settings the event store promises, and creates or
// checks its schema. The `events` table is the log; `streams` answers "current revision?" in O(1).
import Database from 'better-sqlite3';
import { GENESIS_HASH, eventHash } from '@ledger/event-store';
import { CHECKPOINTS_TABLE, V2_TO_V3, sealGlobalChain } from './sqlite-global-chain';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteConnectionOptions {
  file: string;
  synchronous: SqliteSynchronous;
  busyTimeoutMs: number;
  /** WAL pages that trigger an automatic checkpoint (SQLite's default is 1000). */
  walAutocheckpointPages: number;
  /** Refuse to create the file (offline tools such as verify must not make an empty store). */
  mustExist?: boolean;
}

// 1: events and streams. 2: the hash chain (events.hash, events.prev_hash, streams.last_hash).
// 3: the global chain (events.global_hash) and signed checkpoints.
const SCHEMA_VERSION = 3;

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
    hash           TEXT,
    prev_hash      TEXT,
    global_hash    TEXT,
    UNIQUE (stream_id, revision)
  ) STRICT;
  CREATE TABLE streams (
    stream_id TEXT    PRIMARY KEY,
    revision  INTEGER NOT NULL,
    last_hash TEXT
  ) STRICT, WITHOUT ROWID;
  ${CHECKPOINTS_TABLE}
`;

// Columns are nullable only so that ALTER TABLE can add them to a version-1 file; the writer
// always sets them, and the migration seals every event already there.
const V1_TO_V2 = `
  ALTER TABLE events ADD COLUMN hash TEXT;
  ALTER TABLE events ADD COLUMN prev_hash TEXT;
  ALTER TABLE streams ADD COLUMN last_hash TEXT;
`;

export class UnsupportedEventStoreFile extends Error {
  constructor(file: string, reason: string) {
    super(`cannot use '${file}' as an event store: ${reason}`);
    this.name = 'UnsupportedEventStoreFile';
  }
}

export function openDatabase(options: SqliteConnectionOptions): Database.Database {
  const db = new Database(options.file, { fileMustExist: options.mustExist ?? false });
  try {
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    // WAL gives readers a stable snapshot while the writer commits; only an in-memory
    // database (tests) cannot have it, and it promises no durability anyway.
    if (journalMode !== 'wal' && !(options.file === ':memory:' && journalMode === 'memory')) {
      throw new UnsupportedEventStoreFile(options.file, `journal_mode is '${String(journalMode)}', WAL is required`);
    }
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutocheckpointPages))}`);
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
    if (version === 1 || version === 2) {
      if (version === 1) {
        db.exec(V1_TO_V2);
        sealExistingEvents(db);
      }
      db.exec(V2_TO_V3);
      sealGlobalChain(db);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return;
    }
    if (version !== 0) throw new UnsupportedEventStoreFile(file, `unknown schema version ${String(version)}`);
    const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get();
    if (hasTables) throw new UnsupportedEventStoreFile(file, 'it holds tables of another application');
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

interface UnsealedRow {
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

/**
 * Chains the events a version-1 file already holds. They are sealed as they are at migration
 * time: tampering before the upgrade cannot be detected, anything after it can (docs/audit.md).
 */
function sealExistingEvents(db: Database.Database): void {
  const rows = db
    .prepare<
      [],
      UnsealedRow
    >('SELECT event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at FROM events ORDER BY stream_id, revision')
    .iterate();
  const setHash = db.prepare<[string, string, string]>('UPDATE events SET hash = ?, prev_hash = ? WHERE event_id = ?');
  const setLast = db.prepare<[string, string]>('UPDATE streams SET last_hash = ? WHERE stream_id = ?');
  const pending: Array<[string, string, string]> = [];
  let stream = '';
  let previous = GENESIS_HASH;
  for (const row of rows) {
    if (row.stream_id !== stream) {
      stream = row.stream_id;
      previous = GENESIS_HASH;
    }
    const hash = eventHash({
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      type: row.type,
      schemaVersion: row.schema_version,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
      recordedAt: row.recorded_at,
      prevHash: previous,
    });
    pending.push([hash, previous, row.event_id]);
    previous = hash;
  }
  // Updated after the walk: better-sqlite3 refuses writes while an iterator is open.
  for (const args of pending) setHash.run(...args);
  const lasts = db
    .prepare<
      [],
      { stream_id: string; hash: string }
    >('SELECT e.stream_id, e.hash FROM events e JOIN streams s ON s.stream_id = e.stream_id AND s.revision = e.revision')
    .all();
  for (const last of lasts) setLast.run(last.hash, last.stream_id);
}
