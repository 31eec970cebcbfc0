// Distributed mode's projection side: one Kafka consumer group per read model, writing the
// read store through the same ProjectionWorker as the embedded runner. Offsets are committed
// by the messaging port only after the handler resolved, i.e. after the read-store write.
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { CrmConfig, KafkaConfig } from '@ledger/config';
import type { RecordedEvent } from '@ledger/domain';
import { decodeEvent, type MessageBatch, type Messaging, type Subscription } from '@ledger/messaging';
import type { PersonalDataVault } from '@ledger/personal-data';
import { CRM_CONFIG, MESSAGING, PERSONAL_DATA, READ_STORE } from '@ledger/platform';
import type { Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { ProjectionWorker, ReadStoreUnavailable, type Ordering } from './projection-worker';
import { PROJECTIONS, consumerGroupOf, isCrossStream, publicName } from './projections.catalogue';

/** Per partitioned read model and partition: the highest position applied (for read-your-writes). */
export const PARTITION_PROGRESS = 'projection_partitions';
export const partitionProgressId = (collection: string, partition: number): string => `${collection}#${partition}`;

/** Events applied between heartbeats: keeps a long batch well inside the session timeout. */
const CHUNK = 200;
const RETRY_MS = { initial: 100, max: 5_000 };

/** What the admin endpoint needs from the Kafka adapter. */
export interface ConsumerLag {
  totalLag(groupId: string, topic: string): Promise<number>;
}

export interface ConsumerStatus {
  groupId: string;
  topic: string;
  ordering: Ordering;
}

@Injectable()
export class KafkaProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KafkaProjections');
  private readonly subscriptions: Subscription[] = [];
  private readonly consumers = new Map<string, ConsumerStatus>();
  private stopping = false;

  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    // Lag is optional: the in-process broker (tests, one-process setups) does not report it.
    @Inject(MESSAGING) private readonly messaging: (Messaging & Partial<ConsumerLag>) | null,
    @Optional() @Inject(PERSONAL_DATA) private readonly vault?: PersonalDataVault,
  ) {}

  /** True when the read models are fed from Kafka (KAFKA_BROKERS set). */
  get active(): boolean {
    return this.config.kafka !== null && this.messaging !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const kafka = this.config.kafka;
    if (!kafka || !this.messaging) return;
    await this.reads.ensureCollection(PARTITION_PROGRESS);
    await this.messaging.ensureTopic(kafka.topic, kafka.partitions);
    await this.messaging.ensureTopic(kafka.logTopic, 1);
    const open = (event: RecordedEvent): RecordedEvent => (this.vault ? this.vault.open(event) : event);
    // Groups join in parallel: each join waits for the broker's rebalance round.
    await Promise.all(
      PROJECTIONS.map((projection) => this.consume(kafka, this.messaging as Messaging, projection, open)),
    );
  }

  private async consume(
    kafka: KafkaConfig,
    messaging: Messaging,
    projection: Projection,
    open: (event: RecordedEvent) => RecordedEvent,
  ): Promise<void> {
    const ordering: Ordering = isCrossStream(projection) ? 'log' : 'per-key';
    const worker = new ProjectionWorker(projection, this.reads, projection.name, open, ordering);
    await worker.init();
    const status = {
      groupId: consumerGroupOf(projection, kafka.groupPrefix),
      topic: topicFor(kafka, ordering),
      ordering,
    };
    this.consumers.set(projection.name, status);
    this.subscriptions.push(
      await messaging.subscribe(
        {
          groupId: status.groupId,
          topic: status.topic,
          fromBeginning: true,
          deadLetterAfterAttempts: 3,
          retryDelayMs: 200,
        },
        (batch) => this.handle(worker, batch),
      ),
    );
    this.logger.log(`${publicName(projection)}: group ${status.groupId} on ${status.topic}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  consumer(name: string): ConsumerStatus | undefined {
    return this.consumers.get(name);
  }

  /** Records in the topic not yet committed by the read model's group; null in embedded mode. */
  async lag(name: string): Promise<number | null> {
    const status = this.consumers.get(name);
    if (!status || !this.messaging?.totalLag) return null;
    return this.messaging.totalLag(status.groupId, status.topic);
  }

  /**
   * Undecodable messages and events a projection cannot apply are thrown: the port retries them
   * and then sets them aside in `<topic>.dlq`. A read-store outage is not the events' fault: it
   * is retried here, heart-beating, until the store is back (or the service stops).
   */
  private async handle(worker: ProjectionWorker, batch: MessageBatch): Promise<void> {
    const events = batch.messages.map(decodeEvent);
    for (let i = 0; i < events.length; i += CHUNK) {
      await this.durably(batch, () => worker.handle(events.slice(i, i + CHUNK)));
      await batch.heartbeat();
    }
    if (worker.ordering === 'per-key' && events.length > 0) {
      const last = Math.max(...events.map((e) => e.position));
      const id = partitionProgressId(worker.collection, batch.partition);
      await this.durably(batch, () => this.progress(id, last));
    }
  }

  private async progress(id: string, lastPosition: number): Promise<void> {
    try {
      await this.reads.commit(PARTITION_PROGRESS, [{ id, lastPosition }], 0);
    } catch (error) {
      throw new ReadStoreUnavailable(error);
    }
  }

  private async durably(batch: MessageBatch, write: () => Promise<void>): Promise<void> {
    for (let delay = RETRY_MS.initial; ; delay = Math.min(delay * 2, RETRY_MS.max)) {
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof ReadStoreUnavailable) || this.stopping) throw error;
        this.logger.warn(`${error.message}; retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        await batch.heartbeat().catch(() => undefined);
      }
    }
  }
}

function topicFor(kafka: KafkaConfig, ordering: Ordering): string {
  return ordering === 'log' ? kafka.logTopic : kafka.topic;
}
