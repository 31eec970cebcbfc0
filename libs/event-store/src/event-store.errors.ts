// Typed refusals the event store raises besides the domain's ExpectedVersionMismatch.
import { DomainError } from '@ledger/domain';

/**
 * An event id that is already stored somewhere other than where this append would put it
 * (another stream, a later revision, or only part of a retried batch). A conflict, not a
 * retry: an exact retry of an earlier append is answered with `deduplicated: true` instead.
 */
export class DuplicateEventId extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    /** Stream that already holds the id, when known (undefined for a duplicate inside one append). */
    readonly storedInStream?: string,
  ) {
    super(
      storedInStream === undefined
        ? `event id '${eventId}' appears more than once in one append`
        : `event id '${eventId}' is already stored in stream '${storedInStream}' at another position`,
      'eventId',
    );
  }
}

/** The store was closed; infrastructure state, not a client mistake (maps to 503, not 4xx). */
export class EventStoreClosed extends Error {
  constructor() {
    super('the event store is closed');
    this.name = 'EventStoreClosed';
  }
}
