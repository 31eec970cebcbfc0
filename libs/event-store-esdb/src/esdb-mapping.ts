// Pure translations between the event-store port and EventStoreDB's wire shapes: expected
// revisions, conflicts, events (with their hash-chain fields), and log positions. No I/O, so
// every rule here is unit-tested without a server.
import {
  ExpectedVersionMismatch,
  ValidationFailed,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/domain';
import type { ExpectedRevision } from '@ledger/event-store';
import type { ChainedEvent } from './esdb-chain';
import type { LogPosition, StoredRecord, WireEvent, WireExpectedRevision } from './esdb-client';
import { EsdbNumberOutOfRange, EsdbUnreadableEvent, EsdbUnsupportedPosition } from './esdb-errors';

/** Streams of the adapter's event-id index (see event-id-claims.ts); never part of the CRM's log. */
export const CLAIM_STREAM_PREFIX = 'eventid-';

/**
 * What subscriptions without prefixes see: every stream except system streams (`$…`) and the
 * event-id index. A .NET regex, evaluated by the server.
 */
export const USER_STREAMS_REGEX = `^(?!\\$|${CLAIM_STREAM_PREFIX})`;

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What the adapter adds to an event's JSON metadata: the port's schemaVersion and the hash chain
 * (recordedAt is in the hash, so it is fixed before the write instead of taken from the server).
 */
const STORE_METADATA_KEYS = ['schemaVersion', 'recordedAt', 'prevHash', 'hash'] as const;

/**
 * Refuses, before anything is claimed or written, what would not round-trip: EventStoreDB stores
 * event ids as UUIDs and returns them lower-case, and metadata keys the store adds itself would
 * be lost on read (and the stored hash would then no longer match).
 */
export function assertEsdbWritable(events: readonly NewEvent[]): void {
  for (const event of events) {
    if (!CANONICAL_UUID.test(event.eventId)) {
      throw new ValidationFailed([{ field: 'eventId', reason: 'must be a lower-case UUID for EventStoreDB' }]);
    }
    const metadata = event.metadata as unknown as Record<string, unknown>;
    const reserved = STORE_METADATA_KEYS.find((key) => metadata[key] !== undefined);
    if (reserved) throw new ValidationFailed([{ field: `metadata.${reserved}`, reason: 'is set by the event store' }]);
  }
}

export function toWireExpectedRevision(expected: ExpectedRevision): WireExpectedRevision {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

/** The server's "actual revision" of a refused append, as the domain names it. */
export function fromWireRevision(actual: bigint | 'no_stream'): number | 'no_stream' {
  return actual === 'no_stream' ? actual : safeNumber(actual, 'stream revision');
}

/** WrongExpectedVersionError → the domain's conflict. 'any' never conflicts, so it cannot get here. */
export function versionMismatch(
  streamId: string,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): ExpectedVersionMismatch {
  if (expected === 'any') throw new Error(`the server refused an 'any' append to '${streamId}'`);
  return new ExpectedVersionMismatch(streamId, expected, fromWireRevision(actual));
}

/** The event id goes through as the server's event id: that is what lets the server deduplicate a retry. */
export function toWireEvent({ event, recordedAt, prevHash, hash }: ChainedEvent): WireEvent {
  return {
    id: event.eventId,
    type: event.type,
    data: event.data as unknown as Record<string, unknown>, // every CRM event's data is a JSON object
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion, recordedAt, prevHash, hash },
  };
}

/**
 * The chain fields are returned as stored, without judging them: a missing or mangled one is
 * for the verifier to report (hash_missing, content_altered), not a reason to refuse the read.
 * An event without a stored recordedAt (written before the chain) falls back to the server's
 * `created` time.
 */
export function toRecordedEvent(record: StoredRecord): RecordedEvent {
  if (!record.isJson || !isObject(record.data) || !isObject(record.metadata)) {
    throw new EsdbUnreadableEvent(record.streamId, record.revision, 'data and metadata must be JSON objects');
  }
  const { schemaVersion, recordedAt, prevHash, hash, ...metadata } = record.metadata;
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion)) {
    throw new EsdbUnreadableEvent(record.streamId, record.revision, 'metadata.schemaVersion is missing');
  }
  if (!record.position) {
    throw new EsdbUnreadableEvent(record.streamId, record.revision, 'the server sent no log position (needs 22.6+)');
  }
  return {
    eventId: record.id,
    type: record.type,
    schemaVersion,
    // The payload was written from a NewEvent by toWireEvent; the store does not re-validate it.
    data: record.data as unknown as RecordedEvent['data'],
    metadata: metadata as unknown as EventMetadata,
    streamId: record.streamId,
    revision: safeNumber(record.revision, 'stream revision'),
    position: positionToNumber(record.position),
    recordedAt: typeof recordedAt === 'string' ? recordedAt : record.created.toISOString(),
    ...(typeof hash === 'string' ? { hash } : {}),
    ...(typeof prevHash === 'string' ? { prevHash } : {}),
  } as RecordedEvent;
}

/**
 * The port's global position is the commit position, a byte offset in the transaction log.
 * Every append since v20 is an implicit transaction whose events each commit at their own
 * prepare position (commit === prepare), so one number identifies an event. A number holds it
 * exactly up to 2^53 bytes (8 PiB of log); beyond that, or for legacy explicit transactions
 * (commit !== prepare), this throws rather than hand out a position that might collide.
 */
export function positionToNumber(position: LogPosition): number {
  if (position.commit !== position.prepare) throw new EsdbUnsupportedPosition(position, 'commit and prepare differ');
  return safeNumber(position.commit, 'log position');
}

/** Inverse of positionToNumber: reads from `n` start at that event (inclusive on the server). */
export function numberToPosition(position: number): LogPosition {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new ValidationFailed([{ field: 'position', reason: 'must be a whole number >= 0' }]);
  }
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** Events of the CRM's log: no system streams or events, no index streams. */
export function isLogEvent(record: StoredRecord): boolean {
  return !record.streamId.startsWith('$') && !record.type.startsWith('$') && !isClaimStream(record.streamId);
}

export function isClaimStream(streamId: string): boolean {
  return streamId.startsWith(CLAIM_STREAM_PREFIX);
}

/** Literal, case-sensitive prefix match; undefined matches every stream, [] none. */
export function matchesPrefixes(streamId: string, prefixes: readonly string[] | undefined): boolean {
  return prefixes === undefined || prefixes.some((prefix) => streamId.startsWith(prefix));
}

function safeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new EsdbNumberOutOfRange(what, value);
  }
  return Number(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
