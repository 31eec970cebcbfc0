// The shared log reader: every worker gets each event once from one reader, wherever its own
// checkpoint stands; a burst ending exactly on a batch boundary is committed without waiting for
// the next event; a projection that throws stops alone.
import type { NewEvent } from '@ledger/domain';
import { newTestEvent, waitUntil } from '@ledger/event-store/contract';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import type { Projection, ProjectedDocument } from '@ledger/projections';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { LogFeed, READ_BATCH, flushDue, FLUSH_EVENTS, FLUSH_MS } from './log-feed';
import { ProjectionWorker, asStored } from './projection-worker';

interface Tally extends ProjectedDocument {
  events: number;
  positions: number[];
}

/** Counts each customer's events and remembers their positions (so a repeat would show). */
const tally = (name: string, failOn?: number): Projection<Tally> => ({
  name,
  version: 1,
  keysOf: (event) => [(event.data as { customerId: string }).customerId],
  apply(doc, event, id) {
    if (event.position === failOn) throw new Error(`cannot apply position ${failOn}`);
    return {
      id,
      events: (doc?.events ?? 0) + 1,
      positions: [...(doc?.positions ?? []), event.position],
      lastPosition: event.position,
    };
  },
});

const contact = (customerId: string): NewEvent => {
  const event = newTestEvent();
  return { ...event, data: { ...event.data, customerId } } as NewEvent;
};

async function appendContacts(store: SqliteEventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.append(`customer-c${i % 7}`, [contact(`c${i % 7}`)], 'any');
}

const until = (condition: () => boolean, what: string) => waitUntil(condition, what, 10_000);

describe('LogFeed', () => {
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let feed: LogFeed | null;

  beforeEach(() => {
    store = SqliteEventStore.open({ file: ':memory:', synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: ':memory:' });
    feed = null;
  });

  afterEach(async () => {
    await feed?.stop();
    await store.close();
    await reads.close();
  });

  async function startFeed(...workers: ProjectionWorker[]): Promise<LogFeed> {
    for (const worker of workers) await worker.init();
    feed = new LogFeed(store, asStored);
    feed.start(workers);
    return feed;
  }

  it('commits a burst of exactly one read batch at once, each event applied once per read model', async () => {
    await appendContacts(store, READ_BATCH);
    const a = new ProjectionWorker(tally('a'), reads);
    const b = new ProjectionWorker(tally('b'), reads);
    await startFeed(a, b);
    await until(() => a.checkpoint === READ_BATCH && b.checkpoint === READ_BATCH, 'both checkpoints at the head');
    for (const name of ['a', 'b']) {
      const docs = await reads.find<Tally>(name);
      expect(docs.reduce((sum, doc) => sum + doc.events, 0)).toBe(READ_BATCH);
      for (const doc of docs) expect(new Set(doc.positions).size).toBe(doc.positions.length);
    }
    expect(await reads.checkpoint('a')).toBe(READ_BATCH);
  });

  it('starts from the lowest checkpoint; a worker already further on skips what it has', async () => {
    await appendContacts(store, 30);
    const ahead = new ProjectionWorker(tally('ahead'), reads);
    await ahead.init();
    await ahead.handle(await store.readAll({ fromPosition: 0, maxCount: 20 }));
    const behind = new ProjectionWorker(tally('behind'), reads);
    await startFeed(ahead, behind);
    await appendContacts(store, 5);
    await until(() => ahead.checkpoint === 35 && behind.checkpoint === 35, 'both at 35');
    const positions = (docs: Tally[]) => docs.flatMap((doc) => doc.positions).sort((x, y) => x - y);
    const everything = Array.from({ length: 35 }, (_, i) => i + 1);
    expect(positions(await reads.find<Tally>('ahead'))).toEqual(everything);
    expect(positions(await reads.find<Tally>('behind'))).toEqual(everything);
  });

  it('stops a projection that throws and keeps feeding the others', async () => {
    await appendContacts(store, 10);
    const broken = new ProjectionWorker(tally('broken', 4), reads);
    const healthy = new ProjectionWorker(tally('healthy'), reads);
    await startFeed(broken, healthy);
    await appendContacts(store, 10);
    await until(() => healthy.checkpoint === 20, 'the healthy read model at the head');
    expect(broken.checkpoint).toBe(0);
    expect(await reads.count('broken')).toBe(0);
  });

  it('commits during a long catch-up every FLUSH_EVENTS events or FLUSH_MS, never with nothing staged', () => {
    expect(flushDue(FLUSH_EVENTS, 0, 0)).toBe(true);
    expect(flushDue(FLUSH_EVENTS - 1, 0, FLUSH_MS - 1)).toBe(false);
    expect(flushDue(1, 0, FLUSH_MS)).toBe(true);
    expect(flushDue(0, 0, FLUSH_MS * 10)).toBe(false);
  });
});
