// Prometheus metrics of one service (prom-client), served at GET /metrics. The registry is the
// service's own (not prom-client's global one), so several apps in one process keep theirs apart.
// On the request path only counting happens: an array slot per HTTP status and one histogram
// observe per command (hand-kept, see command-histogram.ts); everything that can be read when
// scraped (lags, states, store counters) is read then, by the collectors the features register.
import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CommandHistogram, type CommandOutcome } from './command-histogram';

/** Seconds; commands are acknowledged in milliseconds, a slow one is worth seeing up to seconds. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  /** Responses per status code, counted in a typed array (no allocation per request). */
  private readonly statuses = new Float64Array(600);
  private readonly commands: CommandHistogram;
  private readonly batchSize: Histogram;
  private readonly commitTime: Histogram;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
    const statuses = this.statuses;
    new Counter({
      name: 'ledger_http_responses_total',
      help: 'HTTP responses sent, by status code',
      labelNames: ['status'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (let status = 100; status < statuses.length; status++) {
          if (statuses[status] > 0) this.inc({ status: String(status) }, statuses[status]);
        }
      },
    });
    this.commands = new CommandHistogram(
      'ledger_command_duration_seconds',
      'Time from a command reaching the executor to its events being durable (or its refusal)',
      LATENCY_BUCKETS,
    ).register(this.registry);
    this.batchSize = new Histogram({
      name: 'ledger_event_store_append_batch_size',
      help: 'Appends written together in one group commit (one transaction)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers: [this.registry],
    });
    this.commitTime = new Histogram({
      name: 'ledger_event_store_commit_seconds',
      help: 'Time to write and commit one group of appends, fsync included',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
  }

  /** Called by the embedded event store once per group commit (a bound function: pass it as is). */
  readonly observeCommit = (appends: number, seconds: number): void => {
    this.batchSize.observe(appends);
    this.commitTime.observe(seconds);
  };

  /** Called once per response. */
  countResponse(status: number): void {
    if (status >= 100 && status < 600) this.statuses[status]++;
  }

  /** Called once per command: `outcome` is `ok` or `refused` (any error, 4xx or not). */
  observeCommand(command: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.observe(command, outcome, seconds);
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
