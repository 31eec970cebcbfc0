// Writes one group-commit batch in a single IMMEDIATE transaction, each append checked against
// the state the earlier appends of the batch left behind, so a failing append fails alone.
// Positions are handed out in commit order, without gaps.
//
// A batch is first written directly: an append refused on its expected revision, or on its first
// row, has written nothing, and nearly every other append writes cleanly. Only an append that
// throws after writing rows (a duplicate id on a later event, a row SQLite refuses) needs undoing
// on its own: then the whole transaction rolls back and the batch is written again with each
// append in its own savepoint.
// Savepoints cost about 3 µs per append (a third of the batch's SQLite time), so they are only
// paid when needed.
import type Database from 'better-sqlite3';
import { ExpectedVersionMismatch, type NewEvent } from '@ledger/domain';
import {
  checkExpectedRevision,
  DuplicateEventId,
  globalHash,
  linkEvents,
  type GlobalHead,
  resolveRetry,
  type AppendResult,
  type ExpectedRevision,
} from '@ledger/event-store';
import type { Outcome } from '@ledger/group-commit';
import type { SqliteEventTable, StreamHead } from './sqlite-event-table';
import type { SqliteGlobalChain } from './sqlite-global-chain';

/** A stream's head once this batch has written to it. */
type WrittenHead = StreamHead & { revision: number };

/** One append waiting for the group commit. */
export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export type AppendOutcome = Outcome<AppendResult>;

export interface SqliteEventStoreStats {
  /** Committed transactions that wrote events: with synchronous=FULL, one WAL fsync each. */
  transactions: number;
  /** Appends that wrote events (retries answered from the log are not counted). */
  appends: number;
  events: number;
}

/** Adds a committed batch's outcomes to the counters (appends answered from the log do not count). */
export function countWritten(counters: SqliteEventStoreStats, outcomes: AppendOutcome[]): void {
  const written = outcomes.filter((o) => o.ok && !o.result.deduplicated);
  if (written.length === 0) return;
  counters.transactions++;
  counters.appends += written.length;
  for (const o of written) if (o.ok) counters.events += o.result.positions.length;
}

export class SqliteBatchWriter {
  private readonly counters: SqliteEventStoreStats = { transactions: 0, appends: 0, events: 0 };
  private readonly writeBatchTx;
  private readonly writeDirectTx;
  private readonly appendTx;

  constructor(
    private readonly db: Database.Database,
    private readonly table: SqliteEventTable,
    private readonly chain: SqliteGlobalChain,
  ) {
    // better-sqlite3 runs a transaction function called inside another one as a SAVEPOINT.
    this.appendTx = db.transaction((request: AppendRequest, head: GlobalHead, recordedAt: string) =>
      this.appendOne(request, head, recordedAt),
    );
    this.writeBatchTx = db.transaction((batch: AppendRequest[], recordedAt: string) =>
      this.writeAll(batch, recordedAt),
    );
    this.writeDirectTx = db.transaction((batch: AppendRequest[], recordedAt: string) =>
      this.writeDirect(batch, recordedAt),
    );
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  /** Commits the batch and returns one outcome per request; throws when the transaction failed. */
  write(batch: AppendRequest[]): AppendOutcome[] {
    const recordedAt = new Date().toISOString();
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.writeDirectTx.immediate(batch, recordedAt);
    } catch (error) {
      if (!(error instanceof AppendThrew)) throw error;
      outcomes = this.writeBatchTx.immediate(batch, recordedAt); // rolled back: again, with savepoints
    }
    countWritten(this.counters, outcomes); // only now that COMMIT has returned
    return outcomes;
  }

  /**
   * The batch without savepoints. Stream heads are kept in memory while the batch runs and
   * written once per stream at its end. SQLite undoes only a failing statement, so an append
   * that fails before its first row is in (its check, or a stored event id on that row: a key
   * reused) has written nothing and fails alone. One that fails after writing rows aborts the
   * whole transaction (AppendThrew), for write() to redo it with savepoints.
   */
  private writeDirect(batch: AppendRequest[], recordedAt: string): AppendOutcome[] {
    let head = this.chain.head();
    const written = new Map<string, WrittenHead>();
    const outcomes = batch.map((request): AppendOutcome => {
      const progress = { inserted: 0 };
      try {
        const stream = written.get(request.streamId) ?? this.table.streamHead(request.streamId);
        checkExpectedRevision(request.streamId, request.expected, stream.revision);
        const { result, next, last } = this.writeEvents(request, stream, head, recordedAt, progress);
        written.set(request.streamId, last);
        head = next;
        return { ok: true, result };
      } catch (error) {
        // As writeAll: SQLite may have rolled the whole transaction back (disk full, I/O).
        if (progress.inserted === 0 && this.db.inTransaction) return this.failed(request, error);
        throw new AppendThrew('an append of the batch failed part-way', { cause: error });
      }
    });
    for (const [streamId, last] of written) this.table.setStreamHead(streamId, last.revision, last.lastHash);
    return outcomes;
  }

