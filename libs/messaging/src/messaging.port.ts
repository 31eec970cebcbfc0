// The messaging port: how the global log is distributed between services. A producer that
// resolves only once the broker acknowledged every record, and consumer groups that commit a
// partition's offset only after the handler resolved (at-least-once; projections are
// idempotent). Adapters: in-process (in-memory-broker.ts) and Kafka; both pass messaging.contract.ts.

export interface OutgoingRecord {
  topic: string;
  /** Partitioning key: records with one key keep their order (the relay uses the customer id). */
  key: string;
  value: Buffer | string;
  headers: Record<string, string>;
}

export interface DeliveredMessage {
  topic: string;
  partition: number;
  /** The broker's offset, a decimal string (Kafka offsets are 64-bit). */
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** Consecutive messages of one partition, in offset order. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: DeliveredMessage[];
  /** Call during long work so the broker keeps the partition assigned to this member. */
  heartbeat(): Promise<void>;
}

/** Resolving commits the batch; throwing means it will be delivered again. */
export type BatchHandler = (batch: MessageBatch) => Promise<void>;

export interface DeliveryOptions {
  /** Pause before a failed batch is delivered again. Default 200 ms. */
  retryDelayMs?: number;
  /**
   * After this many failed deliveries of a batch, its messages are retried one by one and each
   * one that still fails as often is published to `<topic>.dlq` with the error in its headers,
   * so one poison message does not stall its partition. Default: never (redeliver forever).
   */
  deadLetterAfterAttempts?: number;
}

export interface SubscribeOptions extends DeliveryOptions {
  groupId: string;
  topic: string;
  /** Where a group without committed offsets starts: the oldest record, or only new ones. */
  fromBeginning: boolean;
  /**
   * How many of the member's partitions are handled at once (default 1). Each partition's
   * batches still arrive one at a time and in order; a handler that keeps per-partition state
   * may take more than one, and then waits less on its store's round trips.
   */
  partitionsAtOnce?: number;
}

export interface Subscription {
  /** Stops consuming; a batch being handled finishes first, uncommitted ones are redelivered later. */
  stop(): Promise<void>;
}

export interface MessagePublisher {
  /** Resolves when every record is acknowledged by all in-sync replicas (acks=all). */
  publish(records: OutgoingRecord[]): Promise<void>;
}

export interface MessageSubscriber {
  /** Resolves once the member has joined its group. */
  subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription>;
}

/**
 * Nest token of the messaging of distributed mode (Kafka), or null when KAFKA_BROKERS is unset
 * (embedded mode). Features inject it as the messaging port, plus the adapter's lag where they
 * report lag.
 */
export const MESSAGING = Symbol('MESSAGING');

/** How far a consumer group is behind on one partition, as a broker that reports lag tells it. */
export interface PartitionLag {
  partition: number;
  /** The offset the next record will get. */
  highWatermark: number;
  /** The group's committed offset (next to consume); -1 when it never committed. */
  committed: number;
  /** Records published but not yet committed by the group. */
  lag: number;
}

export interface TopicOptions {
  /**
   * Never delete records (Kafka: `retention.ms=-1`, `retention.bytes=-1`), set on an existing
   * topic too: the CRM's topics must hold the whole log, since a rebuild reads them from offset 0.
   */
  keepForever?: boolean;
}

export interface Messaging extends MessagePublisher, MessageSubscriber {
  /** Creates a topic with this many partitions if it does not exist (idempotent). */
  ensureTopic(topic: string, partitions: number, options?: TopicOptions): Promise<void>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}
