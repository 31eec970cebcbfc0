// Prepared statements over the events and streams tables, and the row ↔ RecordedEvent mapping.
// Statements are prepared once per connection; readAll's prefix filter is prepared per prefix count.
import type Database from 'better-sqlite3';
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import {
  GENESIS_HASH,
  eventHash,
  type NormalisedReadAll,
  type NormalisedReadStream,
  type StoredEventLocation,
  type StreamRevision,
} from '@ledger/event-store';

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  hash: string | null;
  prev_hash: string | null;
}

const COLUMNS =
  'position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, prev_hash';
/** SQLite reads a negative LIMIT as "no limit". */
const NO_LIMIT = -1;

export class SqliteEventTable {
  private readonly insertEvent;
  private readonly locateEvent;
  private readonly selectEvent;
  private readonly selectRevision;
  private readonly upsertStream;
  private readonly selectStreamIds;
  private readonly selectHead;
  private readonly readForwards;
  private readonly readBackwards;
  private readonly readAllByPrefixCount = new Map<number, Database.Statement<unknown[], EventRow>>();

  constructor(private readonly db: Database.Database) {
    this.insertEvent = db.prepare<
      [number, string, string, number, string, number, string, string, string, string, string]
    >(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.locateEvent = db.prepare<[string], { streamId: string; revision: number; position: number }>(
      'SELECT stream_id AS streamId, revision, position FROM events WHERE event_id = ?',
    );
    this.selectEvent = db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`);
    this.selectRevision = db.prepare<[string], { revision: number; last_hash: string | null }>(
      'SELECT revision, last_hash FROM streams WHERE stream_id = ?',
    );
    this.upsertStream = db.prepare<[string, number, string]>(
      'INSERT INTO streams (stream_id, revision, last_hash) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash',
    );
    this.selectStreamIds = db.prepare<[string, string, number], { stream_id: string }>(
      'SELECT stream_id FROM streams WHERE stream_id > ? AND stream_id GLOB ? ORDER BY stream_id LIMIT ?',
    );
    this.selectHead = db.prepare<[], { head: number }>('SELECT coalesce(max(position), 0) AS head FROM events');
    this.readForwards = db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    );
    this.readBackwards = db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    );
  }

  /** Writes the event chained to `prevHash`; returns its hash. */
  insert(
    event: NewEvent,
    streamId: string,
    revision: number,
    position: number,
    recordedAt: string,
    prevHash: string,
  ): string {
    const hash = eventHash({ ...event, streamId, revision, recordedAt, prevHash });
    this.insertEvent.run(
      position,
      event.eventId,
      streamId,
      revision,
      event.type,
      event.schemaVersion,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      recordedAt,
      hash,
      prevHash,
    );
    return hash;
  }

  locate(eventId: string): StoredEventLocation | null {
    return this.locateEvent.get(eventId) ?? null;
  }

  streamRevision(streamId: string): StreamRevision {
    return this.selectRevision.get(streamId)?.revision ?? 'no_stream';
  }

  /** Hash of the stream's last event, the prevHash of its next one. */
  lastHash(streamId: string): string {
    return this.selectRevision.get(streamId)?.last_hash ?? GENESIS_HASH;
  }

  setStreamHead(streamId: string, revision: number, lastHash: string): void {
    this.upsertStream.run(streamId, revision, lastHash);
  }

  /** Stream ids with the prefix, in id order, after `after` (paging). */
  streamIds(prefix: string, after: string, limit: number): string[] {
    return this.selectStreamIds.all(after, globPrefix(prefix), limit).map((row) => row.stream_id);
  }

  head(): number {
    return (this.selectHead.get() as { head: number }).head; // an aggregate always returns one row
  }

  byId(eventId: string): RecordedEvent | null {
    const row = this.selectEvent.get(eventId);
    return row ? toRecordedEvent(row) : null;
  }

  readStream(streamId: string, options: NormalisedReadStream): RecordedEvent[] {
    const limit = options.maxCount ?? NO_LIMIT;
    const rows =
      options.direction === 'forwards'
        ? this.readForwards.all(streamId, options.fromRevision ?? 0, limit)
        : this.readBackwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.map(toRecordedEvent);
  }

  readAll(options: NormalisedReadAll): RecordedEvent[] {
    const prefixes = options.streamPrefixes;
    if (prefixes?.length === 0) return [];
    const statement = this.readAllStatement(prefixes?.length ?? 0);
    const patterns = (prefixes ?? []).map(globPrefix);
    return statement.all(options.fromPosition, ...patterns, options.maxCount ?? NO_LIMIT).map(toRecordedEvent);
  }

  private readAllStatement(prefixCount: number): Database.Statement<unknown[], EventRow> {
    let statement = this.readAllByPrefixCount.get(prefixCount);
    if (!statement) {
      const filter =
        prefixCount === 0 ? '' : `AND (${Array.from({ length: prefixCount }, () => 'stream_id GLOB ?').join(' OR ')})`;
      statement = this.db.prepare<unknown[], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? ${filter} ORDER BY position LIMIT ?`,
      );
      this.readAllByPrefixCount.set(prefixCount, statement);
    }
    return statement;
  }
}

/** GLOB, unlike LIKE, is case-sensitive; escaping its wildcards makes the prefix literal. */
function globPrefix(prefix: string): string {
  return `${prefix.replace(/[*?[]/g, (wildcard) => `[${wildcard}]`)}*`;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    // The store keeps what it was given; type and data were checked against the union on append.
    type: row.type as RecordedEvent['type'],
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data) as RecordedEvent['data'],
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
    ...(row.hash ? { hash: row.hash } : {}),
    ...(row.prev_hash ? { prevHash: row.prev_hash } : {}),
  };
}
