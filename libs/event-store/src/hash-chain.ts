// Tamper evidence (DESIGN rule 9): every stored event carries a SHA-256 over its content and the
// previous event's hash in the same stream. Shared by every adapter so a chain written by one
// verifies in another; the position is left out because it is adapter-specific.
import { hash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import type { StreamRevision } from './append-rules';
import type { ChainBreak, ChainBreakReason } from './api';
import { canonicalJson } from './canonical-json';

/** The prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: the event as stored (ciphertext for encrypted fields), never as decrypted. */
export interface HashedContent {
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  prevHash: string;
}

/** Where a new event sits in its stream's chain. */
export interface ChainLink {
  revision: number;
  prevHash: string;
  hash: string;
  /** The event's data and metadata as canonical JSON, as the hash covers them: a store may keep these strings. */
  data: string;
  metadata: string;
}

/**
 * Links `events`, appended together at `recordedAt`, after the stream's head (`revision`
 * 'no_stream': a new stream, linked to GENESIS_HASH). Every adapter writes its chain with this.
 */
export function linkEvents(
  streamId: string,
  events: readonly NewEvent[],
  head: { revision: StreamRevision; hash: string },
  recordedAt: string,
): ChainLink[] {
  const first = head.revision === 'no_stream' ? 0 : head.revision + 1;
  let prevHash = head.revision === 'no_stream' ? GENESIS_HASH : head.hash;
  return events.map((event, i): ChainLink => {
    const revision = first + i;
    const data = canonicalJson(event.data);
    const metadata = canonicalJson(event.metadata);
    // Named member by member: a spread copies whatever else the event carries, generically.
    const { eventId, type, schemaVersion } = event;
    const content = {
      eventId,
      streamId,
      revision,
      type,
      schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt,
      prevHash,
    };
    const link = {
      revision,
      prevHash,
      hash: hash('sha256', hashedJson(content, data, metadata), 'hex'),
      data,
      metadata,
    };
    prevHash = link.hash;
    return link;
  });
}

export function eventHash(content: HashedContent): string {
  return hash('sha256', hashedJson(content, canonicalJson(content.data), canonicalJson(content.metadata)), 'hex');
}

/**
 * canonicalJson of the nine hashed members, written out: no object gathered for it, no keys
 * sorted, and data and metadata serialised once by the caller, who may store them too. The
 * order is canonicalJson's (keys by UTF-16 code unit); a member is left out when canonicalJson
 * would leave it out. hash-chain.spec.ts checks it against canonicalJson for any content.
 */
function hashedJson(content: HashedContent, data: string, metadata: string): string {
  let out = member('', '"data":', content.data, data);
  out = member(out, '"eventId":', content.eventId);
  out = member(out, '"metadata":', content.metadata, metadata);
  out = member(out, '"prevHash":', content.prevHash);
  out = member(out, '"recordedAt":', content.recordedAt);
  out = member(out, '"revision":', content.revision);
  out = member(out, '"schemaVersion":', content.schemaVersion);
  out = member(out, '"streamId":', content.streamId);
  out = member(out, '"type":', content.type);
  return `{${out}}`;
}

function member(out: string, quotedKey: string, value: unknown, json?: string): string {
  if (value === undefined || typeof value === 'function') return out;
  return (out.length === 0 ? '' : `${out},`) + quotedKey + (json ?? canonicalJson(value));
}

export type { ChainBreak, ChainBreakReason } from './api';

/**
 * Walks one stream's events in revision order, one page at a time (constant memory), and stops
 * at the first broken link. Pure: no I/O; the caller feeds it what the store returned.
 */
export class StreamVerifier {
  private nextRevision = 0;
  private previousHash = GENESIS_HASH;
  private failure: ChainBreak | null = null;

  constructor(readonly streamId: string) {}

  get verified(): number {
    return this.nextRevision;
  }

  get broken(): ChainBreak | null {
    return this.failure;
  }

  /** Checks the next event; returns the break (also kept in `broken`) or null. */
  check(event: RecordedEvent): ChainBreak | null {
    if (this.failure) return this.failure;
    const fail = (reason: ChainBreakReason, expected: string, stored: string | null, message: string) =>
      (this.failure = {
        streamId: this.streamId,
        revision: event.revision,
        eventId: event.eventId,
        reason,
        expected,
        stored,
        message,
      });
    if (event.revision !== this.nextRevision) {
      return fail(
        'revision_gap',
        String(this.nextRevision),
        String(event.revision),
        `expected revision ${this.nextRevision}, found ${event.revision}: events are missing`,
      );
    }
    if (!event.hash || !event.prevHash) {
      return fail('hash_missing', 'a hash', event.hash ?? null, `revision ${event.revision} has no hash`);
    }
    if (event.prevHash !== this.previousHash) {
      return fail(
        'chain_broken',
        this.previousHash,
        event.prevHash,
        `revision ${event.revision} does not link to the previous event: an event was removed, reordered or re-hashed`,
      );
    }
    const recomputed = eventHash({ ...event, prevHash: event.prevHash });
    if (recomputed !== event.hash) {
      return fail(
        'content_altered',
        recomputed,
        event.hash,
        `revision ${event.revision} was altered after it was recorded`,
      );
    }
    this.previousHash = event.hash;
    this.nextRevision++;
    return null;
  }
}

/**
 * The break to report when a stream's chain is intact up to `verified` events but the store
 * records a later head (`recorded`): its last events were deleted. Null when they agree.
 */
export function missingTail(streamId: string, verified: number, recorded: number | 'no_stream'): ChainBreak | null {
  const recordedCount = recorded === 'no_stream' ? 0 : recorded + 1;
  if (recordedCount <= verified) return null;
  return {
    streamId,
    revision: verified,
    eventId: '',
    reason: 'tail_missing',
    expected: `revisions up to ${recordedCount - 1}`,
    stored: verified === 0 ? null : `revisions up to ${verified - 1}`,
    message: `the store records revision ${recordedCount - 1} as the stream's last, but its events end at ${verified - 1}: events were deleted from its end`,
  };
}

/** Verifies a whole stream held in memory (tests, small streams). */
export function verifyStreamEvents(
  streamId: string,
  events: Iterable<RecordedEvent>,
): { verified: number; broken: ChainBreak | null } {
  const verifier = new StreamVerifier(streamId);
  for (const event of events) if (verifier.check(event)) break;
  return { verified: verifier.verified, broken: verifier.broken };
}
