// End to end for customer value: an admin fits the models as of a date (recorded as an event),
// a customer's forecast comes from the model in force at asOf, analysts evaluate on a holdout.
import { verifyAll } from '@ledger/audit';
import { openEmbeddedEventStore } from '@ledger/platform';
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

jest.setTimeout(120_000);

const CUSTOMERS = 40;
const day = (offset: number) => new Date(Date.UTC(2025, 0, 2) + offset * 86_400_000).toISOString();

describe('crm: customer-value models', () => {
  let crm: CrmUnderTest;

  const history = new HistoryWriter(() => crm);
  const { post } = history;
  const fit = (asOf: string) =>
    crm.request('POST', `/admin/models/customer-value/fit?asOf=${asOf}&minPosition=${history.lastPosition}`, {
      as: 'admin',
    });

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    // A varied, known history: customer i first buys on day i, then buys (i mod 5) more times
    // every 2 + (i mod 4) weeks, for 11 + (i mod 13) × 3 €; 'never' registers and never buys.
    for (let i = 0; i < CUSTOMERS; i++) {
      const id = `c${i}`;
      await post('/customers', { customerId: id, kind: 'person', name: id, occurredAt: '2025-01-01T09:00:00Z' });
      for (let k = 0; k <= i % 5; k++) {
        const amount = 11 + (i % 13) * 3 + k;
        await post(`/customers/${id}/purchases`, {
          lines: [{ sku: 'CD', quantity: 1, unitPrice: amount }],
          currency: 'EUR',
          channel: 'web',
          occurredAt: day(i + k * 7 * (2 + (i % 4))),
        });
      }
    }
    await post('/customers', {
      customerId: 'never',
      kind: 'person',
      name: 'never',
      occurredAt: '2025-01-01T09:00:00Z',
    });
  });
  afterAll(() => crm.stop());

  it('lets only admins fit, refuses a bad asOf with 400 and a population too small with 422, writing nothing', async () => {
    expect((await crm.request('POST', '/admin/models/customer-value/fit', { as: 'analyst' })).status).toBe(403);
    const bad = await fit('2025-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('asOf');
    const early = await fit('2024-12-31');
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'TOO_FEW_CUSTOMERS_TO_FIT', field: 'asOf' });
    // Before the first fit the answer says there is no model, instead of showing zeros.
    const value = await crm.get('/customers/c1/value?asOf=2025-12-31', 'agent');
    expect(value.status).toBe(200);
    expect(value.body).toMatchObject({ model: null, forecast: null, reason: expect.stringContaining('no customer') });
    // So do the lifecycle history and the lists.
    const lifecycle = await crm.get('/customers/c1/lifecycle?asOf=2025-12-31', 'agent');
    expect(lifecycle.body.fittedValue).toMatchObject({ model: null, forecast: null, reason: expect.any(String) });
    expect(lifecycle.body.fittedValue.months.every((m: { modelId: unknown }) => m.modelId === null)).toBe(true);
    const list = await crm.get('/segments/lost/customers?forecast=true&asOf=2025-12-31', 'analyst');
    expect(list.body).toMatchObject({ valueModel: null, valueModelReason: expect.any(String) });
    expect(list.body.items.every((i: { valueForecast: unknown }) => i.valueForecast === null)).toBe(true);
  });

  it('records a fit as an event and forecasts from the model in force at asOf, reproducibly', async () => {
    const first = await fit('2025-04-30');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      asOf: '2025-04-30T23:59:59.999Z',
      populationSize: CUSTOMERS,
      libraryVersion: expect.any(String),
    });
    for (const name of ['r', 'alpha', 'a', 'b']) expect(first.body.bgNbd[name]).toBeGreaterThan(0);
    expect(Number.isFinite(first.body.logLikelihood.bgNbd)).toBe(true);

    const recorded = await crm.get('/analytics/customer-value/models', 'analyst');
    expect(recorded.body.models).toEqual([
      expect.objectContaining({ modelId: first.body.modelId, position: first.body.position, bgNbd: first.body.bgNbd }),
    ]);

    const value = await crm.get('/customers/c4/value?asOf=2025-05-15&horizonWeeks=26', 'agent');
    expect(value.status).toBe(200);
    expect(value.body.model).toMatchObject({ modelId: first.body.modelId, position: first.body.position });
    const f = value.body.forecast;
    expect(f.horizonWeeks).toBe(26);
    expect(f.statistics.frequency).toBeGreaterThan(0);
    for (const name of [
      'probabilityAlive',
      'probabilityNoPurchase',
      'expectedPurchases',
      'expectedSpend',
      'lifetimeValue',
    ]) {
      expect(f[name].low).toBeLessThanOrEqual(f[name].high);
      expect(f[name].estimate).toBeGreaterThanOrEqual(0);
    }
    expect(f.intervalLevel).toBe(0.8);
    expect((await crm.get('/customers/c4/value?asOf=2025-05-15&horizonWeeks=26', 'agent')).body).toEqual(value.body);

    const second = await fit('2025-12-31');
    expect(second.status).toBe(201);
    const later = await crm.get('/customers/c4/value?asOf=2026-01-15', 'agent');
    expect(later.body.model.modelId).toBe(second.body.modelId);
    // The past answer is unchanged: the model in force then is still the first fit.
    expect((await crm.get('/customers/c4/value?asOf=2025-05-15&horizonWeeks=26', 'agent')).body).toEqual(value.body);
    expect((await crm.get('/customers/c4/value?asOf=2025-04-01', 'agent')).body.model).toBeNull();
  });

  it('answers null for a customer who never bought, 404 for an unknown one, 400 for a bad horizon', async () => {
    const never = await crm.get('/customers/never/value?asOf=2026-01-15', 'agent');
    expect(never.status).toBe(200);
    expect(never.body.forecast).toBeNull();
    expect((await crm.get('/customers/nobody/value', 'agent')).status).toBe(404);
    const bad = await crm.get('/customers/c4/value?horizonWeeks=0', 'agent');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('horizonWeeks');
  });

  it('shows the fitted value on the lifecycle history, each month from the model in force at its end', async () => {
    const models = (await crm.get('/analytics/customer-value/models', 'analyst')).body.models;
    const [april, december] = models.map((m: { modelId: string }) => m.modelId);
    const reply = await crm.get('/customers/c4/lifecycle?asOf=2026-01-15', 'agent');
    expect(reply.status).toBe(200);
    const { fittedValue } = reply.body;
    expect(fittedValue.model.modelId).toBe(december);
    const value = await crm.get('/customers/c4/value?asOf=2026-01-15', 'agent');
    expect(fittedValue.forecast).toEqual(value.body.forecast);
    const inForce = fittedValue.months.map((m: { month: string; modelId: string | null }) => [m.month, m.modelId]);
    expect(inForce).toEqual([
      ...['01', '02', '03'].map((m) => [`2025-${m}`, null]),
      ...['04', '05', '06', '07', '08', '09', '10', '11'].map((m) => [`2025-${m}`, april]),
      ['2025-12', december],
      ['2026-01', december],
    ]);
    const may = fittedValue.months[4];
    expect(may.lifetimeValue.low).toBeLessThanOrEqual(may.lifetimeValue.high);
    // What the model predicted for May does not depend on when one asks.
    const earlier = await crm.get('/customers/c4/lifecycle?asOf=2025-07-01', 'agent');
    expect(earlier.body.fittedValue.months[4]).toEqual(may);
    expect(earlier.body.fittedValue.model.modelId).toBe(april);
    const bad = await crm.get('/customers/c4/lifecycle?horizonWeeks=600', 'agent');
    expect([bad.status, bad.body.field]).toEqual([400, 'horizonWeeks']);
    // The 360's header reads the stage alone, without the simulation.
    const plain = await crm.get('/customers/c4/lifecycle?asOf=2026-01-15&fitted=false', 'agent');
    expect(plain.body.fittedValue).toBeUndefined();
    expect(plain.body.months).toEqual(reply.body.months);
  });

  it('lists customers with their forecasts on request, a page at a time', async () => {
    const list = await crm.get('/customers?forecast=true&asOf=2026-01-15&pageSize=5&horizonWeeks=26', 'analyst');
    expect(list.status).toBe(200);
    expect(list.body.valueModel).toMatchObject({ modelId: expect.any(String) });
    expect(list.body.items).toHaveLength(5);
    for (const item of list.body.items) {
      const value = await crm.get(`/customers/${item.customerId}/value?asOf=2026-01-15&horizonWeeks=26`, 'agent');
      expect(item.valueForecast).toEqual(value.body.forecast);
    }
    const plain = await crm.get('/customers?asOf=2026-01-15&pageSize=5', 'analyst');
    expect(plain.body.valueModel).toBeUndefined();
    for (const [query, field] of [
      ['forecast=true&pageSize=500', 'pageSize'],
      ['horizonWeeks=26', 'horizonWeeks'],
      ['forecast=yes', 'forecast'],
    ]) {
      const bad = await crm.get(`/segments/lost/customers?${query}`, 'analyst');
      expect([bad.status, bad.body.field]).toEqual([400, field]);
    }
  });

  it('evaluates on a holdout for analysts, and names a missing or misordered bound', async () => {
    const reply = await crm.get(
      '/analytics/customer-value/evaluation?calibrationEnd=2025-04-30&holdoutEnd=2025-12-31',
      'analyst',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ calibrationEnd: '2025-04-30T23:59:59.999Z', customers: CUSTOMERS });
    for (const name of ['model', 'stacked', 'pastSpend', 'heuristic', 'heuristicDecaying']) {
      expect(reply.body.scores[name]).toMatchObject({
        actualTotal: expect.any(Number),
        rootMeanSquaredError: expect.any(Number),
      });
    }
    expect(reply.body.purchases.actual).toBeGreaterThan(0);
    const missing = await crm.get('/analytics/customer-value/evaluation?calibrationEnd=2025-04-30', 'analyst');
    expect([missing.status, missing.body.field]).toEqual([400, 'holdoutEnd']);
    const reversed = await crm.get(
      '/analytics/customer-value/evaluation?calibrationEnd=2025-12-31&holdoutEnd=2025-04-30',
      'analyst',
    );
    expect([reversed.status, reversed.body.field]).toEqual([400, 'holdoutEnd']);
    expect(
      (await crm.get('/analytics/customer-value/evaluation?calibrationEnd=2025-04-30&holdoutEnd=2025-12-31', 'agent'))
        .status,
    ).toBe(403);
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const spec = await crm.get('/docs/openapi.json', null);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/admin/models/customer-value/fit',
        '/analytics/customer-value/evaluation',
        '/analytics/customer-value/models',
        '/customers/{customerId}/value',
      ]),
    );
  });

  it("keeps the fits in a hash-chained stream of their own, intact for the auditors' verifier", async () => {
    const store = openEmbeddedEventStore(crm.dataDir);
    try {
      const fits = await store.readStream('model-customer-value');
      expect(fits.map((e) => e.type)).toEqual(['CustomerValueModelFitted', 'CustomerValueModelFitted']);
      expect(fits.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true);
      // verify walks every stream's head and the global chain, so the model stream is covered.
      const lines: string[] = [];
      expect(await verifyAll(store, (line) => lines.push(line))).toBe(0);
    } finally {
      await store.close();
    }
  });
});
