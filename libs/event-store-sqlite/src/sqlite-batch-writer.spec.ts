// A group commit written directly (no savepoints, stream heads in memory) answers and stores
// exactly what the same batch written with a savepoint per append does. The savepoint path is
// forced by a poison append at the batch's end, one that fails on its second row. Random batches
// over three streams, every kind of expected revision, and event ids from a small pool: retries,
// answers from the log, duplicate ids inside one append, ids stored in another stream, and
// revision checks against streams written earlier in the same batch.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { NewEvent } from '@ledger/domain';
import { verifyStreamEvents, type ExpectedRevision } from '@ledger/event-store';
import { newTestEvent } from '@ledger/event-store/contract';
import { SqliteEventStore } from './sqlite-event-store';

const pool = Array.from({ length: 6 }, (_, i) => newTestEvent({ eventId: `00000000-0000-4000-8000-00000000000${i}` }));
const taken = newTestEvent({ eventId: '00000000-0000-4000-8000-0000000000ff' });

const appendArb = fc.record({
  stream: fc.constantFrom('s-a', 's-b', 's-c'),
  expected: fc.constantFrom<ExpectedRevision>('no_stream', 'any', 'stream_exists', 0, 1, 2, 3, 4),
  ids: fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(-1)), { minLength: 1, maxLength: 3 }),
});

describe('SqliteBatchWriter: a batch written directly or with savepoints', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-batch-writer-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const describeOutcome = (o: PromiseSettledResult<unknown>) =>
    o.status === 'fulfilled'
      ? { ok: o.value }
      : { err: `${(o.reason as Error).constructor.name}: ${(o.reason as Error).message}` };

  async function run(
    file: string,
    pre: Array<{ stream: string; events: NewEvent[]; expected: ExpectedRevision }>,
    batch: Array<{ stream: string; events: NewEvent[]; expected: ExpectedRevision }>,
    poison: boolean,
    writer: 'inline' | 'thread',
  ) {
    const store = SqliteEventStore.open({ file, writer });
    await store.append('s-taken', [taken], 'no_stream');
    for (const p of pre) await store.append(p.stream, p.events, p.expected).catch(() => undefined);
    const before = store.stats();
    const all = batch.map((b) => store.append(b.stream, b.events, b.expected));
    if (poison) all.push(store.append('s-poison', [newTestEvent(), taken], 'any'));
    const outcomes = (await Promise.allSettled(all)).map(describeOutcome);
    if (poison) outcomes.pop();
    const after = store.stats();
    const log = (await store.readAll()).map((e) => [e.position, e.eventId, e.streamId, e.revision]);
    const streams: Record<string, unknown> = {};
    for (const s of ['s-a', 's-b', 's-c']) {
      const events = await store.readStream(s);
      expect(verifyStreamEvents(s, events).broken).toBeNull();
      streams[s] = await store.streamRevision(s);
    }
    await store.close();
    return { outcomes, log, streams, appends: after.appends - before.appends, events: after.events - before.events };
  }

  it.each(['inline', 'thread'] as const)('answers and writes the same (%s writer)', async (writer) => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(appendArb, { maxLength: 3 }),
        fc.array(appendArb, { minLength: 1, maxLength: 8 }),
        async (preSpec, batchSpec) => {
          n++;
          const build = (spec: typeof preSpec) =>
            spec.map((s) => ({
              stream: s.stream,
              expected: s.expected,
              events: s.ids.map((i) => (i < 0 ? newTestEvent() : pool[i])),
            }));
          const pre = build(preSpec);
          const batch = build(batchSpec);
          const direct = await run(join(dir, `d${n}.sqlite`), pre, batch, false, writer);
          const savepoints = await run(join(dir, `s${n}.sqlite`), pre, batch, true, writer);
          expect(direct.outcomes).toEqual(savepoints.outcomes);
          expect(direct.streams).toEqual(savepoints.streams);
          expect(direct.appends).toBe(savepoints.appends); // the poison failed: not counted
          expect(direct.events).toBe(savepoints.events);
          // the log is the same, the poison's rolled-back event aside
          expect(direct.log).toEqual(savepoints.log.filter((row) => row[2] !== 's-poison'));
        },
      ),
      { numRuns: writer === 'inline' ? 100 : 20 },
    );
  });
});
