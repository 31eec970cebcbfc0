// Keeps every read model up to date by tailing the event store's global log (one shared reader,
// see LogFeed) from the projections' checkpoints, and rebuilds one on request (blue-green: into
// a fresh copy while the live one keeps serving, then swap).
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { READ_STORE, type ReadStore } from '@ledger/read-store';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { Readiness } from '@ledger/http';
import { availableParallelism } from 'node:os';
import { THREADED_CATCH_UP_EVENTS, catchUpInThreads, rebuildPercent, type CatchUpSettings } from './catch-up-threads';
import { LiveThreads } from './live-threads';
import { LIVE_FLUSH_MS, LogFeed, THREADED_LIVE_FLUSH_MS, type FeedWorker } from './log-feed';
import { ProjectionWorker } from './projection-worker';
import { ProjectionSupervisor, type ProjectionHealth } from './projection-supervisor';
import { PROJECTIONS, findProjection, publicName } from './projections.catalogue';
import type { RebuildProgress } from './api';
import { VERSIONS, recordVersion, resetIfShapeChanged } from './read-model-versions';
import { replayOnThisThread } from './replay';

export type { RebuildProgress } from './api';

@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly live = new Map<string, FeedWorker>();
  private feed: LogFeed | null = null;
  private readonly rebuilds = new Map<string, RebuildProgress>();
  private readonly supervisor = new ProjectionSupervisor((name) => this.resume(name), this.logger);
  private flushListener: ((name: string, seconds: number) => void) | null = null;
  /** One core: threads would only add the hand-over to the same work. */
  private catchUpSettings: CatchUpSettings = {
    threads: availableParallelism() > 1 ? availableParallelism() : 0,
    minEvents: THREADED_CATCH_UP_EVENTS,
  };
  /** Threads applying the live feed's read models (live-threads.ts); 0: this thread. Set in bootstrap. */
  private liveThreadCount: number | null = null;
  private liveThreads: LiveThreads | null = null;
  /** Committed checkpoints of the read models a threaded start-up catch-up is feeding. */
  private readonly threaded = new Map<string, number>();
  /** The threaded start-up catch-up, then the feed's start, while they run. */
  private starting: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    // Optional so tests over a plaintext log can run the runner without a key store.
    @Optional() @Inject(PERSONAL_DATA) private readonly vault?: PersonalDataVault,
    @Optional() @Inject(CRM_CONFIG) private readonly config?: CrmConfig,
    @Optional() private readonly readiness?: Readiness,
  ) {}

  /** With KAFKA_BROKERS set the read models are fed by KafkaProjectionRunner, not by tailing the store. */
  get tailsTheStore(): boolean {
    return !this.config?.kafka;
  }

  private readonly open = (events: readonly RecordedEvent[]): Promise<RecordedEvent[]> =>
    this.vault ? this.vault.openAll(events) : Promise.resolve([...events]);

  async onApplicationBootstrap(): Promise<void> {
    if (!this.tailsTheStore) return;
    // Not ready while any read model is retrying or stopped: its answers would be stale.
    this.readiness?.register({
      name: 'projections',
      check: async () => {
        const failing = PROJECTIONS.map((p) => ({ name: publicName(p), ...this.health(p.name) })).filter(
          (p) => p.status !== 'running',
        );
        return {
          ok: failing.length === 0,
          detail: failing.map(({ name, status, error }) => ({ name, status, error })),
        };
      },
    });
    await this.reads.ensureCollection(VERSIONS);
    const workers: ProjectionWorker[] = [];
    for (const projection of PROJECTIONS) {
      await resetIfShapeChanged(this.reads, projection, this.logger);
      const worker = new ProjectionWorker(projection, this.reads, projection.name, this.open);
      await worker.init();
      this.live.set(projection.name, worker);
      workers.push(worker);
    }
    if (await this.worthThreads(Math.min(...workers.map((w) => w.checkpoint)))) {
      // Requests are served meanwhile, as during the feed's own catch-up; the feed starts after.
      this.starting = this.catchUpAtStart(workers)
        .then(() => this.startFeed(workers))
        .finally(() => (this.starting = null));
    } else await this.startFeed(workers);
  }

  /** For tests and tuning, before bootstrap: how many threads apply the live feed (0: this thread). */
  configureLiveFeed(settings: { threads: number }): void {
    this.liveThreadCount = settings.threads;
  }

  /** A live worker for `projection`'s collection, from its committed checkpoint: on a live thread if there are any. */
  private async feedWorker(projection: Projection): Promise<FeedWorker> {
    if (this.liveThreads) return this.liveThreads.attach(projection);
    const worker = new ProjectionWorker(projection, this.reads, projection.name, this.open);
    await worker.init();
    return worker;
  }

  /** For tests and tuning: how many threads a catch-up uses, and from how far behind. */
  configureCatchUp(settings: Partial<CatchUpSettings>): void {
    this.catchUpSettings = { ...this.catchUpSettings, ...settings };
  }

  private async worthThreads(from: number, until?: number): Promise<boolean> {
    const { threads, minEvents } = this.catchUpSettings;
    return threads > 0 && (until ?? (await this.store.headPosition())) - from >= minEvents;
  }

  private async catchUpAtStart(workers: ProjectionWorker[]): Promise<void> {
    for (const worker of workers) this.threaded.set(worker.projection.name, worker.checkpoint);
    try {
      const failures = await catchUpInThreads(this.store, this.reads, this.open, workers, {
        threads: this.catchUpSettings.threads,
        until: await this.store.headPosition(),
        committed: (name, checkpoint) => this.threaded.set(name, checkpoint),
        stopping: () => this.stopping,
      });
      for (const { collection, message } of failures) {
        this.logger.warn(
          `${collection} left the threaded catch-up: ${message}; the live feed takes it from its checkpoint`,
        );
      }
    } catch (error) {
      this.logger.error(`the threaded catch-up stopped (${(error as Error).message}); the live feed takes over`);
    }
    // The feed goes on from what was committed.
    for (const worker of workers) await worker.init();
    this.threaded.clear();
  }

  private async startFeed(caughtUp: ProjectionWorker[]): Promise<void> {
    if (this.stopping) return;
    let workers: FeedWorker[] = caughtUp;
    const threads = this.liveThreadCount ?? this.config?.liveProjectionThreads ?? 0;
    if (threads > 0 && LiveThreads.usable(this.reads)) {
      this.liveThreads = new LiveThreads(this.reads, threads);
      workers = [];
      for (const { projection } of caughtUp) workers.push(await this.feedWorker(projection));
      for (const worker of workers) this.live.set(worker.projection.name, worker);
    }
    this.feed = new LogFeed(this.store, this.open, {
      erasureApplied: async () => this.reads.scrubFreedSpace?.(),
      workerFailed: (worker, error) => this.supervisor.failed(worker.projection.name, error),
      flushed: (worker, seconds) => this.flushListener?.(worker.projection.name, seconds),
      staged: () => this.liveThreads?.send(),
      liveFlushMs: this.liveThreads ? THREADED_LIVE_FLUSH_MS : LIVE_FLUSH_MS,
    });
    this.feed.start(workers);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.supervisor.stop();
    await this.starting;
    await this.feed?.stop();
    await this.liveThreads?.stop();
  }

  /** For metrics: told how long each commit of a live read model took (set before bootstrap). */
  observeFlushes(listener: (name: string, seconds: number) => void): void {
    this.flushListener = listener;
  }

  /** Running, retrying (read store unavailable) or stopped (an event it cannot apply), with the error. */
  health(name: string): ProjectionHealth {
    return this.supervisor.status(name);
  }

  /**
   * Feeds a read model taken off the feed again: a fresh worker from its committed checkpoint,
   * caught up to the head outside the feed, then the rest between two of the feed's batches.
   */
  private async resume(name: string): Promise<void> {
    const projection = findProjection(name);
    const feed = this.feed;
    if (!projection || !feed) return;
    const worker = new ProjectionWorker(projection, this.reads, projection.name, this.open);
    await worker.init();
    await this.catchUp(worker);
    await feed.exclusive(async () => {
      await this.catchUp(worker, undefined, feed.position);
      // Caught up here, fed from a live thread (a fresh one if its thread died) from now on.
      const live = this.liveThreads ? await this.feedWorker(projection) : worker;
      feed.add(live);
      this.live.set(projection.name, live);
    });
  }

  projections(): Projection[] {
    return PROJECTIONS;
  }

  checkpoint(name: string): number {
    return this.threaded.get(name) ?? this.live.get(name)?.checkpoint ?? 0;
  }

  rebuildProgress(name: string): RebuildProgress | undefined {
    return this.rebuilds.get(name);
  }

  /** Starts a rebuild in the background; returns at once with its progress record. */
  startRebuild(projection: Projection): RebuildProgress {
    const running = this.rebuilds.get(projection.name);
    if (running?.state === 'running') return running;
    const progress: RebuildProgress = {
      state: 'running',
      startedAt: new Date().toISOString(),
      processedUpTo: 0,
      target: 0,
      percent: 0,
    };
    this.rebuilds.set(projection.name, progress);
    this.rebuild(projection, progress).catch((error: Error) => {
      progress.state = 'failed';
      progress.error = error.message;
      this.logger.error(`rebuild of ${publicName(projection)} failed: ${error.stack}`);
    });
    return progress;
  }

  /** Replays the whole log into `collection` (a fresh copy); used by rebuilds and by tests comparing copies. */
  async replayInto(
    projection: Projection,
    collection: string,
    progress?: RebuildProgress,
    until?: number,
  ): Promise<ProjectionWorker> {
    await this.reads.drop(collection);
    const worker = new ProjectionWorker(projection, this.reads, collection, this.open);
    await worker.init();
    const target = until ?? (await this.store.headPosition());
    if (await this.worthThreads(0, target)) {
      // One thread applies the projection while this one reads, decrypts and writes: two cores.
      if (progress) progress.target = target;
      const failures = await catchUpInThreads(this.store, this.reads, this.open, [{ projection, collection }], {
        threads: 1,
        until: target,
        read: (position) => progress && Object.assign(progress, rebuildPercent(position, target)),
        stopping: () => this.stopping,
      });
      await worker.init();
      // An event it could not apply fails here again, on this thread, with the projection's error.
      if (failures.length > 0) this.logger.warn(`rebuild of ${publicName(projection)}: ${failures[0].message}`);
    }
    await this.catchUp(worker, progress, target);
    return worker;
  }

  private async rebuild(projection: Projection, progress: RebuildProgress): Promise<void> {
    // A threaded start-up catch-up writes the live collections until the feed starts.
    await this.starting;
    const started = Date.now();
    const copy = `${projection.name}__rebuild`;
    const worker = await this.replayInto(projection, copy, progress);
    // Swap between two batches of the shared feed: the live worker stops being fed, the copy
    // catches up with whatever the feed delivered meanwhile, is renamed in, and is fed from there.
    const swap = async (): Promise<FeedWorker> => {
      const live = this.live.get(projection.name);
      if (live) this.feed?.remove(live);
      await this.catchUp(worker, progress, this.feed?.position);
      await this.reads.rename(copy, projection.name);
      await recordVersion(this.reads, projection);
      // On a live thread, a new attachment: nothing the thread held of the old collection is used.
      const fresh = await this.feedWorker(projection);
      this.feed?.add(fresh);
      this.live.set(projection.name, fresh);
      this.supervisor.replaced(projection.name);
      return fresh;
    };
    const fresh = this.feed ? await this.feed.exclusive(swap) : await swap();
    progress.state = 'done';
    progress.finishedAt = new Date().toISOString();
    progress.percent = 100;
    progress.eventsPerSecond = Math.round((progress.processedUpTo / Math.max(1, Date.now() - started)) * 1000);
    this.logger.log(`rebuilt ${publicName(projection)} up to position ${fresh.checkpoint}`);
  }

  private catchUp(worker: ProjectionWorker, progress?: RebuildProgress, until?: number): Promise<void> {
    return replayOnThisThread(this.store, this.open, worker, progress, until);
  }
}
