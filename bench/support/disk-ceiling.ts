// The disk ceiling: rows written straight into the event store's own schema with its own
// pragmas (WAL, synchronous=FULL, the same autocheckpoint), 1,000 rows per transaction, rows
// the size of the mix's events, spread over many streams as ingest spreads them. No hashing, no
// HTTP, no commands: what SQLite and this disk allow, to hold ingest and batched ingest against.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@ledger/event-store-sqlite';

export interface DiskCeiling {
  rowsPerTransaction: number;
  transactions: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  durability: 'FULL';
}

const DATA = JSON.stringify({
  customerId: 'b-1234',
  contactId: 'contact-5f1c0e2a9b7d4c3e8a6f0b1d2c3e4f5a',
  channel: 'phone',
  direction: 'inbound',
  reason: 'order status',
  durationSeconds: 120,
  occurredAt: '2026-12-05T10:00:00.000Z',
});
const HASH = 'a'.repeat(64);

export function measureDiskCeiling(durationS: number, streams = 5000, rowsPerTransaction = 1000): DiskCeiling {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-disk-'));
  const db = openDatabase({
    file: join(dir, 'events.sqlite'),
    synchronous: 'FULL',
    busyTimeoutMs: 5000,
    walAutocheckpointPages: 10_000,
  });
  try {
    const insert = db.prepare(
      `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata,
         recorded_at, hash, prev_hash, global_hash) VALUES (?, ?, ?, ?, 'ContactRecorded', 1, ?, ?, ?, ?, ?, ?)`,
    );
    const revisions = new Array<number>(streams).fill(0);
    let position = 0;
    const write = db.transaction(() => {
      const recordedAt = new Date().toISOString();
      for (let i = 0; i < rowsPerTransaction; i++) {
        const stream = Math.floor(Math.random() * streams);
        const commandId = randomUUID();
        const metadata = `{"actor":"channel","causationId":"${commandId}","channel":"api","commandId":"${commandId}","correlationId":"${commandId}","requestHash":"${HASH}"}`;
        insert.run(
          ++position,
          randomUUID(),
          `customer-b-${stream}`,
          revisions[stream]++,
          DATA,
          metadata,
          recordedAt,
          HASH,
          HASH,
          HASH,
        );
      }
    });
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(durationS * 1e9));
    let transactions = 0;
    while (process.hrtime.bigint() < deadline) {
      write.immediate();
      transactions++;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rows = transactions * rowsPerTransaction;
    return {
      rowsPerTransaction,
      transactions,
      rows,
      seconds,
      rowsPerSecond: Math.round(rows / seconds),
      durability: 'FULL',
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
