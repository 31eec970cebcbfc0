import fc from 'fast-check';
import type { CrmEvent } from '@ledger/domain';
import { campaignsProjection, type CampaignDoc } from './campaigns.projection';
import { splitCents } from './credit-split';
import { customerAnalyticsProjection, type CustomerAnalytics } from './customer-analytics.projection';
import {
  ATTRIBUTION_MODELS,
  compareCampaigns,
  multiTouchTally,
  type AttributionModel,
  type MultiTouchOptions,
} from './multi-touch-attribution';
import { contacted, day, foldAll, launched, purchased, registered, touched } from './test-support/analytics-events';
import { DAY_MS, type PurchaseEntry, type TouchEntry } from './timeline';

const launches = [
  launched('ad-a', day(1, 0), day(60, 0), { name: 'Ad A', channel: 'email', budget: 100 }),
  launched('ad-b', day(10, 0), day(60, 0), { name: 'Ad B', channel: 'phone', budget: 50 }),
];
const customerEvents: CrmEvent[] = [
  ...['c1', 'c2', 'c3', 'c5', 'c6'].map((id) => registered(id, day(0))),
  // c1: A on day 5, B on day 12 (an outbound call carrying B), buys 100 on day 15.
  touched('c1', 'ad-a', day(5), 'email'),
  contacted('c1', day(12), 'phone', { direction: 'outbound', campaignId: 'ad-b' }),
  purchased('c1', day(15), 100),
  // c2: A only, buys 50 five days later.
  touched('c2', 'ad-a', day(20), 'email'),
  purchased('c2', day(25), 50),
  // c3: B on day 15, buys 200 on day 70 (outside a 30-day lookback, inside 60).
  touched('c3', 'ad-b', day(15), 'sms'),
  purchased('c3', day(70), 200),
  // c5: never touched.
  purchased('c5', day(16), 75),
  // c6: A, B, C, A, then buys 99.99: four touches for the position-based split.
  touched('c6', 'ad-a', day(50)),
  touched('c6', 'ad-b', day(52)),
  touched('c6', 'ad-c', day(54)),
  touched('c6', 'ad-a', day(56)),
  purchased('c6', day(60), 99.99),
];
const customers = foldAll(customerAnalyticsProjection, customerEvents);
const campaigns = foldAll(campaignsProjection, [...launches, ...customerEvents]);
const adA = campaigns.find((c) => c.id === 'ad-a') as CampaignDoc;
const adB = campaigns.find((c) => c.id === 'ad-b') as CampaignDoc;

const options = (model: AttributionModel, extra: Partial<MultiTouchOptions> = {}): MultiTouchOptions => ({
  model,
  asOf: day(100),
  lookbackDays: 30,
  halfLifeDays: 7,
  ...extra,
});
const credited = (model: AttributionModel, extra: Partial<MultiTouchOptions> = {}) => {
  const result = compareCampaigns(multiTouchTally(customers, options(model, extra)), [adA, adB]);
  return [...result.campaigns.map((row) => row.creditedRevenue), result.otherCampaigns.creditedRevenue];
};

