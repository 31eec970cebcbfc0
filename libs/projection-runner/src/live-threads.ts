// The live feed's projection work on worker threads (issue 12): the request thread reads the log,
// prepares each batch once and posts it, as JSON once, to the threads (live-thread.ts) that apply
// the read models; a flush asks a read model's thread for its documents, already serialised, and
// commits them with their checkpoint (commitSerialised), which is set here only after the commit,
// so read-your-writes sees a checkpoint only with its documents. A thread keeps every document it
// touched; one it has not touched yet is sent with the batch that first touches it, from this
// thread's store (in memory), so a thread never waits for this busy thread.
import type { RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument, Projection } from '@ledger/projections';
import type { ReadDocument, ReadStore } from '@ledger/read-store';
import { shareOut } from './catch-up-threads';
import type { LiveFailure } from './live-thread';
import { LiveThread } from './live-thread-port';
import type { FeedWorker } from './log-feed';
import { ProjectionFailed, ProjectionThreadLost, ReadStoreUnavailable, io } from './projection-worker';
import { PROJECTIONS } from './projections.catalogue';
import type { ThreadCommit } from './thread-documents';

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
  /** Ids whose document the thread holds, or knows not to exist (none was sent for it). */
  private readonly known = new Set<string>();

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
    this.thread.attach(this.target, this.projection.name, this.position);
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
    const missing = new Set<string>();
    for (const event of events) {
      if (event.position <= this.staged) continue;
      fresh += 1;
      for (const id of this.keysOf(event)) if (!this.known.has(id)) missing.add(id);
    }
    if (fresh === 0) return;
    let documents: ReadDocument[] = [];
    if (missing.size > 0) {
      const ids = [...missing];
      documents = [...(await io(() => this.reads.getMany(this.collection, ids))).values()];
      for (const id of ids) this.known.add(id);
    }
    await this.thread.stage(events, () => this.json(events), this.target, documents as ProjectedDocument[]);
    this.stagedEvents += fresh;
    this.staged = events[events.length - 1].position;
  }

  async flush(): Promise<void> {
    if (this.staged <= this.position) return;
    const { commit, failure } = await this.thread.flush(this.target);
    if (failure) throw failureError(failure);
    // The thread stages what this side staged: a flush without a commit means they drifted apart,
    // and the read model is attached again from its checkpoint rather than trusted.
    if (commit?.checkpoint !== this.staged) {
      throw new ProjectionThreadLost(
        new Error(`${this.target} answered checkpoint ${commit?.checkpoint}, not ${this.staged}`),
      );
    }
    await this.commit(commit);
    this.position = commit.checkpoint;
    this.stagedEvents = 0;
  }

  detach(): void {
    this.thread.detach(this.target);
  }

  /** An event whose keys the projection cannot tell is the thread's to fail on (ProjectionFailed). */
  private keysOf(event: RecordedEvent): string[] {
    try {
      return this.projection.keysOf(event);
    } catch {
      return [];
    }
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
      thread = new LiveThread();
      this.threads[home] = thread;
    }
    const target = `${collection}#${++this.attached}`;
    const worker = new ThreadedWorker(projection, collection, this.reads, thread, target, (events) =>
      this.json(events),
    );
    await worker.init();
    return worker;
  }

  /** The feed has handed the batch to every read model: it goes to each thread as one message. */
  send(): void {
    for (const thread of this.threads) if (thread && !thread.dead) thread.send();
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
