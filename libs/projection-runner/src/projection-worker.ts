// Applies the global log to one projection's collection: load the touched documents, fold
// the batch in with the pure projection, then commit documents and checkpoint together.
// An event at or below a document's lastPosition is skipped, so redelivery changes nothing.
// Two orderings: `log` (the whole log in position order: the embedded runner, the single-
// partition Kafka topic) keeps a collection checkpoint; `per-key` (a partitioned Kafka topic:
// each document's events in order, different documents interleaved out of global order) must
// not skip by a collection-wide position, and its collection checkpoint would claim too much.
import { upcast, type RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument, Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';

export function upcastRecorded(event: RecordedEvent): RecordedEvent {
  const current = upcast(event);
  return current === event ? event : ({ ...event, ...current } as RecordedEvent);
}

export type Ordering = 'log' | 'per-key';

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

async function io<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new ReadStoreUnavailable(error);
  }
}

export class ProjectionWorker {
  private position = 0;

  constructor(
    readonly projection: Projection,
    private readonly reads: ReadStore,
    readonly collection: string = projection.name,
    /** Makes a stored event readable (decrypts personal fields; nulls them for erased customers). */
    private readonly open: (event: RecordedEvent) => RecordedEvent = (event) => event,
    readonly ordering: Ordering = 'log',
  ) {}

  async init(): Promise<number> {
    await this.reads.ensureCollection(this.collection, this.projection.indexes ?? []);
    this.position = await this.reads.checkpoint(this.collection);
    return this.position;
  }

  get checkpoint(): number {
    return this.position;
  }

  /**
   * Applies one ordered batch. Events at or below the checkpoint (log ordering) or the
   * document's lastPosition are ignored (at-least-once delivery).
   */
  async handle(batch: RecordedEvent[]): Promise<void> {
    const fresh = this.ordering === 'log' ? batch.filter((event) => event.position > this.position) : batch;
    if (fresh.length === 0) return;
    // Decrypt before upcasting: the personal-field paths are those of the stored version.
    const events = fresh.map((event) => upcastRecorded(this.open(event)));
    const keysPerEvent = events.map((event) => this.projection.keysOf(event));
    const ids = [...new Set(keysPerEvent.flat())];
    const loaded =
      ids.length > 0 ? await io(() => this.reads.getMany<ProjectedDocument>(this.collection, ids)) : new Map();
    const changed = new Map<string, ProjectedDocument>();
    events.forEach((event, i) => {
      for (const id of keysPerEvent[i]) {
        const doc = changed.get(id) ?? loaded.get(id) ?? null;
        if (doc && doc.lastPosition >= event.position) continue;
        const next = this.projection.apply(doc, event, id);
        if (next) changed.set(id, next);
      }
    });
    if (this.ordering === 'per-key') {
      // Checkpoint 0 never moves the stored one: progress is per document (and per partition, kept by the caller).
      await io(() => this.reads.commit(this.collection, [...changed.values()], 0));
      return;
    }
    const last = events[events.length - 1].position;
    await io(() => this.reads.commit(this.collection, [...changed.values()], last));
    this.position = last;
  }
}
