// Catching read models up with the log on every core (issue 12): the main thread reads, decrypts
// and upcasts each batch once and posts it, as JSON once, to worker threads that each apply a
// share of the read models (catch-up-thread.ts); it commits what they flush. As in the live feed,
// a checkpoint is committed with its documents and never before them, so a kill at any moment
// resumes from the checkpoints, and the documents equal a live build's.
import type { Worker } from 'node:worker_threads';
import { yieldToEventLoop, type EventStore } from '@ledger/event-store';
import { startWorkerThread } from '@ledger/group-commit';
import type { ProjectedDocument, Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import type { CatchUpReply, CatchUpRequest, CatchUpThreadData, ThreadFailure } from './catch-up-thread';
import { READ_BATCH, flushDue } from './log-feed';
import { prepareEvents, type OpenEvents } from './projection-worker';
import type { ThreadCommit } from './thread-documents';

/**
 * Relative cost of a read model per event (a profile of a 200k-event replay, 2026-12-05), to
 * share them evenly between threads; an unlisted one counts 2.
 */
const WEIGHTS: Record<string, number> = {
  lifecycle: 15,
  operational_view: 10,
  customer_search: 7,
  customer_analytics: 6,
  kpis: 5,
};
/**
 * A start-up catch-up or a rebuild at least this far behind the log runs on worker threads
 * (catch-up-threads.ts, issue 12); a shorter one is not worth starting threads for.
 */
export const THREADED_CATCH_UP_EVENTS = 20_000;

export interface CatchUpSettings {
  /** Worker threads; 0 keeps every catch-up on the main thread. Default: the cores there are. */
  threads: number;
  minEvents: number;
}

/** Batches a thread may have queued and not yet applied: bounds memory, keeps it busy. */
const IN_FLIGHT = 8;

export interface CatchUpTargetModel {
  projection: Projection;
  collection: string;
}

export interface ParallelCatchUpOptions {
  threads: number;
  /** Last position to apply. */
  until: number;
  /** Told the position read after each batch. */
  read?: (position: number) => void;
  /** Told each committed checkpoint. */
  committed?: (collection: string, checkpoint: number) => void;
  /** Checked between batches: true ends the catch-up early (what is applied is still committed). */
  stopping?: () => boolean;
}

/** Heaviest first onto the least loaded thread. */
export function shareOut<T extends CatchUpTargetModel>(targets: readonly T[], threads: number): T[][] {
  const weight = (t: T) => WEIGHTS[t.projection.name] ?? 2;
  const groups = Array.from({ length: Math.max(1, Math.min(threads, targets.length)) }, () => ({
    load: 0,
    of: [] as T[],
  }));
  for (const target of [...targets].sort((a, b) => weight(b) - weight(a))) {
    const lightest = groups.reduce((min, g) => (g.load < min.load ? g : min));
    lightest.of.push(target);
    lightest.load += weight(target);
  }
  return groups.map((g) => g.of).filter((of) => of.length > 0);
}

/** One thread, seen from the main thread: staged batches in flight and flushes answered in order. */
class CatchUpThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private roomWaiters: (() => void)[] = [];
  private flushes: { resolve(reply: CatchUpReply & { kind: 'flushed' }): void; reject(error: Error): void }[] = [];
  private dead: Error | null = null;
  private closing = false;

  constructor(data: CatchUpThreadData) {
    this.worker = startWorkerThread(__dirname, 'catch-up-thread', data);
    this.worker.on('message', (reply: CatchUpReply) => {
      if (reply.kind === 'staged') {
        this.inFlight -= 1;
        this.roomWaiters.shift()?.();
      } else this.flushes.shift()?.resolve(reply);
    });
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`a catch-up thread exited (${code})`)));
  }

  post(request: CatchUpRequest): void {
    if (this.dead) throw this.dead;
    this.worker.postMessage(request);
  }

  async stage(events: string): Promise<void> {
    while (this.inFlight >= IN_FLIGHT && !this.dead) await new Promise<void>((room) => this.roomWaiters.push(room));
    this.post({ kind: 'stage', events });
    this.inFlight += 1;
  }

  flush(): Promise<CatchUpReply & { kind: 'flushed' }> {
    this.post({ kind: 'flush' });
    return new Promise((resolve, reject) => this.flushes.push({ resolve, reject }));
  }

  async stop(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private die(error: Error): void {
    if (this.closing || this.dead) return;
    this.dead = error;
    for (const flush of this.flushes.splice(0)) flush.reject(error);
    for (const room of this.roomWaiters.splice(0)) room();
  }
}

