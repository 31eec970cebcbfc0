// Applies the global log to one projection's collection: load the touched documents, fold
// the batch in with the pure projection, then commit documents and checkpoint together.
// An event at or below a document's lastPosition is skipped, so redelivery changes nothing.
// Two orderings: `log` (the whole log in position order: the embedded runner, the single-
// partition Kafka topic) keeps a collection checkpoint; `per-key` (a partitioned Kafka topic:
// each document's events in order, different documents interleaved out of global order) must
// not skip by a collection-wide position, and its collection checkpoint would claim too much.
import { upcast, type RecordedEvent } from '@ledger/domain';
import { KeyStoreUnavailable } from '@ledger/personal-data';
import type { ProjectedDocument, Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import type { Ordering } from './api';

export type { Ordering } from './api';

export function upcastRecorded(event: RecordedEvent): RecordedEvent {
  const current = upcast(event);
  return current === event ? event : ({ ...event, ...current } as RecordedEvent);
}

/**
 * The read store failed (down, timed out): the batch is fine and must be retried, never set
 * aside as poison. Everything else a batch throws comes from the events themselves.
 */
export class ReadStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`read store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ReadStoreUnavailable';
  }
}

/**
 * The worker thread applying a read model (live-threads.ts) died: nothing is wrong with the
 * events or the store, so the read model is resumed from its committed checkpoint.
 */
export class ProjectionThreadLost extends Error {
  constructor(cause: unknown) {
    super(`projection thread lost: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ProjectionThreadLost';
  }
}

/**
 * A projection could not apply an event (a poison event, or a bug): retrying the same event
 * would fail again, so the read model stops there, showing which event and why.
 */
