// End to end for analysts and admins: segments, lifecycle, attribution and KPIs over a small
// known history (business times backfilled), a rebuild through HTTP, and a restart.
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';
import { writeAnalystBasics } from './test-support/known-history';

jest.setTimeout(60_000);

describe('crm: analytics, rebuild and restart', () => {
  let crm: CrmUnderTest;

  const history = new HistoryWriter(() => crm);
  const { post, buy } = history;

  beforeAll(async () => {
    crm = await CrmUnderTest.start({
      env: { CRM_TARGETS: '[{"kpi":"revenue","target":1000,"by":"2026-12-31"}]' },
    });
    for (const id of ['ann', 'ben', 'cat', 'dan', 'eli']) {
      await post('/customers', {
        customerId: id,
        kind: 'person',
        name: id,
        country: id === 'eli' ? 'FR' : 'GB',
        occurredAt: '2025-01-01T09:00:00Z',
      });
    }
    await post('/campaigns', {
      campaignId: 'autumn',
      name: 'Autumn beans',
      channel: 'email',
      startsAt: '2026-09-01T00:00:00Z',
      endsAt: '2026-10-31T23:59:59Z',
      budget: 100,
      currency: 'EUR',
    });
    // ann: frequent and recent; ben: one old purchase; cat: bought after an autumn email; dan: never bought.
    await writeAnalystBasics(history);
    await post('/customers/cat/campaign-touches', {
      campaignId: 'autumn',
      channel: 'email',
      occurredAt: '2026-09-05T08:00:00Z',
    });
    await post('/customers/cat/contacts', {
      channel: 'phone',
      direction: 'inbound',
      reason: 'autumn offer',
      occurredAt: '2026-09-06T08:00:00Z',
    });
    await buy('cat', '2026-09-07T10:00:00Z', 60, 'autumn');
  });
  afterAll(() => crm.stop());

  it('counts segments as of a date, deterministically', async () => {
    const first = await crm.get(`/segments?asOf=2026-11-01&minPosition=${history.lastPosition}`, 'analyst');
    expect(first.status).toBe(200);
    expect(first.body.customers).toBe(5);
    expect(first.body.counts.rfmSegment.prospects).toBe(1);
    expect(first.body.counts.lifecycleStage).toMatchObject({ prospect: 1, lapsed: 1 });
    expect(first.body.definitions.map((d: { name: string }) => d.name)).toContain('champions');
    const again = await crm.get('/segments?asOf=2026-11-01', 'analyst');
    expect(again.body).toEqual(first.body);
    // As of a date before any purchase, everybody is a prospect.
    const early = await crm.get('/segments?asOf=2025-01-15', 'analyst');
    expect(early.body.counts.rfmSegment.prospects).toBe(5);
  });

  it('lists and filters customers, paged and sorted', async () => {
    const byValue = await crm.get('/customers?asOf=2026-11-01&sort=monetary&order=desc&pageSize=2', 'analyst');
    expect(byValue.body.total).toBe(5);
    expect(byValue.body.items.map((s: { customerId: string }) => s.customerId)).toEqual(['ann', 'eli']);
    const page2 = await crm.get('/customers?asOf=2026-11-01&sort=monetary&order=desc&pageSize=2&page=2', 'analyst');
    expect(page2.body.items.map((s: { customerId: string }) => s.customerId)).toEqual(['cat', 'ben']);
    const french = await crm.get('/customers?asOf=2026-11-01&country=FR', 'analyst');
    expect(french.body.items.map((s: { customerId: string }) => s.customerId)).toEqual(['eli']);
    const segment = await crm.get('/segments/prospects/customers?asOf=2026-11-01', 'analyst');
    expect(segment.body.items.map((s: { customerId: string }) => s.customerId)).toEqual(['dan']);
    expect((await crm.get('/segments/nonsense/customers', 'analyst')).status).toBe(404);
    const badFilter = await crm.get('/customers?mood=happy', 'analyst');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.problems[0].field).toBe('mood');
    expect((await crm.get('/customers?pageSize=5000', 'analyst')).status).toBe(400);
  });

  it('pages with offset and limit, the older page and pageSize spelling meaning the same', async () => {
    const ids = (body: { items: Array<{ customerId: string }> }) => body.items.map((s) => s.customerId);
    const sorted = '/customers?asOf=2026-11-01&sort=monetary&order=desc';
    const window = await crm.get(`${sorted}&offset=1&limit=3`, 'analyst');
    expect(window.status).toBe(200);
    expect(ids(window.body)).toEqual(['eli', 'cat', 'ben']);
    expect(window.body).toMatchObject({ total: 5, offset: 1, pageSize: 3 });
    const second = await crm.get(`${sorted}&offset=2&limit=2`, 'analyst');
    expect(second.body).toEqual((await crm.get(`${sorted}&page=2&pageSize=2`, 'analyst')).body);
    const mixed = await crm.get(`${sorted}&offset=2&pageSize=2`, 'analyst');
    expect(mixed.status).toBe(400);
    expect(mixed.body.problems[0].field).toBe('offset');
    const tooMany = await crm.get('/customers?limit=5000', 'analyst');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.problems[0].field).toBe('limit');
    const segment = await crm.get('/segments/prospects/customers?asOf=2026-11-01&offset=1', 'analyst');
    expect(segment.body).toMatchObject({ total: 1, offset: 1, items: [] });
  });

  it('shows a lifecycle with monthly value and stage transitions', async () => {
    const ben = await crm.get('/customers/ben/lifecycle?asOf=2026-11-01', 'analyst');
    expect(ben.status).toBe(200);
    expect(ben.body.transitions.map((t: { stage: string }) => t.stage)).toEqual([
      'prospect',
      'new',
      'active',
      'at_risk',
      'lapsed',
    ]);
    expect(ben.body.transitions[3]).toMatchObject({
      at: '2025-07-31T10:00:00.000Z',
      cause: { inactivitySince: '2025-02-01T10:00:00.000Z' },
    });
    expect(ben.body.months[0]).toMatchObject({ month: '2025-02', revenue: 40, cumulativeValue: 40 });
    const ann = await crm.get('/customers/ann/lifecycle?asOf=2026-11-01', 'analyst');
    expect(ann.body).toMatchObject({ stage: 'active', cumulativeValue: 600 });
    expect(ann.body.predictedLifetimeValue).toBeGreaterThan(600);
    expect((await crm.get('/customers/nobody/lifecycle', 'analyst')).status).toBe(404);
  });

  it('attributes purchases to the campaign that touched the customer', async () => {
    const reply = await crm.get('/campaigns/autumn/attribution?asOf=2026-11-01', 'analyst');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      campaignId: 'autumn',
      directPurchases: { count: 1, revenue: 60 },
      firstTouch: { purchases: 1, revenue: 60 },
      lastTouch: { purchases: 1, revenue: 60 },
      customersTouched: 1,
      customersConverted: 1,
    });
    expect(reply.body.touchesByChannel.email).toBe(1);
    expect(reply.body.contactsAfterTouch.phone).toBe(1);
    expect((await crm.get('/campaigns/none/attribution', 'analyst')).status).toBe(404);
  });

  it('reports KPIs against targets', async () => {
    const reply = await crm.get('/kpis?asOf=2026-11-01', 'analyst');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ complaintResolutionHours: 24, slaCompliance: 1, averageCsat: 4 });
    expect(reply.body.revenue.byYear).toEqual({ '2025': 40, '2026': 960 });
    expect(reply.body.targets[0]).toMatchObject({ kpi: 'revenue', target: 1000, actual: 960, achieved: false });
  });

  it('rebuilds a read model through the admin API into an identical copy', async () => {
    const before = await crm.get('/customers/ann', 'agent');
    const started = await crm.request('POST', '/admin/projections/operational-view/rebuild', { as: 'admin' });
    expect(started.status).toBe(202);
    let progress = started.body.progress;
    for (let i = 0; i < 200 && progress.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      progress = (await crm.get('/admin/projections/operational-view/rebuild', 'admin')).body.progress;
    }
    expect(progress).toMatchObject({ state: 'done', percent: 100 });
    const after = await crm.get('/customers/ann', 'agent');
    const { readAt: _a, ...beforeView } = before.body;
    const { readAt: _b, ...afterView } = after.body;
    expect(afterView).toEqual(beforeView);
    expect((await crm.request('POST', '/admin/projections/nope/rebuild', { as: 'admin' })).status).toBe(404);
  });

  it('keeps events and read models across a restart and continues the streams', async () => {
    const before = await crm.get('/customers/ann', 'agent');
    const dataDir = crm.dataDir;
    await crm.stop({ keepData: true });
    crm = await CrmUnderTest.start({ dataDir });
    const status = await crm.get('/admin/projections', 'admin');
    expect(status.body.readModels.every((m: { checkpoint: number }) => m.checkpoint === history.lastPosition)).toBe(
      true,
    );
    const after = await crm.get('/customers/ann', 'agent');
    expect(after.body.lastPosition).toBe(before.body.lastPosition);
    const next = await crm.post('/customers/ann/contacts', {
      channel: 'web',
      direction: 'inbound',
      reason: 'back again',
    });
    expect(next.status).toBe(201);
    expect(next.body.position).toBe(history.lastPosition + 1);
  });
});
