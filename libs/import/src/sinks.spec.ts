// The bulk path of --data-dir against the ordinary one: the same items through the embedded sink
// (states kept between chunks, one commit per chunk) and one by one through the CommandExecutor,
// as POST /commands/batch runs them, give the same outcomes and the same log; the chain verifies;
// and the read models the CRM catches up on its next start equal a rebuild from the log.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAll } from '@ledger/audit';
import { loadConfig, systemClock } from '@ledger/config';
import { CommandExecutor, prepareItem, runItem, type BatchItem, type BatchItemResult } from '@ledger/commands';
import type { RecordedEvent } from '@ledger/domain';
import { SqliteEventStore, eventStoreFile, openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { openPersonalDataVault } from '@ledger/personal-data';
import { PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import type { ReadDocument } from '@ledger/read-store';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { loadMapping } from './mapping';
import { EmbeddedSink } from './embedded-sink';
import { SAMPLE, SAMPLE_MAPPING, allEvents, importFile, tempDirs, writeIn } from './test-support/import-fixtures';

const tmp = tempDirs();
const ENV = { CRM_LOG_LEVEL: 'silent', CRM_STAFF_REFERENCES: 'free-text' };
const CALLER = { principal: { actor: 'import' }, headers: { 'x-source-channel': 'import' } };
const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T10:00:00.000Z`;

const register = (id: string, day: number, key = `reg-${id}`): BatchItem => ({
  command: 'RegisterCustomer',
  idempotencyKey: key,
  body: { customerId: id, kind: 'person', name: `Customer ${id}`, email: `${id}@ledger.test`, occurredAt: at(day) },
});
const purchase = (id: string, order: string, day: number): BatchItem => ({
  command: 'RecordPurchase',
  customerId: id,
  idempotencyKey: `buy-${id}-${order}`,
  body: {
    orderId: order,
    lines: [{ sku: 'CD', quantity: 2, unitPrice: 9.99 }],
    currency: 'USD',
    channel: 'web',
    occurredAt: at(day),
  },
});

/** Customers interleaved across chunks, refusals of every kind, and commands the bulk path hands on. */
function items(): BatchItem[] {
  return [
    register('c1', 1),
    purchase('c1', 'o1', 2),
    register('c2', 2),
    purchase('c2', 'o2', 3),
    purchase('c1', 'o1', 3), // the same order again: refused by the decider
    {
      command: 'AssignAccountManager',
      customerId: 'c1',
      idempotencyKey: 'am-c1',
      body: { accountManagerId: 'm1', occurredAt: at(3) },
    },
    purchase('c1', 'o3', 4), // decided on the state the executor's command left
    purchase('ghost', 'o4', 4), // an unknown customer
    { command: 'RecordPurchase', customerId: 'c2', idempotencyKey: 'bad', body: { orderId: 'o5', lines: [] } },
    register('c1', 5, 'reg-c1-again'), // registered already
    {
      command: 'RecordContact',
      customerId: 'c2',
      idempotencyKey: 'contact-c2',
      body: { channel: 'phone', direction: 'inbound', reason: 'delivery', occurredAt: at(6) },
    },
    {
      command: 'FlagKeyAccount',
      customerId: 'c2',
      idempotencyKey: 'key-c2',
      body: { keyAccount: true, occurredAt: at(6) },
    },
    purchase('c2', 'o6', 7),
  ];
}

async function viaSink(dataDir: string, all: BatchItem[], chunk: number) {
  const sink = EmbeddedSink.open(dataDir, ENV);
  const results: BatchItemResult[] = [];
  try {
    for (let i = 0; i < all.length; i += chunk) {
      const part = await sink.send(all.slice(i, i + chunk));
      results.push(...part.map((r) => ({ ...r, index: r.index + i })));
    }
    return { results, stats: sink.stats() };
  } finally {
    await sink.close();
  }
}

/**
 * Commands run the ordinary way on the data directory, by a writer the store's lock does not see
 * (a CRM of a version before it): the importer's writes must survive it all the same.
 */
async function viaExecutor(dataDir: string, all: BatchItem[]) {
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ ...ENV, CRM_DATA_DIR: dataDir });
  const store = SqliteEventStore.open({ file: eventStoreFile(dataDir), lock: 'none' });
  const vault = openPersonalDataVault(dataDir);
  const executor = new CommandExecutor(store, config, systemClock, vault);
  const results: BatchItemResult[] = [];
  try {
    for (const [index, item] of all.entries()) {
      const prepared = await prepareItem(item, index, CALLER);
      results.push(await runItem(prepared, index, (command, options) => executor.execute(command, options)));
    }
    return results;
  } finally {
    await store.close();
    await vault.close();
  }
}

/**
 * What both paths must agree on: everything but record time and what hashes it (positions
 * included); sealed fields only as sealed (each data directory has its own keys and nonces).
 */
const content = ({ eventId, streamId, revision, position, type, data, metadata }: RecordedEvent) => ({
  eventId,
  streamId,
  revision,
  position,
  type,
  data: JSON.parse(JSON.stringify(data).replace(/"enc:v[12]:[^"]*"/g, '"sealed"')) as unknown,
  metadata,
});
const outcome = (r: BatchItemResult) => ({
  status: r.status,
  code: r.error?.code,
  events: r.result?.events.map((e) => [e.type, e.revision]),
});

describe('the bulk path of --data-dir', () => {
  it('gives the outcomes and the log that the executor gives, item by item', async () => {
    const bulk = join(tmp.dir, 'bulk');
    const plain = join(tmp.dir, 'plain');
    const { results, stats } = await viaSink(bulk, items(), 5);
    const expected = await viaExecutor(plain, items());
    expect(results.map(outcome)).toEqual(expected.map(outcome));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 422, 201, 201, 404, 400, 409, 201, 201, 201]);
    const written = await allEvents(bulk);
    expect(written.map(content)).toEqual((await allEvents(plain)).map(content));
    // Personal fields went in sealed, as on the ordinary path.
    expect(JSON.stringify(written[0].data)).not.toContain('c1@ledger.test');
    const store = openEmbeddedEventStore(bulk);
    expect(await verifyAll(store, () => undefined)).toBe(0);
    await store.close();
    // Chunks of 5: the commands decided in bulk share one transaction per chunk (3); the account
    // manager's assignment, handed on to the executor, commits on its own.
    expect(stats.transactions).toBe(4);
    expect(stats.events).toBe(written.length);
  });

  it('answers a chunk sent again from the log, deciding and writing nothing', async () => {
    const dataDir = join(tmp.dir, 'data');
    await viaSink(dataDir, items(), 100);
    const before = await allEvents(dataDir);
    const again = await viaSink(dataDir, items(), 100);
    expect(again.stats.transactions).toBe(0);
    const replayed = again.results.filter((r) => r.result?.replayed).length;
    expect(replayed).toBe(before.length); // one event per written command
    expect(await allEvents(dataDir)).toEqual(before);
  });
});

describe('the bulk path and another writer', () => {
  it('decides again, through the executor, a command whose stream another writer changed meanwhile', async () => {
    const dataDir = join(tmp.dir, 'data');
    const sink = EmbeddedSink.open(dataDir, ENV);
    try {
      await sink.send([register('c1', 1), purchase('c1', 'o1', 2)]);
      // Someone else (a CRM started against the rules) records o2: the sink's kept state is stale.
      expect((await viaExecutor(dataDir, [purchase('c1', 'o2', 3)]))[0].status).toBe(201);
      const [late] = await sink.send([purchase('c1', 'o3', 4)]);
      expect(late).toMatchObject({ status: 201, result: { revision: 3, replayed: false } });
    } finally {
      await sink.close();
    }
    const log = await allEvents(dataDir);
    expect(log.map((e) => [e.revision, (e.data as { orderId?: string }).orderId ?? e.type])).toEqual([
      [0, 'CustomerRegistered'],
      [1, 'o1'],
      [2, 'o2'],
      [3, 'o3'],
    ]);
  });
});

describe("a stream's consecutive commands, appended as one", () => {
  it('are recorded each with its own revision and position, and decided again together when another writer got in first', async () => {
    const dataDir = join(tmp.dir, 'data');
    const sink = EmbeddedSink.open(dataDir, ENV);
    try {
      const first = await sink.send([register('c1', 1), purchase('c1', 'o1', 2), purchase('c1', 'o2', 3)]);
      expect(first.map((r) => [r.status, r.result?.revision])).toEqual([
        [201, 0],
        [201, 1],
        [201, 2],
      ]);
      expect(sink.stats()).toMatchObject({ transactions: 1, appends: 1, events: 3 });
      expect((await viaExecutor(dataDir, [purchase('c1', 'o3', 4)]))[0].status).toBe(201);
      // c1's run is refused as a whole (its state was stale); c2's run is written.
      const late = await sink.send([
        purchase('c1', 'o4', 5),
        purchase('c1', 'o5', 6),
        register('c2', 7),
        purchase('c2', 'o6', 8),
      ]);
      expect(late.map((r) => [r.status, r.result?.revision, r.result?.replayed])).toEqual([
        [201, 4, false],
        [201, 5, false],
        [201, 0, false],
        [201, 1, false],
      ]);
      // A new customer's command is not looked up first: a key reused from another customer is
      // found by the store at the append, and answered by the executor as the probe would have.
      const reused = await sink.send([register('c3', 9, 'reg-c1'), purchase('c3', 'o7', 9)]);
      expect(reused.map((r) => [r.status, r.error?.code])).toEqual([
        [422, 'IDEMPOTENCY_KEY_REUSED'],
        [404, 'UNKNOWN_CUSTOMER'],
      ]);
    } finally {
      await sink.close();
    }
    const log = await allEvents(dataDir);
    const named = (e: (typeof log)[number]) => (e.data as { orderId?: string }).orderId ?? e.type;
    expect(log.filter((e) => e.streamId.endsWith('c1')).map((e) => [e.revision, named(e)])).toEqual([
      [0, 'CustomerRegistered'],
      [1, 'o1'],
      [2, 'o2'],
      [3, 'o3'],
      [4, 'o4'],
      [5, 'o5'],
    ]);
    expect(log.map((e) => e.position)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((e) => e.streamId.endsWith('c3'))).toEqual([]);
  });
});

describe('read models after an import with --data-dir', () => {
  async function documents(reads: EmbeddedReadStore, collection: string): Promise<ReadDocument[]> {
    const docs: ReadDocument[] = [];
    for await (const page of reads.scan(collection, 1000)) docs.push(...page);
    return docs;
  }

  /** The read side as the CRM starts it: catch up from the stored checkpoints to the log's head. */
  async function startReadSide(dataDir: string) {
    const store = openEmbeddedEventStore(dataDir);
    const reads = EmbeddedReadStore.open({ file: join(dataDir, 'reads.sqlite') });
    const runner = new ProjectionRunner(store, reads);
    await runner.onApplicationBootstrap();
    const head = await store.headPosition();
    const deadline = Date.now() + 60_000;
    while (PROJECTIONS.some((p) => runner.checkpoint(p.name) < head)) {
      if (Date.now() > deadline) throw new Error('the read models did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return {
      reads,
      runner,
      close: async () => {
        await runner.onApplicationShutdown();
        await store.close();
        await reads.close();
      },
    };
  }

  it('are caught up on the next start and equal a rebuild from the log', async () => {
    const dataDir = join(tmp.dir, 'data');
    const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');
    const first = writeIn(tmp.dir, 'first.txt', `${lines.slice(0, 800).join('\n')}\n`);
    const second = writeIn(tmp.dir, 'second.txt', `${lines.slice(800, 1600).join('\n')}\n`);
    const mapping = loadMapping(SAMPLE_MAPPING);
    await importFile(tmp.dir, first, mapping, { dataDir });
    // The CRM ran once (read models at the first import's head), then stopped for the second.
    await (await startReadSide(dataDir)).close();
    await importFile(tmp.dir, second, mapping, { dataDir });

    const side = await startReadSide(dataDir);
    try {
      for (const projection of PROJECTIONS) {
        const copy = `${projection.name}__verify`;
        await side.runner.replayInto(projection, copy);
        const live = await documents(side.reads, projection.name);
        expect(JSON.stringify(await documents(side.reads, copy))).toBe(JSON.stringify(live));
      }
      const customers = await documents(side.reads, 'customer_search');
      expect(customers.length).toBeGreaterThan(300);
    } finally {
      await side.close();
    }
  }, 120_000);
});
