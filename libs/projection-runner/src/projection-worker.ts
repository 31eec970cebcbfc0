// Applies the global log to one projection's collection: load the touched documents, fold
// the batch in with the pure projection, then commit documents and checkpoint together.
// An event at or below a document's lastPosition is skipped, so redelivery changes nothing.
import { upcast, type RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument, Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';

export function upcastRecorded(event: RecordedEvent): RecordedEvent {
  const current = upcast(event);
  return current === event ? event : ({ ...event, ...current } as RecordedEvent);
}

export class ProjectionWorker {
  private position = 0;

  constructor(
    readonly projection: Projection,
    private readonly reads: ReadStore,
    readonly collection: string = projection.name,
    /** Makes a stored event readable (decrypts personal fields; nulls them for erased customers). */
    private readonly open: (event: RecordedEvent) => RecordedEvent = (event) => event,
  ) {}

  async init(): Promise<number> {
    await this.reads.ensureCollection(this.collection, this.projection.indexes ?? []);
    this.position = await this.reads.checkpoint(this.collection);
    return this.position;
  }

  get checkpoint(): number {
    return this.position;
  }

  /** Applies one ordered batch. Events at or below the checkpoint are ignored (at-least-once delivery). */
  async handle(batch: RecordedEvent[]): Promise<void> {
    const fresh = batch.filter((event) => event.position > this.position);
    if (fresh.length === 0) return;
    // Decrypt before upcasting: the personal-field paths are those of the stored version.
    const events = fresh.map((event) => upcastRecorded(this.open(event)));
    const keysPerEvent = events.map((event) => this.projection.keysOf(event));
    const ids = [...new Set(keysPerEvent.flat())];
    const loaded = ids.length > 0 ? await this.reads.getMany<ProjectedDocument>(this.collection, ids) : new Map();
    const changed = new Map<string, ProjectedDocument>();
    events.forEach((event, i) => {
      for (const id of keysPerEvent[i]) {
        const doc = changed.get(id) ?? loaded.get(id) ?? null;
        if (doc && doc.lastPosition >= event.position) continue;
        const next = this.projection.apply(doc, event, id);
        if (next) changed.set(id, next);
      }
    });
    const last = events[events.length - 1].position;
    await this.reads.commit(this.collection, [...changed.values()], last);
    this.position = last;
  }
}
