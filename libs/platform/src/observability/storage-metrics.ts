// What the storage reports to /metrics: the log head, and for the embedded event store its group
// commits (each one WAL fsync under CRM_DURABILITY=FULL), appends per commit and commit time.
// Counters are read from the store when scraped; the store calls back once per transaction.
import { Counter, Gauge } from 'prom-client';
import type { CrmConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import type { Metrics } from '@ledger/http';

export function registerStorageMetrics(metrics: Metrics, events: EventStore, config: CrmConfig): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'ledger_event_store_head_position',
    help: 'Position of the last event in the global log',
    registers,
    async collect() {
      this.set(await events.headPosition());
    },
  });
  if (!(events instanceof SqliteEventStore)) return;
  const store = events;
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  counter('ledger_event_store_commits_total', 'Group commits that wrote events', () => store.stats().transactions);
  if (config.durability === 'FULL') {
    counter(
      'ledger_event_store_fsyncs_total',
      'WAL fsyncs of committed appends (one per group commit with CRM_DURABILITY=FULL)',
      () => store.stats().transactions,
    );
  }
  counter(
    'ledger_event_store_appends_total',
    'Appends written (retries answered from the log excluded)',
    () => store.stats().appends,
  );
  counter('ledger_event_store_events_total', 'Events written', () => store.stats().events);
  // Defined on Metrics (libs/http), so what runs per commit is not composition code.
  store.observeCommits(metrics.observeCommit);
}
