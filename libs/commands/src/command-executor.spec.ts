import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import type { CustomerCommand } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PersonalDataVault, SqliteKeyStore } from '@ledger/personal-data';
import { CommandExecutor, type CommandOptions } from './command-executor';

const register = (customerId: string): CustomerCommand => ({
  type: 'RegisterCustomer',
  data: { customerId, kind: 'person', name: `Name of ${customerId}`, country: 'GB' },
});

const options = (commandId: string, idempotencyKeyGiven: boolean): CommandOptions => ({
  commandId,
  idempotencyKeyGiven,
  actor: 'channel:test',
  channel: 'api',
  requestHash: `hash-of-${commandId}`,
});

describe('CommandExecutor', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqliteKeyStore;
  let executor: CommandExecutor;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-executor-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    keys = SqliteKeyStore.open(join(dir, 'keys.sqlite'));
    const clock = { now: () => '2026-11-23T09:30:00.000Z' };
    executor = new CommandExecutor(store, loadConfig({ CRM_DATA_DIR: dir }), clock, new PersonalDataVault(keys));
  });
  afterEach(async () => {
    await store.close();
    keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores a new customer's key durably before appending the event sealed with it", async () => {
    const reader = SqliteKeyStore.open(join(dir, 'keys.sqlite')); // another connection: sees committed rows only
    const append = jest.spyOn(store, 'append');
    const keyAtAppend: Array<Buffer | null> = [];
    append.mockImplementation(function (this: SqliteEventStore, ...args) {
      keyAtAppend.push(reader.existingKey('ada'));
      return SqliteEventStore.prototype.append.apply(this, args);
    });

    await executor.executeCustomer(register('ada'), options('cmd-1', false));
    reader.close();
    expect(keyAtAppend).toHaveLength(1);
    expect(keyAtAppend[0]).toBeInstanceOf(Buffer);
    const [stored] = await store.readStream('customer-ada');
    expect(JSON.stringify(stored.data)).not.toContain('Name of ada');
  });

  it('registers customers of one turn with one key transaction', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `c-${i}`);
    await Promise.all(ids.map((id) => executor.executeCustomer(register(id), options(`cmd-${id}`, false))));
    expect(keys.stats()).toEqual({ transactions: 1, keys: 20 });
  });

  it('answers a retry with the same idempotency key from the log, appending nothing', async () => {
    const first = await executor.executeCustomer(register('ada'), options('key-1', true));
    const retry = await executor.executeCustomer(register('ada'), options('key-1', true));
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await store.readStream('customer-ada')).toHaveLength(1);
  });

  it('does not search the log for an earlier result when the caller sent no idempotency key', async () => {
    const readEvent = jest.spyOn(store, 'readEvent');
    await executor.executeCustomer(register('ada'), options('generated-1', false));
    expect(readEvent).not.toHaveBeenCalled();
    await executor.executeCustomer(register('bob'), options('key-2', true));
    expect(readEvent).toHaveBeenCalledTimes(1);
  });
});
