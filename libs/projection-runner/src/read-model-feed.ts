// One read model in one projection-service instance: follows its generation pointer, consumes
// (and writes) exactly the generations built with this instance's projection version, starts
// a build when asked or when the live generation has an older shape, flips a caught-up build
// live and drops retired collections after the grace period. Instances coordinate only
// through the pointer; any of them may do the housekeeping, the pointer's compare-and-set
// makes each step happen once.
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
import type { GenerationOptions } from './generation-options';
import type { GenerationStore } from './generation-store';
import {
  CannotRebuildFromTopic,
  buildProgress,
  caughtUp,
  duties,
  flip,
  forgetRetired,
  generationCollection,
  generationGroup,
  initialPointer,
  retiredDue,
  startBuild,
  truncatedPartitions,
  type BuildReason,
  type BuildRecord,
  type GenerationPointer,
} from './generations';
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

export interface FeedContext {
  kafka: KafkaConfig;
  messaging: Messaging & Partial<PartitionLagSource>;
  reads: ReadStore;
  generations: GenerationStore;
  open: OpenEvents;
  options: GenerationOptions;
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

export interface GenerationBuildProgress {
  state: 'running' | 'done';
  generation: number;
  version: number;
  reason: BuildReason;
  collection: string;
  consumerGroup: string;
  startedAt: string;
  finishedAt?: string;
  /** Records of the topic the new generation has applied, of all the topic holds. */
  recordsApplied: number | null;
  recordsInTopic: number | null;
  percent: number | null;
}

const now = (): string => new Date().toISOString();

export class ReadModelFeed {
  readonly ordering: Ordering;
  readonly topic: string;
  readonly baseGroup: string;
  private readonly consumers = new Map<number, Consumer>();
  private pointerReadAt = Date.now();
  /** Pointer changes and consumer starts/stops, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private lastProblem = '';

  constructor(
    readonly projection: Projection,
    private readonly ctx: FeedContext,
    private pointer: GenerationPointer,
  ) {
    this.ordering = isCrossStream(projection) ? 'log' : 'per-key';
    this.topic = this.ordering === 'log' ? ctx.kafka.logTopic : ctx.kafka.topic;
    this.baseGroup = consumerGroupOf(projection, ctx.kafka.groupPrefix);
  }

  /** The problem last reported (a failed build, a version conflict), or '' when none. */
  get problem(): string {
    return this.lastProblem;
  }

  get name(): string {
    return this.projection.name;
  }

  get current(): GenerationPointer {
    return this.pointer;
  }

  /** Generations this instance is consuming now. */
  get writing(): number[] {
    return [...this.consumers.keys()].sort((a, b) => a - b);
  }

  groupOf(generation: number): string {
    return generationGroup(this.baseGroup, generation);
  }

  /** Joins the generations this instance writes and, on a version bump, starts the build. */
  async start(): Promise<void> {
    await this.serially(() => this.reconcile());
    await this.housekeeping();
  }

  /** One poll: the freshly read pointer, then whatever this instance may move forward. */
  async tick(pointer: GenerationPointer): Promise<void> {
    // Reconciled on every poll, not only on change: a consumer that failed to join is retried.
    await this.serially(() => this.adopt(pointer));
    await this.housekeeping();
  }

  /** An admin's rebuild: a new generation, or the running build of this version. */
  async requestBuild(): Promise<GenerationPointer> {
    return this.serially(() => this.build('requested'));
  }

  async stop(): Promise<void> {
    await this.serially(() => Promise.all([...this.consumers.keys()].map((g) => this.stopConsumer(g))));
  }

