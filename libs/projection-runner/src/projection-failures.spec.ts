// A failing embedded projection is never silently stopped (issue 15): a read store that is
// unavailable (here: locked by another connection) is retried with backoff until it answers;
// an event a projection cannot apply stops that read model with the error and the event's
// position shown, while the others go on. Readiness reports both.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { Readiness } from '@ledger/http';
import { registered } from '@ledger/projections/test-support';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { appendInLogOrder } from '@ledger/testing';
import { ProjectionRunner } from './projection-runner';
import { PROJECTIONS } from './projections.catalogue';

const T0 = '2026-03-01T10:00:00.000Z';

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('embedded projection failures', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let runner: ProjectionRunner;
  let readiness: Readiness;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-failures-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite'), busyTimeoutMs: 20 });
    readiness = new Readiness();
    runner = new ProjectionRunner(store, reads, undefined, undefined, readiness);
    await runner.onApplicationBootstrap();
  });
  afterEach(async () => {
    await runner.onApplicationShutdown();
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const allAt = (position: number) => PROJECTIONS.every((p) => runner.checkpoint(p.name) >= position);

  it('retries with backoff while the read store is unavailable, then catches up', async () => {
    await appendInLogOrder(store, [{ streamId: 'customer-a', event: registered('a', T0) }]);
    await until(() => allAt(1), 'the first event');

    const locker = new Database(join(dir, 'reads.sqlite'));
    locker.exec('BEGIN IMMEDIATE'); // another writer holds the lock: every commit times out
    await appendInLogOrder(store, [{ streamId: 'customer-b', event: registered('b', T0) }]);
    const name = 'operational_view';
    await until(() => runner.health(name).status === 'retrying', 'a retry to be scheduled');
    expect(runner.health(name)).toMatchObject({
      status: 'retrying',
      error: expect.stringMatching(/^read store unavailable: .*database is locked/),
      retry: { attempt: expect.any(Number), nextAt: expect.any(String) },
    });
    await until(() => (runner.health(name).retry?.attempt ?? 0) >= 2, 'a second attempt');
    const report = await readiness.report();
    expect(report.ready).toBe(false);
    expect(report.checks[0].detail).toEqual(
      expect.arrayContaining([{ name: 'operational-view', status: 'retrying', error: expect.any(String) }]),
    );

    locker.exec('COMMIT');
    locker.close();
    await until(() => allAt(2) && PROJECTIONS.every((p) => runner.health(p.name).status === 'running'), 'recovery');
    expect(await reads.get('operational_view', 'b')).toMatchObject({ customerId: 'b' });
    expect((await readiness.report()).ready).toBe(true);
    // Still fed after recovering: a later event arrives as usual.
    await appendInLogOrder(store, [{ streamId: 'customer-c', event: registered('c', T0) }]);
    await until(() => allAt(3), 'an event after the recovery');
  });

  it('stops a read model at an event it cannot apply, shows why and where; the others go on', async () => {
    await appendInLogOrder(store, [{ streamId: 'customer-a', event: registered('a', T0) }]);
    // Written past the command side's validation, as a bug or a hand-edited import could.
    const poison = {
      type: 'PurchaseRecorded',
      data: { customerId: 'a', lines: 7, occurredAt: T0 },
    } as unknown as CrmEvent;
    await appendInLogOrder(store, [{ streamId: 'customer-a', event: poison }]);
    await appendInLogOrder(store, [{ streamId: 'customer-z', event: registered('z', T0) }]);

    await until(() => PROJECTIONS.some((p) => runner.health(p.name).status === 'stopped'), 'a stopped read model');
    const stopped = PROJECTIONS.filter((p) => runner.health(p.name).status === 'stopped');
    for (const projection of stopped) {
      expect(runner.health(projection.name)).toMatchObject({
        status: 'stopped',
        failedPosition: 2,
        error: expect.stringMatching(/^PurchaseRecorded at position 2 \(.+\) cannot be applied: /),
      });
      expect(runner.checkpoint(projection.name)).toBeLessThan(2);
    }
    const others = PROJECTIONS.filter((p) => !stopped.includes(p));
    expect(others.length).toBeGreaterThan(0);
    await until(() => others.every((p) => runner.checkpoint(p.name) >= 3), 'the other read models');
    // Stopped means stopped: no retry is scheduled for a poison event.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runner.health(stopped[0].name)).toMatchObject({ status: 'stopped', retry: null });
    const report = await readiness.report();
    expect(report.ready).toBe(false);
    expect(JSON.stringify(report.checks)).toContain('"status":"stopped"');
  });
});
