// Rule 1 of DESIGN.md: any read model rebuilt from position 0 equals the live one, byte for
// byte. A generated two-year history of thousands of events is written while the live
// projections run; each is then replayed into a fresh copy and compared document by document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, UserEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { appendInLogOrder, generateScenario } from '@ledger/testing';
import { ProjectionRunner } from './projection-runner';
import { PROJECTIONS } from './projections.catalogue';
import { allDocuments, caughtUp } from './test-support/catch-up';

jest.setTimeout(120_000);

/** The directory is a read model too: a few people, one of them changed, appended to their own streams. */
async function addStaff(store: SqliteEventStore): Promise<void> {
  const occurredAt = '2026-11-01T09:00:00.000Z';
  const event = (n: number, { type, data }: UserEvent): NewEvent => ({
    eventId: `00000000-0000-4000-8000-00000000000${n}`,
    type,
    schemaVersion: 1,
    data,
    metadata: { commandId: `staff-${n}`, correlationId: 'spec', causationId: 'spec', actor: 'spec', channel: 'spec' },
  });
  const ada = { userId: 'u1', name: 'Ada', email: 'ada@ledger.test', roles: ['agent' as const], occurredAt };
  const bo = { userId: 'u2', name: 'Bo', email: 'bo@ledger.test', roles: ['admin' as const], occurredAt };
  await store.append('user-u1', [event(1, { type: 'UserAdded', data: ada })], 'no_stream');
  await store.append('user-u2', [event(2, { type: 'UserAdded', data: bo })], 'no_stream');
  await store.append('user-u1', [event(3, { type: 'UserDeactivated', data: { userId: 'u1', occurredAt } })], 0);
}

describe('rebuilding read models', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let runner: ProjectionRunner;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    runner = new ProjectionRunner(store, reads);
  });

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays a generated history into copies equal to the live read models', async () => {
    const history = generateScenario({ seed: 42, customers: 120, start: '2024-11-01T00:00:00.000Z', months: 24 });
    expect(history.length).toBeGreaterThan(2000);
    const half = Math.floor(history.length / 2);
    await appendInLogOrder(store, history.slice(0, half));
    await runner.onApplicationBootstrap();
    await appendInLogOrder(store, history.slice(half)); // while the live workers are running
    await addStaff(store);
    const head = await store.headPosition();
    expect(head).toBe(history.length + 3);
    await caughtUp(runner, head);

    for (const projection of PROJECTIONS) {
      const copy = `${projection.name}__verify`;
      await runner.replayInto(projection, copy);
      const live = await allDocuments(reads, projection.name);
      const rebuilt = await allDocuments(reads, copy);
      expect(live.length).toBeGreaterThan(0);
      expect(rebuilt.length).toBe(live.length);
      expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(live));
      expect(await reads.checkpoint(copy)).toBe(head);
    }
    // The search and queue read models are compared on real content, not on empty shells.
    const search = await allDocuments(reads, 'customer_search');
    expect(search.some((doc) => (doc as unknown as { orderIds: string[] }).orderIds.length > 0)).toBe(true);
    const queue = (await allDocuments(reads, 'complaints_queue')) as unknown as {
      openComplaints: { assigneeId: unknown }[];
    }[];
    expect(queue.some((doc) => doc.openComplaints.some((c) => c.assigneeId !== null))).toBe(true);
    expect(queue.some((doc) => doc.openComplaints.some((c) => c.assigneeId === null))).toBe(true);
  });

  it('swaps a rebuilt read model in through the admin path and keeps following the log', async () => {
    const progress = runner.startRebuild(PROJECTIONS[0]);
    const deadline = Date.now() + 60_000;
    while (progress.state === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(progress).toMatchObject({ state: 'done', percent: 100 });
    const before = await allDocuments(reads, PROJECTIONS[0].name);
    const extra = generateScenario({
      seed: 43,
      customers: 3,
      start: '2026-10-01T00:00:00.000Z',
      months: 1,
      idPrefix: 'late',
    });
    await appendInLogOrder(store, extra);
    const head = await store.headPosition();
    await caughtUp(runner, head);
    expect((await allDocuments(reads, PROJECTIONS[0].name)).length).toBeGreaterThan(before.length);
  });
});
