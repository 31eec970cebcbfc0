import { ExpectedVersionMismatch, ValidationFailed } from '@ledger/domain';
import type { NewEvent } from '@ledger/domain';
import { GENESIS_HASH } from '@ledger/event-store';
import { newTestEvent } from '@ledger/event-store/contract';
import { chainEvents } from './esdb-chain';
import type { StoredRecord } from './esdb-client';
import { EsdbNumberOutOfRange, EsdbUnreadableEvent, EsdbUnsupportedPosition } from './esdb-errors';
import {
  assertEsdbWritable,
  fromWireRevision,
  isLogEvent,
  matchesPrefixes,
  numberToPosition,
  positionToNumber,
  toRecordedEvent,
  toWireEvent,
  toWireExpectedRevision,
  versionMismatch,
} from './esdb-mapping';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const RECORDED_AT = '2026-02-03T04:05:06.700Z';

/** The first event of a new stream, chained as an append at RECORDED_AT would chain it. */
const chained = (event: NewEvent = newTestEvent()) =>
  chainEvents('customer-1', [event], undefined, new Date(RECORDED_AT))[0];

/** What the server would return for an event written by toWireEvent. */
function stored(overrides: Partial<StoredRecord> = {}): StoredRecord {
  const wire = toWireEvent(chained());
  return {
    streamId: 'customer-1',
    id: wire.id,
    type: wire.type,
    revision: 3n,
    created: new Date('2026-02-03T04:05:06.789Z'),
    isJson: true,
    data: wire.data,
    metadata: wire.metadata,
    position: { commit: 4242n, prepare: 4242n },
    ...overrides,
  };
}

describe('expected revision mapping', () => {
  it.each([
    [0, 0n],
    [41, 41n],
    ['no_stream', 'no_stream'],
    ['stream_exists', 'stream_exists'],
    ['any', 'any'],
  ] as const)('maps %p to %p', (expected, wire) => {
    expect(toWireExpectedRevision(expected)).toBe(wire);
  });
});

describe('conflict mapping', () => {
  it("turns the server's actual revision into ExpectedVersionMismatch", () => {
    const error = versionMismatch('customer-1', 1, 2n);
    expect(error).toBeInstanceOf(ExpectedVersionMismatch);
    expect(error).toMatchObject({ streamId: 'customer-1', expected: 1, actual: 2, code: 'EXPECTED_VERSION_MISMATCH' });
    expect(versionMismatch('customer-1', 'stream_exists', 'no_stream')).toMatchObject({ actual: 'no_stream' });
    expect(versionMismatch('customer-1', 'no_stream', 0n)).toMatchObject({ expected: 'no_stream', actual: 0 });
  });

  it("refuses to invent a conflict for 'any', which the server never refuses", () => {
    expect(() => versionMismatch('customer-1', 'any', 0n)).toThrow(/'any'/);
  });

  it('keeps revisions exact or fails', () => {
    expect(fromWireRevision(MAX)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => fromWireRevision(MAX + 1n)).toThrow(EsdbNumberOutOfRange);
  });
});

