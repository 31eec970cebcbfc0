// "Has this read model applied position P?" in distributed mode, where customer-keyed read
// models consume a partitioned topic: their collection checkpoint cannot mean "everything ≤ P"
// (partitions run at their own pace), so progress is asked per customer or per partition.
// Read models on the single-partition log topic keep a meaningful collection checkpoint.
import { Inject, Injectable } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { customerStream } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import {
  PARTITION_PROGRESS,
  ReadModelGenerations,
  consumerGroupOf,
  findProjection,
  generationCollection,
  generationGroup,
  isCrossStream,
  partitionProgressId,
  type PartitionLagSource,
} from '@ledger/projection-runner';
import { READ_STORE, type ReadStore } from '@ledger/read-store';
import { RELAY_CHECKPOINTS, RELAY_ID, MESSAGING } from '@ledger/messaging';

const PAGE = 50;

@Injectable()
export class DistributedProgress {
  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(MESSAGING) private readonly messaging: PartitionLagSource | null,
    // Progress is that of the live generation (its collection, its consumer group).
    private readonly generations: ReadModelGenerations,
  ) {}

  /** True when read models are fed from a partitioned Kafka topic (KAFKA_BROKERS set). */
  get partitioned(): boolean {
    return this.config.kafka !== null;
  }

  /**
   * The position the customer's document must have reached: the customer's last event at or
   * below P (0 when none). A customer's events stay in order within their partition, so the
   * document's lastPosition reaching it means all of them are applied.
   */
  async customerTarget(customerId: string, position: number): Promise<number> {
    const streamId = customerStream(customerId);
    let fromRevision: number | undefined;
    for (;;) {
      const page = await this.store.readStream(streamId, { direction: 'backwards', fromRevision, maxCount: PAGE });
      const hit = page.find((event) => event.position <= position);
      if (hit) return hit.position;
      const oldest = page[page.length - 1];
      if (page.length < PAGE || !oldest || oldest.revision === 0) return 0;
      fromRevision = oldest.revision - 1;
    }
  }

  async customerReached(collection: string, customerId: string, target: number): Promise<boolean> {
    if (target === 0) return true;
    const document = await this.reads.get(await this.generations.collection(collection), customerId);
    return (document?.lastPosition ?? 0) >= target;
  }

  /**
   * Whole-collection progress. Log-topic read models: their checkpoint. Partitioned ones: the
   * relay has published P, and every partition has either applied an event beyond P or has
   * nothing left to consume (the relay publishes in log order, so each partition's events are
   * in increasing position order).
   */
  async collectionReached(collection: string, position: number): Promise<boolean> {
    const projection = findProjection(collection);
    const kafka = this.config.kafka;
    const generation = await this.generations.generation(collection);
    const live = generationCollection(collection, generation);
    if (!projection || !kafka || !this.messaging || isCrossStream(projection)) {
      return (await this.reads.checkpoint(live)) >= position;
    }
    const relay = await this.reads.get(RELAY_CHECKPOINTS, RELAY_ID);
    if ((relay?.lastPosition ?? 0) < position) return false;
    const group = generationGroup(consumerGroupOf(projection, kafka.groupPrefix), generation);
    const partitions = await this.messaging.lag(group, kafka.topic);
    const ids = partitions.map((p) => partitionProgressId(live, p.partition));
    const progress = await this.reads.getMany(PARTITION_PROGRESS, ids);
    return partitions.every(
      (p) => p.lag === 0 || (progress.get(partitionProgressId(live, p.partition))?.lastPosition ?? 0) >= position,
    );
  }

  /**
   * How far a read model's live generation is visible, for readers that keep a copy and fetch
   * only what changed (`lastPosition > position`, population.service.ts): every document change
   * at or below `position` is readable, and `token` changes whenever more may have become so.
   * Log ordering: the checkpoint. Partitioned: each partition applies its events in position
   * order and records its progress after the documents, so the lowest partition's progress
   * bounds them all (0 while a partition has applied nothing); the token is every partition's.
   */
  async visibility(name: string): Promise<{ collection: string; position: number; token: string }> {
    const collection = await this.generations.collection(name);
    const projection = findProjection(name);
    const kafka = this.config.kafka;
    if (!projection || !kafka || isCrossStream(projection)) {
      const checkpoint = await this.reads.checkpoint(collection);
      return { collection, position: checkpoint, token: String(checkpoint) };
    }
    const ids = Array.from({ length: kafka.partitions }, (_, partition) => partitionProgressId(collection, partition));
    const progress = await this.reads.getMany(PARTITION_PROGRESS, ids);
    const positions = ids.map((id) => progress.get(id)?.lastPosition ?? 0);
    return { collection, position: Math.min(...positions), token: positions.join(',') };
  }
}
