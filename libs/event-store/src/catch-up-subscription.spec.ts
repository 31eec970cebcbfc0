import type { RecordedEvent } from '@ledger/domain';
import { AppendNotifier } from './append-notifier';
import { CatchUpSubscriptions, startCatchUpSubscription, type CatchUpSource } from './catch-up-subscription';
import type { ReadAllOptions } from './event-store.port';
import { newTestEvent, sleep, waitUntil } from './test-support/event-factory';

/** An in-memory log whose reads can be held open, to commit something while a read is in flight. */
class FakeLog implements CatchUpSource {
  readonly events: RecordedEvent[] = [];
  readonly reads: ReadAllOptions[] = [];
  private hold: Promise<void> | undefined;

  add(streamId: string): void {
    const position = this.events.length + 1;
    this.events.push({ ...newTestEvent(), streamId, revision: 0, position, recordedAt: '2026-01-01T00:00:00.000Z' });
  }

  /** The next read takes its snapshot now but answers only when `release` is called. */
  holdNextRead(): () => void {
    let release = (): void => undefined;
    this.hold = new Promise((resolve) => (release = resolve));
    return release;
  }

  async headPosition(): Promise<number> {
    return this.events.length;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.reads.push(options);
    const from = options.fromPosition ?? 0;
    const prefixes = options.streamPrefixes;
    const snapshot = this.events
      .filter((e) => e.position > from && (!prefixes || prefixes.some((p) => e.streamId.startsWith(p))))
      .slice(0, options.maxCount);
    const hold = this.hold;
    this.hold = undefined;
    if (hold) await hold;
    return snapshot;
  }
}

describe('startCatchUpSubscription', () => {
  it('does not miss a commit that lands while a read is in flight', async () => {
    const log = new FakeLog();
    const notifier = new AppendNotifier();
    const seen: number[] = [];
    const release = log.holdNextRead();
    const subscription = startCatchUpSubscription(log, notifier, { fromPosition: 0 }, (batch) => {
      seen.push(...batch.map((e) => e.position));
    });
    await sleep(5);
    // The in-flight read already took its (empty) snapshot; this commit and its wake-up happen
    // before the subscription starts waiting, and no poll interval is set to rescue it.
    log.add('customer-1');
    notifier.notify();
    release();

    await waitUntil(() => seen.length === 1, 'the racing event');
    await subscription.stop();
    expect(seen).toEqual([1]);
  });

  it('moves past stretches a prefix filter skips instead of rescanning them', async () => {
    const log = new FakeLog();
    const notifier = new AppendNotifier();
    for (let i = 0; i < 5; i++) log.add(`customer-${i}`);
    const subscription = startCatchUpSubscription(
      log,
      notifier,
      { fromPosition: 0, streamPrefixes: ['campaign-'] },
      () => undefined,
    );
    await waitUntil(() => log.reads.length === 1, 'the first read');
    log.add('customer-9');
    notifier.notify();
    await waitUntil(() => log.reads.length === 2, 'the second read');
    await subscription.stop();
    expect(log.reads.map((r) => r.fromPosition)).toEqual([0, 5]);
  });

  it('re-reads after pollIntervalMs without any wake-up', async () => {
    const log = new FakeLog();
    const seen: number[] = [];
    const subscription = startCatchUpSubscription(
      log,
      new AppendNotifier(),
      { fromPosition: 0, pollIntervalMs: 10 },
      (batch) => {
        seen.push(...batch.map((e) => e.position));
      },
    );
    await sleep(5);
    log.add('customer-1');
    await waitUntil(() => seen.length === 1, 'the polled event');
    await subscription.stop();
  });

  it('refuses a batchSize below 1', () => {
    expect(() =>
      startCatchUpSubscription(new FakeLog(), new AppendNotifier(), { fromPosition: 0, batchSize: 0 }, () => undefined),
    ).toThrow(RangeError);
  });
});

describe('CatchUpSubscriptions', () => {
  it('stops every running subscription, waiting for an in-flight batch', async () => {
    const log = new FakeLog();
    log.add('customer-1');
    const subscriptions = new CatchUpSubscriptions(log);
    let finished = false;
    const subscription = subscriptions.subscribe({ fromPosition: 0 }, async () => {
      await sleep(30);
      finished = true;
    });
    await sleep(5);
    await subscriptions.stopAll();
    expect(finished).toBe(true);
    await expect(subscription.done).resolves.toBeUndefined();
  });
});
