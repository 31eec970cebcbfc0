import type { StoredRecord } from './esdb-client';
import {
  claimEvent,
  claimStream,
  claimedRevision,
  isStale,
  parseClaimState,
  releaseEvent,
  type Claim,
} from './event-id-claims';

const EVENT_ID = '0b7e8f3c-1d2a-4c5b-9e6f-7a8b9c0d1e2f';

function record(event: { type: string; data: Record<string, unknown> }, revision: bigint): StoredRecord {
  return {
    streamId: claimStream(EVENT_ID),
    id: 'ignored',
    type: event.type,
    revision,
    created: new Date('2026-01-01T00:00:00.000Z'),
    isJson: true,
    data: event.data,
    metadata: {},
    position: { commit: 10n, prepare: 10n },
  };
}

const claim = (overrides: Partial<Claim> = {}): Claim => ({
  eventId: EVENT_ID,
  streamId: 'customer-1',
  expected: 4,
  index: 1,
  attemptId: 'attempt-1',
  ...overrides,
});

describe('event-id claims', () => {
  it('reads a never-claimed id as free, to be claimed with no_stream', () => {
    expect(parseClaimState(undefined)).toEqual({ kind: 'free', claimRevision: 'no_stream' });
  });

  it('reads back the claim it wrote, with the revision to take it over from', () => {
    expect(parseClaimState(record(claimEvent(claim()), 0n))).toEqual({
      kind: 'claimed',
      claim: claim(),
      claimRevision: 0n,
      claimedAt: new Date('2026-01-01T00:00:00.000Z'),
    });
  });

  it('reads a released id as free again, claimable on top of the release', () => {
    expect(parseClaimState(record(releaseEvent('attempt-1'), 1n))).toEqual({ kind: 'free', claimRevision: 1n });
  });

  it('refuses a claim stream holding something it did not write', () => {
    expect(() => parseClaimState(record({ type: 'Surprise', data: {} }, 0n))).toThrow(/did not write/);
  });

  it('knows where the event must be when the append pinned the revision', () => {
    expect(claimedRevision(claim({ expected: 4, index: 1 }))).toBe(6);
    expect(claimedRevision(claim({ expected: 'no_stream', index: 2 }))).toBe(2);
    expect(claimedRevision(claim({ expected: 'any' }))).toBeUndefined();
    expect(claimedRevision(claim({ expected: 'stream_exists' }))).toBeUndefined();
  });

  it('treats a claim as abandoned only after its lease', () => {
    const at = new Date(1_000_000);
    expect(isStale(at, 1_000_000 + 30_000, 30_000)).toBe(false);
    expect(isStale(at, 1_000_000 + 30_001, 30_000)).toBe(true);
  });
});
