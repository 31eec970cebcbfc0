import { hash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { GENESIS_HASH, eventHash, linkEvents, verifyStreamEvents, type HashedContent } from './hash-chain';
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

  // eventHash and linkEvents write the canonical JSON of the hashed members out by hand; it must
  // stay canonicalJson's, byte for byte, or every stored hash stops verifying.
  const member = fc.oneof(
    fc.jsonValue(),
    fc.constant(undefined),
    fc.constant(() => 1),
  );
  const hashed = fc.record({
    eventId: fc.oneof(fc.string(), member),
    streamId: fc.oneof(fc.string(), member),
    revision: fc.oneof(fc.integer(), fc.double(), member),
    type: fc.oneof(fc.string(), member),
    schemaVersion: fc.oneof(fc.nat(), member),
    data: member,
    metadata: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), member),
    recordedAt: fc.oneof(fc.string(), member),
    prevHash: fc.oneof(fc.string(), member),
  });
  const sha256 = (text: string) => hash('sha256', text, 'hex');

  it('hashes exactly the canonical JSON of the hashed members, whatever they hold', () => {
    fc.assert(
      fc.property(hashed, fc.jsonValue(), (content, extra) => {
        const withExtra = { ...content, position: 7, extra } as unknown as HashedContent;
        expect(eventHash(withExtra)).toBe(sha256(canonicalJson(content)));
      }),
      { numRuns: 500 },
    );
  });

  it('links events with the hash of their canonical JSON, and hands out the data and metadata it hashed', () => {
    const event = fc.record({
      eventId: fc.uuid(),
      type: fc.string({ minLength: 1 }),
      schemaVersion: fc.nat(),
      data: fc.dictionary(fc.string(), fc.jsonValue()),
      metadata: fc.dictionary(fc.string(), fc.jsonValue()),
    }) as unknown as fc.Arbitrary<NewEvent>; // any JSON, not only the CRM's event shapes: the chain does not care
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 4 }),
        fc.oneof(fc.constant(-1), fc.nat()),
        (events, head) => {
          const revision = head < 0 ? 'no_stream' : head;
          const links = linkEvents(
            'customer-p',
            events,
            { revision, hash: 'f'.repeat(64) },
            '2026-12-06T02:00:00.000Z',
          );
          let prevHash = head < 0 ? GENESIS_HASH : 'f'.repeat(64);
          links.forEach((link, i) => {
            const { eventId, type, schemaVersion, data, metadata } = events[i];
            const content = {
              eventId,
              streamId: 'customer-p',
              revision: (head < 0 ? 0 : head + 1) + i,
              type,
              schemaVersion,
              data,
              metadata,
              recordedAt: '2026-12-06T02:00:00.000Z',
              prevHash,
            };
            expect(link).toEqual({
              revision: content.revision,
              prevHash,
              hash: sha256(canonicalJson(content)),
              data: canonicalJson(data),
              metadata: canonicalJson(metadata),
            });
            expect(JSON.parse(link.data)).toEqual(JSON.parse(JSON.stringify(data)));
            prevHash = link.hash;
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
