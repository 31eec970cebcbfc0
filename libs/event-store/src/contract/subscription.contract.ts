// Contract cases for subscribeToAll: catch-up from an exclusive checkpoint, the handover to
// live delivery, batching, back-pressure from a slow handler, stopping and failing. Every
// subscription filters on the test's own prefix so other writers on a shared server are ignored.
import type { RecordedEvent } from '@ledger/domain';
import type { BatchHandler, EventStore, SubscribeOptions, Subscription } from '../event-store.port';
import { newTestEvents, sleep, uniqueStreamPrefix, waitUntil } from '../test-support/event-factory';
import { expectStrictlyIncreasing } from './expectations';

interface Collector {
  events: RecordedEvent[];
  batchSizes: number[];
  subscription: Subscription;
}

export function subscriptionContract(store: () => EventStore): void {
  let prefix = '';
  const running: Subscription[] = [];
  beforeEach(() => {
    prefix = uniqueStreamPrefix();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((subscription) => subscription.stop()));
  });
  const stream = (name = 'customer-1'): string => `${prefix}${name}`;

  function collect(options: Partial<SubscribeOptions> & { fromPosition: number }, slowMs = 0): Collector {
    const events: RecordedEvent[] = [];
    const batchSizes: number[] = [];
    const handler: BatchHandler = async (batch) => {
      if (slowMs > 0) await sleep(slowMs);
      events.push(...batch);
      batchSizes.push(batch.length);
    };
    const subscription = store().subscribeToAll({ streamPrefixes: [prefix], ...options }, handler);
    running.push(subscription);
    return { events, batchSizes, subscription };
  }

  /** The test's events as the log holds them, for comparison with what a subscriber saw. */
  const logOfTest = (fromPosition = 0): Promise<RecordedEvent[]> =>
    store().readAll({ fromPosition, streamPrefixes: [prefix] });

  it('catches up from a checkpoint, then receives live appends in order', async () => {
    const head = await store().headPosition();
    await store().append(stream('customer-a'), newTestEvents(3), 'no_stream');
    await store().append(stream('customer-b'), newTestEvents(2), 'no_stream');
    const seen = collect({ fromPosition: head });
    await waitUntil(() => seen.events.length >= 5, 'catch-up');

    await store().append(stream('customer-a'), newTestEvents(2), 2);
    await store().append(stream('customer-c'), newTestEvents(1), 'no_stream');
    await waitUntil(() => seen.events.length >= 8, 'live events');

    expect(seen.events).toEqual(await logOfTest());
    expect(seen.events).toHaveLength(8);
  });

  it('starts strictly after the checkpoint it is given', async () => {
    await store().append(stream(), newTestEvents(5), 'no_stream');
    const log = await logOfTest();
    const seen = collect({ fromPosition: log[2].position });
    await waitUntil(() => seen.events.length >= 2, 'events after the checkpoint');
    await sleep(50);
    expect(seen.events.map((e) => e.revision)).toEqual([3, 4]);
  });

  it('delivers batches of at most batchSize, together in log order', async () => {
    const head = await store().headPosition();
    await store().append(stream(), newTestEvents(7), 'no_stream');
    const seen = collect({ fromPosition: head, batchSize: 3 });
    await waitUntil(() => seen.events.length >= 7, 'all batches');
    expect(Math.max(...seen.batchSizes)).toBeLessThanOrEqual(3);
    expect(seen.batchSizes.length).toBeGreaterThanOrEqual(3);
    expect(seen.events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('awaits a slow handler: never two batches at once, order kept', async () => {
    const head = await store().headPosition();
    let inFlight = 0;
    let maxInFlight = 0;
    const delivered: number[] = [];
    const subscription = store().subscribeToAll(
      { fromPosition: head, batchSize: 2, streamPrefixes: [prefix] },
      async (batch) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(15);
        delivered.push(...batch.map((e) => e.position));
        inFlight--;
      },
    );
    running.push(subscription);
    for (let i = 0; i < 4; i++) await store().append(stream(`customer-${i}`), newTestEvents(2), 'no_stream');
    await waitUntil(() => delivered.length >= 8, 'slow deliveries');

    expect(maxInFlight).toBe(1);
    expect(delivered).toEqual((await logOfTest(head)).map((e) => e.position));
  });

  it('neither loses nor repeats events appended while it catches up', async () => {
    const head = await store().headPosition();
    for (let i = 0; i < 10; i++) await store().append(stream(`customer-${i}`), newTestEvents(5), 'no_stream');
    const seen = collect({ fromPosition: head, batchSize: 4 }, 2);
    // Appends race the catch-up reads: some land behind the reader, some ahead of it.
    const writers = Array.from({ length: 10 }, async (_, i) => {
      for (let n = 0; n < 5; n++) {
        await store().append(stream(`customer-${i}`), newTestEvents(1), 4 + n);
        await sleep(1);
      }
    });
    await Promise.all(writers);
    await waitUntil(() => seen.events.length >= 100, 'all 100 events', 15000);
    await sleep(50);

    expect(seen.events).toHaveLength(100);
    expect(new Set(seen.events.map((e) => e.eventId)).size).toBe(100);
    expectStrictlyIncreasing(seen.events.map((e) => e.position));
    expect(seen.events).toEqual(await logOfTest(head));
  });

  it('stops delivering once stopped, and `done` resolves', async () => {
    const head = await store().headPosition();
    await store().append(stream(), newTestEvents(2), 'no_stream');
    const seen = collect({ fromPosition: head });
    await waitUntil(() => seen.events.length >= 2, 'catch-up');

    await seen.subscription.stop();
    await expect(seen.subscription.done).resolves.toBeUndefined();
    await store().append(stream(), newTestEvents(2), 1);
    await sleep(50);
    expect(seen.events).toHaveLength(2);
  });

  it('ends with a rejected `done` when the handler throws', async () => {
    const head = await store().headPosition();
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const failure = new Error('projection crashed');
    const subscription = store().subscribeToAll({ fromPosition: head, streamPrefixes: [prefix] }, () => {
      throw failure;
    });
    running.push(subscription);
    await expect(subscription.done).rejects.toBe(failure);
  });
}
