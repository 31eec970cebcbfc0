// Publishes the event store's global log to Kafka, in order, from a durable checkpoint: every
// event to the partitioned topic (key = customer id, or campaign id for a campaign's own
// events) for the customer-keyed projections, and to the single-partition log topic for the
// projections fed by many streams. The checkpoint moves only after the broker acknowledged
// (acks=all, idempotent producer), so a restart re-sends at most one batch and loses nothing.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig, type KafkaConfig } from '@ledger/config';
import type { RecordedEvent } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type Subscription } from '@ledger/event-store';
import { RELAY_CHECKPOINTS, RELAY_ID, encodeEvent, MESSAGING, type Messaging } from '@ledger/messaging';
import { READ_STORE, type ReadStore } from '@ledger/read-store';
import { retry, sleep, type BackoffOptions } from '@ledger/retry';

export { RELAY_CHECKPOINTS, RELAY_ID } from '@ledger/messaging';
/** The CRM's streams; anything else in the store (e.g. EventStoreDB's system streams) is not relayed. */
const STREAMS = ['customer-', 'campaign-'];
const BATCH = 500;
/** A broker or read-store outage is waited out: 100 ms doubling to 5 s, jittered. */
const RETRY: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

/** The relay only makes sense with a broker to relay to. */
export class RelayNeedsKafka extends Error {
  constructor() {
    super('the relay needs KAFKA_BROKERS (and a shared read store for its checkpoint, MONGODB_URI)');
    this.name = 'RelayNeedsKafka';
  }
}

export interface RelayStatus {
  checkpoint: number;
  eventLogHead: number;
  eventsBehind: number;
  topic: string;
  logTopic: string;
}

@Injectable()
export class Relay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Relay');
  private subscription: Subscription | null = null;
  private position = 0;
  private readonly stop = new AbortController();

  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(MESSAGING) private readonly messaging: Messaging | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = this.config.kafka;
    if (!kafka || !this.messaging) throw new RelayNeedsKafka();
    // Both topics keep the whole log for good: a rebuild reads them from offset 0.
    await this.messaging.ensureTopic(kafka.topic, kafka.partitions, { keepForever: true });
    await this.messaging.ensureTopic(kafka.logTopic, 1, { keepForever: true });
    await this.reads.ensureCollection(RELAY_CHECKPOINTS);
    const stored = await this.reads.get(RELAY_CHECKPOINTS, RELAY_ID);
    this.position = stored?.lastPosition ?? 0;
    this.logger.log(`relaying from position ${this.position} to ${kafka.topic} and ${kafka.logTopic}`);
    this.follow(kafka, this.messaging);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.subscription?.stop();
  }

  get checkpoint(): number {
    return this.position;
  }

  async status(): Promise<RelayStatus> {
    const head = await this.store.headPosition();
    const kafka = this.config.kafka as KafkaConfig;
    return {
      checkpoint: this.position,
      eventLogHead: head,
      eventsBehind: Math.max(0, head - this.position),
      topic: kafka.topic,
      logTopic: kafka.logTopic,
    };
  }

  private follow(kafka: KafkaConfig, messaging: Messaging): void {
    const subscription = this.store.subscribeToAll(
      { fromPosition: this.position, batchSize: BATCH, streamPrefixes: STREAMS },
      (events) => this.relay(kafka, messaging, events),
    );
    this.subscription = subscription;
    // A failed store subscription is resumed from the checkpoint: nothing after it was acknowledged.
    subscription.done.catch(async (error: Error) => {
      if (this.stop.signal.aborted) return;
      this.logger.error(`store subscription failed, resuming from ${this.position}: ${error.message}`);
      await sleep(RETRY.maxMs, this.stop.signal);
      if (!this.stop.signal.aborted) this.follow(kafka, messaging);
    });
  }

  private async relay(kafka: KafkaConfig, messaging: Messaging, events: RecordedEvent[]): Promise<void> {
    const fresh = events.filter((event) => event.position > this.position);
    if (fresh.length === 0) return;
    const records = [
      ...fresh.map((event) => encodeEvent(event, kafka.topic)),
      ...fresh.map((event) => encodeEvent(event, kafka.logTopic)),
    ];
    await this.retrying('publish', () => messaging.publish(records));
    const last = fresh[fresh.length - 1].position;
    await this.retrying('checkpoint', () =>
      this.reads.commit(RELAY_CHECKPOINTS, [{ id: RELAY_ID, lastPosition: last }], last),
    );
    this.position = last;
  }

  /** A broker or read-store outage holds the relay at its checkpoint until the server is back. */
  private retrying(what: string, operation: () => Promise<void>): Promise<void> {
    return retry(operation, {
      backoff: RETRY,
      signal: this.stop.signal,
      onRetry: (error, _attempt, delay) =>
        this.logger.warn(`${what} failed (${(error as Error).message}); retrying in ${delay} ms`),
    });
  }
}
