// The Kafka side of one read model in one instance (read-model-feed.ts decides which generations):
// a consumer group per generation it writes, its batches staged and written durably, the groups' lag.
import type { Logger } from '@nestjs/common';
import type { KafkaConfig } from '@ledger/config';
import {
  decodeEvent,
  type MessageBatch,
  type Messaging,
  type Subscription,
  type PartitionLag,
} from '@ledger/messaging';
import type { Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { retry, type BackoffOptions } from '@ledger/retry';
import { CannotRebuildFromTopic, generationCollection, generationGroup } from './generations';
import { ProjectionWorker, ReadStoreUnavailable, io, type OpenEvents, type Ordering } from './projection-worker';
import { consumerGroupOf, isCrossStream, publicName } from './projections.catalogue';

/** Per partitioned read model and partition: the highest position applied (for read-your-writes). */
export const PARTITION_PROGRESS = 'projection_partitions';
export const partitionProgressId = (collection: string, partition: number): string => `${collection}#${partition}`;

/** Events staged between heartbeats: keeps a long batch well inside the session timeout. */
const CHUNK = 500;
/**
 * Staged documents past which a batch commits before its end. A batch is otherwise committed
 * once: a document touched by many of its events is written once (on FerretDB each write is a
 * statement scanning the collection, docs/distributed-mode.md), and the batch's checkpoint
 * and partition progress are written once.
 */
const FLUSH_DOCUMENTS = 1_000;
/** A read-store outage is waited out: 100 ms doubling to 5 s, jittered. */
const RETRY: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

export interface PartitionLagSource {
  lag(groupId: string, topic: string): Promise<PartitionLag[]>;
}

/** What consuming needs of the feed's context. */
export interface ConsumerContext {
  kafka: KafkaConfig;
  messaging: Messaging & Partial<PartitionLagSource>;
  reads: ReadStore;
  open: OpenEvents;
  logger: Logger;
  stopping(): boolean;
}

/** A generation this instance consumes. `retired` is set (synchronously) the moment it must stop writing. */
interface Consumer {
  generation: number;
  groupId: string;
  /** Log ordering: the one worker. Per-key ordering: the model the partition workers are made from. */
  worker: ProjectionWorker;
  /**
   * Per-key ordering: one worker per partition, so partitions handled at once never share
   * staged documents (a partition's offsets are committed only after its own documents are).
   * A customer's documents live in one partition, so the workers never touch the same one.
   */
  partitionWorkers: Map<number, ProjectionWorker>;
  subscription: Subscription | null;
  retired: boolean;
}

export class GenerationConsumers {
  readonly ordering: Ordering;
  readonly topic: string;
  readonly baseGroup: string;
  private readonly consumers = new Map<number, Consumer>();

  constructor(
    private readonly projection: Projection,
    private readonly ctx: ConsumerContext,
    /** Reads the generation pointer again if the feed's copy is stale; it may retire generations. */
    private readonly freshenPointer: () => Promise<void>,
  ) {
    this.ordering = isCrossStream(projection) ? 'log' : 'per-key';
    this.topic = this.ordering === 'log' ? ctx.kafka.logTopic : ctx.kafka.topic;
    this.baseGroup = consumerGroupOf(projection, ctx.kafka.groupPrefix);
  }

  /** Generations consumed now, in ascending order. */
  get generations(): number[] {
    return [...this.consumers.keys()].sort((a, b) => a - b);
  }

  has(generation: number): boolean {
    return this.consumers.has(generation);
  }

  groupOf(generation: number): string {
    return generationGroup(this.baseGroup, generation);
  }

  /** Generations outside `write` stop writing at once, before their consumers stop. */
  retireAllBut(write: readonly number[]): void {
    for (const consumer of this.consumers.values()) if (!write.includes(consumer.generation)) consumer.retired = true;
  }

  /** Stops the consumers of generations outside `write`, then starts those missing. */
  async match(write: readonly number[]): Promise<void> {
    for (const generation of this.consumers.keys()) {
      if (!write.includes(generation)) await this.stop(generation);
    }
    for (const generation of write) {
      if (!this.consumers.has(generation)) await this.start(generation);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.consumers.keys()].map((g) => this.stop(g)));
  }

  async stop(generation: number): Promise<void> {
    const consumer = this.consumers.get(generation);
    if (!consumer) return;
    consumer.retired = true;
    this.consumers.delete(generation);
    await consumer.subscription?.stop();
  }

  async lag(groupId: string): Promise<PartitionLag[]> {
    const lag = this.ctx.messaging.lag;
    if (!lag) {
      throw new CannotRebuildFromTopic(
        'this broker does not report consumer lag: a rebuild could not tell when it caught up',
      );
    }
    return lag.call(this.ctx.messaging, groupId, this.topic);
  }

  private async start(generation: number): Promise<void> {
    const collection = generationCollection(this.projection.name, generation);
    const worker = new ProjectionWorker(this.projection, this.ctx.reads, collection, this.ctx.open, this.ordering);
    await worker.init();
    const consumer: Consumer = {
      generation,
      groupId: this.groupOf(generation),
      worker,
      partitionWorkers: new Map(),
      subscription: null,
      retired: false,
    };
    this.consumers.set(generation, consumer);
    try {
      consumer.subscription = await this.ctx.messaging.subscribe(
        {
          groupId: consumer.groupId,
          topic: this.topic,
          fromBeginning: true,
          // The log topic has one partition; per-key read models overlap their partitions' writes.
          partitionsAtOnce: this.ordering === 'per-key' ? this.ctx.kafka.partitionsAtOnce : 1,
          deadLetterAfterAttempts: 3,
          retryDelayMs: 200,
        },
        (batch) => this.handle(consumer, batch),
      );
    } catch (error) {
      // Joined again on a later poll.
      this.consumers.delete(generation);
      throw error;
    }
    this.ctx.logger.log(`${publicName(this.projection)}: group ${consumer.groupId} on ${this.topic} → ${collection}`);
  }

  /**
   * Undecodable messages and events a projection cannot apply are thrown: the port retries them
   * and then sets them aside in `<topic>.dlq`. A read-store outage is not the events' fault: it
   * is retried here, heart-beating, until the store is back (or the service stops). A retired
   * generation's batch is acknowledged unwritten: nobody reads that group's offsets again.
   */
  private async handle(consumer: Consumer, batch: MessageBatch): Promise<void> {
    const events = batch.messages.map(decodeEvent);
    const worker = this.workerFor(consumer, batch.partition);
    const flush = () =>
      this.durably(consumer, batch, async () => {
        if (await this.stillWrites(consumer)) await worker.flush();
      });
    try {
      for (let i = 0; i < events.length; i += CHUNK) {
        const chunk = events.slice(i, i + CHUNK);
        await this.durably(consumer, batch, async () => {
          if (await this.stillWrites(consumer)) await worker.stageStored(chunk);
        });
        if (!consumer.retired && worker.unflushedDocuments >= FLUSH_DOCUMENTS) await flush();
        if (consumer.retired) return worker.discard();
        await batch.heartbeat();
      }
      await flush();
      if (consumer.retired) return worker.discard();
    } catch (error) {
      worker.discard();
      throw error;
    }
    if (consumer.worker.ordering === 'per-key' && events.length > 0) {
      const last = Math.max(...events.map((e) => e.position));
      const id = partitionProgressId(consumer.worker.collection, batch.partition);
      await this.durably(consumer, batch, async () => {
        if (await this.stillWrites(consumer))
          await io(() => this.ctx.reads.commit(PARTITION_PROGRESS, [{ id, lastPosition: last }], 0));
      });
    }
  }

  private workerFor(consumer: Consumer, partition: number): ProjectionWorker {
    if (consumer.worker.ordering === 'log') return consumer.worker;
    let worker = consumer.partitionWorkers.get(partition);
    if (!worker) {
      // The collection exists (the first worker's init made it) and per-key workers keep no checkpoint.
      const { projection, collection, ordering } = consumer.worker;
      worker = new ProjectionWorker(projection, this.ctx.reads, collection, this.ctx.open, ordering);
      consumer.partitionWorkers.set(partition, worker);
    }
    return worker;
  }

  /** Asked before every write: a generation retired meanwhile (a fresher pointer may say so) writes nothing. */
  private async stillWrites(consumer: Consumer): Promise<boolean> {
    if (consumer.retired) return false;
    await this.freshenPointer();
    return !consumer.retired;
  }

  private durably(consumer: Consumer, batch: MessageBatch, write: () => Promise<void>): Promise<void> {
    return retry(write, {
      backoff: RETRY,
      retryable: (error) => error instanceof ReadStoreUnavailable && !this.ctx.stopping() && !consumer.retired,
      // Heart-beats while waiting, so the broker does not hand the partitions to another instance.
      onRetry: async (error, _attempt, delay) => {
        this.ctx.logger.warn(`${(error as Error).message}; retrying in ${delay} ms`);
        await batch.heartbeat().catch(() => undefined);
      },
    });
  }
}
