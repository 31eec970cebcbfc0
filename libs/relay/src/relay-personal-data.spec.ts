// What crosses the relay is the log as stored: personal fields stay ciphertext on every topic,
// so Kafka's retention keeps nothing readable once a customer's key is destroyed (docs/audit.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@ledger/config';
import type { CrmEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { InMemoryBroker, type DeliveredMessage } from '@ledger/messaging';
import { openPersonalDataVault } from '@ledger/personal-data';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { toNewEvent } from '@ledger/testing';
import { Relay } from './relay';
import { eventually } from './test-support/distributed-cluster';

const OCCURRED = '2026-02-01T09:00:00.000Z';
const PERSONAL = ['Ottoline Brackenbury', 'ottoline@brackenbury.example', '+44 20 7946 0555', 'Much Wenlock'];
const EVENTS: CrmEvent[] = [
  {
    type: 'CustomerRegistered',
    data: {
      customerId: 'otto',
      kind: 'person',
      name: PERSONAL[0],
      email: PERSONAL[1],
      phone: PERSONAL[2],
      city: PERSONAL[3],
      country: 'GB',
      occurredAt: OCCURRED,
    },
  },
  {
    type: 'ContactRecorded',
    data: {
      customerId: 'otto',
      contactId: 'k1',
      channel: 'phone',
      direction: 'inbound',
      reason: 'the velocipede squeaks',
      occurredAt: OCCURRED,
    },
  },
];

describe('relay: personal data on the wire', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'warn', 'error']));

  it('publishes personal fields only as ciphertext, on both topics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-relay-pii-'));
    const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    const vault = openPersonalDataVault(dir);
    const broker = new InMemoryBroker();
    const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:1', CRM_DATA_DIR: dir });
    const relay = new Relay(config, store, reads, broker);
    try {
      const sealed = await Promise.all(EVENTS.map((event) => vault.seal(toNewEvent(event, 'test'))));
      await store.append('customer-otto', sealed, 'no_stream');
      const seen: DeliveredMessage[] = [];
      for (const topic of ['crm.customer-events', 'crm.log']) {
        await broker.subscribe({ groupId: `peek-${topic}`, topic, fromBeginning: true }, async (batch) => {
          seen.push(...batch.messages);
        });
      }
      await relay.onApplicationBootstrap();
      await eventually(
        async () => seen.length,
        (n) => n === 4,
        'both topics',
        10_000,
      );
      const wire = seen.map((m) => `${m.key ?? ''} ${JSON.stringify(m.headers)} ${m.value.toString()}`).join('\n');
      for (const value of [...PERSONAL, 'the velocipede squeaks'])
        expect([value, wire.includes(value)]).toEqual([value, false]);
      expect(wire).toMatch(/enc:v[12]:/);
      expect(wire).toContain('"country":"GB"');
    } finally {
      await relay.onApplicationShutdown();
      await broker.close();
      await store.close();
      await reads.close();
      await vault.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