/**
 * Applies the log from the lowest of the targets' checkpoints up to `until` (each target skips
 * what it already has). Returns the read models a thread stopped feeding (an event it cannot
 * apply): their committed state stays, the caller leaves them to the live feed, which shows why.
 * A thread that dies rejects the whole catch-up; what was committed stays committed.
 */
export async function catchUpInThreads(
  store: EventStore,
  reads: ReadStore,
  open: OpenEvents,
  targets: readonly CatchUpTargetModel[],
  options: ParallelCatchUpOptions,
): Promise<ThreadFailure[]> {
  const checkpoints = new Map<string, number>();
  for (const { projection, collection } of targets) {
    await reads.ensureCollection(collection, projection.indexes ?? []);
    checkpoints.set(collection, await reads.checkpoint(collection));
  }
  const threads = shareOut(targets, options.threads).map((share) => ({
    share,
    thread: new CatchUpThread({
      targets: share.map((t) => ({ projection: t.projection.name, collection: t.collection })),
    }),
  }));
  const failures: ThreadFailure[] = [];
  try {
    for (const { share, thread } of threads) {
      for (const { collection } of share) await seed(reads, thread, collection, checkpoints.get(collection) ?? 0);
      thread.post({ kind: 'start' });
    }
    const commit = async (commits: ThreadCommit[]) => {
      for (const { collection, documents, checkpoint } of commits) {
        if (reads.commitSerialised) await reads.commitSerialised(collection, documents, checkpoint);
        else
          await reads.commit(
            collection,
            documents.map((d) => JSON.parse(d.body) as ProjectedDocument),
            checkpoint,
          );
        options.committed?.(collection, checkpoint);
      }
    };
    // One flush round at a time: the next is asked for only once the previous one is written.
    let committing: Promise<void> = Promise.resolve();
    const flushAll = async () => {
      await committing;
      const replies = threads.map(({ thread }) => thread.flush());
      committing = Promise.all(replies).then(async (answers) => {
        for (const answer of answers) {
          failures.push(...answer.failures);
          await commit(answer.commits);
        }
      });
      // Awaited at the next round or at the end; until then a failure must not count as unhandled.
      committing.catch(() => undefined);
    };
    let read = Math.min(...checkpoints.values());
    let unflushed = 0;
    let lastFlush = Date.now();
    let erasures = false;
    while (read < options.until && !options.stopping?.()) {
      const batch = await store.readAll({ fromPosition: read, maxCount: READ_BATCH });
      const upTo = batch.filter((e) => e.position <= options.until);
      if (upTo.length === 0) break;
      // JSON, as the events are stored and as Kafka carries them; parsed about twice as fast as v8's format.
      const prepared = await prepareEvents(upTo, open);
      erasures ||= prepared.some((event) => event.type === 'CustomerErased');
      const events = JSON.stringify(prepared);
      for (const { thread } of threads) await thread.stage(events);
      read = upTo[upTo.length - 1].position;
      unflushed += upTo.length;
      options.read?.(read);
      if (flushDue(unflushed, lastFlush, Date.now())) {
        await flushAll();
        unflushed = 0;
        lastFlush = Date.now();
      }
      await yieldToEventLoop();
    }
    await flushAll();
    await committing;
    // As the live feed does: the erased customers' older documents must not stay in the store's files.
    if (erasures) await reads.scrubFreedSpace?.();
    return failures;
  } finally {
    await Promise.all(threads.map(({ thread }) => thread.stop()));
  }
}

/** Hands a thread the documents a read model already has (a catch-up resumed after a restart). */
async function seed(reads: ReadStore, thread: CatchUpThread, collection: string, checkpoint: number): Promise<void> {
  thread.post({ kind: 'seed', collection, documents: [], checkpoint });
  for await (const page of reads.scan<ProjectedDocument>(collection, 2000)) {
    thread.post({ kind: 'seed', collection, documents: page, checkpoint });
  }
}

/** A rebuild's progress record after reading up to `read`. */
export const rebuildPercent = (read: number, target: number) => ({
  processedUpTo: read,
  percent: Math.floor((read / Math.max(1, target)) * 100),
});
