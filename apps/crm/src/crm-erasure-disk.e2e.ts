// Erasure leaves nothing readable on disk (issue 15): after erasing a customer, none of their
// personal values can be found as raw bytes in any file of the data directory — read models,
// their write-ahead logs, the key store, the event store (ciphertext only) — while the CRM
// runs, and again after a normal stop.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { findOnDisk } from '@ledger/testing';
import { CrmUnderTest } from './test-support/crm-under-test';

const PERSONAL = {
  name: 'Philomena Wrenfeather',
  email: 'philomena.wrenfeather@example.org',
  phone: '+44 20 7946 0931',
  city: 'Tobermory-under-Wold',
  reason: 'asked about the quincunx warranty',
  complaint: 'kettle spouted marmalade everywhere',
};
const VALUES = Object.values(PERSONAL);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crm: erasure on disk', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  /** Reads a file of the data directory with a connection of its own (the CRM keeps running). */
  function readOnly<T>(file: string, read: (db: Database.Database) => T): T {
    const db = new Database(join(crm.dataDir, file), { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  /** Waits until every read model has committed up to `position`. */
  async function readModelsAt(position: number): Promise<void> {
    for (let i = 0; i < 250; i++) {
      const { body } = await crm.get<{ readModels: Array<{ checkpoint: number }> }>('/admin/projections');
      if (body.readModels.every((model) => model.checkpoint >= position)) return;
      await sleep(20);
    }
    throw new Error(`read models did not reach position ${position}`);
  }

  /** The scrub runs right after the read models commit: give it a moment, then report what is left. */
  async function stillOnDisk(): Promise<ReturnType<typeof findOnDisk>> {
    let found = findOnDisk(crm.dataDir, VALUES);
    for (let i = 0; i < 50 && found.length > 0; i++) {
      await sleep(20);
      found = findOnDisk(crm.dataDir, VALUES);
    }
    return found;
  }

  it('finds no erased value in any file of the data directory, running and after stop', async () => {
    const { name, email, phone, city, reason, complaint } = PERSONAL;
    const customer = { customerId: 'wren', kind: 'person', name, email, phone, city, country: 'GB' };
    expect((await crm.post('/customers', customer)).status).toBe(201);
    expect(
      (await crm.post('/customers/wren/contacts', { channel: 'phone', direction: 'inbound', reason })).status,
    ).toBe(201);
    const opened = await crm.post('/customers/wren/complaints', {
      caseId: 'case-wren-1',
      category: 'product',
      severity: 'high',
      channel: 'email',
      description: complaint,
    });
    expect(opened.status).toBe(201);
    await readModelsAt(opened.body.position);
    // The values are in the read models before erasure: the search below is not vacuous.
    const before = findOnDisk(crm.dataDir, VALUES);
    expect(new Set(before.map((hit) => hit.value))).toEqual(new Set(VALUES));
    // The event store only ever holds ciphertext for them.
    expect(before.filter((hit) => hit.file.startsWith('events.sqlite'))).toEqual([]);

    const erased = await crm.post('/customers/wren/erasure', { reason: 'data subject request' }, 'admin');
    expect(erased.status).toBe(201);
    await readModelsAt(erased.body.position);
    expect((await crm.get('/customers/wren', 'agent')).body).toMatchObject({ erased: true, profile: { name: null } });

    expect(await stillOnDisk()).toEqual([]);

    await crm.stop({ keepData: true });
    expect(findOnDisk(crm.dataDir, VALUES)).toEqual([]);
    crm = await CrmUnderTest.start({ dataDir: crm.dataDir });
    expect((await crm.get('/audit/customers/wren/verify', 'auditor')).body).toMatchObject({ intact: true });
  });

  it('destroys every pooled key the customer was sealed with, across restarts of the CRM', async () => {
    const { name, email, reason } = PERSONAL;
    await crm.post('/customers', { customerId: 'lark', kind: 'person', name, email, country: 'GB' });
    // A new life of the process: its key pool and in-memory bindings are new.
    await crm.stop({ keepData: true });
    crm = await CrmUnderTest.start({ dataDir: crm.dataDir });
    await crm.post('/customers/lark/contacts', { channel: 'phone', direction: 'inbound', reason });
    // The keys the stored (sealed) events name: enc:v2:<key id>:…
    const events = readOnly('events.sqlite', (db) =>
      db.prepare<[], { data: string }>("SELECT data FROM events WHERE stream_id = 'customer-lark'").all(),
    );
    const keyIds = [
      ...new Set(events.flatMap(({ data }) => [...data.matchAll(/enc:v2:(pool\/[\w-]+):/g)].map((m) => m[1]))),
    ];
    // One key per life of the process: both must go.
    expect(keyIds).toHaveLength(2);
    expect((await crm.post('/customers/lark/erasure', { reason: 'data subject request' }, 'admin')).status).toBe(201);

    const rows = readOnly('keys.sqlite', (db) =>
      keyIds.map((id) =>
        db
          .prepare<
            [string],
            { subject_id: string; key: Buffer | null; destroyed_at: string | null }
          >('SELECT subject_id, key, destroyed_at FROM data_keys WHERE subject_id = ?')
          .get(id),
      ),
    );
    expect(rows.map((row) => [row?.subject_id, row?.key, typeof row?.destroyed_at])).toEqual(
      keyIds.map((id) => [id, null, 'string']),
    );
    const history = await crm.get('/audit/customers/lark/events', 'auditor');
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain(reason);
  });
});
