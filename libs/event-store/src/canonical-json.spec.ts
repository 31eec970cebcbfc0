// Canonical JSON feeds hashes stored for ever, so its output is pinned three ways: golden vectors
// (input → exact string and SHA-256), a stream written and hashed by the code this module
// replaced (test-support/canonical-json.fixture.json: it must still verify), and properties that
// hold for any JSON value.
import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@ledger/domain';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { eventHash, verifyStreamEvents } from './hash-chain';
import fixture from './test-support/canonical-json.fixture.json';

const sha256 = (text: string, encoding: 'hex' | 'base64url' = 'hex') =>
  createHash('sha256').update(text, 'utf8').digest(encoding);

interface StoredEvent {
  event: RecordedEvent;
  canonical: string;
}
const streams = fixture.streams as unknown as Record<string, StoredEvent[]>;

describe('canonical JSON', () => {
  it.each(fixture.canonicalVectors.map((v) => [v.canonical, v]))('writes %s as before', (_, vector) => {
    expect(canonicalJson(vector.input)).toBe(vector.canonical);
    expect(sha256(canonicalJson(vector.input))).toBe(vector.sha256);
  });

  it('writes what JSON cannot carry as the hash chain always did', () => {
    class Line {
      sku = 'TEA-42';
      quantity = 2;
      category?: string = undefined;
    }
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    expect(canonicalJson({ line: new Line() })).toBe('{"line":{"quantity":2,"sku":"TEA-42"}}');
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":{}}');
    expect(canonicalJson([NaN, Infinity, -Infinity])).toBe('[null,null,null]');
    expect(canonicalJson({ z: -0 })).toBe('{"z":0}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ f: () => 1, a: 1 })).toBe('{"a":1}');
    expect(canonicalJson([() => 1])).toBe('[null]');
    expect(canonicalJson({ s: Symbol('s') })).toBe('{"s":null}');
  });

  it.each(Object.keys(streams))('still verifies stream %s as written by the previous code', (streamId) => {
    const stored = streams[streamId];
    expect(
      verifyStreamEvents(
        streamId,
        stored.map((s) => s.event),
      ),
    ).toEqual({ verified: stored.length, broken: null });
    for (const { event, canonical } of stored) {
      const { eventId, revision, type, schemaVersion, data, metadata, recordedAt, prevHash } = event;
      const content = { eventId, streamId, revision, type, schemaVersion, data, metadata, recordedAt, prevHash };
      expect(canonicalJson(content)).toBe(canonical);
      expect(eventHash({ ...content, prevHash: prevHash as string })).toBe(event.hash);
    }
  });

  it.each(fixture.requests.map((r) => [r.input.name, r]))('hashes a %s request as before', (_, request) => {
    expect(canonicalJson(request.input)).toBe(request.canonical);
    expect(sha256(canonicalJson(request.input), 'base64url')).toBe(request.requestHash);
  });

  it('orders keys as Array#sort does, for any keys, few or many', () => {
    const key = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.nat().map(String));
    fc.assert(
      fc.property(fc.dictionary(key, fc.integer(), { maxKeys: 60 }), (record) => {
        const sorted = Object.keys(record).sort();
        const expected = `{${sorted.map((k) => `${JSON.stringify(k)}:${record[k]}`).join(',')}}`;
        expect(canonicalJson(record)).toBe(expected);
      }),
    );
  });

  it('ignores key order and reads back as the value it wrote, for any JSON value', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reversed(value))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        // Appended in memory or parsed back from storage: the same string, so the same hash.
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
      }),
    );
  });
});
