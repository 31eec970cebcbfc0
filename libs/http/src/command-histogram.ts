// The command latency histogram, kept by hand: prom-client's Histogram hashes its label object
// into a string on every observe (about 1 µs), which is most of what metrics would cost a
// command. Here an observe is two Map/array look-ups and three additions; the Prometheus
// series (cumulative `_bucket{le}`, `_sum`, `_count`) are built only when scraped.
import type { Registry } from 'prom-client';

export type CommandOutcome = 'ok' | 'refused';

interface Series {
  /** Per bucket (not cumulative), plus the +Inf bucket at the end. */
  counts: Float64Array;
  sum: number;
  count: number;
}

interface Value {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

export class CommandHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, [Series, Series]>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  /** Registers with a prom-client registry, which only reads name, help, type and get(). */
  register(registry: Registry): this {
    // registerMetric is typed for prom-client's own classes; it calls nothing but get() on this one.
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
    return this;
  }

  observe(command: string, outcome: CommandOutcome, seconds: number): void {
    let pair = this.series.get(command);
    if (!pair) {
      pair = [this.fresh(), this.fresh()];
      this.series.set(command, pair);
    }
    const series = pair[outcome === 'ok' ? 0 : 1];
    let bucket = 0;
    while (bucket < this.buckets.length && seconds > this.buckets[bucket]) bucket++;
    series.counts[bucket]++;
    series.sum += seconds;
    series.count++;
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: Value[] } {
    const values: Value[] = [];
    for (const [command, pair] of this.series) {
      pair.forEach((series, i) => {
        if (series.count === 0) return;
        const outcome = i === 0 ? 'ok' : 'refused';
        let cumulative = 0;
        series.counts.forEach((count, bucket) => {
          cumulative += count;
          const le = bucket < this.buckets.length ? this.buckets[bucket] : '+Inf';
          values.push({ metricName: `${this.name}_bucket`, labels: { le, command, outcome }, value: cumulative });
        });
        values.push({ metricName: `${this.name}_sum`, labels: { command, outcome }, value: series.sum });
        values.push({ metricName: `${this.name}_count`, labels: { command, outcome }, value: series.count });
      });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }

  private fresh(): Series {
    return { counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
  }
}
