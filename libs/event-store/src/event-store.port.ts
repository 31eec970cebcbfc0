// The event-store port: the only source of truth. Every adapter (embedded SQLite,
// EventStoreDB) implements this interface and passes event-store.contract.ts.
import type { NewEvent, RecordedEvent } from '@ledger/domain';

/**
 * Optimistic concurrency for an append:
 * - a number: the stream's current revision must equal it (0-based revision of its last event);
 * - 'no_stream': the stream must not exist yet;
 * - 'stream_exists': the stream must have at least one event;
 * - 'any': no check.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  streamId: string;
  /** Revision of the last event appended (the stream's new current revision). */
  nextExpectedRevision: number;
  /** Global positions of the appended events, in order. */
  positions: number[];
  /** True when every event id was already stored by an earlier identical append (nothing new written). */
  deduplicated: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; defaults to the start (forwards) or end (backwards) of the stream. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > fromPosition are returned. 0 reads from the beginning. */
  fromPosition?: number;
  maxCount?: number;
  /** Only streams with one of these prefixes, e.g. ['customer-', 'campaign-']; literal and case-sensitive. [] matches none. */
  streamPrefixes?: string[];
  /** Only events of these types (e.g. the merges, for the merge rules); [] matches none. */
  eventTypes?: string[];
}

export interface SubscribeOptions {
  /** Exclusive position to catch up from (the subscriber's checkpoint). */
  fromPosition: number;
  batchSize?: number;
  streamPrefixes?: string[];
}

/** A subscription delivers ordered batches, first catching up, then live, until it is stopped. */
export interface Subscription {
  stop(): Promise<void>;
  /** Resolves when the subscription ends (stopped, or failed: then it rejects). */
  readonly done: Promise<void>;
}

export type BatchHandler = (events: RecordedEvent[]) => Promise<void> | void;

/** Nest token of the configured EventStore (which adapter: decided by the composition root, libs/platform). */
export const EVENT_STORE = Symbol('EVENT_STORE');

export interface EventStore {
  /**
   * Appends atomically. Rejects with ExpectedVersionMismatch on a concurrency conflict. An exact retry
   * (same event ids, already stored where this append would have put them) resolves with the original
   * result and `deduplicated: true`; the same ids anywhere else reject with DuplicateEventId.
   */
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an unknown stream reads as []. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or 'no_stream'. */
  streamRevision(streamId: string): Promise<number | 'no_stream'>;
  /** The global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Looks one event up by id (idempotent command retries use it), or null. */
  readEvent(eventId: string): Promise<RecordedEvent | null>;
  /**
   * Which of `eventIds` are stored, asked at once (a batch of commands probes its idempotency
   * keys together). Optional: storedEventIds() answers with readEvent for adapters without it.
   */
  existingEventIds?(eventIds: readonly string[]): Promise<Set<string>>;
  /**
   * Which of `streamIds` hold events, asked at once (a sole writer learns which of a chunk's
   * customers are new without reading each stream). Optional: callers read the streams otherwise.
   */
  existingStreams?(streamIds: readonly string[]): Promise<Set<string>>;
  /** Position of the last event in the global log (0 when empty). */
  headPosition(): Promise<number>;
  /** Catch-up then live subscription to the global log; the handler's batches are awaited in order. */
  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription;
  /**
   * Ids of the streams starting with `prefix`, in id order, after `after` (exclusive), at most `limit`.
   * Optional: auditors' full-store verification uses it; adapters without it are verified via readAll.
   */
  listStreams?(prefix: string, options?: { after?: string; limit?: number }): Promise<string[]>;
  close(): Promise<void>;
}
