// One read model in one projection-service instance: follows its generation pointer, consumes
// (and writes, through generation-consumers.ts) exactly the generations built with this
// instance's projection version, starts a build when asked or when the live generation has an
// older shape, flips a caught-up build live and drops retired collections after the grace
// period. Instances coordinate only through the pointer; any of them may do the housekeeping,
// the pointer's compare-and-set makes each step happen once.
import type { Projection } from '@ledger/projections';
import { GenerationConsumers, type ConsumerContext } from './generation-consumers';
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
  initialPointer,
  retiredDue,
  startBuild,
  truncatedPartitions,
  type BuildReason,
  type BuildRecord,
  type GenerationPointer,
} from './generations';
import { io, type Ordering } from './projection-worker';
import { publicName } from './projections.catalogue';

export interface FeedContext extends ConsumerContext {
  generations: GenerationStore;
  options: GenerationOptions;
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
  private readonly consumers: GenerationConsumers;
  private pointerReadAt = Date.now();
  /** Pointer changes and consumer starts/stops, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private lastProblem = '';

  constructor(
    readonly projection: Projection,
    private readonly ctx: FeedContext,
    private pointer: GenerationPointer,
  ) {
    this.consumers = new GenerationConsumers(projection, ctx, () => this.freshen());
  }

  get ordering(): Ordering {
    return this.consumers.ordering;
  }

  get topic(): string {
    return this.consumers.topic;
  }

  get baseGroup(): string {
    return this.consumers.baseGroup;
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
    return this.consumers.generations;
  }

  groupOf(generation: number): string {
    return this.consumers.groupOf(generation);
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
    await this.serially(() => this.consumers.stopAll());
  }

  /** Progress of the running build, or the last finished one; undefined when there never was one. */
  async progress(): Promise<GenerationBuildProgress | undefined> {
    const pointer = (await this.ctx.generations.get(this.name)) ?? this.pointer;
    const build: BuildRecord | null = pointer.building ?? pointer.lastBuild;
    if (!build) return undefined;
    const running = pointer.building !== null;
    const lag = running ? await this.consumers.lag(this.groupOf(build.generation)).catch(() => null) : null;
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
    this.consumers.retireAllBut(duties(this.pointer, this.projection.version).write);
  }

  /**
   * The poller normally retires a generation within pollMs of the flip; when it has not read the
   * pointer for a while (the read store was unreachable), the pointer is read here before a
   * write, so a generation dropped meanwhile is not re-created by a late batch.
   */
  private async freshen(): Promise<void> {
    if (Date.now() - this.pointerReadAt <= 3 * this.ctx.options.pollMs) return;
    const pointer = await io(() => this.ctx.generations.get(this.name));
    if (pointer) this.take(pointer);
    this.pointerReadAt = Date.now();
  }

  private async reconcile(): Promise<void> {
    const { write, conflict } = duties(this.pointer, this.projection.version);
    this.report(conflict?.message ?? '');
    await this.consumers.match(write);
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
    const truncated = truncatedPartitions(await this.consumers.lag(this.groupOf(this.pointer.generations + 1)));
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
    const live = await this.consumers.lag(this.groupOf(this.pointer.live));
    const build = await this.consumers.lag(this.groupOf(building.generation));
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
        await this.consumers.stop(generation);
        await this.ctx.reads.drop(generationCollection(this.name, generation));
      }
      const pointer = await this.ctx.generations.update(this.name, (current) =>
        current ? forgetRetired(current, due) : current,
      );
      this.ctx.logger.log(`${publicName(this.projection)}: dropped retired generation(s) ${due.join(', ')}`);
      if (pointer) await this.adopt(pointer);
    });
  }

  /** Logs a problem once, not on every poll. */
  private report(problem: string): void {
    if (problem && problem !== this.lastProblem) this.ctx.logger.error(problem);
    this.lastProblem = problem;
  }
}
