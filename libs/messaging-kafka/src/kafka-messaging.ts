// The Kafka adapter of the messaging port (kafkajs): an idempotent producer that resolves only
// on acks=all, consumer-group members committing after the handler, topic creation and lag.
import {
  ConfigResourceTypes,
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type logCreator,
  type Message,
  type Producer,
} from 'kafkajs';
import { sleep } from '@ledger/retry';
import {
  MessagingClosed,
  validatePartitions,
  validateRecords,
  validateSubscription,
  validateTopic,
  type BatchHandler,
  type Messaging,
  type OutgoingRecord,
  type SubscribeOptions,
  type Subscription,
  type PartitionLag,
  type TopicOptions,
} from '@ledger/messaging';
import { KafkaSubscription } from './kafka-subscription';

/** Kafka's settings for "never delete a record": no time limit, no size limit. */
const KEEP_FOREVER = [
  { name: 'retention.ms', value: '-1' },
  { name: 'retention.bytes', value: '-1' },
];

export interface KafkaMessagingOptions {
  /** `host:port` list, e.g. from KAFKA_BROKERS=127.0.0.1:19092. */
  brokers: string[];
  clientId?: string;
  /** kafkajs log level; default ERROR (its INFO is chatty about every rebalance). */
  logLevel?: logLevel;
  /** Where kafkajs's own log entries go (the service's JSON log); default kafkajs's console logger. */
  logCreator?: logCreator;
  /** How long subscribe() waits for the group join. Default 60 s. */
  joinTimeoutMs?: number;
  /** Consumer session timeout. Default 30 s (kafkajs's default). */
  sessionTimeoutMs?: number;
  /**
   * How long the broker holds an empty fetch. Data is returned as soon as it arrives anyway;
   * this bounds how long stop() and rebalances wait for an idle fetch. Default 1 s (kafkajs: 5 s).
   */
  maxWaitTimeMs?: number;
}

/** `KAFKA_BROKERS`-style list → broker addresses. */
export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** How long close() waits for requests in flight. */
const DRAIN_MS = 5000;

