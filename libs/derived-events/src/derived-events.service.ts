// Runs the derived events: on a timer, the population's segments are evaluated at the current
// time and the differences appended (SegmentWatcher); on another, due webhook deliveries are
// sent and, in distributed mode, new derived events published to Kafka. Neither ever throws
// out of its timer: a failure is logged and the next round tries again (the outbox keeps it).
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK, CRM_CONFIG, type Clock, type CrmConfig } from '@ledger/config';
import { MESSAGING, type Messaging } from '@ledger/messaging';
import { endOfCurrentMinute, PopulationService } from '@ledger/queries';
import { DerivedEventsPublisher } from './derived-events-publisher';
import { DerivedEventStore } from './derived-event-store';
import { scoredMember, SegmentWatcher } from './segment-watcher';
import { WebhookDispatcher } from './webhook-dispatcher';

export interface Evaluation {
  /** The instant the segments were evaluated at. */
  evaluatedAt: string;
  /** Derived events appended by this evaluation. */
  appended: number;
  head: number;
}

@Injectable()
export class DerivedEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DerivedEvents');
  readonly store: DerivedEventStore;
  private readonly watcher: SegmentWatcher;
  private readonly dispatcher: WebhookDispatcher;
  private readonly publisher: DerivedEventsPublisher | null;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Evaluations and delivery rounds each run one at a time. */
  private evaluating: Promise<unknown> = Promise.resolve();
  private delivering: Promise<unknown> | null = null;

  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MESSAGING) private readonly messaging: Messaging | null,
    private readonly population: PopulationService,
  ) {
    mkdirSync(config.dataDir, { recursive: true });
    this.store = DerivedEventStore.open(join(config.dataDir, 'derived-events.sqlite'));
    this.watcher = new SegmentWatcher(this.store);
    this.dispatcher = new WebhookDispatcher(this.store.outbox, { ...config.derivedEvents.webhooks, batch: 20 });
    this.publisher = messaging
      ? new DerivedEventsPublisher(this.store, messaging, config.derivedEvents.kafkaTopic)
      : null;
  }

  async onModuleInit(): Promise<void> {
    const { enabled, evaluateEveryMs, webhooks } = this.config.derivedEvents;
    if (this.messaging && this.publisher) {
      await this.messaging.ensureTopic(this.publisher.topic, this.config.kafka?.partitions ?? 1);
    }
    if (!enabled) return;
    this.every(evaluateEveryMs, () => this.evaluate(this.clock.now()));
    this.every(webhooks.pollMs, () => this.deliver());
  }

  onModuleDestroy(): Promise<unknown> {
    for (const timer of this.timers) clearInterval(timer);
    return Promise.all([this.evaluating, this.delivering]).finally(() => this.store.close());
  }

  /**
   * Evaluates every customer's segment and stage at `now` and appends what changed. The segments
   * are those of the end of `now`'s minute, the analysts' default asOf, so evaluations share the
   * live segments the queries keep instead of scoring everyone again.
   */
  evaluate(now: string): Promise<Evaluation> {
    const run = this.evaluating.then(async () => {
      const asOf = endOfCurrentMinute(now);
      const scores = await this.population.segments(asOf, (view) =>
        view.list({}, { pageSize: Math.max(1, view.customers) }).items.map(scoredMember),
      );
      const appended = this.watcher.record(asOf, scores, this.clock.now());
      if (appended.length > 0) void this.deliver().catch(() => undefined);
      return { evaluatedAt: asOf, appended: appended.length, head: this.store.head() };
    });
    this.evaluating = run.catch(() => undefined);
    return run;
  }

  /** One delivery round now (webhooks due, then Kafka), unless one is already running. */
  deliver(): Promise<unknown> {
    this.delivering ??= (async () => {
      try {
        await this.dispatcher.deliverDue(Date.parse(this.clock.now()));
        await this.publisher?.publishPending();
      } finally {
        this.delivering = null;
      }
    })();
    return this.delivering;
  }

  private every(ms: number, work: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      work()
        .catch((error: Error) => this.logger.error(`derived events: ${error.message}`))
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
