// A catch-up on worker threads (issue 12) must give exactly what the main thread's feed gives:
// the same documents, byte for byte, and checkpoints that only move with their documents, so a
// catch-up stopped half-way resumes from what it committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { registered } from '@ledger/projections/test-support';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { appendInLogOrder, generateScenario } from '@ledger/testing';
import { catchUpInThreads, shareOut } from './catch-up-threads';
import { ProjectionRunner } from './projection-runner';
import { PROJECTIONS } from './projections.catalogue';
import { allDocuments, buildToHead } from './test-support/catch-up';

jest.setTimeout(120_000);

describe('catching up on worker threads', () => {
  let dir: string;
  let store: SqliteEventStore;
  let head: number;
  /** Built by the main thread's feed alone: what every threaded build must equal. */
  let reference: EmbeddedReadStore;
  const opened: EmbeddedReadStore[] = [];

  const readStore = (name: string) => {
    const reads = EmbeddedReadStore.open({ file: join(dir, `${name}.sqlite`) });
    opened.push(reads);
    return reads;
  };

  async function expectEqualToReference(reads: EmbeddedReadStore, suffix = ''): Promise<void> {
    let filled = 0;
    for (const projection of PROJECTIONS) {
      const expected = await allDocuments(reference, projection.name);
      if (expected.length > 0) filled += 1;
      expect(JSON.stringify(await allDocuments(reads, projection.name + suffix))).toBe(JSON.stringify(expected));
      expect(await reads.checkpoint(projection.name + suffix)).toBe(head);
    }
    // Compared on content: only the staff directory is empty in a generated customer history.
    expect(filled).toBe(PROJECTIONS.length - 1);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-threads-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    await appendInLogOrder(
      store,
      generateScenario({ seed: 7, customers: 80, start: '2024-11-01T00:00:00.000Z', months: 24 }),
    );
    head = await store.headPosition();
    reference = readStore('reference');
    await buildToHead(new ProjectionRunner(store, reference), head, { threads: 0 });
  });

  afterAll(async () => {
    for (const reads of opened) await reads.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares the read models out between the threads, the heaviest first', () => {
    const targets = PROJECTIONS.map((projection) => ({ projection, collection: projection.name }));
    const shares = shareOut(targets, 2);
    expect(shares).toHaveLength(2);
    expect(
      shares
        .flat()
        .map((t) => t.collection)
        .sort(),
    ).toEqual(PROJECTIONS.map((p) => p.name).sort());
    expect(shares[0][0].collection).toBe('lifecycle');
    expect(shareOut(targets.slice(0, 1), 4)).toHaveLength(1);
  });

  it('builds every read model at start-up on two threads, equal to the main thread build', async () => {
    const reads = readStore('threaded');
    await buildToHead(new ProjectionRunner(store, reads), head, { threads: 2, minEvents: 1 });
    await expectEqualToReference(reads);
  });

  it('resumes from the checkpoints a stopped threaded catch-up committed', async () => {
    const reads = readStore('resumed');
    const targets = PROJECTIONS.map((projection) => ({ projection, collection: projection.name }));
    const half = Math.floor(head / 2);
    const committed: number[] = [];
    const failures = await catchUpInThreads(store, reads, async (events) => [...events], targets, {
      threads: 2,
      until: half,
      committed: (_, checkpoint) => committed.push(checkpoint),
    });
    expect(failures).toEqual([]);
    expect(committed).toHaveLength(PROJECTIONS.length);
    for (const projection of PROJECTIONS) expect(await reads.checkpoint(projection.name)).toBe(half);
    // The rest from a fresh runner: the threads are seeded with the documents committed so far.
    await buildToHead(new ProjectionRunner(store, reads), head, { threads: 2, minEvents: 1 });
    await expectEqualToReference(reads);
  });

  it('replays one read model for a rebuild on a thread, equal to the live one', async () => {
    const reads = readStore('replayed');
    const runner = new ProjectionRunner(store, reads);
    runner.configureCatchUp({ threads: 2, minEvents: 1 });
    for (const projection of PROJECTIONS) {
      const progress = { state: 'running' as const, startedAt: '', processedUpTo: 0, target: 0, percent: 0 };
      await runner.replayInto(projection, `${projection.name}__copy`, progress);
      expect(progress).toMatchObject({ processedUpTo: head, target: head, percent: 100 });
    }
    await expectEqualToReference(reads, '__copy');
  });

  it('leaves a read model a thread cannot feed to the live feed, which stops it at the event and shows why', async () => {
    const poisoned = SqliteEventStore.open({ file: join(dir, 'poisoned-events.sqlite'), synchronous: 'NORMAL' });
    const T0 = '2026-03-01T10:00:00.000Z';
    // Written past the command side's validation, as a bug or a hand-edited import could.
    const poison = {
      type: 'PurchaseRecorded',
      data: { customerId: 'a', lines: 7, occurredAt: T0 },
    } as unknown as CrmEvent;
    await appendInLogOrder(poisoned, [{ streamId: 'customer-a', event: registered('a', T0) }]);
    await appendInLogOrder(poisoned, [{ streamId: 'customer-a', event: poison }]);
    await appendInLogOrder(poisoned, [{ streamId: 'customer-z', event: registered('z', T0) }]);
    const targets = PROJECTIONS.map((projection) => ({ projection, collection: projection.name }));

    const direct = readStore('poisoned-direct');
    const failures = await catchUpInThreads(poisoned, direct, async (events) => [...events], targets, {
      threads: 2,
      until: 3,
    });
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.message).toMatch(/^PurchaseRecorded at position 2 \(.+\) cannot be applied: /);
      expect(await direct.checkpoint(failure.collection)).toBeLessThan(2);
    }
    const failed = new Set(failures.map((f) => f.collection));
    for (const projection of PROJECTIONS.filter((p) => !failed.has(p.name))) {
      expect(await direct.checkpoint(projection.name)).toBe(3);
    }

    const reads = readStore('poisoned-runner');
    const runner = new ProjectionRunner(poisoned, reads);
    runner.configureCatchUp({ threads: 2, minEvents: 1 });
    await runner.onApplicationBootstrap();
    const deadline = Date.now() + 20_000;
    while (
      PROJECTIONS.some((p) =>
        failed.has(p.name) ? runner.health(p.name).status !== 'stopped' : runner.checkpoint(p.name) < 3,
      )
    ) {
      if (Date.now() > deadline) throw new Error('the feed did not take over');
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const name of failed) expect(runner.health(name)).toMatchObject({ status: 'stopped', failedPosition: 2 });
    await runner.onApplicationShutdown();
    await poisoned.close();
  });
});
