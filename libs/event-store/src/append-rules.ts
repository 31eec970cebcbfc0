// The append rules every adapter applies the same way: input validation, the expected-revision
// check, and how a retried append (same event ids) is recognised. Pure functions, no I/O.
import { ExpectedVersionMismatch, ValidationFailed, type NewEvent } from '@ledger/domain';
import { DuplicateEventId } from './event-store.errors';
import type { AppendResult, ExpectedRevision } from './event-store.port';

export type StreamRevision = number | 'no_stream';

/** Where an event id is already stored. */
export interface StoredEventLocation {
  streamId: string;
  revision: number;
  position: number;
}

/** Rejects malformed appends before they reach storage (ValidationFailed / DuplicateEventId). */
export function validateAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new ValidationFailed([{ field: 'streamId', reason: 'must be a non-empty string' }]);
  }
  if (!isExpectedRevision(expected)) {
    throw new ValidationFailed([
      { field: 'expectedRevision', reason: "must be a revision >= 0, 'no_stream', 'stream_exists' or 'any'" },
    ]);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationFailed([{ field: 'events', reason: 'an append needs at least one event' }]);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0) {
      throw new ValidationFailed([{ field: 'eventId', reason: 'must be a non-empty string' }]);
    }
    // Stored as the JSON the hash covers: an absent member would be hashed as absent but stored as
    // null, and the event would not verify when read back.
    for (const member of ['data', 'metadata'] as const)
      if (event[member] === undefined)
        throw new ValidationFailed([{ field: member, reason: 'must be present (null when there is nothing)' }]);
    if (seen.has(event.eventId)) throw new DuplicateEventId(event.eventId);
    seen.add(event.eventId);
  }
}

function isExpectedRevision(value: unknown): value is ExpectedRevision {
  if (value === 'no_stream' || value === 'stream_exists' || value === 'any') return true;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Whether the stream's current revision satisfies `expected`. */
export function expectedRevisionHolds(expected: ExpectedRevision, actual: StreamRevision): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return actual === expected;
}

/** Throws ExpectedVersionMismatch unless the stream's current revision satisfies `expected`. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: StreamRevision): void {
  if (expected !== 'any' && !expectedRevisionHolds(expected, actual)) {
    throw new ExpectedVersionMismatch(streamId, expected, actual);
  }
}

/**
 * Recognises a retried append. `stored[i]` is where `events[i].eventId` is already stored, or null.
 * - no id stored: a fresh append, returns null;
 * - every id stored in this stream, consecutively and in order, where `expected` would have put
 *   them: an exact retry, returns the original AppendResult with `deduplicated: true`;
 * - anything else throws DuplicateEventId: the ids live where this append would not write them.
 */
export function resolveRetry(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  stored: ReadonlyArray<StoredEventLocation | null>,
): AppendResult | null {
  const firstStored = stored.findIndex((location) => location !== null);
  if (firstStored < 0) return null;
  const anchor = stored[firstStored] as StoredEventLocation; // found non-null just above
  const locations: StoredEventLocation[] = [];
  stored.forEach((location, i) => {
    if (location?.streamId === streamId && location.revision === anchor.revision + i) locations.push(location);
  });
  const isRetry =
    firstStored === 0 && locations.length === events.length && expectedAllowsFirstRevision(expected, anchor.revision);
  if (!isRetry) throw new DuplicateEventId(events[firstStored].eventId, anchor.streamId);
  return {
    streamId,
    nextExpectedRevision: locations[locations.length - 1].revision,
    positions: locations.map((location) => location.position),
    deduplicated: true,
  };
}

/** Would an append with `expected` have written its first event at `firstRevision`? */
function expectedAllowsFirstRevision(expected: ExpectedRevision, firstRevision: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return firstRevision === 0;
  if (expected === 'stream_exists') return firstRevision > 0;
  return firstRevision === expected + 1;
}
