// The merge rules against the real embedded store: whom a customer is merged into is found in
// the log (the merge is recorded in the survivor's stream), also when another writer put it
// there, and two merges of one customer at once leave it under one survivor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { randomUUID } from 'node:crypto';
import { BusinessRuleViolation, type CustomerCommand, type NewEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PersonalDataVault, SqliteKeyStore } from '@ledger/personal-data';
import { CommandExecutor, type CommandOptions } from './command-executor';
import { MergeIndex } from './merge-index';

const register = (customerId: string): CustomerCommand => ({
  type: 'RegisterCustomer',
  data: { customerId, kind: 'person', name: `Name of ${customerId}` },
});
const merge = (customerId: string, mergedCustomerId: string): CustomerCommand => ({
  type: 'MergeCustomers',
  data: { customerId, mergedCustomerId },
});
const unmerge = (customerId: string, mergedCustomerId: string): CustomerCommand => ({
  type: 'UnmergeCustomers',
  data: { customerId, mergedCustomerId },
});
let n = 0;
const options = (): CommandOptions => ({
  commandId: `cmd-${++n}`,
  idempotencyKeyGiven: false,
  actor: 'channel:test',
  channel: 'api',
  requestHash: `hash-${n}`,
});
/** An event as another writer appends it. */
const newEvent = (type: string, data: Record<string, unknown>): NewEvent => {
  const id = randomUUID();
  const metadata = { commandId: id, correlationId: id, causationId: id, actor: 'channel:test', channel: 'api' };
  return { eventId: id, type, schemaVersion: 1, data, metadata } as NewEvent;
};
/** A merge as a log from before the rule may hold it. */
const mergedEvent = (survivor: string, mergedCustomerId: string) =>
  newEvent('CustomersMerged', { customerId: survivor, mergedCustomerId, occurredAt: '2026-01-05T10:00:00.000Z' });
const contact = () =>
  newEvent('ContactRecorded', {
    customerId: 'x',
    contactId: randomUUID(),
    channel: 'phone',
    direction: 'inbound',
    occurredAt: '2026-01-05T10:00:00.000Z',
  });

describe('CommandExecutor: merges', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqliteKeyStore;
  let executor: CommandExecutor;
  const run = (command: CustomerCommand) => executor.executeCustomer(command, options());
  const refusal = async (command: CustomerCommand) => {
    const error = await run(command).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BusinessRuleViolation);
    return error as BusinessRuleViolation;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-merge-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    keys = SqliteKeyStore.open(join(dir, 'keys.sqlite'));
    const clock = { now: () => '2026-11-23T09:30:00.000Z' };
    executor = new CommandExecutor(store, loadConfig({ CRM_DATA_DIR: dir }), clock, new PersonalDataVault(keys));
    for (const id of ['a', 'b', 'c', 'd']) await run(register(id));
  });
  afterEach(async () => {
    await store.close();
    keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second survivor until the first lets go', async () => {
    await run(merge('a', 'c'));
    const second = await refusal(merge('b', 'c'));
    expect(second).toMatchObject({ code: 'MERGED_ELSEWHERE', field: 'mergedCustomerId' });
    expect(second.message).toContain("'a'");
    await run(unmerge('a', 'c'));
    expect((await run(merge('b', 'c'))).events.map((e) => e.type)).toEqual(['CustomersMerged']);
  });

  it('takes a survivor with its group, but nothing into a customer merged away (naming the top survivor)', async () => {
    await run(merge('a', 'c'));
    expect(await refusal(merge('d', 'c'))).toMatchObject({ code: 'MERGED_ELSEWHERE' });
    expect(await refusal(merge('c', 'b'))).toMatchObject({ code: 'SURVIVOR_MERGED_AWAY', field: 'customerId' });
    await run(merge('d', 'a'));
    const deeper = await refusal(merge('a', 'b'));
    expect(deeper).toMatchObject({ code: 'SURVIVOR_MERGED_AWAY', field: 'customerId' });
    expect(deeper.message).toContain("'d'");
    expect(await refusal(merge('c', 'd'))).toMatchObject({ code: 'MERGE_CYCLE' });
  });

  it('leaves a customer merged into two survivors at once under exactly one of them', async () => {
    const outcomes = await Promise.allSettled([run(merge('a', 'c')), run(merge('b', 'c'))]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const merges = (await store.readAll()).filter((e) => e.type === 'CustomersMerged');
    expect(merges).toHaveLength(1);
  });

  it('finds a merge another writer appended, and a double merge from an older log still blocks a third', async () => {
    await store.append('customer-a', [mergedEvent('a', 'c')], 'any');
    await store.append('customer-b', [mergedEvent('b', 'c')], 'any');
    await store.append('customer-x', [contact(), contact()], 'any');
    expect(await refusal(merge('d', 'c'))).toMatchObject({ code: 'MERGED_ELSEWHERE' });
    executor.forgetCustomer('a');
    await run(unmerge('a', 'c'));
    expect(await refusal(merge('d', 'c'))).toMatchObject({ code: 'MERGED_ELSEWHERE' });
    executor.forgetCustomer('b');
    await run(unmerge('b', 'c'));
    expect((await run(merge('d', 'c'))).events).toHaveLength(1);
  });
});

describe('MergeIndex', () => {
  it('reads the log once, then only what was appended since', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-merge-index-'));
    const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    try {
      await store.append('customer-a', [mergedEvent('a', 'c')], 'any');
      await store.append('campaign-x', [mergedEvent('z', 'c')], 'any'); // not a customer stream: ignored
      const index = new MergeIndex(store);
      const readAll = jest.spyOn(store, 'readAll');
      await index.catchUp();
      expect(index.survivorsOf('c')).toEqual(['a']);
      expect(index.topSurvivorOf('c')).toBe('a');
      await store.append('customer-b', [mergedEvent('b', 'a')], 'any');
      await index.catchUp();
      // The second look starts after the head the first one saw, and asks for the merges only.
      expect(readAll.mock.calls.map(([o]) => [o?.fromPosition, o?.eventTypes])).toEqual([
        [0, ['CustomersMerged', 'CustomersUnmerged']],
        [2, ['CustomersMerged', 'CustomersUnmerged']],
      ]);
      expect(index.topSurvivorOf('c')).toBe('b');
      expect(index.topSurvivorOf('b')).toBeNull();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
