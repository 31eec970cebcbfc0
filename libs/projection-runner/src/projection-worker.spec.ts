// A worker that gives up a half-staged batch (the Kafka feed after a failure) must apply the
// redelivered events to the documents as stored, never to what it had staged: another instance
// may have taken the partition and moved the documents on meanwhile.
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import { newTestEvent } from '@ledger/event-store/contract';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import type { Projection, ProjectedDocument } from '@ledger/projections';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { ProjectionWorker } from './projection-worker';

interface Tally extends ProjectedDocument {
  positions: number[];
}

/** Remembers the positions applied to each customer's document, so a lost one would show. */
const tally: Projection<Tally> = {
  name: 'tally',
  version: 1,
  keysOf: (event) => [(event.data as { customerId: string }).customerId],
  apply: (doc, event, id) => ({
    id,
    positions: [...(doc?.positions ?? []), event.position],
    lastPosition: event.position,
  }),
};

const contact = (customerId: string): NewEvent => {
  const event = newTestEvent();
  return { ...event, data: { ...event.data, customerId } } as NewEvent;
};

describe('ProjectionWorker.discard', () => {
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let events: RecordedEvent[];

  beforeEach(async () => {
    store = SqliteEventStore.open({ file: ':memory:', synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: ':memory:' });
    for (let i = 0; i < 3; i++) await store.append('customer-a', [contact('a')], 'any');
    events = await store.readAll({ fromPosition: 0, maxCount: 10 });
  });

  afterEach(async () => {
    await store.close();
    await reads.close();
  });

  it('applies events after a discard to the document as stored, not to what was staged', async () => {
    const first = new ProjectionWorker(tally, reads, 'tally', undefined, 'per-key');
    const second = new ProjectionWorker(tally, reads, 'tally', undefined, 'per-key');
    await first.init();
    await first.stageStored(events.slice(0, 1));
    // Meanwhile the partition went to another instance, which applied the first two events.
    await second.handle(events.slice(0, 2));
    first.discard();
    expect(first.unflushedDocuments).toBe(0);
    await first.handle(events.slice(2));
    const doc = await reads.get<Tally>('tally', 'a');
    expect(doc?.positions).toEqual(events.map((event) => event.position));
  });
});
