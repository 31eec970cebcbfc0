import type { CrmEvent } from '@ledger/domain';
import { campaignAttribution } from './attribution';
import { campaignsProjection, type CampaignDoc } from './campaigns.projection';
import { customerAnalyticsProjection } from './customer-analytics.projection';
import { contacted, day, foldAll, launched, purchased, registered, touched } from './test-support/analytics-events';

// Ad A (email, days 1-30, budget 1000) and ad B (phone, days 10-40, budget 500).
const launches = [
  launched('ad-a', day(1, 0), day(30, 0), { name: 'Ad A', channel: 'email', budget: 1000 }),
  launched('ad-b', day(10, 0), day(40, 0), { name: 'Ad B', channel: 'phone', budget: 500 }),
];
const customerEvents: CrmEvent[] = [
  ...['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => registered(id, day(0))),
  // c1: reached by A, then by B; buys after both → first touch A, last touch B.
  touched('c1', 'ad-a', day(5), 'email'),
  contacted('c1', day(12), 'phone', { direction: 'outbound', campaignId: 'ad-b' }),
  contacted('c1', day(13), 'web'),
  purchased('c1', day(15), 100),
  // c2: reached by A only, buys with A's code.
  touched('c2', 'ad-a', day(20), 'email'),
  purchased('c2', day(25), 50, { campaignId: 'ad-a' }),
  // c3: reached by B, buys 55 days later.
  touched('c3', 'ad-b', day(15), 'sms'),
  purchased('c3', day(70), 200),
  // c4: calls about A, and calls again the next day.
  contacted('c4', day(8), 'phone', { direction: 'inbound', campaignId: 'ad-a' }),
  contacted('c4', day(9), 'phone'),
  // c5: never reached.
  purchased('c5', day(16), 75),
];

const customers = foldAll(customerAnalyticsProjection, customerEvents);
const campaigns = new Map(foldAll(campaignsProjection, [...launches, ...customerEvents]).map((doc) => [doc.id, doc]));
const campaign = (id: string): CampaignDoc => campaigns.get(id) as CampaignDoc;
const touchedBy = (id: string) => customers.filter((c) => c.campaignIds.includes(id));

describe('campaign attribution', () => {
  it('credits the earliest touch under first-touch and the latest under last-touch', () => {
    const a = campaignAttribution(campaign('ad-a'), touchedBy('ad-a'), { asOf: day(100) });
    const b = campaignAttribution(campaign('ad-b'), touchedBy('ad-b'), { asOf: day(100) });
    expect(a.firstTouch).toEqual({ purchases: 2, revenue: 150 });
    expect(a.lastTouch).toEqual({ purchases: 1, revenue: 50 });
    expect(b.firstTouch).toEqual({ purchases: 0, revenue: 0 });
    expect(b.lastTouch).toEqual({ purchases: 1, revenue: 100 });
  });

  it('reports what the campaign reached, within its window', () => {
    const a = campaignAttribution(campaign('ad-a'), touchedBy('ad-a'), { asOf: day(100) });
    expect(a).toMatchObject({
      campaignId: 'ad-a',
      name: 'Ad A',
      channel: 'email',
      window: { startsAt: day(1, 0), endsAt: day(30, 0) },
      lookbackDays: 30,
      budget: 1000,
      directPurchases: { count: 1, revenue: 50 },
      customersTouched: 3,
      customersConverted: 2,
      conversionRate: 0.6667,
      costPerAcquisition: 500,
      roi: { direct: -0.95, firstTouch: -0.85, lastTouch: -0.95 },
    });
    expect(a.touchesByChannel).toMatchObject({ email: 2, phone: 0 });
    expect(a.contactsByChannel.phone).toEqual({ inbound: 1, outbound: 0 });
  });

  it('counts the inbound contacts that followed a campaign’s touch ("calls after ad A")', () => {
    const a = campaignAttribution(campaign('ad-a'), touchedBy('ad-a'), { asOf: day(100) });
    const b = campaignAttribution(campaign('ad-b'), touchedBy('ad-b'), { asOf: day(100) });
    expect(a.contactsAfterTouch).toMatchObject({ phone: 1, web: 0 });
    expect(b.contactsAfterTouch).toMatchObject({ phone: 0, web: 1 });
  });

  it('only credits touches within the lookback before a purchase', () => {
    const b30 = campaignAttribution(campaign('ad-b'), touchedBy('ad-b'), { asOf: day(100) });
    const b60 = campaignAttribution(campaign('ad-b'), touchedBy('ad-b'), { asOf: day(100), lookbackDays: 60 });
    expect(b30).toMatchObject({ customersTouched: 2, customersConverted: 1 });
    expect(b60).toMatchObject({ customersConverted: 2, firstTouch: { purchases: 1, revenue: 200 } });
    expect(b60.lastTouch).toEqual({ purchases: 2, revenue: 300 });
  });

  it('ignores everything after asOf', () => {
    const a = campaignAttribution(campaign('ad-a'), touchedBy('ad-a'), { asOf: day(14) });
    expect(a).toMatchObject({
      customersTouched: 2,
      customersConverted: 0,
      firstTouch: { purchases: 0, revenue: 0 },
      directPurchases: { count: 0, revenue: 0 },
      costPerAcquisition: null,
    });
    expect(a.touchesByChannel.email).toBe(1);
    const justBefore = new Date(Date.parse(day(15)) - 1).toISOString();
    expect(campaignAttribution(campaign('ad-b'), touchedBy('ad-b'), { asOf: justBefore }).lastTouch.purchases).toBe(0);
    expect(campaignAttribution(campaign('ad-b'), touchedBy('ad-b'), { asOf: day(15) }).lastTouch.purchases).toBe(1);
  });

  it('gives the same figures whether given every customer or only those the campaign touched', () => {
    const options = { asOf: day(100) };
    expect(campaignAttribution(campaign('ad-a'), customers, options)).toEqual(
      campaignAttribution(campaign('ad-a'), touchedBy('ad-a'), options),
    );
  });

  it('agrees with the campaign document once the window has closed', () => {
    for (const id of ['ad-a', 'ad-b']) {
      const doc = campaign(id);
      const result = campaignAttribution(doc, touchedBy(id), { asOf: day(100) });
      expect(result.contactsByChannel).toEqual(doc.contactsByChannel);
      expect(result.touchesByChannel).toEqual(doc.touchesByChannel);
      expect(result.customersTouched).toBe(doc.customersTouched);
      expect(result.directPurchases).toEqual(doc.purchases);
    }
  });

  it('is all zeros for a campaign whose launch has not been projected', () => {
    const [unlaunched] = foldAll(campaignsProjection, [touched('c1', 'ad-x', day(3))]);
    const result = campaignAttribution(unlaunched, customers, { asOf: day(100) });
    expect(result).toMatchObject({ window: null, name: null, customersTouched: 0, lastTouch: { purchases: 0 } });
  });

  it('is deterministic', () => {
    const run = () => JSON.stringify(campaignAttribution(campaign('ad-a'), touchedBy('ad-a'), { asOf: day(100) }));
    expect(run()).toBe(run());
  });
});
