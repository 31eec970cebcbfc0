// The bulk path as POST /commands/batch runs it, on the executor's state cache: a batch's appends
// share one transaction, the executor runs what it alone decides, and every command is timed
// once for /metrics (by the bulk path or by the executor, never both).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PersonalDataVault, SqliteKeyStore } from '@ledger/personal-data';
import { BulkCommandWriter } from './batch-bulk';
import { eventsToAppend } from './command-events';
import { prepareItem, type BatchItem } from './batch-item-prepare';
import { CommandExecutor } from './command-executor';
import { firstEventId } from './command-results';

const at = '2026-11-02T10:00:00.000Z';
const ITEMS: BatchItem[] = [
  { command: 'RegisterCustomer', idempotencyKey: 'r1', body: { customerId: 'b1', kind: 'person', name: 'Bo' } },
  {
    command: 'RecordPurchase',
    customerId: 'b1',
    idempotencyKey: 'p1',
    body: {
      orderId: 'o1',
      lines: [{ sku: 'A', quantity: 1, unitPrice: 2 }],
      currency: 'EUR',
      channel: 'web',
      occurredAt: at,
    },
  },
  {
    command: 'AssignAccountManager',
    customerId: 'b1',
    idempotencyKey: 'm1',
    body: { accountManagerId: 'nobody', occurredAt: at },
  },
  {
    command: 'RecordContact',
    customerId: 'ghost',
    idempotencyKey: 'c1',
    body: { channel: 'web', direction: 'inbound', reason: 'x', occurredAt: at },
  },
  { command: 'RecordContact', customerId: 'b1', body: { channel: 'pigeon', reason: 'x' } },
];

