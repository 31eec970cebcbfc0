// The all-in-one app with KAFKA_BROKERS and MONGODB_URI set: configuration alone switches it to
// relay → Kafka → projections → MongoDB (no code change), and read-your-writes still holds.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { CrmUnderTest } from './test-support/crm-under-test';

jest.setTimeout(60_000);

const brokers = process.env['KAFKA_BROKERS'];
const mongoUri = process.env['MONGODB_URI'];
const skip = !brokers || !mongoUri;
if (skip)
  process.stderr.write(
    '[crm] Kafka + MongoDB suite skipped — KAFKA_BROKERS and MONGODB_URI not set (see docs/distributed-mode.md)\n',
  );

(skip ? describe.skip : describe)('crm: configured for Kafka and MongoDB', () => {
  const suffix = randomUUID().slice(0, 8);
  const database = `ledger_crm_${suffix}`;
  let crm: CrmUnderTest;

  beforeAll(async () => {
    crm = await CrmUnderTest.start({
      env: {
        KAFKA_BROKERS: brokers as string,
        MONGODB_URI: mongoUri as string,
        MONGODB_DATABASE: database,
        CRM_KAFKA_TOPIC: `crm.app-${suffix}.customer-events`,
        CRM_KAFKA_LOG_TOPIC: `crm.app-${suffix}.log`,
        CRM_KAFKA_GROUP_PREFIX: `app-${suffix}`,
        CRM_READ_YOUR_WRITES_TIMEOUT_MS: '20000',
      },
    });
  });

  afterAll(async () => {
    await crm?.stop();
    const client = await MongoClient.connect(mongoUri as string);
    await client.db(database).dropDatabase();
    await client.close();
  });

  it('projects through Kafka into MongoDB and reads its own writes', async () => {
    await crm.post('/customers', { customerId: 'ada', kind: 'person', name: 'Ada', country: 'GB' });
    const purchase = await crm.post('/customers/ada/purchases', {
      lines: [{ sku: 'BEAN-1KG', quantity: 2, unitPrice: 15 }],
      currency: 'EUR',
      channel: 'web',
    });
    expect(purchase.status).toBe(201);
    const view = await crm.get(`/customers/ada?minPosition=${purchase.body.position}`, 'agent');
    expect(view.status).toBe(200);
    expect(view.body.lastPosition).toBeGreaterThanOrEqual(purchase.body.position);
    const segments = await crm.get(`/segments?minPosition=${purchase.body.position}`, 'analyst');
    expect(segments.body.customers).toBe(1);
    const status = await crm.get('/admin/projections');
    expect(status.body.mode).toBe('kafka');
    // Campaigns and KPIs are fed by many streams (the log topic); every other read model is keyed by customer.
    const orderings = Object.fromEntries(
      status.body.readModels.map((m: { name: string; ordering: string }) => [m.name, m.ordering]),
    );
    expect(orderings).toEqual({
      'operational-view': 'per-key',
      'customer-analytics': 'per-key',
      campaigns: 'log',
      kpis: 'log',
      lifecycle: 'per-key',
      'customer-search': 'per-key',
      'complaints-queue': 'per-key',
      'product-catalogue': 'log',
      users: 'per-key',
    });
  });

  it('is ready only with Kafka answering, and reports relay and consumer lag in /metrics', async () => {
    const ready = await crm.get('/health/ready', null);
    expect(ready.status).toBe(200);
    expect(ready.body.checks.map((c: { name: string }) => c.name)).toEqual([
      'event-store',
      'read-store',
      'kafka',
      // With MONGODB_URI the customer keys, and with them sign-in, are on the shared server.
      'sign-in-store',
      'projections',
    ]);
    const kafka = ready.body.checks.find((c: { name: string }) => c.name === 'kafka');
    expect(kafka).toMatchObject({ ok: true, detail: { brokers: expect.any(Number) } });
    expect(kafka.detail.brokers).toBeGreaterThan(0);
    const metrics = (await crm.request<string>('GET', '/metrics', { as: null })).body;
    expect(metrics).toMatch(/^ledger_relay_lag_events \d+$/m);
    expect(metrics).toMatch(/^ledger_kafka_consumer_lag\{read_model="operational-view"\} \d+$/m);
  });
});
