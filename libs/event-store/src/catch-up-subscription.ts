// subscribeToAll for any adapter that can read its global log and hear its own commits:
// catch up from a checkpoint with readAll, then sleep on the AppendNotifier and read again.
// The handover from catch-up to live needs no special case, so nothing is lost or repeated:
// every read starts strictly after the last delivered position, and the notifier's sequence
// number is noted before each read, so a commit racing the read always triggers another read.
import type { RecordedEvent } from '@ledger/domain';
import { AppendNotifier } from './append-notifier';
import type { BatchHandler, ReadAllOptions, SubscribeOptions, Subscription } from './event-store.port';

/** Lets timers and I/O run between batches of a long, otherwise synchronous, catch-up. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;

/** What a catch-up subscription needs from its store. */
export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  headPosition(): Promise<number>;
}

export interface CatchUpOptions extends SubscribeOptions {
  /** Re-read after this long without a wake-up, for writers the notifier cannot hear. Default: never. */
  pollIntervalMs?: number;
}

/**
 * Starts one subscription. Batches are delivered in position order and each is awaited before
 * the next read, so the handler never runs twice at once. `stop()` resolves once the loop has
 * ended (after an in-flight batch finishes): don't await it from inside the handler.
 */
export function startCatchUpSubscription(
  source: CatchUpSource,
  notifier: AppendNotifier,
  options: CatchUpOptions,
  handler: BatchHandler,
): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const stopping = new AbortController();

  const run = async (): Promise<void> => {
    // `scanned` may run ahead of the last delivered event when a prefix filter skips events,
    // so a sparse filter does not rescan the same unmatched stretch of the log on every wake-up.
    let scanned = options.fromPosition;
    while (!stopping.signal.aborted) {
      const seen = notifier.sequenceNumber;
      const head = options.streamPrefixes ? await source.headPosition() : 0;
      if (stopping.signal.aborted) return;
      const batch = await source.readAll({
        fromPosition: scanned,
        maxCount: batchSize,
        streamPrefixes: options.streamPrefixes,
      });
      if (stopping.signal.aborted) return;
      if (batch.length > 0) await handler(batch);
      const caughtUp = batch.length < batchSize;
      // A short filtered read has seen every committed event up to `head` (read before it).
      const last = batch.length > 0 ? batch[batch.length - 1].position : scanned;
      scanned = caughtUp ? Math.max(last, head) : last;
      if (caughtUp) await notifier.waitForAppend(seen, stopping.signal, options.pollIntervalMs);
      // A synchronous store resolves every read at once: without this, a long catch-up would
      // hold the event loop (timers, requests) until it reached the head.
      else await yieldToEventLoop();
    }
  };

  const done = run();
  // Failure is reported through `done`; without a handler here an unobserved failure would
  // surface as an unhandled rejection and take the process down.
  done.catch(() => undefined);
  return {
    done,
    async stop(): Promise<void> {
      stopping.abort();
      await done.catch(() => undefined);
    },
  };
}

/**
 * The subscriptions of one store: starts them, wakes them after commits, stops them all on close.
 * Adapters hold one of these and call `appended()` after every commit that wrote events.
 */
export class CatchUpSubscriptions {
  private readonly notifier = new AppendNotifier();
  private readonly active = new Set<Subscription>();

  constructor(
    private readonly source: CatchUpSource,
    private readonly defaults: { pollIntervalMs?: number } = {},
  ) {}

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    const subscription = startCatchUpSubscription(
      this.source,
      this.notifier,
      { pollIntervalMs: this.defaults.pollIntervalMs, ...options },
      handler,
    );
    this.active.add(subscription);
    const forget = (): void => {
      this.active.delete(subscription);
    };
    subscription.done.then(forget, forget);
    return subscription;
  }

  appended(): void {
    this.notifier.notify();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active].map((subscription) => subscription.stop()));
  }
}
