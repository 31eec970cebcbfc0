// The EventStoreDB adapter of the event-store port: the source of truth in distributed mode.
// Streams and revisions map one to one; the global position is the commit position; event ids
// are the server's event ids, indexed by per-id claim streams (event-id-claims.ts) because the
// server cannot look an event up by id. docs/eventstoredb.md explains the trade-offs.
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import {
  DEFAULT_SUBSCRIPTION_BATCH_SIZE,
  EventStoreClosed,
  normaliseReadAll,
  normaliseReadStream,
  validateAppend,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-store';
import type { BackoffOptions } from '@ledger/retry';
import { connectEsdbClient, type EsdbClient, type LogPosition } from './esdb-client';
import { appendIdempotently, lastEventOf, locateEvent, type AppendDeps } from './esdb-append';
import { assertEsdbWritable, isLogEvent, matchesPrefixes, numberToPosition, toRecordedEvent } from './esdb-mapping';
import { isAfter, startEsdbSubscription } from './esdb-subscription';
import { EventIdClaims } from './event-id-claims';

export interface EsdbEventStoreOptions {
  /** Unfulfilled event-id claims older than this may be taken over. Default 30 s. */
  claimLeaseMs?: number;
  /** How long an append waits for a racing copy of itself. Default 5 s. */
  claimWaitMs?: number;
  /** Resubscription delays after a dropped subscription. Default 100 ms doubling to 5 s, jittered. */
  reconnectBackoff?: BackoffOptions;
  /** Events per $all page when readAll / headPosition scan the log. Default 500. */
  pageSize?: number;
  /** Told about every dropped subscription before it is resumed. */
  onSubscriptionDrop?: (error: unknown, attempt: number) => void;
  /** Stamps recordedAt on appended events (it is hashed, so it cannot be the server's time). Default: the system clock. */
  clock?: () => Date;
}

export class EsdbEventStore implements EventStore {
  private readonly deps: AppendDeps;
  private readonly subscriptions = new Set<Subscription>();
  private readonly pageSize: number;
  private closed = false;

  private constructor(
    private readonly client: EsdbClient,
    private readonly options: EsdbEventStoreOptions,
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.deps = {
      client,
      claims: new EventIdClaims(client),
      readStream: (streamId, readOptions) => this.readStream(streamId, readOptions),
      claimLeaseMs: options.claimLeaseMs ?? 30_000,
      claimWaitMs: options.claimWaitMs ?? 5_000,
      now: options.clock ?? (() => new Date()),
    };
  }

  /** `kurrentdb://localhost:2113?tls=false` or `esdb://…` (the scheme picks the client library, esdb-client.ts). Connects on the first call. */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(connectEsdbClient(connectionString), options);
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expectedRevision);
    assertEsdbWritable(events);
    // Copied so a caller mutating its array after the call cannot change what gets written.
    return appendIdempotently(this.deps, streamId, [...events], expectedRevision);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { direction, fromRevision, maxCount } = normaliseReadStream(options);
    if (maxCount === 0) return [];
    const read = { direction, maxCount: maxCount ?? Number.MAX_SAFE_INTEGER };
    const from = fromRevision === undefined ? (direction === 'forwards' ? 'start' : 'end') : BigInt(fromRevision);
    let records = await this.client.readStream(streamId, { ...read, from });
    // The port reads backwards from a revision beyond the end as from the end; servers differ on
    // that case, so an empty answer is re-read from the end (no extra read when events came back).
    if (records.length === 0 && direction === 'backwards' && from !== 'end') {
      records = await this.client.readStream(streamId, { ...read, from: 'end' });
    }
    return records.map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number | 'no_stream'> {
    const last = await lastEventOf(this.deps, streamId);
    return last ? last.revision : 'no_stream';
  }

  /**
   * Pages through $all and filters here: this client version cannot filter reads on the server.
   * Cost grows with the log between `fromPosition` and the matches, index streams included;
   * projections use subscribeToAll, which filters on the server.
   */
  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { fromPosition, maxCount, streamPrefixes, eventTypes } = normaliseReadAll(options);
    const limit = maxCount ?? Number.POSITIVE_INFINITY;
    if (limit === 0 || streamPrefixes?.length === 0 || eventTypes?.length === 0) return [];
    const found: RecordedEvent[] = [];
    let cursor: LogPosition | undefined = fromPosition === 0 ? undefined : numberToPosition(fromPosition);
    for (;;) {
      const page = await this.client.readAll({
        direction: 'forwards',
        from: cursor ?? 'start',
        maxCount: this.pageSize,
      });
      for (const record of page) {
        // The server starts a read AT the given position: the exclusive checkpoint is applied here.
        if (!record.position || (cursor && !isAfter(record.position, cursor))) continue;
        cursor = record.position;
        if (!isLogEvent(record) || !matchesPrefixes(record.streamId, streamPrefixes)) continue;
        if (eventTypes && !eventTypes.includes(record.type)) continue;
        found.push(toRecordedEvent(record));
        if (found.length >= limit) return found;
      }
      if (page.length < this.pageSize) return found;
    }
  }

  /**
   * Looks the id up in its claim stream, then reads the one event the claim points at.
   * Two reads whether or not the id exists; no scan of $all.
   */
  async readEvent(eventId: string): Promise<RecordedEvent | null> {
    this.assertOpen();
    if (typeof eventId !== 'string' || eventId.length === 0) return null;
    return (await locateEvent(this.deps, eventId)).event;
  }

  /** The newest CRM event's position, read from the end of $all (skipping system and index events). */
  async headPosition(): Promise<number> {
    this.assertOpen();
    let from: LogPosition | 'end' = 'end';
    for (;;) {
      const page = await this.client.readAll({ direction: 'backwards', from, maxCount: this.pageSize });
      const newest = page.find((record) => record.position && isLogEvent(record));
      if (newest) return toRecordedEvent(newest).position;
      const oldest = page[page.length - 1]?.position;
      if (page.length < this.pageSize || !oldest) return 0;
      // A backwards read from a position starts below it; re-reading one record is harmless.
      from = oldest;
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const subscription = startEsdbSubscription(
      this.client,
      {
        fromPosition: normaliseReadAll({ fromPosition: options.fromPosition }).fromPosition,
        batchSize,
        streamPrefixes: options.streamPrefixes,
        backoff: this.options.reconnectBackoff ?? { initialMs: 100, maxMs: 5_000 },
        onDrop: this.options.onSubscriptionDrop,
      },
      handler,
    );
    this.subscriptions.add(subscription);
    const forget = (): void => {
      this.subscriptions.delete(subscription);
    };
    subscription.done.then(forget, forget);
    return subscription;
  }

  /** Stops every subscription, then closes the connection. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosed();
  }
}
