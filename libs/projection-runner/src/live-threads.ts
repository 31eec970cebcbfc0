// The live feed's projection work on worker threads (issue 12): the request thread reads the log,
// prepares each batch once and posts it, as JSON once, to the threads (live-thread.ts) that apply
// the read models; a flush asks a read model's thread for its documents, already serialised, and
// commits them with their checkpoint (commitSerialised), which is set here only after the commit,
// so read-your-writes sees a checkpoint only with its documents. A thread fetches a document it
// has not touched yet from this thread's read store, and keeps every document it touched.
import type { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '@ledger/domain';
import { startWorkerThread } from '@ledger/group-commit';
import type { Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { shareOut } from './catch-up-threads';
import type { LiveFailure, LiveReply, LiveRequest } from './live-thread';
import type { FeedWorker } from './log-feed';
import { ProjectionFailed, ProjectionThreadLost, ReadStoreUnavailable, io } from './projection-worker';
import { PROJECTIONS } from './projections.catalogue';
import type { ThreadCommit } from './thread-documents';

/** Batches a thread may have queued and not yet taken up: bounds memory, keeps it busy. */
const IN_FLIGHT = 8;

type Flushed = LiveReply & { kind: 'flushed' };

/** One live thread, seen from the main thread. */
class LiveThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private readonly roomWaiters: (() => void)[] = [];
  private readonly flushes: { resolve(reply: Flushed): void; reject(error: Error): void }[] = [];
  /** Attached targets → their collection, for the thread's fetches. */
  private readonly collections = new Map<string, string>();
  /** The events array last posted: each read model's stage of the same batch reuses it. */
  private posted: readonly RecordedEvent[] | null = null;
  dead: Error | null = null;
  private closing = false;

  constructor(private readonly reads: ReadStore) {
    this.worker = startWorkerThread(__dirname, 'live-thread', {});
    // The feed's shutdown ends it; an idle thread must not keep the process alive on its own.
    this.worker.unref();
    this.worker.on('message', (reply: LiveReply) => {
      if (reply.kind === 'staged') {
        this.inFlight -= 1;
        this.roomWaiters.shift()?.();
      } else if (reply.kind === 'flushed') this.flushes.shift()?.resolve(reply);
      else this.answer(reply);
    });
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`a live projection thread exited (${code})`)));
  }

  attach(target: string, projection: string, collection: string, checkpoint: number): void {
    this.post({ kind: 'attach', target, projection, checkpoint });
    this.collections.set(target, collection);
  }

  detach(target: string): void {
    this.collections.delete(target);
    if (!this.dead && !this.closing) this.post({ kind: 'detach', target });
  }

  /** Only one feed stages at a time (LogFeed.deliver is exclusive), so a batch is posted once per thread. */
  async stage(events: readonly RecordedEvent[], json: () => string, target: string): Promise<void> {
    if (this.posted !== events) {
      while (this.inFlight >= IN_FLIGHT && !this.dead) await new Promise<void>((room) => this.roomWaiters.push(room));
      this.post({ kind: 'batch', events: json() });
      this.inFlight += 1;
      this.posted = events;
    }
    this.post({ kind: 'stage', target });
  }

  flush(target: string): Promise<Flushed> {
    this.post({ kind: 'flush', target });
    // The thread lets go of the batch at a flush (see live-thread.ts): a later stage of the same
    // batch posts it again.
    this.posted = null;
    return new Promise((resolve, reject) => this.flushes.push({ resolve, reject }));
  }

  async stop(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private post(request: LiveRequest): void {
    if (this.dead) throw new ProjectionThreadLost(this.dead);
    this.worker.postMessage(request);
  }

  /** A thread's first touch of a document: answered from this thread's store (in memory). */
  private answer({ request, target, ids }: LiveReply & { kind: 'fetch' }): void {
    const reply = (documents: unknown[], error?: string) =>
      this.dead || this.closing || this.worker.postMessage({ kind: 'documents', request, documents, error });
    const collection = this.collections.get(target);
    // Detached meanwhile: whatever the thread does with it is never committed.
    if (collection === undefined) return void reply([]);
    this.reads.getMany(collection, ids).then(
      (found) => reply([...found.values()]),
      (error: Error) => reply([], error.message),
    );
  }

  private die(error: Error): void {
    if (this.closing || this.dead) return;
    this.dead = error;
    for (const flush of this.flushes.splice(0)) flush.reject(new ProjectionThreadLost(error));
    for (const room of this.roomWaiters.splice(0)) room();
  }
}

