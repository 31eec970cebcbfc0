// The subscription loop against a scripted in-memory source (the adapter's own WireSubscription
// interface, not the server): batching, resubscribing from the checkpoint, handler failure.
import type { RecordedEvent } from '@ledger/domain';
import { newTestEvent, waitUntil } from '@ledger/event-store/contract';
import type { LogPosition, StoredRecord, WireFilter, WireSubscription } from './esdb-client';
import { chainEvents } from './esdb-chain';
import { toWireEvent } from './esdb-mapping';
import { batches, isAfter, startEsdbSubscription, type SubscriptionSource } from './esdb-subscription';

function record(position: number, streamId = 'customer-1'): StoredRecord {
  const wire = toWireEvent(chainEvents(streamId, [newTestEvent()], undefined, new Date())[0]);
  return {
    streamId,
    id: wire.id,
    type: wire.type,
    revision: BigInt(position),
    created: new Date(),
    isJson: true,
    data: wire.data,
    metadata: wire.metadata,
    position: { commit: BigInt(position), prepare: BigInt(position) },
  };
}

/** Each subscribe call plays the next script: its records, then a drop (Error) or an open end. */
class ScriptedSource implements SubscriptionSource {
  readonly calls: Array<{ from: LogPosition | 'start'; filter: WireFilter }> = [];
  constructor(private readonly scripts: Array<{ records: StoredRecord[]; drop?: Error }>) {}

  subscribeToAll(from: LogPosition | 'start', filter: WireFilter): WireSubscription {
    this.calls.push({ from, filter });
    const script = this.scripts.shift() ?? { records: [] };
    let closed = false;
    return {
      async *[Symbol.asyncIterator]() {
        yield* script.records;
        if (script.drop) throw script.drop;
        while (!closed) await new Promise((resolve) => setTimeout(resolve, 5));
      },
      close: async () => {
        closed = true;
      },
    };
  }
}

const backoff = { initialMs: 1, maxMs: 5 };

describe('EventStoreDB subscription loop', () => {
  it('resubscribes from the last delivered position after a drop, skipping what was delivered', async () => {
    const source = new ScriptedSource([
      { records: [record(10), record(20)], drop: new Error('connection reset') },
      // The server may resend the checkpoint event itself: it must not be delivered twice.
      { records: [record(20), record(30)] },
    ]);
    const drops: unknown[] = [];
    const seen: RecordedEvent[] = [];
    const subscription = startEsdbSubscription(
      source,
      { fromPosition: 5, batchSize: 10, backoff, onDrop: (error) => drops.push(error) },
      (batch) => {
        seen.push(...batch);
      },
    );
    await waitUntil(() => seen.length >= 3, 'three events');
    await subscription.stop();

    expect(seen.map((e) => e.position)).toEqual([10, 20, 30]);
    expect(source.calls.map((c) => c.from)).toEqual([
      { commit: 5n, prepare: 5n },
      { commit: 20n, prepare: 20n },
    ]);
    expect(drops).toHaveLength(1);
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('filters on the server by prefix, or to user streams without prefixes, and re-checks here', async () => {
    const source = new ScriptedSource([{ records: [record(1, 'customer-1'), record(2, 'campaign-1')] }]);
    const seen: string[] = [];
    const subscription = startEsdbSubscription(
      source,
      { fromPosition: 0, batchSize: 10, backoff, streamPrefixes: ['customer-'] },
      (batch) => {
        seen.push(...batch.map((e) => e.streamId));
      },
    );
    await waitUntil(() => seen.length >= 1, 'one event');
    await subscription.stop();
    expect(seen).toEqual(['customer-1']);
    expect(source.calls[0]).toEqual({ from: 'start', filter: { prefixes: ['customer-'] } });

    const unfiltered = new ScriptedSource([]);
    await startEsdbSubscription(unfiltered, { fromPosition: 0, batchSize: 1, backoff }, () => undefined).stop();
    expect(unfiltered.calls[0].filter).toEqual({ regex: '^(?!\\$|eventid-)' });
  });

  it('ends with a rejected done when the handler throws, without resubscribing', async () => {
    const source = new ScriptedSource([{ records: [record(1)] }]);
    const failure = new Error('projection crashed');
    const subscription = startEsdbSubscription(source, { fromPosition: 0, batchSize: 10, backoff }, () => {
      throw failure;
    });
    await expect(subscription.done).rejects.toBe(failure);
    expect(source.calls).toHaveLength(1);
  });
});

describe('batches', () => {
  async function* items(values: number[]): AsyncGenerator<number> {
    yield* values;
  }

  it('groups what has arrived into batches of at most the size, in order', async () => {
    const out: number[][] = [];
    for await (const batch of batches(items([1, 2, 3, 4, 5, 6, 7]), 3)) out.push(batch);
    expect(out.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...out.map((b) => b.length))).toBeLessThanOrEqual(3);
  });

  it('orders positions by commit, then prepare', () => {
    expect(isAfter({ commit: 2n, prepare: 2n }, { commit: 1n, prepare: 9n })).toBe(true);
    expect(isAfter({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 2n })).toBe(true);
    expect(isAfter({ commit: 2n, prepare: 2n }, { commit: 2n, prepare: 2n })).toBe(false);
  });
});
