// The global chain as the SQLite store keeps it: `events.global_hash`, written by the batch
// writer in the append's own transaction (one more column, no extra statement), a table of
// signed checkpoints, and the version-2 → 3 migration that seals a log written before.
import type Database from 'better-sqlite3';
import {
  GLOBAL_GENESIS,
  globalHash,
  type ChainEntry,
  type GlobalHead,
  type RecordedStreamHead,
  type SignedCheckpoint,
} from '@ledger/event-store';

export const CHECKPOINTS_TABLE = `
  CREATE TABLE checkpoints (
    position    INTEGER PRIMARY KEY,
    global_hash TEXT NOT NULL,
    at          TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    signature   TEXT NOT NULL
  ) STRICT;
`;

export const V2_TO_V3 = `
  ALTER TABLE events ADD COLUMN global_hash TEXT;
  ${CHECKPOINTS_TABLE}
`;

/**
 * Chains the events a version-2 file already holds, in position order. As with the stream
 * chains (version 1 → 2), the log is sealed as it is at upgrade time.
 */
export function sealGlobalChain(db: Database.Database): void {
  const rows = db.prepare<[], { position: number; hash: string }>(
    'SELECT position, hash FROM events ORDER BY position',
  );
  const update = db.prepare<[string, number]>('UPDATE events SET global_hash = ? WHERE position = ?');
  const pending: Array<[string, number]> = [];
  let previous = GLOBAL_GENESIS;
  for (const row of rows.iterate()) {
    previous = globalHash(previous, row.position, row.hash);
    pending.push([previous, row.position]);
  }
  // Updated after the walk: better-sqlite3 refuses writes while an iterator is open.
  for (const args of pending) update.run(...args);
}

interface CheckpointRow {
  position: number;
  global_hash: string;
  at: string;
  public_key: string;
  signature: string;
}

/** Statements over the global chain, the stream heads and the checkpoints. */
export class SqliteGlobalChain {
  private readonly selectHead;
  private readonly selectChain;
  private readonly selectStreamHeads;
  private readonly insertCheckpoint;
  private readonly selectCheckpoints;

  constructor(db: Database.Database) {
    this.selectHead = db.prepare<[], { position: number; global_hash: string | null }>(
      'SELECT position, global_hash FROM events ORDER BY position DESC LIMIT 1',
    );
    this.selectChain = db.prepare<
      [number, number],
      { position: number; stream_id: string; revision: number; hash: string; global_hash: string | null }
    >(
      'SELECT position, stream_id, revision, hash, global_hash FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    this.selectStreamHeads = db.prepare<[string, number], { stream_id: string; revision: number; last_hash: string }>(
      'SELECT stream_id, revision, last_hash FROM streams WHERE stream_id > ? ORDER BY stream_id LIMIT ?',
    );
    this.insertCheckpoint = db.prepare<[number, string, string, string, string]>(
      'INSERT INTO checkpoints (position, global_hash, at, public_key, signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING',
    );
    this.selectCheckpoints = db.prepare<[number, number], CheckpointRow>(
      'SELECT position, global_hash, at, public_key, signature FROM checkpoints WHERE position > ? ORDER BY position LIMIT ?',
    );
  }

  /** The last event's position and global hash (the writer links the next batch to it). */
  head(): GlobalHead {
    const row = this.selectHead.get();
    return row
      ? { position: row.position, globalHash: row.global_hash ?? '' }
      : { position: 0, globalHash: GLOBAL_GENESIS };
  }

  entries(fromPosition: number, maxCount: number): ChainEntry[] {
    return this.selectChain.all(fromPosition, maxCount).map((row) => ({
      position: row.position,
      streamId: row.stream_id,
      revision: row.revision,
      hash: row.hash,
      globalHash: row.global_hash,
    }));
  }

  streamHeads(after: string, limit: number): RecordedStreamHead[] {
    return this.selectStreamHeads
      .all(after, limit)
      .map((row) => ({ streamId: row.stream_id, revision: row.revision, lastHash: row.last_hash }));
  }

  saveCheckpoint(c: SignedCheckpoint): void {
    this.insertCheckpoint.run(c.position, c.globalHash, c.at, c.publicKey, c.signature);
  }

  checkpoints(after: number, limit: number): SignedCheckpoint[] {
    return this.selectCheckpoints.all(after, limit).map((row) => ({
      position: row.position,
      globalHash: row.global_hash,
      at: row.at,
      publicKey: row.public_key,
      signature: row.signature,
    }));
  }
}
