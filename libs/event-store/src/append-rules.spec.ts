import { ExpectedVersionMismatch, ValidationFailed } from '@ledger/domain';
import { checkExpectedRevision, resolveRetry, validateAppend, type StoredEventLocation } from './append-rules';
import { DuplicateEventId } from './event-store.errors';
import type { ExpectedRevision } from './event-store.port';
import { newTestEvent, newTestEvents } from './test-support/event-factory';

describe('validateAppend', () => {
  it('accepts a well-formed append', () => {
    expect(() => validateAppend('customer-1', newTestEvents(2), 'no_stream')).not.toThrow();
  });

  it.each<[string, () => void, string]>([
    ['an empty stream id', () => validateAppend('', newTestEvents(1), 'any'), 'streamId'],
    ['no events', () => validateAppend('customer-1', [], 'any'), 'events'],
    ['a negative revision', () => validateAppend('customer-1', newTestEvents(1), -1), 'expectedRevision'],
    ['a fractional revision', () => validateAppend('customer-1', newTestEvents(1), 1.5), 'expectedRevision'],
    ['an empty event id', () => validateAppend('customer-1', [newTestEvent({ eventId: '' })], 'any'), 'eventId'],
  ])('refuses %s, naming the field', (_, append, field) => {
    expect(append).toThrow(ValidationFailed);
    expect(append).toThrow(expect.objectContaining({ field }));
  });

  it('refuses the same event id twice in one append', () => {
    const event = newTestEvent();
    expect(() => validateAppend('customer-1', [event, event], 'any')).toThrow(DuplicateEventId);
  });
});

describe('checkExpectedRevision', () => {
  it.each<[ExpectedRevision, number | 'no_stream', boolean]>([
    ['any', 'no_stream', true],
    ['any', 3, true],
    ['no_stream', 'no_stream', true],
    ['no_stream', 0, false],
    ['stream_exists', 0, true],
    ['stream_exists', 'no_stream', false],
    [2, 2, true],
    [2, 1, false],
    [0, 'no_stream', false],
  ])('expected %p against actual %p → ok: %p', (expected, actual, ok) => {
    const check = (): void => checkExpectedRevision('customer-1', expected, actual);
    if (ok) expect(check).not.toThrow();
    else expect(check).toThrow(ExpectedVersionMismatch);
  });
});

describe('resolveRetry', () => {
  const events = newTestEvents(2);
  const at = (streamId: string, revision: number, position: number): StoredEventLocation => ({
    streamId,
    revision,
    position,
  });

  it('treats an append with no stored ids as fresh', () => {
    expect(resolveRetry('customer-1', events, 'no_stream', [null, null])).toBeNull();
  });

  it.each<[ExpectedRevision, number]>([
    ['no_stream', 0],
    ['any', 4],
    ['stream_exists', 4],
    [3, 4],
  ])('answers an exact retry (expected %p, first revision %p) with the original result', (expected, first) => {
    const stored = [at('customer-1', first, 10), at('customer-1', first + 1, 12)];
    expect(resolveRetry('customer-1', events, expected, stored)).toEqual({
      streamId: 'customer-1',
      nextExpectedRevision: first + 1,
      positions: [10, 12],
      deduplicated: true,
    });
  });

  it.each<[string, ExpectedRevision, Array<StoredEventLocation | null>]>([
    ['in another stream', 'any', [at('customer-2', 0, 1), at('customer-2', 1, 2)]],
    ['only partly stored', 'any', [at('customer-1', 0, 1), null]],
    ['stored from the second event on', 'any', [null, at('customer-1', 0, 1)]],
    ['not consecutive', 'any', [at('customer-1', 0, 1), at('customer-1', 2, 3)]],
    ['where the expected revision would not have put them', 0, [at('customer-1', 0, 1), at('customer-1', 1, 2)]],
  ])('refuses ids stored %s', (_, expected, stored) => {
    expect(() => resolveRetry('customer-1', events, expected, stored)).toThrow(DuplicateEventId);
  });
});