describe('multi-touch attribution', () => {
  it('splits each purchase over the touches in its lookback by the chosen model (hand-computed)', () => {
    // [A, B, others]. c1: 100 over (A day 5, B day 12); c2: 50 to A; c6: 99.99 over A B C A.
    expect(credited('first_touch')).toEqual([249.99, 0, 0]);
    expect(credited('last_touch')).toEqual([149.99, 100, 0]);
    // linear: c1 50/50; c6 25 % each of 9999 cents = 2499.75 → 2500, 2500, 2500, 2499 (equal fractions: the
    // earlier touches get the cents left), so A 50 + 50 + 49.99, B 50 + 25, C 25.
    expect(credited('linear')).toEqual([149.99, 75, 25]);
    // position-based: c1 two touches 50/50; c6 40/10/10/40 of 9999 cents = 3999.6, 999.9, 999.9, 3999.6 →
    // floors 3999, 999, 999, 3999 and three cents left to the largest fractions: B, C, then the first A.
    expect(credited('position_based')).toEqual([179.99, 60, 10]);
    // time-decay, half-life 7 days: c1's ages 10 and 3 days weigh 2^(−10/7) : 2^(−3/7) = 1 : 2, so A 33.33, B 66.67.
    // c6's ages 10, 8, 6, 4 days: weights 2^(−10/7), 2^(−8/7), 2^(−6/7), 2^(−4/7).
    const w = [10, 8, 6, 4].map((age) => Math.pow(2, -age / 7));
    const c6 = splitCents(9999, w);
    expect(c6.reduce((s, x) => s + x, 0)).toBe(9999);
    expect(credited('time_decay')).toEqual([(3333 + 5000 + c6[0] + c6[3]) / 100, (6667 + c6[1]) / 100, c6[2] / 100]);
    // Exact shares 1812.577, 2209.556, 2693.479, 3283.388: floors sum to 9997, the two cents left go to .577 and .556.
    expect(c6).toEqual([1813, 2210, 2693, 3283]);
  });

  it('reports the whole history up to asOf, attributed and not, and only touches in the lookback', () => {
    const result = compareCampaigns(multiTouchTally(customers, options('linear')), [adB, adA]);
    expect(result.purchases).toEqual({ count: 5, revenue: 524.99 });
    expect(result.attributed).toEqual({ purchases: 3, revenue: 249.99 });
    expect(result.unattributed).toEqual({ purchases: 2, revenue: 275 });
    expect(result.campaigns.map((r) => r.campaignId)).toEqual(['ad-b', 'ad-a']);
    expect(result.campaigns[0]).toMatchObject({ touchedPurchases: 2, creditedPurchases: 0.75, roi: 0.5 });
    expect(result.halfLifeDays).toBeNull();
    const wider = compareCampaigns(multiTouchTally(customers, options('linear', { lookbackDays: 60 })), [adA, adB]);
    expect(wider.attributed).toEqual({ purchases: 4, revenue: 449.99 });
    expect(wider.campaigns[1].creditedRevenue).toBe(275);
  });

  it('is the same for a date whatever was recorded after it', () => {
    const early = compareCampaigns(multiTouchTally(customers, options('linear', { asOf: day(20) })), [adA, adB]);
    expect(early.purchases).toEqual({ count: 2, revenue: 175 });
    expect(early.campaigns.map((r) => r.creditedRevenue)).toEqual([50, 50]);
  });
});

describe('credit split', () => {
  it('gives every cent to someone: parts sum to the whole and stay within a cent of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (cents, raw) => {
          const weights = raw.some((w) => w > 0) ? raw : [...raw.slice(1), 1];
          const parts = splitCents(cents, weights);
          const total = weights.reduce((s, w) => s + w, 0);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(cents);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            expect(Math.abs(part - (cents * weights[i]) / total)).toBeLessThanOrEqual(1 + 1e-6 * cents);
          });
        },
      ),
    );
  });

  it('credits every attributed cent to some campaign under every model, on random histories', () => {
    const customer = fc
      .record({
        touches: fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.constantFrom('a', 'b', 'c', 'd')), {
          maxLength: 12,
        }),
        purchases: fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 1_000_000 })), {
          maxLength: 8,
        }),
      })
      .map(({ touches, purchases }) => analytics(touches, purchases));
    fc.assert(
      fc.property(
        fc.array(customer, { maxLength: 20 }),
        fc.constantFrom(...ATTRIBUTION_MODELS),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 60 }),
        (docs, model, lookbackDays, halfLifeDays) => {
          const tally = multiTouchTally(docs, { model, asOf: day(200), lookbackDays, halfLifeDays });
          const credited = [...tally.byCampaign.values()].reduce((s, c) => s + c.creditedCents, 0);
          expect(credited).toBe(tally.attributedCents);
          const share = [...tally.byCampaign.values()].reduce((s, c) => s + c.creditedPurchases, 0);
          expect(share).toBeCloseTo(tally.attributedPurchases, 6);
        },
      ),
    );
  });
});

let ids = 0;
function analytics(touches: [number, string][], purchases: [number, number][]): CustomerAnalytics {
  const at = (d: number) => Date.parse(day(0)) + d * DAY_MS;
  const byTime = <T extends readonly (string | number | null)[]>(a: T, b: T) => (a[0] as number) - (b[0] as number);
  return {
    ...foldAll(customerAnalyticsProjection, [registered(`r${++ids}`, day(0))])[0],
    touches: touches.map(([d, id]): TouchEntry => [at(d), id, 0, 'touch']).sort(byTime),
    purchases: purchases.map(([d, cents]): PurchaseEntry => [at(d), cents / 100, `o${d}`, 0, null]).sort(byTime),
  };
}
