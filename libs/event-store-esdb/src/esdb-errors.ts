// Typed failures of the EventStoreDB adapter. Infrastructure states (a log this adapter cannot
// represent) are plain Errors, so the HTTP filter answers 5xx; a claim still in flight is a
// conflict the caller can retry, like any other concurrency conflict.
import { DomainError } from '@ledger/domain';
import type { LogPosition } from './esdb-client';

/** A stored event this adapter did not write and cannot read as a CRM event. */
export class EsdbUnreadableEvent extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: bigint,
    reason: string,
  ) {
    super(`event ${revision} of '${streamId}' cannot be read: ${reason}`);
    this.name = 'EsdbUnreadableEvent';
  }
}

/**
 * The stream's last event carries no hash (written without the chain, e.g. by another tool).
 * Appending would start a chain no verification can connect to what came before, so the
 * append is refused; docs/eventstoredb.md says how such a stream would be handled.
 */
export class EsdbUnchainedStream extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: number,
  ) {
    super(`'${streamId}' ends with revision ${revision}, which has no hash: refusing to append to an unchained stream`);
    this.name = 'EsdbUnchainedStream';
  }
}

/** A log position the port's `number` cannot carry exactly (see positionToNumber). */
export class EsdbUnsupportedPosition extends Error {
  constructor(
    readonly position: LogPosition,
    reason: string,
  ) {
    super(`log position ${position.commit}/${position.prepare} is not supported: ${reason}`);
    this.name = 'EsdbUnsupportedPosition';
  }
}

/** A revision or position beyond Number.MAX_SAFE_INTEGER (2^53 - 1). */
export class EsdbNumberOutOfRange extends Error {
  constructor(
    readonly what: string,
    readonly value: bigint,
  ) {
    super(`${what} ${value} does not fit a JavaScript number exactly (limit 2^53 - 1)`);
    this.name = 'EsdbNumberOutOfRange';
  }
}

/**
 * Another append holds the event id right now (claimed, not yet written). Retrying later gets
 * the first append's result, or, if that writer died, takes the claim over once its lease ran out.
 */
export class EventIdClaimPending extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'EVENT_ID_CLAIM_PENDING';
  constructor(
    readonly eventId: string,
    readonly claimedFor: string,
  ) {
    super(`event id '${eventId}' is being appended to '${claimedFor}' by another writer; retry shortly`, 'eventId');
  }
}
