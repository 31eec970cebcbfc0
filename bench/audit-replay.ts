// Auditors' replay: one customer with a long history (100k events by default) is read back from
// the event store page by page, its hash chain verified, and folded into the operational view
// as of a date: what GET /audit/customers/:id/state and /verify do, measured without HTTP.
// The load phase (NORMAL durability, 1,000 events per append) is set-up, not measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerStream, type CrmEvent, type NewEvent, type RecordedEvent } from '@ledger/domain';
import { toNewEvent } from '@ledger/testing';
import { stateAt } from '@ledger/audit';
import { verifyStreamEvents } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { runScenario } from './support/results';
import { perSecond, round, timed } from './support/stats';

const CUSTOMER = 'long-history';
const PAGE = 500;

/** A plausible long life: registration, then contacts with a purchase every tenth event. */
function* history(count: number): Generator<CrmEvent> {
  const start = Date.parse('2015-01-01T00:00:00.000Z');
  yield {
    type: 'CustomerRegistered',
    data: {
      customerId: CUSTOMER,
      kind: 'organisation',
      name: 'Long History Ltd',
      country: 'GB',
      occurredAt: new Date(start).toISOString(),
    },
  };
  for (let i = 1; i < count; i++) {
    const occurredAt = new Date(start + i * 60_000).toISOString();
    yield i % 10 === 0
      ? {
          type: 'PurchaseRecorded',
          data: {
            customerId: CUSTOMER,
            orderId: `o-${i}`,
            lines: [{ sku: 'BEAN-1KG', quantity: 1, unitPrice: 12.5 }],
            amount: 12.5,
            currency: 'EUR',
            channel: 'web',
            occurredAt,
          },
        }
      : {
          type: 'ContactRecorded',
          data: {
            customerId: CUSTOMER,
            contactId: `c-${i}`,
            channel: i % 3 === 0 ? 'email' : 'phone',
            direction: 'inbound',
            reason: 'order status',
            occurredAt,
          },
        };
  }
}

async function load(store: SqliteEventStore, count: number): Promise<void> {
  let batch: NewEvent[] = [];
  for (const event of history(count)) {
    batch.push(toNewEvent(event, 'bench'));
    if (batch.length === 1000) {
      await store.append(customerStream(CUSTOMER), batch, 'any');
      batch = [];
    }
  }
  if (batch.length > 0) await store.append(customerStream(CUSTOMER), batch, 'any');
}

async function readWhole(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(customerStream(CUSTOMER), { fromRevision: events.length, maxCount: PAGE });
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

export async function auditReplay(args: BenchArgs) {
  const count = numberOption(args, 'events', args.smoke ? 5_000 : 100_000);
  return runScenario('audit-replay', args, async (notes) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-audit-'));
    const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    try {
      await load(store, count);
      log(args, `audit-replay: ${count} events of one customer loaded`);
      notes.push(
        'one customer stream; read in pages of 500 as the audit endpoints do; personal-data decryption not included',
      );
      const read = await timed(() => readWhole(store));
      const events = read.value;
      const verify = await timed(async () => verifyStreamEvents(customerStream(CUSTOMER), events));
      if (verify.value.broken) throw new Error(`hash chain broken at ${JSON.stringify(verify.value.broken)}`);
      const asOf = events[Math.floor(events.length / 2)].data.occurredAt;
      const replay = await timed(async () => stateAt(events, { asOf }));
      const totalMs = read.ms + verify.ms + replay.ms;
      return {
        events: events.length,
        readEventsPerSecond: perSecond(events.length, read.ms),
        verifyEventsPerSecond: perSecond(events.length, verify.ms),
        replayEventsPerSecond: perSecond(events.length, replay.ms),
        endToEndEventsPerSecond: perSecond(events.length, totalMs),
        endToEndMs: round(totalMs, 1),
      };
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

if (require.main === module) {
  auditReplay(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
