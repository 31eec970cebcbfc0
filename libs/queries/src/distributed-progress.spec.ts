// Read-your-writes for one customer under partitioned consumption: the target is the
// customer's own last event at or below the requested position, wherever that lies in the log.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { SCHEMA_VERSIONS, type NewEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { GENERATIONS, ReadModelGenerations, initialPointer } from '@ledger/projection-runner';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { DistributedProgress } from './distributed-progress';

function contact(customerId: string): NewEvent {
  const id = randomUUID();
  return {
    eventId: id,
    type: 'ContactRecorded',
    schemaVersion: SCHEMA_VERSIONS.ContactRecorded,
    data: { customerId, channel: 'web', direction: 'inbound', occurredAt: '2026-01-01T00:00:00.000Z' },
    metadata: { commandId: id, correlationId: id, causationId: id, actor: 'test', channel: 'import' },
  } as NewEvent;
}

describe('DistributedProgress.customerTarget', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let progress: DistributedProgress;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-progress-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    const config = loadConfig({ KAFKA_BROKERS: 'k:1' });
    progress = new DistributedProgress(
      config,
      store,
      reads,
      null,
      new ReadModelGenerations(config, reads, { cacheMs: 0 }),
    );
    // ada at positions 1..120 (odd), bob in between (even): more than one page of ada's stream.
    for (let i = 0; i < 60; i++) {
      await store.append('customer-ada', [contact('ada')], 'any');
      await store.append('customer-bob', [contact('bob')], 'any');
    }
  });

  afterAll(async () => {
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the customer’s last event at or below the position', async () => {
    expect(await progress.customerTarget('ada', 1000)).toBe(119);
    expect(await progress.customerTarget('ada', 8)).toBe(7); // 8 is bob's
    expect(await progress.customerTarget('ada', 3)).toBe(3);
    expect(await progress.customerTarget('ada', 0)).toBe(0);
    expect(await progress.customerTarget('nobody', 50)).toBe(0);
  });

  it('waits for the document to reach it', async () => {
    expect(await progress.customerReached('operational_view', 'ada', 0)).toBe(true);
    expect(await progress.customerReached('operational_view', 'ada', 7)).toBe(false);
    await reads.ensureCollection('operational_view');
    await reads.commit('operational_view', [{ id: 'ada', lastPosition: 7 }], 0);
    expect(await progress.customerReached('operational_view', 'ada', 7)).toBe(true);
  });

  it('follows the live generation of the read model', async () => {
    // A rebuilt generation 2 is live: progress is that of its collection, not of the old one.
    const pointer = { ...initialPointer('lifecycle', 1), live: 2, generations: 2 };
    await reads.commit(GENERATIONS, [pointer], 0);
    await reads.commit('lifecycle', [{ id: 'ada', lastPosition: 7 }], 0);
    expect(await progress.customerReached('lifecycle', 'ada', 7)).toBe(false);
    await reads.commit('lifecycle__g2', [{ id: 'ada', lastPosition: 7 }], 0);
    expect(await progress.customerReached('lifecycle', 'ada', 7)).toBe(true);
    await reads.commit('kpis__g2', [], 9);
    const kpis = { ...initialPointer('kpis', 1), live: 2, generations: 2 };
    await reads.commit(GENERATIONS, [kpis], 0);
    expect(await progress.collectionReached('kpis', 9)).toBe(true);
    expect(await progress.collectionReached('kpis', 10)).toBe(false);
  });
});