  /** Progress of the running build, or the last finished one; undefined when there never was one. */
  async progress(): Promise<GenerationBuildProgress | undefined> {
    const pointer = (await this.ctx.generations.get(this.name)) ?? this.pointer;
    const build: BuildRecord | null = pointer.building ?? pointer.lastBuild;
    if (!build) return undefined;
    const running = pointer.building !== null;
    const lag = running ? await this.lag(this.groupOf(build.generation)).catch(() => null) : null;
    const counts = lag ? buildProgress(lag) : null;
    return {
      state: running ? 'running' : 'done',
      generation: build.generation,
      version: build.version,
      reason: build.reason,
      collection: generationCollection(this.name, build.generation),
      consumerGroup: this.groupOf(build.generation),
      startedAt: build.startedAt,
      ...(build.finishedAt ? { finishedAt: build.finishedAt } : {}),
      recordsApplied: counts?.processed ?? null,
      recordsInTopic: counts?.total ?? null,
      percent: running ? (counts?.percent ?? null) : 100,
    };
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Takes a newer pointer, then starts and stops consumers to match it. */
  private async adopt(pointer: GenerationPointer): Promise<void> {
    this.take(pointer);
    await this.reconcile();
  }

  /** Generations this instance no longer writes stop writing at once, before their consumers stop. */
  private take(pointer: GenerationPointer): void {
    if (pointer.lastPosition < this.pointer.lastPosition) return;
    this.pointer = pointer;
    this.pointerReadAt = Date.now();
    this.markRetired();
  }

  private markRetired(): void {
    const write = duties(this.pointer, this.projection.version).write;
    for (const consumer of this.consumers.values()) if (!write.includes(consumer.generation)) consumer.retired = true;
  }

  private async reconcile(): Promise<void> {
    const { write, conflict } = duties(this.pointer, this.projection.version);
    this.report(conflict?.message ?? '');
    for (const generation of this.consumers.keys()) {
      if (!write.includes(generation)) await this.stopConsumer(generation);
    }
    for (const generation of write) {
      if (!this.consumers.has(generation)) await this.startConsumer(generation);
    }
  }

  private async housekeeping(): Promise<void> {
    try {
      if (duties(this.pointer, this.projection.version).build) await this.serially(() => this.build('version'));
      await this.flipWhenCaughtUp();
      await this.dropRetired();
    } catch (error) {
      this.report(`${publicName(this.projection)}: ${(error as Error).message}`);
    }
  }

  private async build(reason: BuildReason): Promise<GenerationPointer> {
    const version = this.projection.version;
    if (this.pointer.building?.version === version) return this.pointer;
    // A group that never committed sees the partitions from their oldest record.
    const truncated = truncatedPartitions(await this.lag(this.groupOf(this.pointer.generations + 1)));
    if (truncated.length > 0) {
      throw new CannotRebuildFromTopic(
        `${this.topic} no longer holds the whole log (partitions ${truncated.join(', ')} start after offset 0): set retention.ms=-1 on the crm topics and rebuild another way`,
      );
    }
    const pointer = await this.ctx.generations.update(this.name, (current) =>
      startBuild(current ?? initialPointer(this.name, version), version, reason, now()),
    );
    if (!pointer) throw new Error(`the generation pointer of ${this.name} vanished`);
    const building = pointer.building as BuildRecord;
    this.ctx.logger.log(
      `${publicName(this.projection)}: building generation ${building.generation} (v${building.version}, ${building.reason}) from ${this.topic}`,
    );
    this.take(pointer);
    // Joining the new group takes a rebalance round: done in the background, so the request
    // that started the build is answered at once.
    void this.serially(() => this.reconcile()).catch((error: Error) => this.report(error.message));
    return pointer;
  }

  /** Only an instance writing the build decides: it runs the build's version. */
  private async flipWhenCaughtUp(): Promise<void> {
    const building = this.pointer.building;
    if (!building || !this.consumers.has(building.generation) || !this.ctx.messaging.lag) return;
    // The live group first: the build, sampled after it, must have reached at least that.
    const live = await this.lag(this.groupOf(this.pointer.live));
    const build = await this.lag(this.groupOf(building.generation));
    if (!caughtUp(build, live)) return;
    await this.serially(async () => {
      const pointer = await this.ctx.generations.update(this.name, (current) =>
        current?.building?.generation === building.generation ? flip(current, now()) : current,
      );
      if (pointer?.live === building.generation) {
        this.ctx.logger.log(`${publicName(this.projection)}: generation ${building.generation} is live`);
      }
      if (pointer) await this.adopt(pointer);
    });
  }

  private async dropRetired(): Promise<void> {
    const due = retiredDue(this.pointer, now(), this.ctx.options.graceMs);
    if (due.length === 0) return;
    await this.serially(async () => {
      for (const generation of due) {
        await this.stopConsumer(generation);
        await this.ctx.reads.drop(generationCollection(this.name, generation));
      }
      const pointer = await this.ctx.generations.update(this.name, (current) =>
        current ? forgetRetired(current, due) : current,
      );
      this.ctx.logger.log(`${publicName(this.projection)}: dropped retired generation(s) ${due.join(', ')}`);
      if (pointer) await this.adopt(pointer);
    });
  }

  private async startConsumer(generation: number): Promise<void> {
    const collection = generationCollection(this.name, generation);
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

  private async stopConsumer(generation: number): Promise<void> {
    const consumer = this.consumers.get(generation);
    if (!consumer) return;
    consumer.retired = true;
    this.consumers.delete(generation);
    await consumer.subscription?.stop();
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

  /**
   * The poller normally retires a generation within pollMs of the flip; when it has not read the
   * pointer for a while (the read store was unreachable), the pointer is read here before a
   * write, so a generation dropped meanwhile is not re-created by a late batch.
   */
  private async stillWrites(consumer: Consumer): Promise<boolean> {
    if (consumer.retired) return false;
    if (Date.now() - this.pointerReadAt > 3 * this.ctx.options.pollMs) {
      const pointer = await io(() => this.ctx.generations.get(this.name));
      if (pointer) this.take(pointer);
      this.pointerReadAt = Date.now();
    }
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

  private async lag(groupId: string): Promise<PartitionLag[]> {
    const lag = this.ctx.messaging.lag;
    if (!lag) {
      throw new CannotRebuildFromTopic(
        'this broker does not report consumer lag: a rebuild could not tell when it caught up',
      );
    }
    return lag.call(this.ctx.messaging, groupId, this.topic);
  }

  /** Logs a problem once, not on every poll. */
  private report(problem: string): void {
    if (problem && problem !== this.lastProblem) this.ctx.logger.error(problem);
    this.lastProblem = problem;
  }
}
