// End to end for multi-touch attribution: two campaigns compared side by side under each model
// over real HTTP, credits adding up to the attributed revenue to the cent, bad parameters refused.
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

jest.setTimeout(60_000);

describe('crm: multi-touch campaign attribution', () => {
  let crm: CrmUnderTest;

  const history = new HistoryWriter(() => crm);
  const { post, buy } = history;
  const touch = (customerId: string, campaignId: string, occurredAt: string) =>
    post(`/customers/${customerId}/campaign-touches`, { campaignId, channel: 'email', occurredAt });
  const compare = (query: string) =>
    crm.get(`/campaigns/attribution?asOf=2026-12-31&minPosition=${history.lastPosition}&${query}`, 'analyst');

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    for (const id of ['ann', 'ben', 'cat']) {
      await post('/customers', { customerId: id, kind: 'person', name: id, occurredAt: '2026-01-01T09:00:00Z' });
    }
    for (const [campaignId, startsAt] of [
      ['spring', '2026-03-01T00:00:00Z'],
      ['autumn', '2026-09-01T00:00:00Z'],
      ['winter', '2026-06-01T00:00:00Z'],
    ]) {
      await post('/campaigns', {
        campaignId,
        name: campaignId,
        channel: 'email',
        startsAt,
        endsAt: '2026-12-31T00:00:00Z',
        budget: 10,
        currency: 'EUR',
      });
    }
    // ann: spring (Sep 2), autumn (Sep 8), winter (Sep 9), buys 100.01 on Sep 10.
    await touch('ann', 'spring', '2026-09-02T10:00:00Z');
    await touch('ann', 'autumn', '2026-09-08T10:00:00Z');
    await touch('ann', 'winter', '2026-09-09T10:00:00Z');
    await buy('ann', '2026-09-10T10:00:00Z', 100.01);
    // ben: autumn only, buys 33.33 a day later. cat: never touched, buys 20.
    await touch('ben', 'autumn', '2026-09-20T10:00:00Z');
    await buy('ben', '2026-09-21T10:00:00Z', 33.33);
    await buy('cat', '2026-09-21T10:00:00Z', 20);
  });

  afterAll(() => crm?.stop());

  it('compares the asked campaigns side by side under each model, every attributed cent credited', async () => {
    // [spring, autumn] and the rest (winter). Position-based over ann's three touches: 40/20/40 of
    // 10001 cents = 4000.4, 2000.2, 4000.4 → 4000, 2000, 4000 and one cent to the first touch.
    const expected = {
      first_touch: [100.01, 33.33, 0],
      last_touch: [0, 33.33, 100.01],
      linear: [33.34, 66.67, 33.33],
      position_based: [40.01, 53.33, 40],
    } as const;
    for (const [model, [spring, autumn, others]] of Object.entries(expected)) {
      const reply = await compare(`model=${model}&campaigns=spring,autumn`);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        model,
        lookbackDays: 30,
        purchases: { count: 3, revenue: 153.34 },
        attributed: { purchases: 2, revenue: 133.34 },
        unattributed: { purchases: 1, revenue: 20 },
      });
      const rows = reply.body.campaigns.map((r: { campaignId: string; creditedRevenue: number }) => [
        r.campaignId,
        r.creditedRevenue,
      ]);
      expect([model, rows, reply.body.otherCampaigns.creditedRevenue]).toEqual([
        model,
        [
          ['spring', spring],
          ['autumn', autumn],
        ],
        others,
      ]);
      const cents = [...rows.map(([, revenue]: [string, number]) => revenue), others].map((x) => Math.round(x * 100));
      expect(cents.reduce((s: number, c: number) => s + c, 0)).toBe(13334);
    }
  });

  it('weighs recent touches more under time decay, by the half-life asked', async () => {
    const short = await compare('model=time_decay&halfLifeDays=1&campaigns=spring,autumn,winter');
    const long = await compare('model=time_decay&halfLifeDays=365&campaigns=spring,autumn,winter');
    expect(short.body.halfLifeDays).toBe(1);
    const [springShort, , winterShort] = short.body.campaigns.map(
      (r: { creditedRevenue: number }) => r.creditedRevenue,
    );
    const [springLong] = long.body.campaigns.map((r: { creditedRevenue: number }) => r.creditedRevenue);
    expect(winterShort).toBeGreaterThan(springShort);
    expect(springLong).toBeGreaterThan(springShort);
    for (const reply of [short, long]) {
      const sum = reply.body.campaigns.reduce(
        (s: number, r: { creditedRevenue: number }) => s + Math.round(r.creditedRevenue * 100),
        0,
      );
      expect(sum).toBe(13334);
    }
  });

  it('reads only what happened up to asOf, and a shorter lookback drops the older touches', async () => {
    const before = await crm.get('/campaigns/attribution?asOf=2026-09-15&campaigns=autumn', 'analyst');
    expect(before.body.purchases).toEqual({ count: 1, revenue: 100.01 });
    const narrow = await compare('model=linear&lookbackDays=5&campaigns=spring,autumn');
    expect(narrow.body.campaigns.map((r: { creditedRevenue: number }) => r.creditedRevenue)).toEqual([0, 83.34]);
    const all = await compare('model=first_touch');
    expect(all.body.campaigns.map((r: { campaignId: string }) => r.campaignId)).toEqual(['autumn', 'spring', 'winter']);
  });

  it.each([
    ['model=best', 'model'],
    ['campaigns=spring,nowhere', 'campaigns'],
    ['campaigns=spring,spring', 'campaigns'],
    ['lookbackDays=0', 'lookbackDays'],
    ['halfLifeDays=1e3', 'halfLifeDays'],
    ['asOf=yesterday', 'asOf'],
    ['colour=red', 'colour'],
  ])('refuses %s naming %s', async (query, field) => {
    const reply = await crm.get(`/campaigns/attribution?${query}`, 'analyst');
    expect(reply.status).toBe(400);
    const fields = [reply.body.field, ...(reply.body.problems ?? []).map((p: { field: string }) => p.field)];
    expect(fields).toContain(field);
  });

  it('is described in OpenAPI with its parameters', async () => {
    const spec = await crm.get('/docs/openapi.json', null);
    const operation = spec.body.paths['/campaigns/attribution'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['model', 'campaigns', 'asOf', 'lookbackDays', 'halfLifeDays']),
    );
  });
});
