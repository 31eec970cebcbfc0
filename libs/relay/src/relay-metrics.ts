// The relay's lag for /metrics: events in the store's log not yet published to Kafka. Read when scraped.
import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Metrics } from '@ledger/http';
import { Relay } from './relay';

@Injectable()
export class RelayMetrics implements OnModuleInit {
  constructor(
    private readonly relay: Relay,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    const relay = this.relay;
    new Gauge({
      name: 'ledger_relay_lag_events',
      help: 'Events in the log the relay has not yet published to Kafka (log head − relay checkpoint)',
      registers: [this.metrics.registry],
      async collect() {
        this.set((await relay.status()).eventsBehind);
      },
    });
    new Gauge({
      name: 'ledger_relay_checkpoint_position',
      help: 'Position of the last event the relay published',
      registers: [this.metrics.registry],
      collect() {
        this.set(relay.checkpoint);
      },
    });
  }
}
