// Liveness and readiness on the running CRM, and a read model stopped by an event it cannot
// apply: shown in GET /admin/projections (status, error, position), /health/ready (503) and /metrics.
import { openEmbeddedEventStore } from '@ledger/platform';
import { CrmUnderTest } from './test-support/crm-under-test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crm: health and projection failures', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  it('is live and ready, with every check listed; /health still answers', async () => {
    expect((await crm.get('/health/live', null)).body).toEqual({ status: 'ok' });
    const ready = await crm.get('/health/ready', null);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', ready: true });
    expect(ready.body.checks.map((c: { name: string }) => c.name)).toEqual([
      'event-store',
      'read-store',
      'projections',
    ]);
    expect((await crm.get('/health', null)).body).toEqual({ status: 'ok', eventLogHead: 0 });
  });

  it('shows a read model stopped by a poison event, and is not ready until it is dealt with', async () => {
    expect((await crm.post('/customers', { customerId: 'p1', kind: 'person', name: 'P One' })).status).toBe(201);
    // A second writer (as a faulty import tool would) appends an event the projections cannot apply.
    const writer = openEmbeddedEventStore(crm.dataDir);
    const poison = {
      eventId: 'poison-1',
      type: 'PurchaseRecorded',
      schemaVersion: 1,
      data: { customerId: 'p1', lines: 7, occurredAt: '2026-03-01T10:00:00.000Z' },
      metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'test', channel: 'import' },
    } as never;
    const { positions } = await writer.append('customer-p1', [poison], 'any');
    await writer.close();

    let models: Array<{ name: string; status: string; error: string | null; failedPosition: number | null }> = [];
    for (let i = 0; i < 150 && !models.some((m) => m.status === 'stopped'); i++) {
      await sleep(20);
      models = (await crm.get('/admin/projections', 'admin')).body.readModels;
    }
    const stopped = models.filter((m) => m.status === 'stopped');
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped[0]).toMatchObject({
      failedPosition: positions[0],
      error: expect.stringContaining(`PurchaseRecorded at position ${positions[0]} (poison-1) cannot be applied`),
    });
    expect(models.some((m) => m.status === 'running')).toBe(true);
    const ready = await crm.get('/health/ready', null);
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not_ready');
    expect(JSON.stringify(ready.body.checks)).toContain(stopped[0].name);
    expect((await crm.get('/health/live', null)).status).toBe(200);
    // …and in /metrics, where alerts look: the stopped read model's state is 1, its running 0.
    const metrics = (await crm.request<string>('GET', '/metrics', { as: null })).body;
    expect(metrics).toContain(`ledger_projection_status{read_model="${stopped[0].name}",status="stopped"} 1`);
    expect(metrics).toContain(`ledger_projection_status{read_model="${stopped[0].name}",status="running"} 0`);
  });
});
