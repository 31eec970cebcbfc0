// Contract cases for the read side: one stream in either direction, the global log with its
// exclusive checkpoint and prefix filter, single events by id, and the head position.
import type { RecordedEvent } from '@ledger/domain';
import type { EventStore } from '../event-store.port';
import { newTestEvent, newTestEvents, uniqueStreamPrefix } from '../test-support/event-factory';
import { expectStrictlyIncreasing } from './expectations';

const revisions = (events: RecordedEvent[]): number[] => events.map((e) => e.revision);

export function readContract(store: () => EventStore): void {
  let prefix = '';
  beforeEach(() => {
    prefix = uniqueStreamPrefix();
  });
  const stream = (name = 'customer-1'): string => `${prefix}${name}`;

  describe('readStream', () => {
    beforeEach(async () => {
      await store().append(stream(), newTestEvents(2), 'no_stream');
      await store().append(stream(), newTestEvents(3), 1);
      // Same prefix, different stream: must never leak into readStream(stream()).
      await store().append(stream('customer-10'), newTestEvents(1), 'no_stream');
    });

    it('reads forwards from the start by default', async () => {
      const events = await store().readStream(stream());
      expect(revisions(events)).toEqual([0, 1, 2, 3, 4]);
      expectStrictlyIncreasing(events.map((e) => e.position));
      expect(events.every((e) => e.streamId === stream())).toBe(true);
    });

    it('reads forwards from an inclusive revision, up to maxCount', async () => {
      expect(revisions(await store().readStream(stream(), { fromRevision: 2 }))).toEqual([2, 3, 4]);
      expect(revisions(await store().readStream(stream(), { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
      expect(revisions(await store().readStream(stream(), { maxCount: 1 }))).toEqual([0]);
      expect(await store().readStream(stream(), { fromRevision: 5 })).toEqual([]);
    });

    it('reads backwards from the end by default', async () => {
      expect(revisions(await store().readStream(stream(), { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
      expect(revisions(await store().readStream(stream(), { direction: 'backwards', maxCount: 2 }))).toEqual([4, 3]);
    });

    it('reads backwards from an inclusive revision', async () => {
      const options = { direction: 'backwards', fromRevision: 2 } as const;
      expect(revisions(await store().readStream(stream(), options))).toEqual([2, 1, 0]);
      expect(revisions(await store().readStream(stream(), { ...options, maxCount: 2 }))).toEqual([2, 1]);
      expect(revisions(await store().readStream(stream(), { ...options, fromRevision: 99 }))).toEqual([4, 3, 2, 1, 0]);
    });

    it('reads an unknown stream as [] with no revision', async () => {
      expect(await store().readStream(stream('customer-unknown'))).toEqual([]);
      expect(await store().readStream(stream('customer-unknown'), { direction: 'backwards' })).toEqual([]);
      expect(await store().streamRevision(stream('customer-unknown'))).toBe('no_stream');
      expect(await store().streamRevision(stream())).toBe(4);
    });
  });

  describe('readAll', () => {
    it('returns the log in position order, strictly after fromPosition', async () => {
      const head = await store().headPosition();
      await store().append(stream('customer-a'), newTestEvents(2), 'no_stream');
      await store().append(stream('customer-b'), newTestEvents(2), 'no_stream');
      await store().append(stream('customer-a'), newTestEvents(1), 1);

      const log = await store().readAll({ fromPosition: head });
      expectStrictlyIncreasing(log.map((e) => e.position));
      const mine = log.filter((e) => e.streamId.startsWith(prefix));
      expect(mine.map((e) => [e.streamId, e.revision])).toEqual([
        [stream('customer-a'), 0],
        [stream('customer-a'), 1],
        [stream('customer-b'), 0],
        [stream('customer-b'), 1],
        [stream('customer-a'), 2],
      ]);
      const afterSecond = await store().readAll({ fromPosition: mine[1].position, streamPrefixes: [prefix] });
      expect(afterSecond).toEqual(mine.slice(2));
    });

    it('returns at most maxCount events', async () => {
      const head = await store().headPosition();
      await store().append(stream(), newTestEvents(5), 'no_stream');
      const page = await store().readAll({ fromPosition: head, maxCount: 3, streamPrefixes: [prefix] });
      expect(revisions(page)).toEqual([0, 1, 2]);
      const next = await store().readAll({ fromPosition: page[2].position, maxCount: 3, streamPrefixes: [prefix] });
      expect(revisions(next)).toEqual([3, 4]);
      expect((await store().readAll({ fromPosition: head, maxCount: 2 })).length).toBeLessThanOrEqual(2);
    });

    it('reads from the beginning when fromPosition is 0 or omitted', async () => {
      await store().append(stream(), newTestEvents(2), 'no_stream');
      const fromZero = await store().readAll({ fromPosition: 0, streamPrefixes: [prefix] });
      expect(revisions(fromZero)).toEqual([0, 1]);
      expect(await store().readAll({ streamPrefixes: [prefix] })).toEqual(fromZero);
    });

    it('keeps only streams with one of the given prefixes', async () => {
      await store().append(stream('customer-1'), newTestEvents(1), 'no_stream');
      await store().append(stream('campaign-1'), newTestEvents(1), 'no_stream');
      await store().append(stream('customer-2'), newTestEvents(1), 'no_stream');
      await store().append(stream('audit-1'), newTestEvents(1), 'no_stream');
      const streamsOf = async (prefixes: string[]): Promise<string[]> =>
        (await store().readAll({ streamPrefixes: prefixes })).map((e) => e.streamId);

      expect(await streamsOf([`${prefix}campaign-`])).toEqual([stream('campaign-1')]);
      expect(await streamsOf([`${prefix}customer-`, `${prefix}campaign-`])).toEqual([
        stream('customer-1'),
        stream('campaign-1'),
        stream('customer-2'),
      ]);
    });

    it('keeps only events of the given types', async () => {
      await store().append(stream('customer-1'), newTestEvents(2), 'no_stream');
      await store().append(stream('customer-2'), newTestEvents(1, { type: 'CustomersMerged' }), 'no_stream');
      await store().append(stream('customer-1'), newTestEvents(1, { type: 'CustomersUnmerged' }), 1);
      const typesOf = async (eventTypes: string[]) =>
        (await store().readAll({ streamPrefixes: [prefix], eventTypes })).map((e) => [e.streamId, e.type]);
      expect(await typesOf(['CustomersMerged', 'CustomersUnmerged'])).toEqual([
        [stream('customer-2'), 'CustomersMerged'],
        [stream('customer-1'), 'CustomersUnmerged'],
      ]);
      expect(await typesOf([])).toEqual([]);
    });

    it('treats wildcard characters in prefixes literally', async () => {
      for (const name of ['a_b', 'axb', 'a%b', 'a*b', 'a?b', 'a[b', 'A_b']) {
        await store().append(stream(name), newTestEvents(1), 'no_stream');
      }
      for (const literal of ['a_', 'a%', 'a*', 'a?', 'a[']) {
        const found = await store().readAll({ streamPrefixes: [`${prefix}${literal}`] });
        expect(found.map((e) => e.streamId)).toEqual([stream(`${literal}b`)]);
      }
    });
  });

  describe('readEvent', () => {
    it('finds a stored event by id, exactly as readStream returns it', async () => {
      const events = newTestEvents(3);
      await store().append(stream(), events, 'no_stream');
      const [, second] = await store().readStream(stream());
      expect(await store().readEvent(events[1].eventId)).toEqual(second);
    });

    it('returns null for an unknown id', async () => {
      expect(await store().readEvent(newTestEvent().eventId)).toBeNull();
    });
  });

  describe('headPosition', () => {
    it('is below a new append and at or above its last position afterwards', async () => {
      const before = await store().headPosition();
      const { positions } = await store().append(stream(), newTestEvents(2), 'no_stream');
      expect(positions[0]).toBeGreaterThan(before);
      expect(await store().headPosition()).toBeGreaterThanOrEqual(positions[1]);
    });
  });
}