export class ProjectionFailed extends Error {
  constructor(
    readonly position: number,
    readonly eventId: string,
    readonly eventType: string,
    cause: unknown,
  ) {
    super(
      `${eventType} at position ${position} (${eventId}) cannot be applied: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ProjectionFailed';
  }
}

/** Runs the projection's own code for `event`; what it throws is the event's fault (ProjectionFailed). */
function poisonGuard<T>(event: RecordedEvent, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new ProjectionFailed(event.position, event.eventId, event.type, error);
  }
}

/** Runs a read-store operation; any failure of it is the store's (ReadStoreUnavailable), not the events'. */
export async function io<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new ReadStoreUnavailable(error);
  }
}

/** Makes stored events readable: decrypts personal fields (nulled for erased customers), a batch at a time. */
export type OpenEvents = (events: readonly RecordedEvent[]) => Promise<RecordedEvent[]>;

/** Events as stored (a log without personal data, or a test's). */
export const asStored: OpenEvents = async (events) => [...events];

/** Decrypts then upcasts: done once per event, shared by every worker. */
export async function prepareEvents(
  batch: readonly RecordedEvent[],
  open: OpenEvents = asStored,
): Promise<RecordedEvent[]> {
  // Decrypt before upcasting: the personal-field paths are those of the stored version.
  // A key store that does not answer is an outage like the read store's: retried in place,
  // never a reason to dead-letter the events.
  const opened = await open(batch).catch((error: unknown): RecordedEvent[] => {
    throw error instanceof KeyStoreUnavailable ? new ReadStoreUnavailable(error) : error;
  });
  return opened.map(upcastRecorded);
}

/** What a worker needs of a read store: the main thread's, or a catch-up thread's documents (catch-up-thread.ts). */
export type DocumentStore = Pick<ReadStore, 'ensureCollection' | 'checkpoint' | 'getMany' | 'commit'>;

export class ProjectionWorker {
  /** Committed: documents and checkpoint are in the read store up to here. */
  private position = 0;
  /** Applied in memory (`pending`), not yet committed; equals `position` after a flush. */
  private staged = 0;
  private readonly pending = new Map<string, ProjectedDocument>();
  private stagedEvents = 0;

  constructor(
    readonly projection: Projection,
    private readonly reads: DocumentStore,
    readonly collection: string = projection.name,
    /** Makes a stored event readable (decrypts personal fields; nulls them for erased customers). */
    private readonly open: OpenEvents = asStored,
    readonly ordering: Ordering = 'log',
  ) {}

  async init(): Promise<number> {
    await io(() => this.reads.ensureCollection(this.collection, this.projection.indexes ?? []));
    this.position = await io(() => this.reads.checkpoint(this.collection));
    this.staged = this.position;
    this.pending.clear();
    this.stagedEvents = 0;
    return this.position;
  }

  /** The committed checkpoint: what readers of the read store can rely on. */
  get checkpoint(): number {
    return this.position;
  }

  /** Events applied in memory since the last flush. */
  get unflushed(): number {
    return this.stagedEvents;
  }

  /**
   * Applies one ordered batch and commits it. Events at or below the checkpoint (log ordering)
   * or the document's lastPosition are ignored (at-least-once delivery).
   */
  async handle(batch: RecordedEvent[]): Promise<void> {
    await this.stageStored(batch);
    await this.flush();
  }

  /** Makes stored events readable (see prepareEvents) and stages them. */
  async stageStored(batch: readonly RecordedEvent[]): Promise<void> {
    await this.stage(await prepareEvents(batch, this.open));
  }

  /** Documents staged and not yet committed. */
  get unflushedDocuments(): number {
    return this.pending.size;
  }

  /**
   * Forgets what was staged and not committed (a batch that failed half-way): its events are
   * delivered again and must be applied to the documents as stored, not to this memory, which
   * another instance may have overtaken meanwhile.
   */
  discard(): void {
    this.pending.clear();
    this.stagedEvents = 0;
    this.staged = this.position;
  }

  /**
   * Applies a batch of prepared events (see prepareEvents) to the documents in memory without
   * writing them. A catch-up stages many batches and flushes once: a document touched by many
   * events is serialised and written once, and the checkpoint still moves with its documents.
   */
  async stage(events: readonly RecordedEvent[]): Promise<void> {
    const fresh = this.ordering === 'log' ? events.filter((event) => event.position > this.staged) : events;
    if (fresh.length === 0) return;
    const keysPerEvent = fresh.map((event) => poisonGuard(event, () => this.projection.keysOf(event)));
    const missing = [...new Set(keysPerEvent.flat())].filter((id) => !this.pending.has(id));
    const loaded =
      missing.length > 0
        ? await io(() => this.reads.getMany<ProjectedDocument>(this.collection, missing))
        : new Map<string, ProjectedDocument>();
    // Applied into a batch-local map first: an event the projection cannot apply leaves the
    // staged state exactly as it was, so a retry or a dead-lettered batch changes nothing.
    const changed = new Map<string, ProjectedDocument>();
    fresh.forEach((event, i) => {
      for (const id of keysPerEvent[i]) {
        const doc = changed.get(id) ?? this.pending.get(id) ?? loaded.get(id) ?? null;
        if (doc && doc.lastPosition >= event.position) continue;
        const next = this.apply(doc, event, id);
        if (next) changed.set(id, next);
      }
    });
    for (const [id, doc] of changed) this.pending.set(id, doc);
    this.stagedEvents += fresh.length;
    if (this.ordering === 'log') this.staged = fresh[fresh.length - 1].position;
  }

  private apply(doc: ProjectedDocument | null, event: RecordedEvent, id: string): ProjectedDocument | null {
    return poisonGuard(event, () => this.projection.apply(doc, event, id));
  }

  /** Commits the staged documents with the staged checkpoint (one read-store transaction). */
  async flush(): Promise<void> {
    if (this.ordering === 'per-key') {
      // Checkpoint 0 never moves the stored one: progress is per document (and per partition, kept by the caller).
      if (this.pending.size > 0) await io(() => this.reads.commit(this.collection, [...this.pending.values()], 0));
    } else if (this.staged > this.position) {
      await io(() => this.reads.commit(this.collection, [...this.pending.values()], this.staged));
      this.position = this.staged;
    }
    this.pending.clear();
    this.stagedEvents = 0;
  }
}
