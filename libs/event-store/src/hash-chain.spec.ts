import type { RecordedEvent } from '@ledger/domain';
import { canonicalJson } from './canonical-json';
import { GENESIS_HASH, eventHash, verifyStreamEvents } from './hash-chain';
import { newTestEvent } from './test-support/event-factory';

function chain(count: number): RecordedEvent[] {
  let prevHash = GENESIS_HASH;
  return Array.from({ length: count }, (_, revision) => {
    const base = { ...newTestEvent(), streamId: 'customer-a', revision, position: revision + 1 };
    const recorded = { ...base, recordedAt: '2026-01-05T10:00:00.000Z', prevHash };
    const hash = eventHash(recorded);
    prevHash = hash;
    return { ...recorded, hash };
  });
}

describe('hash chain', () => {
  it('serialises canonically: key order and undefined do not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: undefined } })).toBe('{"a":{"d":[1,null]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('verifies an intact chain', () => {
    expect(verifyStreamEvents('customer-a', chain(5))).toEqual({ verified: 5, broken: null });
  });

  it('finds altered content at the altered revision', () => {
    const events = chain(4);
    events[2] = { ...events[2], data: { ...events[2].data, reason: 'forged' } as RecordedEvent['data'] };
    const { verified, broken } = verifyStreamEvents('customer-a', events);
    expect(verified).toBe(2);
    expect(broken).toMatchObject({ revision: 2, reason: 'content_altered', stored: events[2].hash });
    expect(broken?.expected).not.toBe(events[2].hash);
  });

  it('finds a re-hashed event by the broken link after it', () => {
    const events = chain(3);
    const forged = { ...events[1], metadata: { ...events[1].metadata, actor: 'someone-else' } };
    events[1] = { ...forged, hash: eventHash(forged as RecordedEvent & { prevHash: string }) };
    expect(verifyStreamEvents('customer-a', events).broken).toMatchObject({ revision: 2, reason: 'chain_broken' });
  });

  it('finds a removed event as a revision gap', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyStreamEvents('customer-a', events).broken).toMatchObject({ revision: 2, reason: 'revision_gap' });
  });

  it('reports events without a hash', () => {
    const [first] = chain(1);
    const { hash: _hash, ...unhashed } = first;
    expect(verifyStreamEvents('customer-a', [unhashed]).broken).toMatchObject({ revision: 0, reason: 'hash_missing' });
  });
});
