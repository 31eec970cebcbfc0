// subscribeToAll on EventStoreDB: the server's own catch-up subscription (it reads history, then
// hands over to live events itself) with a server-side stream-name filter, turned into the port's
// ordered batches. The shared CatchUpSubscriptions helper is not used: it polls readAll on an
// in-process wake-up, which here would scan the unfiltered $all client-side for every wake-up and
// never hear other processes' appends. After a drop it resubscribes from the last delivered
// position with exponential backoff; events at or before that position are skipped, so a
// resubscription neither loses nor repeats anything.
import type { RecordedEvent } from '@ledger/domain';
import { backoffDelay, sleep, type BackoffOptions } from '@ledger/retry';
import type { BatchHandler, Subscription } from '@ledger/event-store';
import type { LogPosition, StoredRecord, WireFilter, WireSubscription } from './esdb-client';
import { USER_STREAMS_REGEX, isLogEvent, matchesPrefixes, numberToPosition, toRecordedEvent } from './esdb-mapping';

export interface EsdbSubscriptionOptions {
  fromPosition: number;
  batchSize: number;
  streamPrefixes?: string[];
  backoff: BackoffOptions;
  /** Told about every drop before the resubscription (for logs and metrics). */
  onDrop?: (error: unknown, attempt: number) => void;
}

export interface SubscriptionSource {
  subscribeToAll(from: LogPosition | 'start', filter: WireFilter): WireSubscription;
}

/** Wraps a handler failure so it ends the subscription instead of being retried like a drop. */
class HandlerFailed {
  constructor(readonly error: unknown) {}
}

export function startEsdbSubscription(
  source: SubscriptionSource,
  options: EsdbSubscriptionOptions,
  handler: BatchHandler,
): Subscription {
  const stopping = new AbortController();
  let current: WireSubscription | undefined;
  let checkpoint = options.fromPosition === 0 ? undefined : numberToPosition(options.fromPosition);
  const filter: WireFilter = options.streamPrefixes
    ? { prefixes: options.streamPrefixes }
    : { regex: USER_STREAMS_REGEX };

  const deliver = async (records: StoredRecord[]): Promise<void> => {
    const events: RecordedEvent[] = [];
    for (const record of records) {
      if (!record.position || (checkpoint && !isAfter(record.position, checkpoint))) continue;
      checkpoint = record.position;
      // The server filtered already; checked again so the prefix match is literal whatever the server does.
      if (isLogEvent(record) && matchesPrefixes(record.streamId, options.streamPrefixes)) {
        events.push(toRecordedEvent(record));
      }
    }
    if (events.length === 0 || stopping.signal.aborted) return;
    try {
      await handler(events);
    } catch (error) {
      throw new HandlerFailed(error);
    }
  };

  const run = async (): Promise<void> => {
    // No prefix can match: nothing will ever be delivered, so don't hold a server subscription.
    if (options.streamPrefixes?.length === 0)
      return new Promise((resolve) => stopping.signal.addEventListener('abort', () => resolve()));
    for (let drops = 0; !stopping.signal.aborted; ) {
      current = source.subscribeToAll(checkpoint ?? 'start', filter);
      try {
        for await (const batch of batches(current, options.batchSize)) {
          await deliver(batch);
          drops = 0;
          if (stopping.signal.aborted) return;
        }
      } catch (error) {
        if (error instanceof HandlerFailed) throw error.error;
        if (stopping.signal.aborted) return;
        drops++;
        options.onDrop?.(error, drops);
      } finally {
        await current.close().catch(() => undefined);
      }
      if (stopping.signal.aborted) return;
      // A stream that ended without an error was closed by the server: also a drop.
      await sleep(backoffDelay(Math.max(drops, 1), options.backoff), stopping.signal, true);
    }
  };

  const done = run();
  // Failure is reported through `done`; unobserved it would be an unhandled rejection.
  done.catch(() => undefined);
  return {
    done,
    async stop(): Promise<void> {
      stopping.abort();
      await current?.close().catch(() => undefined);
      await done.catch(() => undefined);
    },
  };
}

/** Strictly after in log order (commit first, then prepare). */
export function isAfter(position: LogPosition, than: LogPosition): boolean {
  return position.commit > than.commit || (position.commit === than.commit && position.prepare > than.prepare);
}

const IDLE = Symbol('idle');

/**
 * Groups a record stream into batches of at most `size`: a batch takes whatever has already
 * arrived and never waits for more, so a live event is delivered at once.
 */
export async function* batches<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const pull = (): Promise<IteratorResult<T>> => {
    const next = iterator.next();
    // Awaited later (maybe while the handler runs); a rejection must not count as unhandled meanwhile.
    next.catch(() => undefined);
    return next;
  };
  let next = pull();
  for (;;) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    next = pull();
    while (batch.length < size) {
      let more: IteratorResult<T> | typeof IDLE;
      try {
        more = await Promise.race([next, new Promise<typeof IDLE>((resolve) => setImmediate(resolve, IDLE))]);
      } catch (error) {
        // Deliver what arrived before the drop; the resubscription starts after it.
        yield batch;
        throw error;
      }
      if (more === IDLE) break;
      if (more.done) {
        yield batch;
        return;
      }
      batch.push(more.value);
      next = pull();
    }
    yield batch;
  }
}
