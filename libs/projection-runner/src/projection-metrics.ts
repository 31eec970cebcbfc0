// What the read models report to /metrics, per read model: how far behind the log it is, its
// state (running / retrying / stopped — a stopped one is never silent), how long its commits
// take (embedded), and in distributed mode its consumer group's lag. Read when scraped.
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Metrics } from '@ledger/http';
import { KafkaProjectionRunner } from './kafka-projection-runner';
import { ProjectionRunner } from './projection-runner';
import { PROJECTIONS, publicName } from './projections.catalogue';

const STATES = ['running', 'retrying', 'stopped'] as const;

@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly kafka: KafkaProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    const registers = [this.metrics.registry];
    const { runner, kafka, store } = this;
    if (runner.tailsTheStore) {
      new Gauge({
        name: 'ledger_projection_lag_events',
        help: 'Events in the log a read model has not committed yet (log head − its checkpoint)',
        labelNames: ['read_model'],
        registers,
        async collect() {
          const head = await store.headPosition();
          for (const p of PROJECTIONS) {
            this.set({ read_model: publicName(p) }, Math.max(0, head - runner.checkpoint(p.name)));
          }
        },
      });
      new Gauge({
        name: 'ledger_projection_status',
        help: "1 for a read model's current state (running, retrying, stopped), 0 for the others",
        labelNames: ['read_model', 'status'],
        registers,
        collect() {
          for (const p of PROJECTIONS) {
            const current = runner.health(p.name).status;
            for (const status of STATES) this.set({ read_model: publicName(p), status }, status === current ? 1 : 0);
          }
        },
      });
      const flush = new Histogram({
        name: 'ledger_projection_flush_seconds',
        help: "Time to commit a read model's staged documents and checkpoint",
        labelNames: ['read_model'],
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
        registers,
      });
      const names = new Map(PROJECTIONS.map((p) => [p.name, publicName(p)]));
      runner.observeFlushes((name, seconds) => flush.observe({ read_model: names.get(name) ?? name }, seconds));
      return;
    }
    new Gauge({
      name: 'ledger_kafka_consumer_lag',
      help: "Records in the topic the read model's live consumer group has not committed (−1: Kafka did not answer)",
      labelNames: ['read_model'],
      registers,
      async collect() {
        if (!kafka.active) return;
        await Promise.all(
          PROJECTIONS.map(async (p) => {
            const lag = await kafka.lag(p.name).catch(() => null);
            this.set({ read_model: publicName(p) }, lag ?? -1);
          }),
        );
      },
    });
  }
}
