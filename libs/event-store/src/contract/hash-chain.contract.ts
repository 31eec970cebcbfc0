// Contract cases for the hash chain (DESIGN rule 9): every adapter chains each stream from the
// genesis hash, returns the same links from every read, and keeps the chain whole through
// conflicts, retries and concurrent appends. "Verifies" means the shared StreamVerifier accepts
// what the adapter returned, so `GET /audit/customers/:id/verify` works on any store.
import type { RecordedEvent } from '@ledger/domain';
import type { EventStore, Subscription } from '../event-store.port';
import { GENESIS_HASH, StreamVerifier, verifyStreamEvents } from '../hash-chain';
import { newTestEvents, uniqueStreamPrefix, waitUntil } from '../test-support/event-factory';
import { expectConflict } from './expectations';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function hashChainContract(store: () => EventStore): void {
  let prefix = '';
  beforeEach(() => {
    prefix = uniqueStreamPrefix();
  });
  const stream = (name = 'customer-1'): string => `${prefix}${name}`;
  const links = (events: readonly RecordedEvent[]) => events.map((e) => [e.eventId, e.hash, e.prevHash]);
  const expectIntact = async (streamId: string, count: number): Promise<RecordedEvent[]> => {
    const events = await store().readStream(streamId);
    expect(verifyStreamEvents(streamId, events)).toEqual({ verified: count, broken: null });
    return events;
  };

  it('chains a stream from the genesis hash across appends of every expected-revision kind', async () => {
    await store().append(stream(), newTestEvents(2), 'no_stream');
    await store().append(stream(), newTestEvents(1), 1);
    await store().append(stream(), newTestEvents(1), 'stream_exists');
    await store().append(stream(), newTestEvents(2), 'any');

    const events = await expectIntact(stream(), 6);
    expect(events[0].prevHash).toBe(GENESIS_HASH);
    events.forEach((event, i) => {
      expect(event.hash).toMatch(SHA256_HEX);
      if (i > 0) expect(event.prevHash).toBe(events[i - 1].hash);
    });
    expect(new Set(events.map((e) => e.hash)).size).toBe(6);
  });

  it('chains each stream on its own, however their appends interleave', async () => {
    await store().append(stream('customer-a'), newTestEvents(1), 'no_stream');
    await store().append(stream('customer-b'), newTestEvents(2), 'no_stream');
    await store().append(stream('customer-a'), newTestEvents(2), 0);
    await store().append(stream('customer-b'), newTestEvents(1), 1);

    const a = await expectIntact(stream('customer-a'), 3);
    const b = await expectIntact(stream('customer-b'), 3);
    expect([a[0].prevHash, b[0].prevHash]).toEqual([GENESIS_HASH, GENESIS_HASH]);
  });

  it('returns the same links from every read: backwards, by id, the log and subscriptions', async () => {
    const head = await store().headPosition();
    await store().append(stream(), newTestEvents(3), 'no_stream');
    await store().append(stream('customer-2'), newTestEvents(1), 'no_stream');
    await store().append(stream(), newTestEvents(2), 2);
    const forwards = await expectIntact(stream(), 5);

    const backwards = await store().readStream(stream(), { direction: 'backwards' });
    expect(links([...backwards].reverse())).toEqual(links(forwards));
    const byId = await Promise.all(forwards.map((e) => store().readEvent(e.eventId)));
    expect(links(byId as RecordedEvent[])).toEqual(links(forwards));
    const log = (await store().readAll({ fromPosition: head, streamPrefixes: [stream()] })).filter(
      (e) => e.streamId === stream(),
    );
    expect(links(log)).toEqual(links(forwards));

    const delivered: RecordedEvent[] = [];
    const subscription: Subscription = store().subscribeToAll(
      { fromPosition: head, streamPrefixes: [prefix] },
      (batch) => {
        delivered.push(...batch.filter((e) => e.streamId === stream()));
      },
    );
    try {
      await waitUntil(() => delivered.length >= 5, 'the subscription to deliver the stream');
    } finally {
      await subscription.stop();
    }
    expect(links(delivered)).toEqual(links(forwards));
  });

  it('verifies page by page, as auditors walk long streams', async () => {
    await store().append(stream(), newTestEvents(7), 'no_stream');
    const verifier = new StreamVerifier(stream());
    for (let from = 0; ; from += 3) {
      const page = await store().readStream(stream(), { fromRevision: from, maxCount: 3 });
      for (const event of page) expect(verifier.check(event)).toBeNull();
      if (page.length < 3) break;
    }
    expect(verifier.verified).toBe(7);
  });

  it('keeps the chain whole through a refused append: the next one links to the real head', async () => {
    await store().append(stream(), newTestEvents(2), 'no_stream');
    await expectConflict(store().append(stream(), newTestEvents(1), 0));
    await expectConflict(store().append(stream(), newTestEvents(1), 'no_stream'));
    await store().append(stream(), newTestEvents(1), 1);

    const events = await expectIntact(stream(), 3);
    expect(events[2].prevHash).toBe(events[1].hash);
  });

  it('leaves the chain as it was after an exact retry', async () => {
    const events = newTestEvents(2);
    await store().append(stream(), events, 'no_stream');
    const before = links(await store().readStream(stream()));

    expect((await store().append(stream(), events, 'no_stream')).deduplicated).toBe(true);

    expect(links(await expectIntact(stream(), 2))).toEqual(before);
  });

  it('chains concurrent appends to one stream: racing exact revisions and racing "any"', async () => {
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const racing = await Promise.allSettled([1, 2, 3].map(() => store().append(stream(), newTestEvents(1), 0)));
    expect(racing.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);

    await Promise.all([1, 2, 3, 4].map(() => store().append(stream(), newTestEvents(2), 'any')));

    await expectIntact(stream(), 10);
  });
}
