import { customersCsv, drillFilters, listQuery, withDrill, withoutDrill } from './drill';
import type { CustomerScore } from './analytics-types';

describe('drill-down state', () => {
  it('replaces the previous drill and keeps the page asOf', () => {
    const before = new URLSearchParams('asOf=2026-11-01&f.churnRisk=high&page=3');
    const after = withDrill(before, { r: 5, f: 4 });
    expect(after.toString()).toBe('asOf=2026-11-01&f.r=5&f.f=4&drill=1');
    expect(drillFilters(after)).toEqual({ r: '5', f: '4' });
    expect(withoutDrill(after).toString()).toBe('asOf=2026-11-01');
  });

  it('turns the URL into the API query with safe defaults', () => {
    const params = new URLSearchParams('f.segment=champions&page=2&sort=churnScore&order=asc');
    expect(listQuery(params, '2026-11-01')).toEqual({
      asOf: '2026-11-01',
      segment: 'champions',
      page: 2,
      pageSize: 25,
      sort: 'churnScore',
      order: 'asc',
    });
    const odd = listQuery(new URLSearchParams('page=-1&sort=name&f.asOf=2026-10-31T23:59:59.999Z'), '2026-11-01');
    expect(odd).toMatchObject({ page: 1, sort: 'monetary', order: 'desc', asOf: '2026-10-31T23:59:59.999Z' });
  });

  it('downloads the customers as CSV', () => {
    const score: CustomerScore = {
      customerId: 'ann',
      country: 'GB',
      keyAccount: false,
      recencyDays: 22,
      frequency: 5,
      monetary: 600,
      r: 5,
      f: 5,
      m: 5,
      rfm: '555',
      rfmSegment: 'champions',
      valueTier: 'platinum',
      lifecycleStage: 'active',
      churnRisk: 'low',
      churnScore: 0.1,
      channelAffinity: { channel: null, shares: {} },
    };
    expect(customersCsv([score]).split('\n')[1]).toBe('ann,GB,false,22,5,600,555,champions,platinum,active,low,0.1,');
  });
});
