// One reader of the global log for every live read model: each batch is read, decrypted and
// upcast once, then staged into every worker; workers flush (documents + checkpoint in one
// read-store commit) when the feed has caught up with the log, or every FLUSH_EVENTS events or
// FLUSH_MS during a long catch-up, so a document touched by many events is written once.
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@ledger/domain';
import { yieldToEventLoop, type EventStore, type Subscription } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { prepareEvents, type OpenEvents } from './projection-worker';
import { publicName } from './projections.catalogue';

export const READ_BATCH = 1000;
/** A catch-up commits at least this often, so a restart never has far to go back. */
export const FLUSH_EVENTS = 50_000;
export const FLUSH_MS = 5_000;
/**
 * Caught up with the log, a flush waits this long for more batches to share it (issue 12): every
 * flush is one read-store transaction per read model and rewrites documents every event touches
 * (the KPIs), so one per group commit cost a third of the request thread under load. 10 ms is a
 * fifth of the visibility target (acknowledgement → every read model, p99 ≤ 50 ms).
 */
export const LIVE_FLUSH_MS = 10;
/**
 * The same wait when the projections run on live threads (live-threads.ts): a flush then costs
 * this thread only the commit, and each flush adds a round trip to the threads, so waiting 10 ms
 * as well put the visibility p50 at 22 ms at 750 commands/s (18 ms without threads). With 4 ms:
 * p50 10 ms, p99 75–81 (85–90 with 10 ms), and no more request-thread CPU per command at
 * saturation (docs/benchmarks.md, 2026-12-06 00:34–00:42 UTC).
 */
export const THREADED_LIVE_FLUSH_MS = 4;
/** Staged events past which a live flush does not wait for LIVE_FLUSH_MS. */
export const LIVE_FLUSH_EVENTS = 5_000;

export type OpenEvent = OpenEvents;

/**
 * What the feed needs of a read model's worker: ProjectionWorker (on this thread) or
 * ThreadedWorker (live-threads.ts, the projection applied on a worker thread).
 */
export interface FeedWorker {
  readonly projection: Projection;
  /** Committed: the read store has documents and checkpoint up to here. */
  readonly checkpoint: number;
  /** Events staged since the last flush. */
  readonly unflushed: number;
  /** Applies a batch of prepared events without committing (see ProjectionWorker.stage). */
  stage(events: readonly RecordedEvent[]): Promise<void>;
  /** Commits what was staged, documents and checkpoint together. */
  flush(): Promise<void>;
  /** Called when the feed stops feeding it (removed, or failed): whatever it holds elsewhere can go. */
  detach?(): void;
}

export interface LogFeedHooks {
  /** Called once every read model has committed an erasure (see flushAll). */
  erasureApplied?: () => Promise<void>;
  /** A worker threw and was taken off the feed; the caller decides to retry or to stop it. */
  workerFailed?: (worker: FeedWorker, error: unknown) => void;
  /** Every worker has been handed the batch (live threads post it as one message per thread). */
  staged?: () => void;
  /** How long a caught-up flush waits for more batches (default LIVE_FLUSH_MS). */
  liveFlushMs?: number;
  /** A worker committed staged work in `seconds` (metrics); not called for a worker with nothing staged. */
  flushed?: (worker: FeedWorker, seconds: number) => void;
}

/** Whether a worker that has staged `unflushed` events since `lastFlush` should commit now. */
export function flushDue(unflushed: number, lastFlush: number, now: number): boolean {
  return unflushed >= FLUSH_EVENTS || (unflushed > 0 && now - lastFlush >= FLUSH_MS);
}

