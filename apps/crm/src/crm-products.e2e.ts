// End to end: real shop data (issue 11) recorded over HTTP — country names, long SKUs with
// spaces, sub-penny prices, a cancellation of an order the CRM never saw — and what analysts
// and agents then read: net spend, revenue, and the product catalogue.
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: real shop data and the product catalogue', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  it('stores country names as ISO codes and keeps an unknown one with a warning', async () => {
    const uk = await crm.post('/customers', {
      customerId: '17850',
      kind: 'person',
      name: 'A',
      country: 'United Kingdom',
    });
    expect(uk.status).toBe(201);
    expect(uk.body.warnings).toBeUndefined();
    const unknown = await crm.post('/customers', {
      customerId: '12370',
      kind: 'person',
      name: 'B',
      country: 'Channel Islands',
    });
    expect(unknown.status).toBe(201);
    expect(unknown.body.warnings).toEqual([{ field: 'country', reason: expect.stringContaining('kept as given') }]);
    const views = await Promise.all(
      ['17850', '12370'].map((id) => crm.get(`/customers/${id}?minPosition=${unknown.body.position}`, 'agent')),
    );
    expect(views.map((v) => v.body.profile.country)).toEqual(['GB', 'Channel Islands']);
  });

  it('records a real invoice and a cancellation without its order; net spend, revenue and products count both', async () => {
    const lines = [
      { sku: '85123A', quantity: 6, unitPrice: 2.55, description: 'WHITE HANGING HEART T-LIGHT HOLDER' },
      { sku: 'BANK CHARGES', quantity: 1, unitPrice: 15, description: 'Bank Charges' },
      { sku: 'PADS', quantity: 12_000, unitPrice: 0.001, description: 'PADS TO MATCH ALL CUSHIONS' },
      ...Array.from({ length: 300 }, (_, i) => ({ sku: `22${i}`, quantity: 1, unitPrice: 1 })),
    ];
    const bought = await crm.post('/customers/17850/purchases', {
      orderId: '536365',
      lines,
      currency: 'GBP',
      channel: 'web',
      occurredAt: '2026-10-01T08:26:00Z',
    });
    expect(bought.status).toBe(201);
    const cancelled = await crm.post('/customers/17850/returns', {
      externalOrderRef: 'C536379',
      amount: 15.3,
      currency: 'GBP',
      skus: ['85123A'],
      reason: 'cancelled',
      occurredAt: '2026-10-02T09:41:00Z',
    });
    expect(cancelled.status).toBe(201);
    const position = cancelled.body.position;

    const view = await crm.get(`/customers/17850?minPosition=${position}`, 'agent');
    expect(view.body.totals).toMatchObject({ purchases: 1, spend: 342.3, returns: 15.3, netSpend: 327 });

    const kpis = await crm.get(`/kpis?asOf=2026-11-01&minPosition=${position}`, 'analyst');
    expect(kpis.body.revenue.byYear).toEqual({ '2026': 327 });

    const heart = await crm.get(`/products/85123A?minPosition=${position}`, 'analyst');
    expect(heart.status).toBe(200);
    expect(heart.body).toMatchObject({
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      purchases: { orders: 1, quantity: 6, revenue: 15.3 },
      returns: { count: 1, amount: 15.3 },
    });
    // Feedback names a product as its purchase lines do, spaces and all.
    const rated = await crm.post('/customers/17850/feedback', {
      kind: 'csat',
      score: 2,
      channel: 'email',
      product: 'BANK CHARGES',
    });
    expect(rated.status).toBe(201);
    const charges = await crm.get(
      `/products/${encodeURIComponent('BANK CHARGES')}?minPosition=${rated.body.position}`,
      'analyst',
    );
    expect(charges.body.purchases).toEqual({ orders: 1, quantity: 1, revenue: 15 });
    expect(charges.body.feedback).toMatchObject({ csatCount: 1, averageCsat: 2 });

    const list = await crm.get('/products?sort=revenue&limit=2', 'analyst');
    expect(list.body).toMatchObject({ total: 303, limit: 2 });
    expect(list.body.products.map((p: { sku: string }) => p.sku)).toEqual(['85123A', 'BANK CHARGES']);
    expect((await crm.get('/products/NOPE', 'analyst')).status).toBe(404);
    expect((await crm.get('/products', 'channel')).status).toBe(403);
    expect((await crm.get('/products?sort=price', 'analyst')).status).toBe(400);
  });

  it('reports likely duplicate customers with the reasons, for an agent to review', async () => {
    const web = await crm.post('/customers', {
      customerId: 'web-1',
      kind: 'person',
      name: 'Ada Lovelace',
      email: 'Ada@Example.com',
      city: 'London',
    });
    const callCentre = await crm.post('/customers', {
      customerId: 'cc-7',
      kind: 'person',
      name: 'Lovelace, Ada',
      email: 'ada@example.com',
      phone: '+44 20 7946 0018',
    });
    expect([web.status, callCentre.status]).toEqual([201, 201]);
    const reply = await crm.get(`/duplicate-customers?minPosition=${callCentre.body.position}`, 'agent');
    expect(reply.status).toBe(200);
    expect(reply.body.pairs).toContainEqual({
      customerIds: ['cc-7', 'web-1'],
      names: ['Lovelace, Ada', 'Ada Lovelace'],
      reasons: ['same_email', 'similar_name'],
      score: 0.9,
    });
    expect((await crm.get('/duplicate-customers', 'channel')).status).toBe(403);
    expect((await crm.get('/duplicate-customers?minScore=101', 'agent')).status).toBe(400);
  });

  it('does not propose a pair again once it is merged, and proposes it again after the unmerge', async () => {
    const pairs = async (position: number) =>
      (await crm.get(`/duplicate-customers?minPosition=${position}`, 'agent')).body.pairs.map(
        (pair: { customerIds: string[] }) => pair.customerIds.join('+'),
      );
    const merged = await crm.post('/customers/web-1/merges', { mergedCustomerId: 'cc-7' });
    expect(merged.status).toBe(201);
    expect(await pairs(merged.body.position)).not.toContain('cc-7+web-1');
    const undone = await crm.post('/customers/web-1/unmerges', { mergedCustomerId: 'cc-7' });
    expect(undone.status).toBe(201);
    expect(await pairs(undone.body.position)).toContain('cc-7+web-1');
  });
});
