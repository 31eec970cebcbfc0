// A merged group's analytics document: the survivor's profile, every member's timelines in one
// sorted list each, totals recomputed from them; a customer merged away has no facts.
import { combinedAnalytics, mergedAwayAnalytics } from './customer-analytics.merged';
import { customerAnalyticsProjection as projection } from './customer-analytics.projection';
import {
  contacted,
  day,
  feedbackGiven,
  foldAll,
  purchased,
  registered,
  touched,
} from './test-support/analytics-events';

const [survivor, member] = foldAll(projection, [
  registered('s', day(5), 'FR', 'Lyon'),
  purchased('s', day(20), 100, { orderId: 's-1' }),
  feedbackGiven('s', 'csat', 4, day(21)),
  touched('s', 'spring', day(19)),
  { type: 'CustomersMerged', data: { customerId: 's', mergedCustomerId: 't', occurredAt: day(30) } },
  registered('t', day(2), 'DE', 'Berlin'),
  purchased('t', day(10), 40, { orderId: 't-1', campaignId: 'autumn' }),
  purchased('t', day(25), 60, { orderId: 't-2' }),
  contacted('t', day(11), 'phone'),
  feedbackGiven('t', 'nps', 9, day(26)),
]);

describe('combinedAnalytics', () => {
  const combined = combinedAnalytics(survivor, [member]);

  it('keeps the survivor’s profile, registered since the earliest record', () => {
    expect(combined).toMatchObject({ id: 's', customerId: 's', country: 'FR', city: 'Lyon', registeredAt: day(2) });
    expect(combined.merges).toBeUndefined();
  });

  it('unites the timelines in order and recomputes the totals from them', () => {
    expect(combined.purchases.map((p) => p[2])).toEqual(['t-1', 's-1', 't-2']);
    expect(combined.contacts).toEqual(member.contacts);
    expect(combined).toMatchObject({
      firstPurchaseAt: day(10),
      lastPurchaseAt: day(25),
      totalSpend: 200,
      campaignIds: ['autumn', 'spring'],
      lastFeedback: { kind: 'nps', score: 9, at: day(26) },
      lastPosition: Math.max(survivor.lastPosition, member.lastPosition),
    });
  });

  it('leaves the stored documents as they were, and a lone survivor as it is', () => {
    expect(survivor.purchases).toHaveLength(1);
    expect(combinedAnalytics(survivor, [])).toBe(survivor);
  });

  it('gives a customer merged away no facts of their own', () => {
    expect(mergedAwayAnalytics(member)).toMatchObject({ id: 't', registeredAt: null, purchases: [], totalSpend: 0 });
  });
});
