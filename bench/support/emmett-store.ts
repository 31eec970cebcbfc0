// The Emmett side of the baseline: its PostgreSQL event store for appends, and a projection
// rebuild equivalent to ours — read the whole log with Emmett's readMessagesBatch, fold each
// customer's events into one document, upsert the changed documents and the checkpoint per
// batch in one transaction (as our ProjectionWorker commits documents and checkpoint together).
import { dumbo } from '@event-driven-io/dumbo';
import {
  getPostgreSQLEventStore,
  readMessagesBatch,
  type PostgresEventStore,
} from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import type { ScenarioEvent } from '@ledger/testing';

export const openEmmett = (connectionString: string): PostgresEventStore => getPostgreSQLEventStore(connectionString);

/** Loads a generated history: each stream's events of the chunk in one append, 16 streams at a time. */
export async function loadEmmett(store: PostgresEventStore, history: ScenarioEvent[]): Promise<void> {
  const byStream = new Map<string, Array<{ type: string; data: Record<string, unknown> }>>();
  for (const { streamId, event } of history) {
    const list = byStream.get(streamId) ?? [];
    list.push({ type: event.type, data: event.data as unknown as Record<string, unknown> });
    byStream.set(streamId, list);
  }
  const streams = [...byStream.entries()];
  let next = 0;
  const worker = async () => {
    while (next < streams.length) {
      const [streamId, events] = streams[next++];
      await store.appendToStream(streamId, events);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

interface CustomerDoc {
  id: string;
  events: number;
  contacts: number;
  purchases: number;
  revenue: number;
  lastType: string;
  lastPosition: string;
}

/** Replays the whole Emmett log into per-stream documents; returns events folded. */
export async function rebuildEmmett(connectionString: string): Promise<number> {
  const reader = dumbo({ connectionString });
  const writer = new Pool({ connectionString, max: 1 });
  await writer.query('DROP TABLE IF EXISTS bench_docs; DROP TABLE IF EXISTS bench_checkpoint');
  await writer.query('CREATE TABLE bench_docs (id text PRIMARY KEY, doc jsonb NOT NULL)');
  await writer.query('CREATE TABLE bench_checkpoint (name text PRIMARY KEY, position bigint NOT NULL)');
  const docs = new Map<string, CustomerDoc>();
  let after = 0n;
  let folded = 0;
  try {
    for (;;) {
      const batch = await readMessagesBatch(reader.execute, { after, batchSize: 1000 });
      if (batch.messages.length === 0) break;
      const changed = new Map<string, CustomerDoc>();
      for (const message of batch.messages) {
        const streamName = message.metadata.streamName;
        const doc = docs.get(streamName) ?? {
          id: streamName,
          events: 0,
          contacts: 0,
          purchases: 0,
          revenue: 0,
          lastType: '',
          lastPosition: '0',
        };
        const data = message.data as { amount?: number };
        doc.events++;
        if (message.type === 'ContactRecorded') doc.contacts++;
        if (message.type === 'PurchaseRecorded') {
          doc.purchases++;
          doc.revenue += data.amount ?? 0;
        }
        doc.lastType = message.type;
        doc.lastPosition = String(message.metadata.globalPosition);
        docs.set(streamName, doc);
        changed.set(streamName, doc);
        folded++;
      }
      after = batch.currentGlobalPosition;
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO bench_docs (id, doc) SELECT x->>'id', x FROM jsonb_array_elements($1::jsonb) x
         ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc`,
        [JSON.stringify([...changed.values()])],
      );
      await writer.query(
        `INSERT INTO bench_checkpoint VALUES ('docs', $1) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
        [String(after)],
      );
      await writer.query('COMMIT');
      if (!batch.areMessagesLeft) break;
    }
  } finally {
    await writer.end();
    await reader.close();
  }
  return folded;
}
