// Keeps recently used stream states in memory so a command reads only the events appended
// since it last saw the stream (usually none), not the whole history. Always correct:
// the cache is only a starting point, the store is asked for anything newer.
import { upcast, type CrmEvent, type RecordedEvent } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';

export interface StreamState<S> {
  state: S;
  /** Revision of the last event folded in, or -1 for a stream that does not exist. */
  revision: number;
  /** Global position of the last event folded in (the read-your-writes token), 0 when none. */
  lastPosition: number;
}

export interface Fold<S> {
  initial(): S;
  evolve(state: S, event: CrmEvent): S;
}

export class StreamStateCache<S> {
  private readonly entries = new Map<string, StreamState<S>>();

  constructor(
    private readonly store: EventStore,
    private readonly fold: Fold<S>,
    private readonly capacity = 50_000,
    /** Makes a stored event readable (decrypts personal fields) before it is folded. */
    private readonly open: (events: RecordedEvent[]) => Promise<RecordedEvent[]> = async (events) => events,
  ) {}

  async load(streamId: string): Promise<StreamState<S>> {
    const cached = this.entries.get(streamId);
    let current: StreamState<S> = cached ?? { state: this.fold.initial(), revision: -1, lastPosition: 0 };
    const newer = await this.store.readStream(streamId, { fromRevision: current.revision + 1 });
    if (newer.length > 0) current = this.apply(current, await this.open(newer));
    this.remember(streamId, current);
    return current;
  }

  /** Folds events the caller just appended, so the next command starts from them. */
  advance(streamId: string, from: StreamState<S>, appended: RecordedEvent[]): StreamState<S> {
    const next = this.apply(from, appended);
    this.remember(streamId, next);
    return next;
  }

  /** Keeps a state the caller folded itself from events it just appended (the bulk path). */
  keep(streamId: string, value: StreamState<S>): void {
    this.remember(streamId, value);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  private apply(from: StreamState<S>, events: RecordedEvent[]): StreamState<S> {
    let state = from.state;
    for (const event of events) state = this.fold.evolve(state, upcast(event) as CrmEvent);
    const last = events[events.length - 1];
    return { state, revision: last.revision, lastPosition: last.position };
  }

  private remember(streamId: string, value: StreamState<S>): void {
    // Map iteration order is insertion order: delete + set moves the entry to the young end.
    this.entries.delete(streamId);
    this.entries.set(streamId, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
