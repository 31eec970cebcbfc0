// The embedded event store: one SQLite file in WAL mode, durable by default (synchronous=FULL),
// with group commit so concurrent appends share one fsync. Group commits are written on this
// thread, or by a writer thread with its own connection when asked (worker-batch-writer.ts);
// reads run straight on this thread's connection; subscriptions are the port library's
// catch-up subscriptions, woken after every commit.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import {
  CatchUpSubscriptions,
  EventStoreClosed,
  normaliseReadAll,
  normaliseReadStream,
  validateAppend,
  type AppendResult,
  type BatchHandler,
  type ChainEntry,
  type ChainedLog,
  type EventStore,
  type GlobalHead,
  type RecordedStreamHead,
  type SignedCheckpoint,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-store';
import { GroupCommitQueue } from '@ledger/group-commit';
import {
  SqliteBatchWriter,
  type AppendOutcome,
  type AppendRequest,
  type SqliteEventStoreStats,
} from './sqlite-batch-writer';
import { SqliteEventTable } from './sqlite-event-table';
import { SqliteGlobalChain } from './sqlite-global-chain';
import { openDatabase, type SqliteConnectionOptions, type SqliteSynchronous } from './sqlite-schema';
import { WorkerBatchWriter } from './worker-batch-writer';
import { StoreLock, type StoreLockMode } from './store-lock';

export interface SqliteEventStoreOptions {
  /** Path of the database file (created if missing), or ':memory:' for throw-away tests. */
  file: string;
  /** FULL (default) fsyncs every commit: nothing acknowledged is lost. NORMAL may lose the last commits on power loss. */
  synchronous?: SqliteSynchronous;
  /** Most appends written in one transaction. Default 1000. */
  maxBatch?: number;
  /** How long a write waits for another process's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * WAL size, in pages, at which a commit also checkpoints. Default 10000 (≈ 40 MB of WAL).
   * Appends to many streams dirty random index pages, so every group commit writes hundreds of
   * pages; checkpointing after each 1000 (SQLite's default) rewrote and fsynced the same hot
   * pages over and over, and ran on the event loop inside COMMIT.
   */
  walAutocheckpointPages?: number;
  /** Idle subscriptions re-read this often, to see appends from other processes. Default 1000. */
  pollIntervalMs?: number;
  /** Refuse a missing file instead of creating an empty store (offline tools). */
  mustExist?: boolean;
  /**
   * 'shared' (default): other processes may open the store too, not one that needs it alone.
   * 'exclusive': no other process may have it open (an import with --data-dir). See StoreLock.
   * 'none': takes no lock: tools that only read a snapshot (openEventStoreToRead), and specs
   * standing in for a writer that does not take it (a CRM of a version before the lock).
   */
  lock?: StoreLockMode | 'none';
  /**
   * 'inline' (default): group commits are written and fsynced on this thread. 'thread': by a
   * writer thread, so the event loop goes on while they fsync; it takes ≈ 42 µs of CPU per
   * append off this thread but did not raise the CRM's throughput measurably on the shared
   * bench machine, and answers each group a little later (docs/benchmarks.md, issue 12), so it
   * is not the default. ':memory:' is always inline (no second connection can see it).
   */
  writer?: 'thread' | 'inline';
}

/** Told after every committed group: the appends it held and how long writing it took (seconds). */
export type CommitListener = (appends: number, seconds: number) => void;

/** The connection's live settings, read back from SQLite (not from the options). */
export interface SqlitePragmas {
  journalMode: string;
  /** 2 = FULL, 1 = NORMAL. */
  synchronous: number;
  busyTimeoutMs: number;
  walAutocheckpointPages: number;
}