export class LogFeed {
  private readonly logger = new Logger('Projections');
  private readonly workers = new Set<FeedWorker>();
  private subscription: Subscription | null = null;
  private serial: Promise<unknown> = Promise.resolve();
  private lastFlush = Date.now();
  /** Highest position handed to the workers. */
  private delivered = 0;
  /** A CustomerErased was staged and not yet followed by a scrub of the read store's files. */
  private erasurePending = false;
  /** The live flush waiting for LIVE_FLUSH_MS, if any. */
  private liveFlush: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly open: OpenEvent,
    private readonly hooks: LogFeedHooks = {},
  ) {}

  /** Starts reading from the lowest checkpoint; workers further on skip what they already have. */
  start(workers: FeedWorker[]): void {
    for (const worker of workers) this.workers.add(worker);
    const from = workers.length > 0 ? Math.min(...workers.map((worker) => worker.checkpoint)) : 0;
    this.delivered = from;
    this.subscription = this.store.subscribeToAll({ fromPosition: from, batchSize: READ_BATCH }, (batch) =>
      this.exclusive(() => this.deliver(batch)),
    );
    this.subscription.done.catch((error: Error) => this.logger.error(`reading the event log stopped: ${error.stack}`));
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    clearTimeout(this.liveFlush);
    this.liveFlush = undefined;
    // What was staged but not committed is only work, not data: committing it saves a re-read.
    await this.exclusive(() => this.flushAll());
  }

  /** Runs `work` between two batches (the feed is paused while it runs). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work);
    this.serial = result.catch(() => undefined);
    return result;
  }

  /** Position up to which the feed has handed events to its workers. Read it inside exclusive(). */
  get position(): number {
    return this.delivered;
  }

  /** Inside exclusive(): stops feeding a worker (its staged, uncommitted work is dropped). */
  remove(worker: FeedWorker): void {
    this.workers.delete(worker);
    worker.detach?.();
  }

  /** Inside exclusive(): feeds a worker whose checkpoint is at or after `position`. */
  add(worker: FeedWorker): void {
    if (worker.checkpoint < this.delivered) {
      throw new Error(`${publicName(worker.projection)} is behind the feed (${worker.checkpoint} < ${this.delivered})`);
    }
    this.workers.add(worker);
  }

  private async deliver(batch: RecordedEvent[]): Promise<void> {
    const events = await prepareEvents(batch, this.open);
    if (events.some((event) => event.type === 'CustomerErased')) this.erasurePending = true;
    const catchingUp = batch.length === READ_BATCH;
    for (const worker of this.workers) {
      await this.guarded(worker, () => worker.stage(events));
      // Catching up, a batch costs every read model a few milliseconds: let requests in between.
      if (catchingUp) await yieldToEventLoop();
    }
    this.hooks.staged?.();
    this.delivered = Math.max(this.delivered, events[events.length - 1].position);
    // A full batch may still end at the head (a burst of exactly READ_BATCH events): asking
    // the store is one indexed read, and it commits the burst now instead of at the next one.
    const caughtUp = batch.length < READ_BATCH || this.delivered >= (await this.store.headPosition());
    const now = Date.now();
    const staged = Math.max(0, ...[...this.workers].map((worker) => worker.unflushed));
    if (!caughtUp) {
      if ([...this.workers].some((worker) => flushDue(worker.unflushed, this.lastFlush, now))) await this.flushAll();
    } else if (staged >= LIVE_FLUSH_EVENTS) {
      await this.flushAll();
    } else {
      this.liveFlush ??= setTimeout(() => {
        this.liveFlush = undefined;
        this.exclusive(() => this.flushAll()).catch((error: Error) =>
          this.logger.error(`flushing the read models failed: ${error.stack}`),
        );
      }, this.hooks.liveFlushMs ?? LIVE_FLUSH_MS);
    }
  }

  private async flushAll(): Promise<void> {
    const workers = [...this.workers];
    if (workers.some((worker) => worker.unflushed > READ_BATCH)) {
      // A catch-up's flush serialises many documents per read model: one at a time, with
      // requests let in between.
      for (const worker of workers) {
        await this.flushOne(worker);
        await yieldToEventLoop();
      }
    } else {
      // Live, every read model's commit is posted at once: the read store's writer thread takes
      // them in turn, and the flush waits for one round of replies instead of one per read model
      // (nine round trips, each behind the requests queued on this thread, made the visibility
      // p99 ≈ 200 ms at 750 commands/s).
      await Promise.all(workers.map((worker) => this.flushOne(worker)));
    }
    this.lastFlush = Date.now();
    // Every read model has now committed the erasure: the older versions of the erased
    // customer's documents still sit in the read store's WAL until it is scrubbed.
    if (this.erasurePending) {
      this.erasurePending = false;
      await (this.hooks.erasureApplied?.() ?? Promise.resolve()).catch((error: Error) =>
        this.logger.error(`scrubbing the read store after an erasure failed: ${error.message}`),
      );
    }
  }

  private async flushOne(worker: FeedWorker): Promise<void> {
    const staged = worker.unflushed;
    const started = performance.now();
    await this.guarded(worker, () => worker.flush());
    if (staged > 0) this.hooks.flushed?.(worker, (performance.now() - started) / 1000);
  }

  /**
   * A projection that fails leaves the feed alone (as it would with a reader of its own); the
   * others go on. Whether it is retried or stays stopped is the hook's decision, never silent.
   */
  private async guarded(worker: FeedWorker, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.remove(worker);
      if (this.hooks.workerFailed) return this.hooks.workerFailed(worker, error);
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.logger.error(`projection ${publicName(worker.projection)} stopped: ${reason}`);
    }
  }
}
