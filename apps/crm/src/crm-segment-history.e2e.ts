// End to end for segment history: members per month as of each instant (a backtest) agree with
// what GET /segments answers for those instants, lifecycle stages move as time passes, and bad
// parameters are refused naming the field.
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

jest.setTimeout(60_000);

describe('crm: segment history', () => {
  let crm: CrmUnderTest;

  const history = new HistoryWriter(() => crm);
  const { post, buy } = history;

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    const customers = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus'];
    for (const id of customers) {
      await post('/customers', { customerId: id, kind: 'person', name: id, occurredAt: '2025-01-01T09:00:00Z' });
    }
    // ann buys every other month; ben once in January 2025; the rest at various times and amounts.
    for (const month of ['01', '03', '05', '07', '09', '11']) await buy('ann', `2025-${month}-10T10:00:00Z`, 120);
    await buy('ben', '2025-01-15T10:00:00Z', 40);
    await buy('cat', '2025-04-01T10:00:00Z', 300);
    await buy('cat', '2025-04-20T10:00:00Z', 30);
    await buy('dan', '2025-06-01T10:00:00Z', 15);
    await buy('eve', '2025-08-01T10:00:00Z', 60);
    await buy('fay', '2025-02-01T10:00:00Z', 75);
    await buy('fay', '2025-10-01T10:00:00Z', 75);
  });
  afterAll(() => crm?.stop());

  it('counts members per month as GET /segments counts them at each instant, for every segment', async () => {
    const segments = (await crm.get(`/segments?asOf=2025-12-31&minPosition=${history.lastPosition}`, 'analyst')).body;
    for (const segment of Object.keys(segments.counts.rfmSegment)) {
      const reply = await crm.get(`/segments/${segment}/history?from=2025-01-31&to=2025-12-31&step=month`, 'analyst');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ segment, dimension: 'rfmSegment', step: 'month' });
      expect(reply.body.points).toHaveLength(12);
      for (const point of reply.body.points.filter((_: unknown, i: number) => i % 4 === 3)) {
        const then = (await crm.get(`/segments?asOf=${point.at}`, 'analyst')).body.counts.rfmSegment[segment];
        expect([segment, point.at, point.members]).toEqual([segment, point.at, then]);
      }
      const net = reply.body.points.reduce(
        (s: number, p: { entered: number; exited: number }) => s + p.entered - p.exited,
        0,
      );
      const first = reply.body.points[0];
      expect(net).toBe(reply.body.points[11].members - first.members + first.entered - first.exited);
    }
  });

  it('follows a lifecycle stage as time passes without new events', async () => {
    const reply = await crm.get(
      '/segments/new/history?dimension=lifecycleStage&from=2025-01-31&to=2025-06-30',
      'analyst',
    );
    expect(reply.status).toBe(200);
    // `new` lasts 90 days from the first purchase. Jan 31: ann (Jan 10), ben (Jan 15). Feb 28: + fay
    // (Feb 1). Apr 30: ann and ben aged out, cat (Apr 1) in. May 31: fay out (May 2). Jun 30 at the
    // end of the day: cat out (Jun 30 10:00), dan (Jun 1) in.
    const byMonth = Object.fromEntries(
      reply.body.points.map((p: { at: string; members: number; entered: number; exited: number }) => [
        p.at.slice(0, 7),
        [p.members, p.entered, p.exited],
      ]),
    );
    expect(byMonth).toEqual({
      '2025-01': [2, 2, 0],
      '2025-02': [3, 1, 0],
      '2025-03': [3, 0, 0],
      '2025-04': [2, 1, 2],
      '2025-05': [1, 0, 1],
      '2025-06': [1, 1, 1],
    });
  });

  it.each([
    ['/segments/champions/history?step=day', 400, 'step'],
    ['/segments/champions/history?from=2026-02-01&to=2026-01-01', 400, 'to'],
    ['/segments/champions/history?from=1990-01-01&to=2026-01-01&step=week', 400, 'to'],
    ['/segments/champions/history?dimension=mood', 400, 'dimension'],
    ['/segments/champions/history?colour=red', 400, 'colour'],
    ['/segments/nobody/history', 404, undefined],
    ['/segments/champions/history?dimension=lifecycleStage', 404, undefined],
  ])('refuses %s with %s', async (path, status, field) => {
    const reply = await crm.get(path, 'analyst');
    expect(reply.status).toBe(status);
    if (field) {
      const fields = [reply.body.field, ...(reply.body.problems ?? []).map((p: { field: string }) => p.field)];
      expect(fields).toContain(field);
    }
  });
});
