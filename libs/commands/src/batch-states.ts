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
import { approximateStateBytes } from './state-size';
import type { StreamState } from './stream-state-cache';

/** Where customer states come from and go back to (StreamStateCache has this shape). */
export interface CustomerStates {
  load(streamId: string): Promise<StreamState<CustomerState>>;
  /** The state after events just appended, as the caller folded it while deciding. */
  keep(streamId: string, value: StreamState<CustomerState>): void;
  forget(streamId: string): void;
  /**
   * Told the streams a chunk is about to load, before it loads them (one question for many);
   * answers those of them known to hold no events.
   */
  prefetch?(streamIds: readonly string[]): Promise<ReadonlySet<string>>;
}

/** How many states a sole writer keeps, and how much memory they may take together. */
export interface OwnedStatesLimits {
  /** At most this many customers' states (default 50,000). */
  maxStates?: number;
  /**
   * At most about this many bytes of states (default 16 MiB, see approximateStateBytes): a state
   * holds every order of its customer, so a count alone let memory grow with the file's history.
   */
  maxBytes?: number;
}

interface Kept {
  value: StreamState<CustomerState>;
  bytes: number;
}

/**
 * States for a sole writer (the importer, the CRM not running): a stream is read once, then kept
 * in memory as the writer advances it, never read back (the executor's cache asks the store for
 * newer events on every load). The least recently used go when the count or the approximate size
 * is past its limit, so memory stays flat; a state that went is read again from the store.
 */
export class OwnedCustomerStates implements CustomerStates {
  private readonly states = new Map<string, Kept>();
  private readonly maxStates: number;
  private readonly maxBytes: number;
  private keptBytes = 0;

  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    limits: OwnedStatesLimits = {},
  ) {
    this.maxStates = limits.maxStates ?? 50_000;
    this.maxBytes = limits.maxBytes ?? 16 * 2 ** 20;
  }

  async load(streamId: string): Promise<StreamState<CustomerState>> {
    const cached = this.states.get(streamId);
    if (cached) return cached.value;
    const stored = await this.vault.openAll(await this.store.readStream(streamId));
    const loaded = fold({ state: initialCustomerState(), revision: -1, lastPosition: 0 }, stored);
    this.remember(streamId, loaded);
    return loaded;
  }

  keep(streamId: string, value: StreamState<CustomerState>): void {
    this.remember(streamId, value);
  }

  /**
   * Asks the store at once which of the streams not kept hold events; the others (an import's new
   * customers) are kept as empty, so loading them reads nothing. Sole writer: nobody else can
   * start those streams meanwhile (and if someone did, the append's expected revision says so).
   * Answers the streams kept as empty.
   */
  async prefetch(streamIds: readonly string[]): Promise<ReadonlySet<string>> {
    const streams = [...new Set(streamIds)];
    const unknown = streams.filter((id) => !this.states.has(id));
    if (unknown.length > 0 && this.store.existingStreams) {
      const existing = await this.store.existingStreams(unknown);
      for (const streamId of unknown)
        if (!existing.has(streamId))
          this.remember(streamId, { state: initialCustomerState(), revision: -1, lastPosition: 0 });
    }
    return new Set(streams.filter((id) => this.states.get(id)?.value.revision === -1));
  }

  forget(streamId: string): void {
    const kept = this.states.get(streamId);
    if (!kept) return;
    this.states.delete(streamId);
    this.keptBytes -= kept.bytes;
  }

  /** States kept and their approximate bytes: for tests and the benchmark. */
  get size(): { states: number; bytes: number } {
    return { states: this.states.size, bytes: this.keptBytes };
  }

  private remember(streamId: string, value: StreamState<CustomerState>): void {
    // Map iteration order is insertion order: delete + set moves the entry to the young end.
    this.forget(streamId);
    const bytes = approximateStateBytes(value.state);
    this.states.set(streamId, { value, bytes });
    this.keptBytes += bytes;
    // The state just kept stays, even alone past the size limit: it is the one in use.
    while (this.states.size > 1 && (this.states.size > this.maxStates || this.keptBytes > this.maxBytes)) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
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
