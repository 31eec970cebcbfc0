// The live feed with its read models applied on worker threads (issue 12) must give what the
// request thread's feed gives: the same documents, byte for byte, erasures scrubbed, a poison
// event stopping only the read models that cannot apply it; a rebuild's swap while the threads
// run never serves what a thread held of the old collection; a thread that dies is replaced and
// its read models resume from their checkpoints.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { registered } from '@ledger/projections/test-support';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { appendInLogOrder, generateScenario, type ScenarioEvent } from '@ledger/testing';
import type { LiveThreads } from './live-threads';
import { ProjectionRunner } from './projection-runner';
import { PROJECTIONS, findProjection } from './projections.catalogue';
import { allDocuments, buildToHead, caughtUp } from './test-support/catch-up';

jest.setTimeout(120_000);

const T0 = '2026-03-01T10:00:00.000Z';
const customer = (id: string, event: CrmEvent): ScenarioEvent => ({ streamId: `customer-${id}`, event });
const erased = (id: string): ScenarioEvent =>
  customer(id, { type: 'CustomerErased', data: { customerId: id, reason: 'asked', occurredAt: T0 } } as CrmEvent);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the live feed on worker threads', () => {
  let dir: string;
  const opened: { close(): Promise<void> }[] = [];
  const scenario = generateScenario({ seed: 11, customers: 60, start: '2025-01-01T00:00:00.000Z', months: 12 });
  const customerIds = [
    ...new Set(scenario.filter((e) => e.event.type === 'CustomerRegistered').map((e) => e.streamId.slice(9))),
  ];

  const names = new Map(
    scenario
      .filter((e) => e.event.type === 'CustomerRegistered')
      .map((e) => [e.streamId.slice(9), (e.event.data as { name: string }).name]),
  );

  const open = <T extends { close(): Promise<void> }>(resource: T): T => {
    opened.push(resource);
    return resource;
  };
  const eventStore = (name: string) =>
    open(SqliteEventStore.open({ file: join(dir, `${name}-events.sqlite`), synchronous: 'NORMAL' }));
  const readStore = (name: string) => open(EmbeddedReadStore.open({ file: join(dir, `${name}-reads.sqlite`) }));

  /** A runner whose live feed applies on two threads; the log is appended while it runs. */
  async function threadedRunner(store: SqliteEventStore, reads: EmbeddedReadStore): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(store, reads);
    runner.configureCatchUp({ threads: 0 });
    runner.configureLiveFeed({ threads: 2 });
    await runner.onApplicationBootstrap();
    return runner;
  }

  /** What the request thread's feed builds from the whole log. */
  async function reference(store: SqliteEventStore, name: string, head: number): Promise<EmbeddedReadStore> {
    const reads = readStore(name);
    await buildToHead(new ProjectionRunner(store, reads), head, { threads: 0 });
    return reads;
  }

  async function expectEqual(reads: EmbeddedReadStore, expected: EmbeddedReadStore, names: string[]): Promise<void> {
    for (const name of names) {
      expect(JSON.stringify(await allDocuments(reads, name))).toBe(JSON.stringify(await allDocuments(expected, name)));
      expect(await reads.checkpoint(name)).toBe(await expected.checkpoint(name));
    }
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-live-threads-'));
  });

  afterAll(async () => {
    for (const resource of opened) await resource.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds every read model as the request thread does, erasures scrubbed, a poison event stopping only whom it must', async () => {
    const store = eventStore('equal');
    const reads = readStore('equal');
    const runner = await threadedRunner(store, reads);
    await appendInLogOrder(store, scenario);
    await appendInLogOrder(store, [erased(customerIds[0]), erased(customerIds[1])]);
    // Committed everywhere before the poison stops some read models: each must show the erasure.
    await caughtUp(runner, await store.headPosition());
    // Written past the command side's validation, as a bug or a hand-edited import could.
    const poison = { type: 'PurchaseRecorded', data: { customerId: 'p', lines: 7, occurredAt: T0 } };
    await appendInLogOrder(store, [customer('p', registered('p', T0))]);
    await appendInLogOrder(store, [customer('p', poison as unknown as CrmEvent)]);
    const poisonAt = await store.headPosition();
    await appendInLogOrder(store, [customer('after', registered('after', T0))]);
    const head = await store.headPosition();

    // The request thread's feed over the same log: which read models stop, and what the others hold.
    const expected = readStore('equal-reference');
    const onThisThread = new ProjectionRunner(store, expected);
    onThisThread.configureCatchUp({ threads: 0 });
    await onThisThread.onApplicationBootstrap();
    const settled = (r: ProjectionRunner) => () =>
      PROJECTIONS.every((p) => r.checkpoint(p.name) >= head || r.health(p.name).status === 'stopped');
    await until(settled(onThisThread), 'the reference');
    await onThisThread.onApplicationShutdown();
    const poisoned = PROJECTIONS.filter((p) => onThisThread.health(p.name).status === 'stopped').map((p) => p.name);
    expect(poisoned.length).toBeGreaterThan(0);

    await until(settled(runner), 'the threaded feed');
    await runner.onApplicationShutdown();
    const healthy = PROJECTIONS.map((p) => p.name).filter((name) => !poisoned.includes(name));
    for (const name of healthy) expect(runner.health(name).status).toBe('running');
    await expectEqual(reads, expected, healthy);
    for (const name of poisoned) {
      expect(runner.health(name)).toMatchObject({ status: 'stopped', failedPosition: poisonAt });
      expect(runner.health(name).error).toBe(onThisThread.health(name).error);
      expect(await reads.checkpoint(name)).toBeLessThan(poisonAt);
    }
    // The erased customers' names are in no read model (they were before the erasure).
    for (const name of ['operational_view', 'customer_search']) {
      const documents = JSON.stringify(await allDocuments(reads, name));
      for (const id of customerIds.slice(0, 2)) expect(documents).not.toContain(names.get(id));
      expect(documents).toContain(names.get(customerIds[2]));
    }
  });

  it('swaps a rebuilt read model in while the threads run, and feeds it from a fresh attachment', async () => {
    const store = eventStore('swap');
    const reads = readStore('swap');
    const runner = await threadedRunner(store, reads);
    const half = Math.floor(scenario.length / 2);
    await appendInLogOrder(store, scenario.slice(0, half));
    await caughtUp(runner, await store.headPosition());
    // Events keep arriving while the copies are built and swapped in.
    const arriving = appendInLogOrder(store, scenario.slice(half));
    const rebuilt = ['lifecycle', 'operational_view'].map((name) => {
      const projection = findProjection(name);
      if (!projection) throw new Error(name);
      return runner.startRebuild(projection);
    });
    await arriving;
    await until(() => rebuilt.every((progress) => progress.state !== 'running'), 'the rebuilds');
    expect(rebuilt.map((progress) => progress.state)).toEqual(['done', 'done']);
    await appendInLogOrder(store, [erased(customerIds[2]), customer('late', registered('late', T0))]);
    const head = await store.headPosition();
    await caughtUp(runner, head);
    await runner.onApplicationShutdown();
    await expectEqual(
      reads,
      await reference(store, 'swap-reference', head),
      PROJECTIONS.map((p) => p.name),
    );
  });

  it('replaces a thread that died; its read models resume from their checkpoints', async () => {
    const store = eventStore('killed');
    const reads = readStore('killed');
    const runner = await threadedRunner(store, reads);
    await appendInLogOrder(store, scenario.slice(0, 500));
    await caughtUp(runner, await store.headPosition());
    // The thread holding the heaviest read model (lifecycle) ends as a crash would end it.
    const threads = (runner as unknown as { liveThreads: LiveThreads }).liveThreads;
    const thread = (threads as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads[0];
    await thread.worker.terminate();
    await appendInLogOrder(store, scenario.slice(500));
    const head = await store.headPosition();
    await caughtUp(runner, head);
    await until(() => PROJECTIONS.every((p) => runner.health(p.name).status === 'running'), 'every read model to run');
    await appendInLogOrder(store, [customer('later', registered('later', T0))]);
    await caughtUp(runner, head + 1);
    // Replaced, not revived: the read models it held were resumed onto a new thread.
    expect(threads['threads' as keyof LiveThreads]).not.toContain(thread);
    await runner.onApplicationShutdown();
    await expectEqual(
      reads,
      await reference(store, 'killed-reference', head + 1),
      PROJECTIONS.map((p) => p.name),
    );
  });
});
