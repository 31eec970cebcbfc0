// End to end for the console's dashboard endpoints: the RFM heat map and its drill-down,
// KPIs and revenue month by month, and every campaign's attribution side by side.
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

jest.setTimeout(60_000);

describe('crm: dashboard endpoints', () => {
  let crm: CrmUnderTest;

  const history = new HistoryWriter(() => crm);
  const { post, buy } = history;
  const campaign = (campaignId: string, budget: number) =>
    post('/campaigns', {
      campaignId,
      name: campaignId,
      channel: 'email',
      startsAt: '2026-09-01T00:00:00Z',
      endsAt: '2026-10-31T23:59:59Z',
      budget,
      currency: 'EUR',
    });

  beforeAll(async () => {
    crm = await CrmUnderTest.start({ env: { CRM_TARGETS: '[{"kpi":"revenue","target":1000,"by":"2026-12-31"}]' } });
    for (const id of ['ann', 'ben', 'cat', 'dan']) {
      await post('/customers', { customerId: id, kind: 'person', name: id, occurredAt: '2025-01-01T09:00:00Z' });
    }
    await campaign('ad-a', 100);
    await campaign('ad-b', 50);
    for (const month of ['03', '05', '07', '09', '10']) await buy('ann', `2026-${month}-10T10:00:00Z`, 120);
    await buy('ben', '2025-02-01T10:00:00Z', 40);
    await post('/customers/cat/campaign-touches', {
      campaignId: 'ad-a',
      channel: 'email',
      occurredAt: '2026-09-05T08:00:00Z',
    });
    await buy('cat', '2026-09-07T10:00:00Z', 60, 'ad-a');
    await post('/customers/dan/feedback', {
      kind: 'nps',
      score: 10,
      channel: 'web',
      occurredAt: '2026-10-11T10:00:00Z',
    });
  });
  afterAll(() => crm.stop());

  it('draws the RFM heat map as of a date and drills into a cell', async () => {
    const grid = await crm.get(`/segments/rfm-grid?asOf=2026-11-01&minPosition=${history.lastPosition}`, 'analyst');
    expect(grid.status).toBe(200);
    expect(grid.body).toMatchObject({ customers: 4, prospects: 1 });
    expect(grid.body.cells).toHaveLength(25);
    const filled = grid.body.cells.filter((c: { customers: number }) => c.customers > 0);
    expect(filled.reduce((n: number, c: { customers: number }) => n + c.customers, 0)).toBe(3);
    const annCell = grid.body.cells.find((c: { monetary: number }) => c.monetary === 600);
    expect(annCell).toMatchObject({ customers: 1, averageMonetary: 600 });
    const drill = await crm.get(`/customers?asOf=2026-11-01&r=${annCell.r}&f=${annCell.f}`, 'analyst');
    expect(drill.body.items.map((s: { customerId: string }) => s.customerId)).toEqual(['ann']);
    expect(drill.body.total).toBe(1);
    // Before any purchase everybody is a prospect: the heat map is empty.
    const early = await crm.get('/segments/rfm-grid?asOf=2025-01-15', 'analyst');
    expect(early.body.prospects).toBe(4);
    expect((await crm.get('/customers?r=6', 'analyst')).body.problems[0].field).toBe('r');
    // The campaigns' and the months' drill-downs.
    const ids = async (query: string) =>
      (await crm.get(`/customers?asOf=2026-11-01&${query}`, 'analyst')).body.items.map(
        (s: { customerId: string }) => s.customerId,
      );
    expect(await ids('campaign=ad-a')).toEqual(['cat']);
    expect(await ids('purchasedIn=2026-09')).toEqual(['ann', 'cat']);
    expect(await ids('activeIn=2026-10&sort=customerId')).toEqual(['ann', 'dan']);
    expect((await crm.get('/customers?purchasedIn=2026-9', 'analyst')).body.problems[0].field).toBe('purchasedIn');
    expect((await crm.get('/segments/rfm-grid', 'agent')).status).toBe(403);
  });

  it('reports revenue and KPIs month by month with the targets', async () => {
    const reply = await crm.get('/kpis/monthly?asOf=2026-10-31&months=3', 'analyst');
    expect(reply.status).toBe(200);
    expect(reply.body.months.map((m: { month: string; revenue: number }) => [m.month, m.revenue])).toEqual([
      ['2026-08', 0],
      ['2026-09', 180],
      ['2026-10', 120],
    ]);
    expect(reply.body.months[2]).toMatchObject({ nps: 100 });
    expect(reply.body.targets).toEqual([{ kpi: 'revenue', target: 1000, by: '2026-12-31' }]);
    const bad = await crm.get('/kpis/monthly?months=0', 'analyst');
    expect([bad.status, bad.body.problems[0].field]).toEqual([400, 'months']);
  });

  it('puts every launched campaign side by side', async () => {
    const reply = await crm.get('/campaigns?asOf=2026-11-01', 'analyst');
    expect(reply.status).toBe(200);
    expect(reply.body.campaigns.map((c: { campaignId: string }) => c.campaignId)).toEqual(['ad-a', 'ad-b']);
    expect(reply.body.campaigns[0]).toMatchObject({
      directPurchases: { count: 1, revenue: 60 },
      customersConverted: 1,
    });
    expect(reply.body.campaigns[1]).toMatchObject({ customersTouched: 0, budget: 50 });
    expect((await crm.get('/campaigns?lookbackDays=0', 'analyst')).status).toBe(400);
  });

  it('lists a campaign just launched when asked with its position', async () => {
    const launched = await campaign('ad-c', 10);
    const reply = await crm.get(`/campaigns?asOf=2026-11-01&minPosition=${launched.body.position}`, 'analyst');
    expect(reply.body.campaigns.map((c: { campaignId: string }) => c.campaignId)).toEqual(['ad-a', 'ad-b', 'ad-c']);
    expect((await crm.get('/campaigns?minPosition=x', 'analyst')).body.problems[0].field).toBe('minPosition');
  });

  it('documents the dashboard endpoints and the drill-down filters in OpenAPI', async () => {
    const spec = (await crm.get('/docs/openapi.json', null)).body;
    for (const path of ['/segments/rfm-grid', '/kpis/monthly', '/campaigns'])
      expect(spec.paths[path]?.get).toBeDefined();
    expect(spec.paths['/customers'].get.description).toMatch(/purchasedIn/);
  });
});