function failureError(failure: LiveFailure): Error {
  return failure.kind === 'poison'
    ? new ProjectionFailed(failure.position, failure.eventId, failure.eventType, new Error(failure.cause))
    : new ReadStoreUnavailable(new Error(failure.message));
}

/** A read model fed by the live feed and applied on a live thread; committed from this thread. */
export class ThreadedWorker implements FeedWorker {
  private position = 0;
  private staged = 0;
  private stagedEvents = 0;

  constructor(
    readonly projection: Projection,
    readonly collection: string,
    private readonly reads: ReadStore,
    private readonly thread: LiveThread,
    private readonly target: string,
    private readonly json: (events: readonly RecordedEvent[]) => string,
  ) {}

  async init(): Promise<void> {
    await io(() => this.reads.ensureCollection(this.collection, this.projection.indexes ?? []));
    this.position = await io(() => this.reads.checkpoint(this.collection));
    this.staged = this.position;
    this.thread.attach(this.target, this.projection.name, this.collection, this.position);
  }

  get checkpoint(): number {
    return this.position;
  }

  get unflushed(): number {
    return this.stagedEvents;
  }

  async stage(events: readonly RecordedEvent[]): Promise<void> {
    // As ProjectionWorker.stage: what is at or below the staged position was applied already.
    let fresh = 0;
    for (const event of events) if (event.position > this.staged) fresh += 1;
    if (fresh === 0) return;
    await this.thread.stage(events, () => this.json(events), this.target);
    this.stagedEvents += fresh;
    this.staged = events[events.length - 1].position;
  }

  async flush(): Promise<void> {
    if (this.staged <= this.position) return;
    const { commit, failure } = await this.thread.flush(this.target);
    if (failure) throw failureError(failure);
    if (commit) await this.commit(commit);
    this.position = this.staged;
    this.stagedEvents = 0;
  }

  detach(): void {
    this.thread.detach(this.target);
  }

  private async commit({ documents, checkpoint }: ThreadCommit): Promise<void> {
    const commitSerialised = this.reads.commitSerialised?.bind(this.reads);
    if (!commitSerialised) throw new Error('live projection threads need a read store with commitSerialised');
    await io(() => commitSerialised(this.collection, documents, checkpoint));
  }
}

/** The live threads: each read model has a home thread (shared out by weight, as a catch-up does). */
export class LiveThreads {
  private readonly threads: (LiveThread | null)[];
  private readonly home = new Map<string, number>();
  private attached = 0;
  /** Kept as long as the feed keeps the batch, not longer: it holds decrypted personal data. */
  private readonly batches = new WeakMap<readonly RecordedEvent[], string>();

  constructor(
    private readonly reads: ReadStore,
    threads: number,
  ) {
    const shares = shareOut(
      PROJECTIONS.map((projection) => ({ projection, collection: projection.name })),
      threads,
    );
    shares.forEach((share, i) => share.forEach(({ projection }) => this.home.set(projection.name, i)));
    this.threads = shares.map(() => null);
  }

  /** Whether `reads` can take what the threads hand back. */
  static usable(reads: ReadStore): boolean {
    return typeof reads.commitSerialised === 'function';
  }

  /**
   * A worker feeding `projection` from its home thread, from the collection's committed
   * checkpoint, with a cache of its own: a collection attached again (a rebuild's swap, a
   * resume) never sees what the thread held for the previous attachment. A dead home thread is
   * replaced first.
   */
  async attach(projection: Projection, collection = projection.name): Promise<ThreadedWorker> {
    const home = this.home.get(projection.name) ?? 0;
    let thread = this.threads[home];
    if (!thread || thread.dead) {
      thread = new LiveThread(this.reads);
      this.threads[home] = thread;
    }
    const target = `${collection}#${++this.attached}`;
    const worker = new ThreadedWorker(projection, collection, this.reads, thread, target, (events) =>
      this.json(events),
    );
    await worker.init();
    return worker;
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread?.stop() ?? Promise.resolve()));
    this.threads.fill(null);
  }

  /** JSON once per batch for every thread (catch-up-threads.ts: parsed about twice as fast as v8's format). */
  private json(events: readonly RecordedEvent[]): string {
    let json = this.batches.get(events);
    if (json === undefined) {
      json = JSON.stringify(events);
      this.batches.set(events, json);
    }
    return json;
  }
}
