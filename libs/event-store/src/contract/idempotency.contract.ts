// Contract cases for retried appends: the exact same event ids where they were first written
// return the original result and write nothing; the same ids anywhere else are a conflict.
import type { EventStore } from '../event-store.port';
import { storedEventIds } from '../stored-event-ids';
import { newTestEvent, newTestEvents, uniqueStreamPrefix } from '../test-support/event-factory';
import { expectConflict, expectNotStored } from './expectations';

export function idempotencyContract(store: () => EventStore): void {
  let prefix = '';
  beforeEach(() => {
    prefix = uniqueStreamPrefix();
  });
  const stream = (name = 'customer-1'): string => `${prefix}${name}`;
  const logOfTest = (): Promise<string[]> =>
    store()
      .readAll({ streamPrefixes: [prefix] })
      .then((events) => events.map((e) => e.eventId));

  it('answers an exact retry with the original result, deduplicated, writing nothing', async () => {
    const events = newTestEvents(2);
    const original = await store().append(stream(), events, 'no_stream');
    const retry = await store().append(stream(), events, 'no_stream');

    expect(original.deduplicated).toBe(false);
    expect(retry).toEqual({ ...original, deduplicated: true });
    expect(await logOfTest()).toEqual(events.map((e) => e.eventId));
  });

  it('recognises a retry after later appends to the stream', async () => {
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const events = newTestEvents(2);
    const original = await store().append(stream(), events, 0);
    await store().append(stream(), newTestEvents(1), 2);

    expect(await store().append(stream(), events, 0)).toEqual({ ...original, deduplicated: true });
    expect(await store().append(stream(), events, 'any')).toEqual({ ...original, deduplicated: true });
    expect(await store().streamRevision(stream())).toBe(3);
  });

  it('writes a retry racing its original only once', async () => {
    const events = newTestEvents(2);
    const [a, b] = await Promise.all([
      store().append(stream(), events, 'no_stream'),
      store().append(stream(), events, 'no_stream'),
    ]);
    expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
    expect(a.positions).toEqual(b.positions);
    expect(await logOfTest()).toEqual(events.map((e) => e.eventId));
  });

  it('rejects an event id already stored in another stream', async () => {
    const event = newTestEvent();
    await store().append(stream('customer-a'), [event], 'no_stream');
    await expectConflict(store().append(stream('customer-b'), [event], 'any'));
    expect(await store().streamRevision(stream('customer-b'))).toBe('no_stream');
  });

  it('rejects an event id already stored at another revision of the same stream', async () => {
    const event = newTestEvent();
    await store().append(stream(), [event], 'no_stream');
    await expectConflict(store().append(stream(), [event], 0));
    expect(await store().streamRevision(stream())).toBe(0);
  });

  it('rejects an append that repeats only some stored ids, writing none of it', async () => {
    const stored = newTestEvents(2);
    await store().append(stream(), stored, 'no_stream');
    const fresh = newTestEvent();
    await expectConflict(store().append(stream(), [...stored, fresh], 'no_stream'));
    await expectConflict(store().append(stream(), [stored[0], fresh], 'no_stream'));
    await expectNotStored(store(), [fresh.eventId]);
    expect(await store().streamRevision(stream())).toBe(1);
  });

  it('rejects one append carrying the same id twice, writing nothing', async () => {
    const event = newTestEvent();
    const other = newTestEvent();
    await expectConflict(store().append(stream(), [event, other, event], 'no_stream'));
    expect(await store().streamRevision(stream())).toBe('no_stream');
    await expectNotStored(store(), [event.eventId, other.eventId]);
  });

  it('tells which of many event ids are stored, in one question', async () => {
    const stored = newTestEvents(3);
    await store().append(stream(), stored, 'no_stream');
    const absent = newTestEvents(2).map((e) => e.eventId);
    const asked = [absent[0], stored[2].eventId, stored[0].eventId, absent[1], stored[0].eventId];

    expect(await storedEventIds(store(), asked)).toEqual(new Set([stored[0].eventId, stored[2].eventId]));
    expect(await storedEventIds(store(), absent)).toEqual(new Set());
    expect(await storedEventIds(store(), [])).toEqual(new Set());
  });

  it('tells which of many streams hold events: in one question where the adapter can, else by reading them', async () => {
    // Optional: without it, callers read each stream (an unknown one reads as []).
    const existingStreams =
      store().existingStreams?.bind(store()) ??
      (async (ids: readonly string[]) => {
        const read = await Promise.all(ids.map(async (id) => [id, (await store().readStream(id)).length] as const));
        return new Set(read.filter(([, count]) => count > 0).map(([id]) => id));
      });
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const other = `${stream()}-never-written`;
    expect(await existingStreams([other, stream(), stream()])).toEqual(new Set([stream()]));
    expect(await existingStreams([other])).toEqual(new Set());
    expect(await existingStreams([])).toEqual(new Set());
  });
}
