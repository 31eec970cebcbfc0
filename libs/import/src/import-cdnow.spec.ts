// The real CDNOW sample through the importer: every purchase with the file's totals, and kill -9
// in the middle of an import of the built CLI's sources, then --resume: nothing written twice.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { verifyAll } from '@ledger/audit';
import type { RecordedEvent } from '@ledger/domain';
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { loadMapping, type Mapping } from './mapping';
import {
  ROOT,
  SAMPLE,
  SAMPLE_MAPPING,
  allEvents as eventsIn,
  importFile as importInto,
  tempDirs,
} from './test-support/import-fixtures';

const tmp = tempDirs();
const importFile = (
  file: string,
  mapping: Mapping,
  extra: { resume?: boolean; dataDir?: string; preparationThread?: boolean; writerThreads?: number } = {},
) => importInto(tmp.dir, file, mapping, extra);
const allEvents = () => eventsIn(join(tmp.dir, 'data'));

const cents = (amount: number) => Math.round(amount * 100);

/** The sample's facts read straight from the file: rows, customers, same-day orders, total in cents. */
function sampleFacts() {
  const rows = readFileSync(SAMPLE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  return {
    rows: rows.length,
    customers: new Set(rows.map((r) => r[0])).size,
    orders: new Set(rows.map((r) => `${r[0]}-${r[2]}`)).size,
    totalCents: rows.reduce((sum, r) => sum + cents(Number(r[4])), 0),
  };
}

function totals(events: RecordedEvent[]) {
  const purchases = events.filter((e) => e.type === 'PurchaseRecorded');
  return {
    customers: events.filter((e) => e.type === 'CustomerRegistered').length,
    orders: purchases.length,
    distinctOrders: new Set(purchases.map((e) => `${e.streamId}/${(e.data as { orderId: string }).orderId}`)).size,
    totalCents: purchases.reduce((sum, e) => sum + cents((e.data as { amount: number }).amount), 0),
  };
}

describe('import: the real CDNOW sample', () => {
  it('imports every purchase, merging same-day rows, with the totals of the file', async () => {
    const facts = sampleFacts();
    expect(facts).toMatchObject({ rows: 6919, customers: 2357 });
    const summary = await importFile(SAMPLE, loadMapping(SAMPLE_MAPPING));
    expect(summary).toMatchObject({ rows: 6919, accepted: 6919, rejected: 0 });
    expect(totals(await allEvents())).toEqual({
      customers: facts.customers,
      orders: facts.orders,
      distinctOrders: facts.orders,
      totalCents: facts.totalCents,
    });
  }, 120_000);

  // Ids, order within each stream and content; times and hashes aside (recordedAt differs), and
  // sealed personal fields, whose keys and IVs are random.
  const logOf = (events: RecordedEvent[]) =>
    events.map(({ eventId, streamId, revision, type, data, metadata }) => ({
      eventId,
      streamId,
      revision,
      type,
      data: JSON.parse(JSON.stringify(data).replace(/"enc:v2:[^"]*"/g, '"sealed"')) as unknown,
      metadata,
    }));
  const byStream = (events: RecordedEvent[]) =>
    logOf(events).sort((a, b) =>
      a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision - b.revision,
    );

  it('writes the same log with all the work on one thread (no preparation thread)', async () => {
    const mapping = loadMapping(SAMPLE_MAPPING);
    const oneThread = join(tmp.dir, 'one-thread');
    await importFile(SAMPLE, mapping);
    expect(await importFile(SAMPLE, mapping, { dataDir: oneThread, preparationThread: false })).toMatchObject({
      rows: 6919,
      accepted: 6919,
      rejected: 0,
    });
    expect(logOf(await eventsIn(oneThread))).toEqual(logOf(await allEvents()));
  }, 120_000);

  it.each([2, 3])(
    'writes the same streams with the customers split between %i writer threads, and a log that verifies',
    async (threads) => {
      const mapping = loadMapping(SAMPLE_MAPPING);
      const split = join(tmp.dir, `writers-${threads}`);
      await importFile(SAMPLE, mapping);
      expect(await importFile(SAMPLE, mapping, { dataDir: split, writerThreads: threads })).toMatchObject({
        rows: 6919,
        accepted: 6919,
        rejected: 0,
      });
      const events = await eventsIn(split);
      // The streams are the same event for event; only how their commits interleave differs.
      expect(byStream(events)).toEqual(byStream(await allEvents()));
      expect(events.map((event) => event.position)).toEqual(events.map((_, i) => i + 1));
      const store = openEmbeddedEventStore(split);
      try {
        expect(await verifyAll(store, () => undefined)).toBe(0);
      } finally {
        await store.close();
      }
      // Again, from the first row: every command answered from the log, nothing written twice.
      expect(await importFile(SAMPLE, mapping, { dataDir: split, writerThreads: threads })).toMatchObject({
        rows: 6919,
        accepted: 6919,
        replayed: 6919,
      });
      expect(await eventsIn(split)).toHaveLength(events.length);
    },
    120_000,
  );

  it.each([1, 2])(
    'survives kill -9 mid-import with %i thread(s): --resume writes nothing twice',
    async (threads) => {
      const dataDir = join(tmp.dir, 'data');
      const writerThreads = threads > 1 ? threads : undefined;
      const child = spawn(
        process.execPath,
        [
          '-r',
          join(ROOT, 'tools', 'register-ts.cjs'),
          join(ROOT, 'apps', 'crm', 'src', 'cli', 'import.ts'),
          SAMPLE,
          '--mapping',
          SAMPLE_MAPPING,
          '--data-dir',
          dataDir,
          '--rejects',
          join(tmp.dir, 'rejects.csv'),
          '--state',
          join(tmp.dir, 'state.json'),
          '--batch',
          '50',
          // Room for a few hundred of the sample's 2,357 customers: states go and are read back mid-run.
          '--state-cache-mb',
          '1',
          '--threads',
          // The CLI refuses more threads than cores.
          String(Math.min(threads, availableParallelism())),
          '--no-progress',
        ],
        { stdio: 'ignore', env: { ...process.env, CRM_LOG_LEVEL: 'silent' } },
      );
      const stateFile = join(tmp.dir, 'state.json');
      for (let i = 0; i < 600; i++) {
        if (existsSync(stateFile) && JSON.parse(readFileSync(stateFile, 'utf8')).lastRow > 500) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const killedAt = JSON.parse(readFileSync(stateFile, 'utf8')).lastRow;
      expect(killedAt).toBeGreaterThan(500);
      expect(killedAt).toBeLessThan(6919);

      const resumed = await importFile(SAMPLE, loadMapping(SAMPLE_MAPPING), { resume: true, writerThreads });
      expect(resumed.skippedRows).toBe(killedAt);
      expect(resumed.rejected).toBe(0);
      const facts = sampleFacts();
      expect(totals(await allEvents())).toEqual({
        customers: facts.customers,
        orders: facts.orders,
        distinctOrders: facts.orders,
        totalCents: facts.totalCents,
      });
      // Every customer registered as of their first purchase, the one whose rows the kill split too:
      // the resume's second registration of them (another first row, another date) wrote nothing.
      const events = await allEvents();
      const since = new Map<string, unknown>();
      const misdated: string[] = [];
      for (const { type, streamId, data } of events) {
        const { occurredAt } = data as { occurredAt?: string };
        if (type === 'CustomerRegistered') since.set(streamId, occurredAt);
        else if (type === 'PurchaseRecorded' && since.has(streamId)) {
          if (since.get(streamId) !== occurredAt) misdated.push(streamId);
          since.delete(streamId);
        }
      }
      expect(misdated).toEqual([]);
      expect(since.size).toBe(0);
      // A full rerun without --resume is answered from the idempotency keys: nothing new.
      const before = events.length;
      const rerun = await importFile(SAMPLE, loadMapping(SAMPLE_MAPPING), { writerThreads });
      expect(rerun).toMatchObject({ accepted: 6919, replayed: 6919 });
      expect((await allEvents()).length).toBe(before);
    },
    180_000,
  );
});