export class KafkaMessaging implements Messaging {
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();
  private closing: Promise<void> | undefined;
  /**
   * Requests not answered yet (admin requests, sends). close() waits for them: disconnected under
   * a request in flight (a lag the console polls, a readiness check), kafkajs retries it on a new
   * connection that nothing closes any more, and a stopped service kept a socket to the broker.
   */
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly options: KafkaMessagingOptions,
  ) {}

  static async connect(options: KafkaMessagingOptions): Promise<KafkaMessaging> {
    const kafka = new Kafka({
      clientId: options.clientId ?? 'ledger-crm',
      brokers: options.brokers,
      logLevel: options.logLevel ?? logLevel.ERROR,
      ...(options.logCreator ? { logCreator: options.logCreator } : {}),
    });
    const producer = kafka.producer({
      // Idempotent: a retried send is written once, in order (kafkajs needs one request in flight for that).
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      // The Java client's murmur2 partitioner, so keys land where other Kafka clients put them.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const admin = kafka.admin();
    await producer.connect();
    try {
      await admin.connect();
    } catch (error) {
      await producer.disconnect();
      throw error;
    }
    return new KafkaMessaging(kafka, producer, admin, options);
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    this.open();
    validateRecords(records);
    if (records.length === 0) return;
    // One request per call; topics keep the records' order, which is what per-key order needs.
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: { ...record.headers } });
      byTopic.set(record.topic, messages);
    }
    await this.tracked(
      this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      }),
    );
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    this.open();
    validateSubscription(options);
    // A consumer subscribing to a topic that does not exist yet fails while the broker creates
    // it ("does not host this topic-partition"); create it first, with the broker's defaults.
    await this.createMissing(options.topic);
    const member = await KafkaSubscription.start(this.kafka, options, handler, (records) => this.publish(records), {
      joinTimeoutMs: this.options.joinTimeoutMs ?? 60_000,
      sessionTimeoutMs: this.options.sessionTimeoutMs ?? 30_000,
      maxWaitTimeMs: this.options.maxWaitTimeMs ?? 1000,
    });
    // Closed while the member was joining: close() did not see it, so it stops here.
    if (this.closed) {
      await member.stop();
      throw new MessagingClosed();
    }
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await member.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ensureTopic(topic: string, partitions: number, options: TopicOptions = {}): Promise<void> {
    this.open();
    validateTopic(topic);
    validatePartitions(partitions);
    // An existing topic keeps its partition count.
    const created = await this.createMissing(topic, partitions, options.keepForever ? KEEP_FOREVER : []);
    if (!created && options.keepForever) await this.keepForever(topic);
  }

  /** The topic's retention settings as the broker reports them (for operators and tests). */
  async retentionOf(topic: string): Promise<{ ms: string | null; bytes: string | null }> {
    const { resources } = await this.adminCall((admin) =>
      admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'retention.bytes'] }],
        includeSynonyms: false,
      }),
    );
    const value = (name: string) => resources[0]?.configEntries.find((e) => e.configName === name)?.configValue ?? null;
    return { ms: value('retention.ms'), bytes: value('retention.bytes') };
  }

  /** True when it created the topic. */
  private async createMissing(
    topic: string,
    partitions?: number,
    configEntries: Array<{ name: string; value: string }> = [],
  ): Promise<boolean> {
    // Asking first keeps kafkajs from logging "already exists" as an error on every start.
    if ((await this.adminCall((admin) => admin.listTopics())).includes(topic)) return false;
    const numPartitions = partitions ?? -1; // -1: the broker's num.partitions
    await this.adminCall((admin) =>
      admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: true }),
    );
    return true;
  }

  /**
   * A topic created before (by an older relay, or by hand with the broker's 7-day default) is
   * switched to keep everything. Records already deleted stay gone: a rebuild refuses such a
   * topic (CannotRebuildFromTopic) rather than build a partial read model.
   */
  private async keepForever(topic: string): Promise<void> {
    const current = await this.retentionOf(topic);
    if (current.ms === '-1' && current.bytes === '-1') return;
    await this.adminCall((admin) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: KEEP_FOREVER }],
      }),
    );
  }

  /** Per partition: high watermark − the group's committed offset (the whole log if none). */
  async lag(groupId: string, topic: string): Promise<PartitionLag[]> {
    this.open();
    validateTopic(topic);
    // Two requests, each tracked: one failing leaves the other in flight.
    const [ends, [committed]] = await Promise.all([
      this.adminCall((admin) => admin.fetchTopicOffsets(topic)),
      this.adminCall((admin) => admin.fetchOffsets({ groupId, topics: [topic] })),
    ]);
    const byPartition = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
    return ends
      .map((end) => {
        const highWatermark = Number(end.high);
        const offset = byPartition.get(end.partition) ?? -1;
        const from = offset < 0 ? Number(end.low) : offset;
        return { partition: end.partition, highWatermark, committed: offset, lag: Math.max(0, highWatermark - from) };
      })
      .sort((a, b) => a.partition - b.partition);
  }

  /** The summed lag of a group on a topic: the one number to alert on. */
  async totalLag(groupId: string, topic: string): Promise<number> {
    return (await this.lag(groupId, topic)).reduce((sum, p) => sum + p.lag, 0);
  }

  /** Readiness: the cluster answers a metadata request; resolves with how many brokers it lists. */
  async brokerCount(): Promise<number> {
    return (await this.adminCall((admin) => admin.describeCluster())).brokers.length;
  }

  /** Stops the subscriptions, waits for requests in flight (see inFlight), then disconnects; once. */
  close(): Promise<void> {
    this.closed = true;
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    // Answered or failed, but no longer in flight; new ones are refused (open()). Bounded: a
    // broker that is down keeps kafkajs retrying for longer than a stop should wait.
    const drained = new AbortController();
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(DRAIN_MS, drained.signal)]);
    drained.abort(); // ends the wait's timer
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** An admin request, refused once closing began, and waited for by close() while in flight. */
  private adminCall<T>(request: (admin: Admin) => Promise<T>): Promise<T> {
    this.open();
    return this.tracked(request(this.admin));
  }

  /** A request close() waits for while it is in flight. */
  private tracked<T>(call: Promise<T>): Promise<T> {
    this.inFlight.add(call);
    const done = () => this.inFlight.delete(call);
    call.then(done, done);
    return call;
  }

  private open(): void {
    if (this.closed) throw new MessagingClosed();
  }
}
