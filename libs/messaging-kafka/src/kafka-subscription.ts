// One consumer-group member: kafkajs eachBatch, offsets resolved and committed only after the
// handler resolved (through the port's shared deliverBatch), heart-beats during long retries.
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import {
  deliverBatch,
  type BatchHandler,
  type OutgoingRecord,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/messaging';
import { toDelivered } from './kafka-headers';

export interface KafkaSubscriptionSettings {
  /** How long subscribe() waits for the group join before failing. */
  joinTimeoutMs: number;
  sessionTimeoutMs: number;
  maxWaitTimeMs: number;
}

export class KafkaSubscription implements Subscription {
  private stopping = false;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly consumer: Consumer,
    private readonly options: SubscribeOptions,
    private readonly handler: BatchHandler,
    private readonly publish: (records: OutgoingRecord[]) => Promise<void>,
  ) {}

  /** Connects, joins the group and starts consuming; resolves once the member has joined. */
  static async start(
    kafka: Kafka,
    options: SubscribeOptions,
    handler: BatchHandler,
    publish: (records: OutgoingRecord[]) => Promise<void>,
    settings: KafkaSubscriptionSettings,
  ): Promise<KafkaSubscription> {
    const consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      allowAutoTopicCreation: true,
    });
    const subscription = new KafkaSubscription(consumer, options, handler, publish);
    let joined: () => void = () => undefined;
    const join = new Promise<void>((resolve) => (joined = resolve));
    const removeListener = consumer.on(consumer.events.GROUP_JOIN, () => joined());
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
      await consumer.run({
        // Resolved by hand after the handler; kafkajs fetches from the last resolved offset, so
        // an unresolved batch is fetched again. Threshold 1: commit whatever was resolved.
        eachBatchAutoResolve: false,
        autoCommit: true,
        autoCommitThreshold: 1,
        partitionsConsumedConcurrently: options.partitionsAtOnce ?? 1,
        eachBatch: (payload) => subscription.onBatch(payload),
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`group ${options.groupId} not joined within ${settings.joinTimeoutMs} ms`)),
          settings.joinTimeoutMs,
        );
      });
      await Promise.race([join, timeout]).finally(() => clearTimeout(timer));
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    } finally {
      removeListener();
    }
    return subscription;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary } = payload;
    if (batch.isEmpty()) return;
    const commit = await deliverBatch(
      {
        topic: batch.topic,
        partition: batch.partition,
        messages: batch.messages.map((m) => toDelivered(batch.topic, batch.partition, m)),
        heartbeat,
      },
      this.handler,
      {
        options: this.options,
        // Stale: a rebalance or seek took the partition away; another member continues it.
        isRunning: () => !this.stopping && isRunning() && !isStale(),
        publish: this.publish,
      },
    );
    if (!commit) return;
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary();
  }

  stop(): Promise<void> {
    this.stopping = true;
    // kafkajs waits for the batch in hand; deliverBatch gives up retrying once stopping is set.
    this.stopped ??= this.consumer.disconnect();
    return this.stopped;
  }
}
