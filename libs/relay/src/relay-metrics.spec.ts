// The relay's lag in /metrics, over the in-process broker: the whole log behind before the relay
// runs, nothing behind once it has published; and the Kafka projection runner's readiness check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { Metrics, Readiness } from '@ledger/http';
import { InMemoryBroker } from '@ledger/messaging';
import { KafkaProjectionRunner } from '@ledger/projection-runner';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { generateScenario, toNewEvent } from '@ledger/testing';
import { Relay } from './relay';
import { RelayMetrics } from './relay-metrics';
import { eventually } from './test-support/distributed-cluster';

describe('relay metrics and Kafka-fed readiness (in-process broker)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-relay-metrics-'));
  const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
  const broker = new InMemoryBroker();
  const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:1', CRM_KAFKA_PARTITIONS: '2', CRM_DATA_DIR: dir });

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(async () => {
    Logger.overrideLogger(['log', 'warn', 'error']);
    await broker.close();
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the events the relay has not published, then none', async () => {
    const scenario = { customers: 5, start: '2025-01-01T00:00:00.000Z', months: 2, seed: 9 };
    for (const { streamId, event } of generateScenario(scenario)) {
      await store.append(streamId, [toNewEvent(event, 'test')], 'any');
    }
    const head = await store.headPosition();
    const metrics = new Metrics();
    const relay = new Relay(config, store, reads, broker);
    new RelayMetrics(relay, metrics).onModuleInit();
    const lag = async () => Number(/^ledger_relay_lag_events (\d+)$/m.exec((await metrics.exposition()).text)?.[1]);
    expect(await lag()).toBe(head);

    await relay.onApplicationBootstrap();
    try {
      await eventually(lag, (behind) => behind === 0, 'the relay to publish everything', 30_000);
      expect((await metrics.exposition()).text).toContain(`ledger_relay_checkpoint_position ${head}`);
    } finally {
      await relay.onApplicationShutdown();
    }
  });

  it('registers a projections readiness check on the Kafka-fed runner, ready when nothing is wrong', async () => {
    const readiness = new Readiness();
    const runner = new KafkaProjectionRunner(config, reads, broker, undefined, undefined, readiness);
    await runner.onApplicationBootstrap();
    try {
      const report = await readiness.report();
      expect(report).toEqual({ ready: true, checks: [{ name: 'projections', ok: true, detail: [] }] });
    } finally {
      await runner.onApplicationShutdown();
    }
  });

  it('is not ready, with the reason, once the read models can no longer follow (read store gone)', async () => {
    const own = EmbeddedReadStore.open({ file: join(dir, 'reads-2.sqlite') });
    const readiness = new Readiness();
    const options = { pollMs: 30, cacheMs: 30, graceMs: 1000 };
    const runner = new KafkaProjectionRunner(config, own, broker, undefined, options, readiness);
    await runner.onApplicationBootstrap();
    try {
      expect((await readiness.report()).ready).toBe(true);
      await own.close();
      const report = await eventually(
        () => readiness.report(),
        (r) => !r.ready,
        'not ready',
        10_000,
      );
      expect(report.checks[0]).toMatchObject({ name: 'projections', ok: false });
      expect(report.checks[0].detail).toEqual([{ name: 'generation-poll', error: expect.any(String) }]);
    } finally {
      await runner.onApplicationShutdown().catch(() => undefined);
    }
  });
});