describe('BulkCommandWriter on the executor', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqliteKeyStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-bulk-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    keys = SqliteKeyStore.open(join(dir, 'keys.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the decided appends together and times each command once', async () => {
    const clock = { now: () => '2026-11-23T09:30:00.000Z' };
    const config = loadConfig({ CRM_DATA_DIR: dir });
    const vault = new PersonalDataVault(keys);
    const executor = new CommandExecutor(store, config, clock, vault);
    const timed: string[] = [];
    const writer = new BulkCommandWriter(
      store,
      vault,
      config,
      clock,
      (command, options) => executor.execute(command, options),
      executor.customerStates(),
      (command, outcome) => timed.push(`${command}:${outcome}`),
    );
    const caller = { principal: { actor: 'test' }, headers: {} };
    const prepared = await Promise.all(ITEMS.map((item, i) => prepareItem(item, i, caller)));
    const results = await writer.run(prepared);

    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      [201, undefined],
      [201, undefined],
      [422, 'UNKNOWN_USER'], // the directory check is the executor's
      [404, 'UNKNOWN_CUSTOMER'],
      [400, 'VALIDATION_FAILED'],
    ]);
    // The customer's registration and purchase are consecutive: one append of their two events.
    expect(store.stats()).toMatchObject({ transactions: 1, appends: 1, events: 2 });
    // The executor timed the assignment itself; malformed input is not a command.
    expect(timed).toEqual(['RegisterCustomer:ok', 'RecordPurchase:ok', 'RecordContact:refused']);
    // The shared cache saw the appends: the executor decides the next command on them.
    expect((await executor.customerStates().load('customer-b1')).revision).toBe(1);
  });

  it("probes a chunk's keys at once: only commands found in the log are looked up, a key repeated in the chunk is answered as a replay", async () => {
    const clock = { now: () => '2026-11-23T09:30:00.000Z' };
    const config = loadConfig({ CRM_DATA_DIR: dir });
    const vault = new PersonalDataVault(keys);
    const executor = new CommandExecutor(store, config, clock, vault);
    const writer = new BulkCommandWriter(store, vault, config, clock, (c, o) => executor.execute(c, o));
    const caller = { principal: { actor: 'test' }, headers: {} };
    const purchase = (orderId: string) => ({ ...ITEMS[1], body: { ...ITEMS[1].body, orderId } });
    const chunk: BatchItem[] = [
      ITEMS[0],
      { ...purchase('o1'), idempotencyKey: 'p1' },
      { ...purchase('o1'), idempotencyKey: 'p1' }, // the same command again, in the same chunk
      { ...purchase('o2'), idempotencyKey: 'p2' },
      { ...purchase('o3'), idempotencyKey: 'p2' }, // the key reused for another request
    ];
    const prepare = () => Promise.all(chunk.map((item, i) => prepareItem(item, i, caller)));
    const lookups = jest.spyOn(store, 'readEvent');

    const first = await writer.run(await prepare());
    expect(first.map((r) => [r.status, r.result?.replayed ?? r.error?.code])).toEqual([
      [201, false],
      [201, false],
      [200, true],
      [201, false],
      [422, 'IDEMPOTENCY_KEY_REUSED'],
    ]);
    expect(first[2].result).toEqual({ ...first[1].result, replayed: true });
    // Found by the probes (the chunk's, and the rest's again after the commit the repeat needs): p1 and p2.
    expect(lookups).toHaveBeenCalledTimes(2);
    expect(store.stats()).toMatchObject({ events: 3 });

    lookups.mockClear();
    const again = await writer.run(await prepare());
    expect(again.map((r) => [r.status, r.result?.replayed ?? r.error?.code])).toEqual([
      [200, true],
      [200, true],
      [200, true],
      [200, true],
      [422, 'IDEMPOTENCY_KEY_REUSED'],
    ]);
    expect(again.slice(0, 4).map((r) => r.result?.events)).toEqual(first.slice(0, 4).map((r) => r.result?.events));
    expect(lookups).toHaveBeenCalledTimes(5);
    expect(store.stats()).toMatchObject({ events: 3 });
  });

  it('asks a store without a bulk probe once per keyed command, however many executor items the chunk holds', async () => {
    const clock = { now: () => '2026-11-23T09:30:00.000Z' };
    const config = loadConfig({ CRM_DATA_DIR: dir });
    const vault = new PersonalDataVault(keys);
    // The store as an adapter without existingEventIds sees it (EventStoreDB): readEvent per id.
    const plain = Object.create(store, { existingEventIds: { value: undefined } }) as SqliteEventStore;
    const executor = new CommandExecutor(plain, config, clock, vault);
    const writer = new BulkCommandWriter(plain, vault, config, clock, (c, o) => executor.execute(c, o));
    const caller = { principal: { actor: 'test' }, headers: {} };
    const lookups = jest.spyOn(store, 'readEvent');
    // A customer with no events yet: no command of theirs can be in the log, so none is asked.
    expect((await writer.run([await prepareItem(ITEMS[0], 0, caller)]))[0].status).toBe(201);
    expect(lookups).not.toHaveBeenCalled();

    const chunk: BatchItem[] = Array.from({ length: 10 }, (_, i): BatchItem[] => [
      { ...ITEMS[3], customerId: 'b1', idempotencyKey: `c${i}` },
      { ...ITEMS[2], idempotencyKey: `m${i}` }, // run by the executor: refused, nobody is a manager
    ]).flat();
    const results = await writer.run(await Promise.all(chunk.map((item, i) => prepareItem(item, i, caller))));

    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => [201, 422]).flat());
    // 20 keys, each asked once: the 10 decided here by the probe, the executor's 10 by the
    // executor; not the rest of the chunk again after every executor item (110 look-ups).
    expect(lookups.mock.calls.length).toBe(20);
  });

  it('derives the first event id as firstEventId does, whether or not the caller hands it over', () => {
    const options = { commandId: 'k-1', actor: 'test', channel: 'web', requestHash: 'h', idempotencyKeyGiven: true };
    const events = [
      { type: 'CustomerRegistered', data: { customerId: 'b1', kind: 'person', name: 'Bo', occurredAt: at } },
      { type: 'ConsentGiven', data: { customerId: 'b1', channel: 'email', purpose: 'marketing', occurredAt: at } },
    ] as Parameters<typeof eventsToAppend>[0];
    const derived = eventsToAppend(events, options).map((e) => e.eventId);
    expect(derived[0]).toBe(firstEventId(options));
    expect(eventsToAppend(events, options, firstEventId(options)).map((e) => e.eventId)).toEqual(derived);
    expect(new Set(derived).size).toBe(2);
  });
});
