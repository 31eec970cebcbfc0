// Customer states for the bulk path (batch-bulk.ts): the executor's cache in the CRM, or, for a
// sole writer such as the importer on a data directory, states kept and advanced in memory.
import {
  evolveCustomer,
  initialCustomerState,
  upcast,
  type CustomerEvent,
  type CustomerState,
  type RecordedEvent,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { PersonalDataVault } from '@ledger/personal-data';
import type { StreamState } from './stream-state-cache';

/** Where customer states come from and go back to (StreamStateCache has this shape). */
export interface CustomerStates {
  load(streamId: string): Promise<StreamState<CustomerState>>;
  /** The state after events just appended, as the caller folded it while deciding. */
  keep(streamId: string, value: StreamState<CustomerState>): void;
  forget(streamId: string): void;
}

/**
 * States for a sole writer (the importer, the CRM not running): a stream is read once, then kept
 * in memory as the writer advances it, never read back (the executor's cache asks the store for newer events on
 * every load); the least recently used go past `capacity`, so memory stays flat.
 */
export class OwnedCustomerStates implements CustomerStates {
  private readonly states = new Map<string, StreamState<CustomerState>>();

  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly capacity = 50_000,
  ) {}

  async load(streamId: string): Promise<StreamState<CustomerState>> {
    const cached = this.states.get(streamId);
    if (cached) return cached;
    const stored = await this.vault.openAll(await this.store.readStream(streamId));
    const loaded = fold({ state: initialCustomerState(), revision: -1, lastPosition: 0 }, stored);
    this.remember(streamId, loaded);
    return loaded;
  }

  keep(streamId: string, value: StreamState<CustomerState>): void {
    this.remember(streamId, value);
  }

  forget(streamId: string): void {
    this.states.delete(streamId);
  }

  private remember(streamId: string, value: StreamState<CustomerState>): void {
    // Map iteration order is insertion order: delete + set moves the entry to the young end.
    this.states.delete(streamId);
    this.states.set(streamId, value);
    if (this.states.size > this.capacity) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
  }
}

function fold(from: StreamState<CustomerState>, events: RecordedEvent[]): StreamState<CustomerState> {
  if (events.length === 0) return from;
  let state = from.state;
  for (const event of events) state = evolveCustomer(state, upcast(event) as CustomerEvent);
  const last = events[events.length - 1];
  return { state, revision: last.revision, lastPosition: last.position };
}
