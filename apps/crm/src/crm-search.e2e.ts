// Finding a customer over real HTTP: Persian and Latin names whatever the letter forms and
// diacritics typed, phone digits, e-mail, customer and order ids; erasure takes the personal
// fields out of the index and out of the stored search document.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: customer search', () => {
  let crm: CrmUnderTest;
  let position = 0;

  const register = async (body: Record<string, unknown>) => {
    const reply = await crm.post('/customers', { kind: 'person', ...body });
    expect(reply.status).toBe(201);
    position = Math.max(position, reply.body.position);
  };
  const search = (q: string, extra = '', as: 'agent' | 'channel' = 'agent') =>
    crm.get(`/customers/search?q=${encodeURIComponent(q)}&minPosition=${position}${extra}`, as);
  const found = async (q: string) => (await search(q)).body.results.map((r: { customerId: string }) => r.customerId);

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    await register({ customerId: 'fa-1', name: 'علی رضایی', phone: '+98 912 345 6789', city: 'تهران', country: 'IR' });
    await register({ customerId: 'es-1', name: 'José Núñez', email: 'jose.nunez@example.es', country: 'ES' });
    await register({ customerId: 'gb-1', name: 'Ada Lovelace', email: 'ada@example.com', phone: '0044 20 7946 0958' });
    await register({ customerId: 'gb-2', name: 'Alan Turing', email: 'alan@example.com', phone: '+44 20 7123 4567' });
    const bought = await crm.post('/customers/es-1/purchases', {
      orderId: 'ORD-2026-0042',
      lines: [{ sku: 'TEA-1', quantity: 1, unitPrice: 12 }],
      currency: 'EUR',
      channel: 'web',
    });
    position = bought.body.position;
  });
  afterAll(() => crm.stop());

  it('finds a Persian name typed with Arabic letters, and by a prefix of any word', async () => {
    const reply = await search('علي');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      query: 'علي',
      results: [
        {
          customerId: 'fa-1',
          kind: 'person',
          name: 'علی رضایی',
          email: null,
          phone: '+98 912 345 6789',
          city: 'تهران',
          country: 'IR',
          matchedOn: ['name'],
        },
      ],
      position: expect.any(Number),
    });
    expect(reply.body.position).toBeGreaterThanOrEqual(position);
    expect(await found('رضا')).toEqual(['fa-1']);
    expect(await found('رضايي علي')).toEqual(['fa-1']);
  });

  it('finds a Latin name without its diacritics and in any case', async () => {
    expect(await found('jose')).toEqual(['es-1']);
    expect(await found('NUNEZ')).toEqual(['es-1']);
  });

  it('finds phone numbers by their digits, with or without the international prefix', async () => {
    expect(await found('+44 20')).toEqual(['gb-2', 'gb-1']); // by number: 7123… before 7946…
    expect(await found('0044 20 7946')).toEqual(['gb-1']);
    expect(await found('۰۰۹۸ ۹۱۲')).toEqual(['fa-1']);
    expect((await search('442079460958')).body.results[0].matchedOn).toEqual(['phone']);
  });

  it('finds e-mails whole or by local part, and customers by customer or order id', async () => {
    expect(await found('ada@example.com')).toEqual(['gb-1']);
    expect(await found('jose.nu')).toEqual(['es-1']);
    expect(await found('ord-2026')).toEqual(['es-1']);
    expect((await search('ORD-2026-0042')).body.results[0].matchedOn).toEqual(['orderId']);
    expect(await found('gb-')).toEqual(['gb-1', 'gb-2']);
  });

  it('ranks an exact e-mail first, then name prefixes by word and id, and honours the limit', async () => {
    await register({ customerId: 'gb-3', name: 'Alan Alda', email: 'alan.turing@example.org' });
    expect(await found('al')).toEqual(['gb-2', 'gb-3']);
    expect(await found('alan@example.com')).toEqual(['gb-2']);
    expect(await found('alan.turing@example.org')).toEqual(['gb-3']);
    expect(await found('alda alan.tu')).toEqual(['gb-3']); // a name word and the e-mail's local part
    expect((await search('al', '&limit=1')).body.results).toHaveLength(1);
  });

  it('refuses a blank, missing or too long query and a bad limit, naming the parameter', async () => {
    for (const path of ['/customers/search?q=%20%20', '/customers/search', `/customers/search?q=${'a'.repeat(101)}`]) {
      const reply = await crm.get(path, 'agent');
      expect([path, reply.status, reply.body.field]).toEqual([path, 400, 'q']);
    }
    for (const limit of ['0', '51', 'ten']) {
      const reply = await crm.get(`/customers/search?q=ali&limit=${limit}`, 'agent');
      expect([limit, reply.status, reply.body.field]).toEqual([limit, 400, 'limit']);
    }
  });

  it('needs read:customer, like the 360 view', async () => {
    expect((await search('ali', '', 'channel')).status).toBe(403);
    expect((await crm.get('/customers/search?q=ali', null)).status).toBe(401);
  });

  it('after erasure no longer finds the customer by name, e-mail or phone, and stores none of them', async () => {
    const erased = await crm.request('POST', '/customers/gb-1/erasure', { as: 'admin', body: { reason: 'asked' } });
    expect(erased.status).toBe(201);
    position = erased.body.position;
    expect(await found('lovelace')).toEqual([]);
    expect(await found('ada@example.com')).toEqual([]);
    expect(await found('+44 20 7946')).toEqual([]);
    const byId = (await search('gb-1')).body.results;
    expect(byId).toEqual([expect.objectContaining({ customerId: 'gb-1', name: null, email: null, phone: null })]);
    // The read-model file itself, read as another process would.
    const db = new Database(join(crm.dataDir, 'read-models.sqlite'), { readonly: true });
    try {
      const row = db
        .prepare<[string, string], { body: string }>('SELECT body FROM documents WHERE collection = ? AND id = ?')
        .get('customer_search', 'gb-1');
      expect(JSON.parse(row!.body)).toMatchObject({ erased: true, name: null });
      for (const personal of ['Lovelace', 'lovelace', 'ada@', '7946']) {
        expect([personal, row!.body.includes(personal)]).toEqual([personal, false]);
      }
    } finally {
      db.close();
    }
  });

  it("comes out byte for byte the same when rebuilt from the log with the erased customer's key gone", async () => {
    const rows = () => {
      const db = new Database(join(crm.dataDir, 'read-models.sqlite'), { readonly: true });
      try {
        return db
          .prepare<
            [string],
            { id: string; body: string }
          >('SELECT id, body FROM documents WHERE collection = ? ORDER BY id')
          .all('customer_search');
      } finally {
        db.close();
      }
    };
    const live = rows();
    expect(live.length).toBe(5);
    expect(
      (await crm.request('POST', '/admin/projections/customer-search/rebuild', { as: 'admin' })).status,
    ).toBeLessThan(300);
    let progress: { state?: string } | undefined;
    for (let i = 0; i < 250 && progress?.state !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      progress = (await crm.get('/admin/projections/customer-search/rebuild', 'admin')).body.progress;
    }
    expect(progress?.state).toBe('done');
    expect(rows()).toEqual(live);
    expect(await found('gb-1')).toEqual(['gb-1']);
    expect(await found('lovelace')).toEqual([]);
  });
});
