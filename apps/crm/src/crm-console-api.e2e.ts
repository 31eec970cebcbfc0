// The endpoints the console needs beyond the channels' API: "who am I" for any key, and the
// agent's paged timeline read from the event store, newest first, with the stream revision.
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: console endpoints', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  describe('GET /auth/me', () => {
    it.each([
      ['channel', ['write']],
      ['agent', ['write', 'read:customer']],
      ['auditor', ['read:audit', 'read:customer']],
    ] as const)('tells a %s key its role and permissions', async (role, permissions) => {
      const me = await crm.get('/auth/me', role);
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        role,
        roles: [role],
        actor: expect.stringMatching(new RegExp(`^${role}:[0-9a-f]{8,}$`)),
        permissions,
      });
      expect(JSON.stringify(me.body)).not.toContain('test-');
    });

    it('answers 401 without a key or with an unknown one', async () => {
      expect((await crm.get('/auth/me', null)).status).toBe(401);
      const unknown = await crm.request('GET', '/auth/me', { as: null, headers: { 'x-api-key': 'nope' } });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'unknown or revoked API key' });
    });

    it('is described in the OpenAPI document', async () => {
      const doc = await crm.get('/docs/openapi.json', null);
      expect(doc.body.paths['/auth/me'].get.summary).toMatch(/role/);
      expect(doc.body.paths['/customers/{customerId}/timeline'].get.parameters.map((p: any) => p.name)).toEqual(
        expect.arrayContaining(['customerId', 'before', 'limit']),
      );
    });
  });

  describe('GET /customers/:id/timeline', () => {
    beforeAll(async () => {
      await crm.post('/customers', { customerId: 'tl-1', kind: 'person', name: 'شیرین رضایی', country: 'IR' });
      for (let i = 0; i < 5; i++) {
        await crm.post('/customers/tl-1/contacts', { channel: 'phone', direction: 'inbound', reason: `call ${i}` });
      }
      await crm.post('/customers/tl-1/purchases', {
        orderId: 'o-1',
        lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 399 }],
        currency: 'EUR',
        channel: 'web',
      });
    });

    it('pages the facts newest first with the stream revision', async () => {
      const first = await crm.get('/customers/tl-1/timeline?limit=3', 'agent');
      expect(first.status).toBe(200);
      // Registration, five calls, a purchase and the offer it made: revisions 0-7.
      expect(first.body.revision).toBe(7);
      expect(first.body.items.map((i: any) => [i.revision, i.type])).toEqual([
        [7, 'OfferMade'],
        [6, 'PurchaseRecorded'],
        [5, 'ContactRecorded'],
      ]);
      expect(first.body.items[2]).toMatchObject({ channel: 'phone', data: { reason: 'call 4' } });
      expect(first.body.items[2].actor).toMatch(/^channel:/);
      expect(first.body.nextBefore).toBe(5);

      const rest = await crm.get(`/customers/tl-1/timeline?before=${first.body.nextBefore}&limit=10`, 'agent');
      expect(rest.body.items.map((i: any) => i.revision)).toEqual([4, 3, 2, 1, 0]);
      expect(rest.body.items[4]).toMatchObject({ type: 'CustomerRegistered', data: { name: 'شیرین رضایی' } });
      expect(rest.body.nextBefore).toBeNull();
    });

    it('filters by event type, paging through what it skips', async () => {
      const sales = await crm.get('/customers/tl-1/timeline?type=PurchaseRecorded,CustomerRegistered&limit=1', 'agent');
      expect(sales.body.items.map((i: any) => [i.revision, i.type])).toEqual([[6, 'PurchaseRecorded']]);
      expect(sales.body.nextBefore).toBe(6);
      const older = await crm.get(
        `/customers/tl-1/timeline?type=PurchaseRecorded,CustomerRegistered&before=6`,
        'agent',
      );
      expect(older.body.items.map((i: any) => [i.revision, i.type])).toEqual([[0, 'CustomerRegistered']]);
      expect(older.body.nextBefore).toBeNull();
      const bad = await crm.get('/customers/tl-1/timeline?type=Nonsense', 'agent');
      expect(bad.status).toBe(400);
      expect(bad.body.problems[0]).toMatchObject({ field: 'type', reason: 'unknown event type(s): Nonsense' });
    });

    it('refuses bad paging and unknown customers, and keys without read:customer', async () => {
      const bad = await crm.get('/customers/tl-1/timeline?limit=0', 'agent');
      expect(bad.status).toBe(400);
      expect(bad.body.problems[0].field).toBe('limit');
      expect((await crm.get('/customers/tl-1/timeline?before=x', 'agent')).body.problems[0].field).toBe('before');
      expect((await crm.get('/customers/nobody/timeline', 'agent')).status).toBe(404);
      expect((await crm.get('/customers/tl-1/timeline', 'channel')).status).toBe(403);
    });
  });

  describe('GET /customers/:id/signals', () => {
    it('gives the stage and churn risk with the facts and thresholds behind them', async () => {
      await crm.post('/customers', {
        customerId: 'sig-1',
        kind: 'person',
        name: 'Lapsing Buyer',
        occurredAt: '2025-01-01T09:00:00Z',
      });
      const bought = await crm.post('/customers/sig-1/purchases', {
        orderId: 'o-sig-1',
        lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 100 }],
        currency: 'EUR',
        channel: 'web',
        occurredAt: '2025-02-01T10:00:00Z',
      });
      const early = await crm.get(
        `/customers/sig-1/signals?asOf=2025-03-01&minPosition=${bought.body.position}`,
        'agent',
      );
      expect(early.status).toBe(200);
      expect(early.body).toMatchObject({ lifecycleStage: 'new', churnRisk: 'low', churnScore: 0 });
      expect(early.body.why).toMatchObject({ recencyDays: 28, frequency: 1, monetary: 100 });
      expect(early.body.why.churnModel.high).toBe(0.5);

      // 400 days after the only purchase: lapsed; churn score 0.6 × ((400 / 180 − 1) / 2) = 0.367.
      const late = await crm.get('/customers/sig-1/signals?asOf=2026-03-08', 'agent');
      expect(late.body).toMatchObject({ lifecycleStage: 'lapsed', churnRisk: 'medium', churnScore: 0.367 });
      expect(late.body.why.recencyDays).toBe(400);
    });

    it('refuses unknown customers, bad dates and keys without read:customer', async () => {
      expect((await crm.get('/customers/nobody/signals', 'agent')).status).toBe(404);
      const bad = await crm.get('/customers/sig-1/signals?asOf=yesterday', 'agent');
      expect(bad.status).toBe(400);
      expect(bad.body.problems[0].field).toBe('asOf');
      expect((await crm.get('/customers/sig-1/signals', 'channel')).status).toBe(403);
    });
  });
});