  private writeAll(batch: AppendRequest[], recordedAt: string): AppendOutcome[] {
    // The global chain's head is read once per batch (one indexed read) and carried along; an
    // append whose savepoint rolls back leaves it where it was.
    let head = this.chain.head();
    return batch.map((request): AppendOutcome => {
      try {
        const { result, next } = this.appendTx(request, head, recordedAt);
        head = next;
        return { ok: true, result };
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction; carrying on
        // would run the rest of the batch in autocommit mode, so the batch fails as a whole.
        if (!this.db.inTransaction) throw error;
        return this.failed(request, error);
      }
    });
  }

  private appendOne(
    request: AppendRequest,
    head: GlobalHead,
    recordedAt: string,
  ): { result: AppendResult; next: GlobalHead } {
    // Ids are not looked up first: a fresh append (nearly all of them) has new ids, and a retry
    // always fails here, on its expected revision or on UNIQUE(event_id), and is recognised
    // then (failed()), after its savepoint rolled back. One index probe per event saved.
    // Read inside the transaction, so an earlier append of this batch to the same stream is seen.
    const stream = this.table.streamHead(request.streamId);
    checkExpectedRevision(request.streamId, request.expected, stream.revision);
    const { result, next, last } = this.writeEvents(request, stream, head, recordedAt);
    this.table.setStreamHead(request.streamId, last.revision, last.lastHash);
    return { result, next };
  }

  /**
   * Links the append's events after the stream's head and inserts them, counting the rows in
   * `progress`; the stream's new head is the caller's to write.
   */
  private writeEvents(
    { streamId, events }: AppendRequest,
    stream: StreamHead,
    head: GlobalHead,
    recordedAt: string,
    progress = { inserted: 0 },
  ): { result: AppendResult; next: GlobalHead; last: WrittenHead } {
    const links = linkEvents(streamId, events, { revision: stream.revision, hash: stream.lastHash }, recordedAt);
    let previous = head.globalHash;
    const positions = events.map((event, i) => {
      const position = head.position + i + 1;
      previous = globalHash(previous, position, links[i].hash);
      this.table.insert(event, streamId, links[i], position, recordedAt, previous);
      progress.inserted++;
      return position;
    });
    const last = links[links.length - 1];
    return {
      result: { streamId, nextExpectedRevision: last.revision, positions, deduplicated: false },
      next: { position: positions[positions.length - 1], globalHash: previous },
      last: { revision: last.revision, lastHash: last.hash },
    };
  }

  /**
   * The outcome of an append that threw, having written nothing (its savepoint rolled back, or it
   * failed before its first row was in). One that failed on its expected revision or on a stored
   * event id, and whose first id is stored, may be a retry: answered with the original result, or
   * DuplicateEventId when the ids sit elsewhere.
   */
  private failed(request: AppendRequest, error: unknown): AppendOutcome {
    const { streamId, events, expected } = request;
    const maybeRetry = error instanceof ExpectedVersionMismatch || isDuplicateEventId(error);
    if (maybeRetry && this.table.locate(events[0].eventId)) {
      try {
        const stored = events.map((e) => this.table.locate(e.eventId));
        // Not null: the first id is stored.
        return { ok: true, result: resolveRetry(streamId, events, expected, stored) as AppendResult };
      } catch (conflict) {
        return { ok: false, error: conflict };
      }
    }
    return { ok: false, error: this.explain(error, request) };
  }

  /** Turns a UNIQUE(event_id) violation into the typed conflict it stands for. */
  private explain(error: unknown, request: AppendRequest): unknown {
    if (!isDuplicateEventId(error)) return error;
    for (const event of request.events) {
      const stored = this.table.locate(event.eventId);
      if (stored) return new DuplicateEventId(event.eventId, stored.streamId);
    }
    return error;
  }
}

/** An append of a batch written without savepoints threw after writing some of it. */
class AppendThrew extends Error {}

/**
 * A UNIQUE(event_id) violation. Duck-typed, not `instanceof Error`: the native addon keeps the
 * SqliteError class of the first realm that loaded it (jest gives every test file its own
 * realm), so instanceof is not reliable.
 */
function isDuplicateEventId(error: unknown): boolean {
  const sqlite = error as { code?: unknown; message?: unknown } | null;
  return (
    typeof sqlite === 'object' &&
    sqlite !== null &&
    sqlite.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof sqlite.message === 'string' &&
    sqlite.message.includes('events.event_id')
  );
}
