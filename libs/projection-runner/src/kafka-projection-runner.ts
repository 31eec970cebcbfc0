// Distributed mode's projection side: per read model, one Kafka consumer group per generation
// (read-model-feed.ts, generation-consumers.ts), writing the read store through the same
// ProjectionWorker as the embedded runner. Offsets are committed by the messaging port only
// after the handler resolved, i.e. after the read-store write. Every instance re-reads the
// generation pointers on a short timer, which is how rebuilds, version bumps and flips reach
// all of them.
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { Readiness } from '@ledger/http';
import type { RecordedEvent } from '@ledger/domain';
import { MESSAGING, type Messaging } from '@ledger/messaging';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';
import type { Projection } from '@ledger/projections';
import { READ_STORE, type ReadStore } from '@ledger/read-store';
import {
  GENERATION_OPTIONS,
  generationOptions,
  type GenerationOptions,
  type KafkaRunnerOptions,
} from './generation-options';
import { GenerationStore } from './generation-store';
import { generationCollection, initialPointer } from './generations';
import { PROJECTIONS } from './projections.catalogue';
import { PARTITION_PROGRESS, type PartitionLagSource } from './generation-consumers';
import { ReadModelFeed, type GenerationBuildProgress } from './read-model-feed';
import type { ConsumerStatus } from './api';

export type { ConsumerStatus } from './api';

/** What the admin endpoint needs from the Kafka adapter. */
export interface ConsumerLag {
  totalLag(groupId: string, topic: string): Promise<number>;
}

@Injectable()
export class KafkaProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KafkaProjections');
  private readonly feeds = new Map<string, ReadModelFeed>();
  private readonly generations: GenerationStore;
  private readonly projections: Projection[];
  private readonly options: GenerationOptions;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private stopping = false;
  private lastPollError = '';

  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    // Lag is optional: the in-process broker (tests, one-process setups) does not report it,
    // and without it a rebuild cannot tell when it caught up.
    @Inject(MESSAGING) private readonly messaging: (Messaging & Partial<ConsumerLag & PartitionLagSource>) | null,
    @Optional() @Inject(PERSONAL_DATA) private readonly vault?: PersonalDataVault,
    @Optional() @Inject(GENERATION_OPTIONS) options?: KafkaRunnerOptions,
    @Optional() private readonly readiness?: Readiness,
  ) {
    this.generations = new GenerationStore(reads);
    this.projections = options?.projections ?? PROJECTIONS;
    this.options = generationOptions(options);
  }

  /** True when the read models are fed from Kafka (KAFKA_BROKERS set). */
  get active(): boolean {
    return this.config.kafka !== null && this.messaging !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const kafka = this.config.kafka;
    const messaging = this.messaging;
    if (!kafka || !messaging) return;
    await this.reads.ensureCollection(PARTITION_PROGRESS);
    await this.generations.init();
    await messaging.ensureTopic(kafka.topic, kafka.partitions, { keepForever: true });
    await messaging.ensureTopic(kafka.logTopic, 1, { keepForever: true });
    const open = (events: readonly RecordedEvent[]): Promise<RecordedEvent[]> =>
      this.vault ? this.vault.openAll(events) : Promise.resolve([...events]);
    for (const projection of this.projections) {
      const pointer = await this.generations.ensure(projection.name, () =>
        initialPointer(projection.name, projection.version),
      );
      const feed = new ReadModelFeed(
        projection,
        {
          kafka,
          messaging,
          reads: this.reads,
          generations: this.generations,
          open,
          options: this.options,
          logger: this.logger,
          stopping: () => this.stopping,
        },
        pointer,
      );
      this.feeds.set(projection.name, feed);
    }
    // Groups join in parallel: each join waits for the broker's rebalance round.
    await Promise.all([...this.feeds.values()].map((feed) => feed.start()));
    // Not ready while the generation pointers cannot be read or a read model reports a problem.
    this.readiness?.register({
      name: 'projections',
      check: async () => {
        const problems = this.problems();
        return { ok: problems.length === 0, detail: problems };
      },
    });
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await Promise.all([...this.feeds.values()].map((feed) => feed.stop()));
  }

  consumer(name: string): ConsumerStatus | undefined {
    const feed = this.feeds.get(name);
    if (!feed) return undefined;
    const pointer = feed.current;
    return {
      groupId: feed.groupOf(pointer.live),
      topic: feed.topic,
      ordering: feed.ordering,
      generation: pointer.live,
      collection: generationCollection(name, pointer.live),
      version: pointer.version,
      building: pointer.building,
      writing: feed.writing,
    };
  }

  /** What keeps the Kafka-fed read models from following: the generation poll's error, each feed's problem. */
  problems(): Array<{ name: string; error: string }> {
    const problems = [...this.feeds.values()]
      .filter((feed) => feed.problem !== '')
      .map((feed) => ({ name: feed.name, error: feed.problem }));
    return this.lastPollError ? [{ name: 'generation-poll', error: this.lastPollError }, ...problems] : problems;
  }

  /** Records in the topic not yet committed by the live generation's group; null in embedded mode. */
  async lag(name: string): Promise<number | null> {
    const status = this.consumer(name);
    if (!status || !this.messaging?.totalLag) return null;
    return this.messaging.totalLag(status.groupId, status.topic);
  }

  /** Starts building a new generation (or returns the running build of this version). */
  async rebuild(name: string): Promise<GenerationBuildProgress | undefined> {
    await this.feed(name).requestBuild();
    return this.feed(name).progress();
  }

  rebuildProgress(name: string): Promise<GenerationBuildProgress | undefined> {
    return this.feed(name).progress();
  }

  private feed(name: string): ReadModelFeed {
    const feed = this.feeds.get(name);
    if (!feed) throw new Error(`${name} is not fed from Kafka by this instance`);
    return feed;
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => this.schedule());
    }, this.options.pollMs);
  }

  private async poll(): Promise<void> {
    try {
      const pointers = await this.generations.all();
      await Promise.all(
        [...this.feeds.values()].map(async (feed) => {
          const pointer = pointers.get(feed.name);
          if (pointer && !this.stopping) await feed.tick(pointer);
        }),
      );
      this.lastPollError = '';
    } catch (error) {
      // The read store or the broker is unreachable: the next poll tries again.
      const message = (error as Error).message;
      if (message !== this.lastPollError) this.logger.warn(`generation poll: ${message}`);
      this.lastPollError = message;
    }
  }
}