export class SqliteEventStore implements EventStore, ChainedLog {
  private readonly table: SqliteEventTable;
  private readonly chain: SqliteGlobalChain;
  private readonly writer: SqliteBatchWriter | WorkerBatchWriter;
  private readonly queue: GroupCommitQueue<AppendRequest, AppendResult>;
  private readonly subscriptions: CatchUpSubscriptions;
  /** Set when close() starts: no new appends or subscriptions. */
  private closing: Promise<void> | undefined;
  /** Set when the connection is gone: nothing at all. Reads stay allowed in between, for stopping subscriptions. */
  private closed = false;
  private commitListener: CommitListener | null = null;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
    connection: SqliteConnectionOptions,
    private readonly lock: StoreLock | null,
  ) {
    this.table = new SqliteEventTable(db);
    this.chain = new SqliteGlobalChain(db);
    this.writer =
      options.writer === 'thread' && options.file !== ':memory:'
        ? new WorkerBatchWriter({ ...connection, mustExist: true })
        : new SqliteBatchWriter(db, this.table, this.chain);
    this.queue = new GroupCommitQueue((batch) => this.commit(batch), options.maxBatch ?? 1000);
    this.subscriptions = new CatchUpSubscriptions(this, { pollIntervalMs: options.pollIntervalMs ?? 1000 });
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const connection: SqliteConnectionOptions = {
      file: options.file,
      synchronous: options.synchronous ?? 'FULL',
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      walAutocheckpointPages: options.walAutocheckpointPages ?? 10_000,
      mustExist: options.mustExist,
    };
    // The lock first: a store refused must not have created or migrated anything (or waited for
    // the other writer). A missing store a tool asks to exist is refused by openDatabase instead.
    const mode = options.lock ?? 'shared';
    const locks = options.file !== ':memory:' && mode !== 'none' && !(options.mustExist && !existsSync(options.file));
    const lock = locks ? StoreLock.take(options.file, mode as StoreLockMode) : null;
    let db: Database.Database | undefined;
    try {
      db = openDatabase(connection);
      return new SqliteEventStore(db, options, connection, lock);
    } catch (error) {
      db?.close();
      lock?.release();
      throw error;
    }
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertAccepting();
    validateAppend(streamId, events, expectedRevision);
    // Copied so a caller mutating its array after the call cannot change what gets written.
    return this.queue.enqueue({ streamId, events: [...events], expected: expectedRevision });
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.table.readStream(streamId, normaliseReadStream(options));
  }

  async streamRevision(streamId: string): Promise<number | 'no_stream'> {
    this.assertOpen();
    return this.table.streamRevision(streamId);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.table.readAll(normaliseReadAll(options));
  }

  async readEvent(eventId: string): Promise<RecordedEvent | null> {
    this.assertOpen();
    return this.table.byId(eventId);
  }

  async existingEventIds(eventIds: readonly string[]): Promise<Set<string>> {
    this.assertOpen();
    return this.table.storedIds(eventIds);
  }

  async existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    this.assertOpen();
    return this.table.storedStreams(streamIds);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.table.head();
  }

  async listStreams(prefix: string, options: { after?: string; limit?: number } = {}): Promise<string[]> {
    this.assertOpen();
    return this.table.streamIds(prefix, options.after ?? '', options.limit ?? -1);
  }

  async globalHead(): Promise<GlobalHead> {
    this.assertOpen();
    return this.chain.head();
  }

  async readChain(fromPosition: number, maxCount: number): Promise<ChainEntry[]> {
    this.assertOpen();
    return this.chain.entries(fromPosition, maxCount);
  }

  async streamHeads(after: string, limit: number): Promise<RecordedStreamHead[]> {
    this.assertOpen();
    return this.chain.streamHeads(after, limit);
  }

  async saveCheckpoint(checkpoint: SignedCheckpoint): Promise<void> {
    this.assertOpen();
    this.chain.saveCheckpoint(checkpoint);
  }

  async checkpoints(after: number, limit: number): Promise<SignedCheckpoint[]> {
    this.assertOpen();
    return this.chain.checkpoints(after, limit);
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertAccepting();
    return this.subscriptions.subscribe(options, handler);
  }

  /** Counters for the benchmark: events / transactions is events per fsync. */
  stats(): SqliteEventStoreStats {
    return this.writer.stats();
  }

  /** For metrics: one listener, called once per transaction (never per append). */
  observeCommits(listener: CommitListener | null): void {
    this.commitListener = listener;
  }

  pragmas(): SqlitePragmas {
    this.assertOpen();
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
      walAutocheckpointPages: Number(this.db.pragma('wal_autocheckpoint', { simple: true })),
    };
  }

  /** Stops subscriptions, writes every append already accepted, then closes the file. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.subscriptions.stopAll();
        await this.queue.drain();
        if (this.writer instanceof WorkerBatchWriter) await this.writer.close();
      } finally {
        this.closed = true;
        this.db.close();
        this.lock?.release();
      }
    })();
    return this.closing;
  }

  private commit(batch: AppendRequest[]): AppendOutcome[] | Promise<AppendOutcome[]> {
    const started = this.commitListener ? performance.now() : 0;
    const written = this.writer.write(batch);
    if (Array.isArray(written)) return this.committed(batch, written, started);
    return written.then((outcomes) => this.committed(batch, outcomes, started));
  }

  private committed(batch: AppendRequest[], outcomes: AppendOutcome[], started: number): AppendOutcome[] {
    this.commitListener?.(batch.length, (performance.now() - started) / 1000);
    if (outcomes.some((o) => o.ok && !o.result.deduplicated)) this.subscriptions.appended();
    return outcomes;
  }

  private assertAccepting(): void {
    if (this.closing) throw new EventStoreClosed();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosed();
  }
}
