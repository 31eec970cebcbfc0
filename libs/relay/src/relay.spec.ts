// The distributed path without servers: the relay and the Kafka projection runner over the
// in-process broker (same port semantics as Kafka: partitions, groups, commit after handler).
// A generated history spread over 3 partitions must project exactly as a replay of the log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig, type CrmConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { InMemoryBroker, type DeliveredMessage, type OutgoingRecord } from '@ledger/messaging';
import { KafkaProjectionRunner, PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import type { ReadStore } from '@ledger/read-store';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { generateScenario, toNewEvent } from '@ledger/testing';
import { RELAY_CHECKPOINTS, RELAY_ID, Relay } from './relay';
import { eventually, scanAll } from './test-support/distributed-cluster';

jest.setTimeout(60_000);

const ALL = { customers: 25, start: '2025-01-01T00:00:00.000Z', months: 6 };

async function appendScenario(store: SqliteEventStore, seed: number, idPrefix = ''): Promise<void> {
  for (const { streamId, event } of generateScenario({ ...ALL, seed, idPrefix })) {
    await store.append(streamId, [toNewEvent(event, 'test')], 'any');
  }
}

/** Polls `check` until it holds (30 s at most). */
const until = (check: () => Promise<boolean>, what: string) => eventually(check, Boolean, what, 30_000);

/** Every live read model equals a replay of the log with the embedded runner's code path. */
async function equalsReplay(store: SqliteEventStore, reads: ReadStore): Promise<boolean> {
  const replayer = new ProjectionRunner(store, reads);
  for (const projection of PROJECTIONS) {
    await replayer.replayInto(projection, `${projection.name}__verify`);
    const live = await scanAll(reads, projection.name);
    if (JSON.stringify(live) !== JSON.stringify(await scanAll(reads, `${projection.name}__verify`))) return false;
  }
  return true;
}

describe('relay and Kafka projection runner (in-process broker)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let broker: InMemoryBroker;
  let config: CrmConfig;
  const stoppables: Array<{ onApplicationShutdown(): Promise<void> }> = [];

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'warn', 'error']));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-relay-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    broker = new InMemoryBroker({ maxBatchSize: 37 });
    config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:1', CRM_KAFKA_PARTITIONS: '3', CRM_DATA_DIR: dir });
  });

  afterEach(async () => {
    for (const s of stoppables.splice(0).reverse()) await s.onApplicationShutdown();
    await broker.close();
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const startRelay = async (messaging = broker) => {
    const relay = new Relay(config, store, reads, messaging);
    await relay.onApplicationBootstrap();
    stoppables.push(relay);
    return relay;
  };
  const startProjections = async () => {
    const runner = new KafkaProjectionRunner(config, reads, broker);
    await runner.onApplicationBootstrap();
    stoppables.push(runner);
    return runner;
  };

  it('publishes each event to both topics, keyed by customer, with CloudEvents headers', async () => {
    await appendScenario(store, 1);
    const head = await store.headPosition();
    const seen: DeliveredMessage[] = [];
    await broker.subscribe({ groupId: 'peek', topic: 'crm.customer-events', fromBeginning: true }, async (b) => {
      seen.push(...b.messages);
    });
    const relay = await startRelay();
    await until(async () => relay.checkpoint === head && seen.length === head, 'the relay');
    const first = seen.find((m) => m.headers['position'] === '1') as DeliveredMessage;
    const event = JSON.parse(first.value.toString());
    expect(first.headers).toMatchObject({ ce_type: event.type, ce_id: event.eventId, ce_source: 'ledger-crm/relay' });
    expect(first.key).toBe(event.streamId.replace(/^(customer|campaign)-/, ''));
    expect((await reads.get(RELAY_CHECKPOINTS, RELAY_ID))?.lastPosition).toBe(head);
  });

  it('moves its checkpoint only after the broker acknowledged, and resumes from it', async () => {
    await appendScenario(store, 2);
    const head = await store.headPosition();
    let refusals = 3;
    const flaky = Object.create(broker) as InMemoryBroker;
    flaky.publish = async (records: OutgoingRecord[]) => {
      if (refusals-- > 0) throw new Error('broker unavailable');
      return broker.publish(records);
    };
    const relay = await startRelay(flaky);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await reads.get(RELAY_CHECKPOINTS, RELAY_ID))?.lastPosition ?? 0).toBe(0);
    await until(async () => relay.checkpoint === head, 'the relay after the outage');
    await stoppables.pop()?.onApplicationShutdown();
    await appendScenario(store, 3, 'late-');
    const resumed = await startRelay();
    await until(async () => resumed.checkpoint === (await store.headPosition()), 'the restarted relay');
  });

  it('projects a history over 3 partitions exactly as a replay of the log', async () => {
    await appendScenario(store, 4);
    await startRelay();
    await startProjections();
    await until(() => equalsReplay(store, reads), 'read models equal to a replay');
  });

  it('sets a poison message aside in the dead-letter topic and carries on', async () => {
    const dead: DeliveredMessage[] = [];
    await broker.subscribe({ groupId: 'dlq', topic: 'crm.log.dlq', fromBeginning: true }, async (b) => {
      dead.push(...b.messages);
    });
    await startProjections();
    await broker.publish([{ topic: 'crm.log', key: 'x', value: 'not an event', headers: {} }]);
    await appendScenario(store, 5);
    await startRelay();
    // Every read model on the log topic (campaigns, KPIs, product catalogue) meets it: one dead letter per consumer group.
    await until(async () => dead.length === 3 && (await equalsReplay(store, reads)), 'the dead letters');
    expect(dead.map((m) => m.headers['dlq_group_id']).sort()).toEqual([
      'ledger-projection-campaigns',
      'ledger-projection-kpis',
      'ledger-projection-product-catalogue',
    ]);
    expect(dead[0].headers['dlq_error']).toMatch(/UndecodableEvent/);
  });

  it('retries a batch while the read store is down instead of dead-lettering it', async () => {
    await appendScenario(store, 6);
    let failures = 5;
    const commit = reads.commit.bind(reads);
    reads.commit = async (collection, documents, checkpoint) => {
      if (collection === 'kpis' && failures-- > 0) throw new Error('read store down');
      return commit(collection, documents, checkpoint);
    };
    await startRelay();
    await startProjections();
    await until(() => equalsReplay(store, reads), 'read models equal to a replay');
    expect(failures).toBeLessThan(0);
  });
});
