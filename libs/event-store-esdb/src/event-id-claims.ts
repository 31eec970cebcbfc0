// The event-id index EventStoreDB lacks (it cannot look an event up by id, and `$by_event_id`
// does not exist). One tiny stream per event id, `eventid-<uuid>`, whose last event says which
// stream the id belongs to. A claim is appended with optimistic concurrency on that stream, so
// it works as a unique constraint: of two writers claiming one id, exactly one wins. The claim is
// written BEFORE the events (a claim without its event is harmless: readers verify the event
// exists; an event without a claim would be invisible to readEvent and to duplicate detection).
import { randomUUID } from 'node:crypto';
import type { ExpectedRevision } from '@ledger/event-store';
import type { EsdbClient, StoredRecord, WireEvent } from './esdb-client';
import { CLAIM_STREAM_PREFIX } from './esdb-mapping';

const CLAIMED = 'EventIdClaimed';
const RELEASED = 'EventIdReleased';

export interface Claim {
  eventId: string;
  /** The stream the id is (being) written to. */
  streamId: string;
  /** The expected revision of that append: with a number or 'no_stream' the event's revision is known. */
  expected: ExpectedRevision;
  /** Index of the event within its append. */
  index: number;
  /** Identifies one append attempt, so a release never undoes someone else's claim. */
  attemptId: string;
}

export type ClaimState =
  | { kind: 'free'; claimRevision: bigint | 'no_stream' }
  | { kind: 'claimed'; claim: Claim; claimRevision: bigint; claimedAt: Date };

export function claimStream(eventId: string): string {
  return `${CLAIM_STREAM_PREFIX}${eventId}`;
}

/** Reads the last event of a claim stream (undefined: the id was never claimed). */
export function parseClaimState(last: StoredRecord | undefined): ClaimState {
  if (!last) return { kind: 'free', claimRevision: 'no_stream' };
  if (last.type === RELEASED) return { kind: 'free', claimRevision: last.revision };
  const data = last.data as Partial<Claim> | null; // written by claimEvent below; checked field by field
  if (last.type !== CLAIMED || typeof data?.streamId !== 'string' || typeof data.index !== 'number') {
    throw new Error(`'${last.streamId}' holds an event this adapter did not write (${last.type})`);
  }
  const claim: Claim = {
    eventId: last.streamId.slice(CLAIM_STREAM_PREFIX.length),
    streamId: data.streamId,
    expected: data.expected ?? 'any',
    index: data.index,
    attemptId: String(data.attemptId),
  };
  return { kind: 'claimed', claim, claimRevision: last.revision, claimedAt: last.created };
}

export function claimEvent(claim: Claim): WireEvent {
  const { streamId, expected, index, attemptId } = claim;
  return { id: randomUUID(), type: CLAIMED, data: { streamId, expected, index, attemptId }, metadata: {} };
}

export function releaseEvent(attemptId: string): WireEvent {
  return { id: randomUUID(), type: RELEASED, data: { attemptId }, metadata: {} };
}

/** Where the claimed event must sit when its append knew the stream's revision; undefined otherwise. */
export function claimedRevision(claim: Claim): number | undefined {
  if (claim.expected === 'no_stream') return claim.index;
  if (typeof claim.expected === 'number') return claim.expected + 1 + claim.index;
  return undefined;
}

/**
 * A claim whose event is not stored and which is older than the lease belongs to a writer that
 * died (or was refused and could not release it): it may be taken over. The lease must exceed
 * the longest stall between a claim and its append, or a late writer could store the id twice.
 */
export function isStale(claimedAt: Date, now: number, leaseMs: number): boolean {
  return now - claimedAt.getTime() > leaseMs;
}

export class EventIdClaims {
  constructor(private readonly client: EsdbClient) {}

  async state(eventId: string): Promise<ClaimState> {
    const [last] = await this.client.readStream(claimStream(eventId), {
      direction: 'backwards',
      from: 'end',
      maxCount: 1,
    });
    return parseClaimState(last);
  }

  /** Claims on top of the state the caller saw; returns the claim's revision, or null if someone was faster. */
  async claim(seen: ClaimState, claim: Claim): Promise<bigint | null> {
    const outcome = await this.client.append(claimStream(claim.eventId), [claimEvent(claim)], seen.claimRevision);
    return outcome.ok ? outcome.nextRevision : null;
  }

  /** Gives an id back after a refused append. A no-op if the claim was taken over meanwhile. */
  async release(eventId: string, claimRevision: bigint, attemptId: string): Promise<void> {
    await this.client.append(claimStream(eventId), [releaseEvent(attemptId)], claimRevision);
  }
}
