import { emptyCustomerAnalytics, type CustomerAnalytics } from '@ledger/projections';
import { customersMatching, narrowingParams } from './list-narrowing';

const at = (instant: string) => Date.parse(instant);
const doc = (customerId: string, extra: Partial<CustomerAnalytics>): CustomerAnalytics => ({
  ...emptyCustomerAnalytics(customerId),
  kind: 'person',
  registeredAt: '2026-01-01T00:00:00.000Z',
  lastPosition: 1,
  ...extra,
});

const docs = [
  doc('ann', { purchases: [[at('2026-10-10T10:00:00Z'), 120, 'o-1', 1, 'ad-a']], campaignIds: ['ad-a'] }),
  doc('ben', { returns: [[at('2026-09-30T23:59:59Z'), 10, 'o-2']] }),
  doc('cat', { contacts: [[at('2026-10-01T00:00:00Z'), 0, 'inbound']], campaignIds: ['ad-b'] }),
];

describe('drill-down narrowing', () => {
  it('finds the customers a campaign reached', () => {
    expect([...customersMatching(docs, { campaign: 'ad-a' })]).toEqual(['ann']);
  });

  it('finds buyers of a month (returns count) and anyone active in it', () => {
    expect([...customersMatching(docs, { purchasedIn: '2026-10' })]).toEqual(['ann']);
    expect([...customersMatching(docs, { purchasedIn: '2026-09' })]).toEqual(['ben']);
    expect([...customersMatching(docs, { activeIn: '2026-10' })]).toEqual(['ann', 'cat']);
    expect([...customersMatching(docs, { activeIn: '2026-10', campaign: 'ad-b' })]).toEqual(['cat']);
  });

  it('names the field of a malformed filter', () => {
    expect(() => narrowingParams({ purchasedIn: '2026-13' })).toThrow(/purchasedIn/);
    expect(() => narrowingParams({ f: '0' })).toThrow(/f must be/);
    expect(narrowingParams({ r: '5', campaign: 'ad-a' })).toMatchObject({ r: 5, campaign: 'ad-a' });
  });
});