describe('event ↔ RecordedEvent conversion', () => {
  it('sends the event id as the server id; schemaVersion and the chain go into the metadata', () => {
    const link = chained(newTestEvent({ schemaVersion: 4 }));
    expect(toWireEvent(link)).toEqual({
      id: link.event.eventId,
      type: link.event.type,
      data: link.event.data,
      metadata: {
        ...link.event.metadata,
        schemaVersion: 4,
        recordedAt: RECORDED_AT,
        prevHash: GENESIS_HASH,
        hash: link.hash,
      },
    });
  });

  it('round-trips exactly: revision, commit position, and the hashed recordedAt (not the server time)', () => {
    const link = chained(newTestEvent({ schemaVersion: 2 }));
    const wire = toWireEvent(link);
    const recorded = toRecordedEvent(stored({ id: wire.id, data: wire.data, metadata: wire.metadata }));
    expect(recorded).toStrictEqual({
      ...link.event,
      streamId: 'customer-1',
      revision: 3,
      position: 4242,
      recordedAt: RECORDED_AT,
      hash: link.hash,
      prevHash: GENESIS_HASH,
    });
  });

  it('reads an event written without the chain with the server time and no hash', () => {
    const event = newTestEvent();
    const recorded = toRecordedEvent(stored({ metadata: { ...event.metadata, schemaVersion: 1 } }));
    expect(recorded.recordedAt).toBe('2026-02-03T04:05:06.789Z');
    expect(recorded).not.toHaveProperty('hash');
    expect(recorded).not.toHaveProperty('prevHash');
    expect(recorded.metadata).toStrictEqual(event.metadata);
  });

  it('leaves a mangled chain field to the verifier instead of refusing the read', () => {
    const { metadata } = toWireEvent(chained());
    const recorded = toRecordedEvent(stored({ metadata: { ...metadata, hash: 42 } }));
    expect(recorded).not.toHaveProperty('hash');
    expect(recorded.prevHash).toBe(GENESIS_HASH);
  });

  it('refuses records it cannot read as CRM events, naming the event', () => {
    expect(() => toRecordedEvent(stored({ isJson: false, data: new Uint8Array() }))).toThrow(EsdbUnreadableEvent);
    expect(() => toRecordedEvent(stored({ metadata: { commandId: 'x' } }))).toThrow(/schemaVersion/);
    expect(() => toRecordedEvent(stored({ position: undefined }))).toThrow(/22\.6/);
  });

  it('accepts only lower-case UUID event ids, which the server returns unchanged', () => {
    expect(() => assertEsdbWritable([newTestEvent()])).not.toThrow();
    const upper = newTestEvent();
    expect(() => assertEsdbWritable([{ ...upper, eventId: upper.eventId.toUpperCase() }])).toThrow(ValidationFailed);
    expect(() => assertEsdbWritable([newTestEvent({ eventId: 'cmd-1:0' })])).toThrow(ValidationFailed);
  });

  it('refuses metadata keys the store sets itself, naming the field', () => {
    for (const key of ['schemaVersion', 'recordedAt', 'prevHash', 'hash']) {
      const event = newTestEvent();
      const clashing = { ...event, metadata: { ...event.metadata, [key]: 'x' } };
      expect(() => assertEsdbWritable([clashing])).toThrow(ValidationFailed);
      expect(() => assertEsdbWritable([clashing])).toThrow(`metadata.${key}: is set by the event store`);
    }
  });
});

describe('position safety', () => {
  it('uses the commit position as the global position', () => {
    expect(positionToNumber({ commit: 1234n, prepare: 1234n })).toBe(1234);
    expect(positionToNumber({ commit: MAX, prepare: MAX })).toBe(Number.MAX_SAFE_INTEGER);
    expect(numberToPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('throws instead of rounding a position beyond 2^53', () => {
    expect(() => positionToNumber({ commit: MAX + 1n, prepare: MAX + 1n })).toThrow(EsdbNumberOutOfRange);
  });

  it('throws for legacy explicit transactions, where events share a commit position', () => {
    expect(() => positionToNumber({ commit: 100n, prepare: 180n })).toThrow(EsdbUnsupportedPosition);
  });

  it('refuses positions a checkpoint cannot hold', () => {
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => numberToPosition(bad)).toThrow(ValidationFailed);
    }
  });
});

describe('log filtering', () => {
  it('hides system streams, system events and the event-id index', () => {
    expect(isLogEvent(stored())).toBe(true);
    expect(isLogEvent(stored({ streamId: '$settings' }))).toBe(false);
    expect(isLogEvent(stored({ type: '$metadata' }))).toBe(false);
    expect(isLogEvent(stored({ streamId: 'eventid-3f2a…' }))).toBe(false);
  });

  it('matches prefixes literally and case-sensitively; [] matches nothing', () => {
    expect(matchesPrefixes('customer-1', ['customer-', 'campaign-'])).toBe(true);
    expect(matchesPrefixes('Customer-1', ['customer-'])).toBe(false);
    expect(matchesPrefixes('axb', ['a.'])).toBe(false);
    expect(matchesPrefixes('customer-1', undefined)).toBe(true);
    expect(matchesPrefixes('customer-1', [])).toBe(false);
  });
});
