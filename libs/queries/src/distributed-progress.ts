// "Has this read model applied position P?" in distributed mode, where customer-keyed read
// models consume a partitioned topic: their collection checkpoint cannot mean "everything ≤ P"
// (partitions run at their own pace), so progress is asked per customer or per partition.
// Read models on the single-partition log topic keep a meaningful collection checkpoint.
import { Inject, Injectable } from '@nestjs/common';
import type { CrmConfig } from '@ledger/config';
import { customerStream } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { CRM_CONFIG, EVENT_STORE, MESSAGING, READ_STORE } from '@ledger/platform';
import {
  PARTITION_PROGRESS,
  consumerGroupOf,
  findProjection,
  isCrossStream,
  partitionProgressId,
  type ConsumerLag,
} from '@ledger/projection-runner';
import type { ReadStore } from '@ledger/read-store';
import { RELAY_CHECKPOINTS, RELAY_ID } from '@ledger/messaging';
import type { PartitionLag } from '@ledger/messaging-kafka';

const PAGE = 50;

interface PartitionLagSource extends ConsumerLag {
  lag(groupId: string, topic: string): Promise<PartitionLag[]>;
}

@Injectable()
export class DistributedProgress {
  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(MESSAGING) private readonly messaging: PartitionLagSource | null,
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
    const document = await this.reads.get(collection, customerId);
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
    if (!projection || !kafka || !this.messaging || isCrossStream(projection)) {
      return (await this.reads.checkpoint(collection)) >= position;
    }
    const relay = await this.reads.get(RELAY_CHECKPOINTS, RELAY_ID);
    if ((relay?.lastPosition ?? 0) < position) return false;
    const partitions = await this.messaging.lag(consumerGroupOf(projection, kafka.groupPrefix), kafka.topic);
    const ids = partitions.map((p) => partitionProgressId(collection, p.partition));
    const progress = await this.reads.getMany(PARTITION_PROGRESS, ids);
    return partitions.every(
      (p) => p.lag === 0 || (progress.get(partitionProgressId(collection, p.partition))?.lastPosition ?? 0) >= position,
    );
  }
}
