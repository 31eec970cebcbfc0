// The right to be forgotten on the running app: personal fields are encrypted at rest; after
// erasure no read model, export, replay, rebuild or log line shows them, the facts stay, the
// hash chain still verifies and nothing more can be recorded for the customer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrmUnderTest } from './test-support/crm-under-test';

// `topic` is free text an agent types (issue 15): personal, like a contact's reason.
const PERSONAL = [
  'Lovelace',
  'ada@example.com',
  'London',
  'my divorce',
  'tax arrears',
  'broken on arrival',
  'loved it',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const showsNothingPersonal = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const secret of PERSONAL) expect([secret, text.includes(secret)]).toEqual([secret, false]);
};

describe('crm: erasure (crypto-shredding)', () => {
  let crm: CrmUnderTest;
  const output: string[] = [];
  const writes = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    return { stream, original };
  });

  beforeAll(async () => {
    for (const { stream } of writes) {
      // Captured, not echoed: the app logs at info level here only so the test can read it.
      stream.write = ((chunk: unknown) => output.push(String(chunk)) > 0) as typeof stream.write;
    }
    crm = await CrmUnderTest.start({ env: { CRM_LOG_LEVEL: 'info' } });
    await crm.post('/customers', {
      customerId: 'ada',
      kind: 'person',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      city: 'London',
      country: 'GB',
      gender: 'female',
    });
    await crm.post('/customers/ada/contacts', { channel: 'phone', direction: 'inbound', reason: 'about my divorce' });
    await crm.post('/customers/ada/purchases', {
      orderId: 'o-1',
      lines: [{ sku: 'GRD-1', quantity: 1, unitPrice: 120 }],
      currency: 'EUR',
      channel: 'web',
    });
    await crm.post('/customers/ada/complaints', {
      caseId: 'c-1',
      category: 'delivery',
      severity: 'low',
      channel: 'email',
      description: 'grinder broken on arrival',
    });
    await crm.post('/customers/ada/feedback', { kind: 'csat', score: 5, channel: 'email', comment: 'loved it' });
    await crm.post('/customers/ada/information-requests', {
      topic: 'payment plan for my tax arrears',
      channel: 'phone',
    });
  });
  afterAll(async () => {
    for (const { stream, original } of writes) stream.write = original as typeof stream.write;
    await crm.stop();
  });

  it('keeps personal fields encrypted at rest, readable to agents and auditors before erasure', async () => {
    // Recent commits still sit in the write-ahead log: read both files.
    const file = ['events.sqlite', 'events.sqlite-wal']
      .map((name) =>
        existsSync(join(crm.dataDir, name)) ? readFileSync(join(crm.dataDir, name)).toString('latin1') : '',
      )
      .join('');
    expect(file).not.toContain('Lovelace');
    expect(file).not.toContain('tax arrears');
    // A new customer's key comes from the key pool, and the sealed values name it (enc:v2:).
    expect(file).toMatch(/enc:v2:pool\/[\w-]+:/);
    expect(file).toContain('"country":"GB"');
    const view = await crm.get(`/customers/ada?minPosition=${await crm.head()}`, 'agent');
    expect(view.body.profile).toMatchObject({ name: 'Ada Lovelace', city: 'London' });
  });

  it('is admin only and refuses unknown customers', async () => {
    expect((await crm.post('/customers/ada/erasure', { reason: 'request' }, 'agent')).status).toBe(403);
    expect((await crm.post('/customers/ada/erasure', { reason: 'request' }, 'auditor')).status).toBe(403);
    expect((await crm.post('/customers/ada/erasure', { reason: 'request' }, null)).status).toBe(401);
    expect((await crm.post('/customers/nobody/erasure', { reason: 'request' }, 'admin')).status).toBe(404);
    expect((await crm.post('/customers/ada/erasure', {}, 'admin')).body.field).toBe('reason');
  });

  it('erases: read models, export, audit replay and rebuild show no personal data; facts and the chain remain', async () => {
    const erased = await crm.post('/customers/ada/erasure', { reason: 'GDPR art. 17 request' }, 'admin');
    expect(erased.status).toBe(201);
    expect(erased.body.events).toEqual([expect.objectContaining({ type: 'CustomerErased' })]);
    const again = await crm.post('/customers/ada/erasure', { reason: 'GDPR art. 17 request' }, 'admin');
    expect(again.status).toBe(200);

    const view = await crm.get(`/customers/ada?minPosition=${erased.body.position}`, 'agent');
    expect(view.body).toMatchObject({
      erased: true,
      profile: { name: null, email: null, city: null, country: 'GB', gender: 'female' },
      totals: { purchases: 1, spend: 120, contactsByChannel: { phone: 1 } },
    });
    showsNothingPersonal(view.body);
    showsNothingPersonal((await crm.get('/customers?country=GB', 'analyst')).body);
    const exported = await crm.get('/customers/ada/export', 'admin');
    expect(exported.body).toMatchObject({
      erased: true,
      purchases: [expect.objectContaining({ type: 'PurchaseRecorded' })],
    });
    expect(exported.body.purchases[0].data.amount).toBe(120);
    showsNothingPersonal(exported.body);
    for (const path of ['events', 'state', 'diff?from=2000-01-01', 'provenance?field=profile.name']) {
      const reply = await crm.get(`/audit/customers/ada/${path}`, 'auditor');
      expect([path, reply.status]).toEqual([path, 200]);
      showsNothingPersonal(reply.body);
    }
    const csv = await fetch(`${crm.url}/audit/customers/ada/events?format=csv`, {
      headers: { 'x-api-key': 'test-auditor-key-1' },
    });
    showsNothingPersonal(await csv.text());
    expect((await crm.get('/audit/customers/ada/verify', 'auditor')).body).toMatchObject({ intact: true, verified: 7 });
  });

  it('still shows no personal data after the read model is rebuilt from the log', async () => {
    await crm.request('POST', '/admin/projections/operational-view/rebuild', { as: 'admin' });
    let progress: any;
    for (let i = 0; i < 200 && progress?.state !== 'done'; i++) {
      await sleep(20);
      progress = (await crm.get('/admin/projections/operational-view/rebuild', 'admin')).body.progress;
    }
    expect(progress.state).toBe('done');
    const view = await crm.get('/customers/ada', 'agent');
    expect(view.body).toMatchObject({ erased: true, profile: { name: null }, totals: { spend: 120 } });
    showsNothingPersonal(view.body);
  });

  it('refuses further commands for the erased customer with 422 CUSTOMER_ERASED', async () => {
    const head = await crm.head();
    const contact = await crm.post('/customers/ada/contacts', {
      channel: 'web',
      direction: 'inbound',
      reason: 'hello',
    });
    expect(contact.status).toBe(422);
    expect(contact.body.code).toBe('CUSTOMER_ERASED');
    const register = await crm.post('/customers', { customerId: 'ada', kind: 'person', name: 'Ada Again' });
    expect(register.body.code).toBe('CUSTOMER_ERASED');
    expect(await crm.head()).toBe(head);
  });

  it('wrote no personal data to the log output', () => {
    expect(output.join('')).toContain('rebuilt operational-view'); // the capture worked
    showsNothingPersonal(output.join(''));
  });
});
