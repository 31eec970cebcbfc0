import type { CrmEvent } from '@ledger/domain';
import { customerAnalyticsProjection, type CustomerAnalytics } from './customer-analytics.projection';
import { lifecycleStageOf } from './customer-signals';
import { filterScores, RFM_SEGMENTS, scoreCustomers, segmentCounts, type CustomerScore } from './segments';
import {
  complaintOpened,
  complaintResolved,
  contacted,
  day,
  feedbackGiven,
  foldAll,
  purchased,
  registered,
  returned,
} from './test-support/analytics-events';

const docsOf = (events: CrmEvent[]): CustomerAnalytics[] => foldAll(customerAnalyticsProjection, events);
const byId = (scores: CustomerScore[]): Map<string, CustomerScore> => new Map(scores.map((s) => [s.customerId, s]));
const D = 86_400_000;
const asOf = day(800);

/**
 * 25 purchasers on a grid: recency group i (0 = longest ago) and frequency group j (1, 2, 3, 5
 * or 10 purchases of 100 each, one per frequency breakpoint), so r = i + 1 (quintile),
 * f = j + 1 (breakpoints) and m = j + 1 (quintile); plus a prospect and a customer registered
 * after the date.
 */
const PURCHASES = [1, 2, 3, 5, 10];

function gridPopulation(): CrmEvent[] {
  const recencyDays = [400, 200, 100, 40, 5];
  const events: CrmEvent[] = [registered('prospect', day(1)), registered('future', day(801))];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      const id = `g${i}${j}`;
      events.push(registered(id, day(1)));
      for (let k = PURCHASES[j] - 1; k >= 0; k--) events.push(purchased(id, day(800 - recencyDays[i] - 10 * k), 100));
    }
  }
  return events;
}

describe('segments', () => {
  const scores = scoreCustomers(docsOf(gridPopulation()), asOf);
  const scored = byId(scores);

  it('scores R and M in quintiles of the purchasers as of the date, F by fixed breakpoints', () => {
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        const { r, f, m, rfm } = scored.get(`g${i}${j}`) as CustomerScore;
        expect({ r, f, m, rfm }).toEqual({ r: i + 1, f: j + 1, m: j + 1, rfm: `${i + 1}${j + 1}${j + 1}` });
      }
    }
  });

  it('reaches every named segment, and puts each customer in exactly one', () => {
    const counts = segmentCounts(scores);
    expect(Object.keys(counts)).toEqual([...RFM_SEGMENTS]);
    for (const segment of RFM_SEGMENTS)
      expect({ segment, reached: counts[segment] > 0 }).toEqual({ segment, reached: true });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(26);
    expect(scored.get('g44')?.rfmSegment).toBe('champions');
    expect(scored.get('g00')?.rfmSegment).toBe('lost');
  });

  it('leaves prospects out of RFM and out of the quintiles', () => {
    expect(scored.get('prospect')).toMatchObject({ r: null, f: null, m: null, rfm: null, rfmSegment: 'prospects' });
    expect(scored.get('prospect')).toMatchObject({
      recencyDays: null,
      frequency: 0,
      valueTier: 'none',
      lifecycleStage: 'prospect',
    });
    const prospects = Array.from({ length: 30 }, (_, i) => registered(`p${i}`, day(2)));
    const more = byId(scoreCustomers(docsOf([...gridPopulation(), ...prospects]), asOf));
    for (const [id, score] of scored) expect(more.get(id)?.rfm).toBe(score.rfm);
  });

  it('leaves out customers registered after the date', () => {
    expect(scored.has('future')).toBe(false);
    expect(scores).toHaveLength(26);
  });

  it('is deterministic: the same log and date give the same JSON', () => {
    expect(JSON.stringify(scoreCustomers(docsOf(gridPopulation()), asOf))).toBe(JSON.stringify(scores));
  });
});

describe('as of a date', () => {
  const [doc] = docsOf([
    registered('c1', day(1)),
    purchased('c1', day(100), 100, { orderId: 'o-1' }),
    returned('c1', 'o-1', day(110), 40),
    complaintOpened('c1', 'case-1', day(120)),
    complaintResolved('c1', 'case-1', day(130)),
    feedbackGiven('c1', 'nps', 3, day(140)),
  ]);
  const at = (instant: string | number): CustomerScore =>
    scoreCustomers([doc], typeof instant === 'number' ? new Date(instant).toISOString() : instant)[0];

  it('excludes events after the instant, to the millisecond', () => {
    const purchase = Date.parse(day(100));
    expect(at(purchase - 1)).toMatchObject({ frequency: 0, rfmSegment: 'prospects', lifecycleStage: 'prospect' });
    expect(at(purchase)).toMatchObject({
      frequency: 1,
      monetary: 100,
      recencyDays: 0,
      rfm: '313',
      lifecycleStage: 'new',
    });
    expect(at(Date.parse(day(110)) - 1).monetary).toBe(100);
    expect(at(day(110)).monetary).toBe(60);
  });

  it('counts a complaint as open until its resolution, and feedback from when it was given', () => {
    expect(at(day(119)).churnScore).toBe(0);
    expect(at(day(125)).churnScore).toBe(0.125);
    expect(at(day(130)).churnScore).toBe(0);
    expect(at(day(140))).toMatchObject({ churnScore: 0.15, churnRisk: 'low' });
  });
});

describe('lifecycle stage', () => {
  const stage = (times: number[], days: number): string =>
    lifecycleStageOf(
      times.map((t) => [t] as const),
      times.length,
      days * D,
    );

  it('uses the lifecycle thresholds: new 90 days, active 180, at risk until 365, then lapsed', () => {
    expect(stage([], 10)).toBe('prospect');
    expect([0, 89.9, 90, 179.9, 180, 364.9, 365].map((days) => stage([0], days))).toEqual([
      'new',
      'new',
      'active',
      'active',
      'at_risk',
      'at_risk',
      'lapsed',
    ]);
  });

  it('is won back for 90 days after a purchase made while lapsed', () => {
    expect(stage([0, 365 * D], 365)).toBe('won_back');
    expect(stage([0, 365 * D], 454.9)).toBe('won_back');
    expect(stage([0, 365 * D, 400 * D], 455)).toBe('active');
    expect(stage([0, 364 * D], 364)).toBe('active');
  });
});

describe('churn risk', () => {
  const score = (events: CrmEvent[], date: string): CustomerScore => scoreCustomers(docsOf(events), date)[0];
  const monthly = [registered('c1', day(1)), ...[0, 30, 60, 90].map((d) => purchased('c1', day(1 + d), 10))];

  it('compares recency with the customer’s own average interval between purchases', () => {
    expect(score(monthly, day(121))).toMatchObject({ recencyDays: 30, churnScore: 0, churnRisk: 'low' });
    expect(score(monthly, day(151))).toMatchObject({ recencyDays: 60, churnScore: 0.3, churnRisk: 'medium' });
    expect(score(monthly, day(181))).toMatchObject({ recencyDays: 90, churnScore: 0.6, churnRisk: 'high' });
  });

  it('adds open complaints and low feedback', () => {
    const unhappy = [...monthly, complaintOpened('c1', 'case-1', day(100)), feedbackGiven('c1', 'csat', 1, day(101))];
    expect(score(unhappy, day(121))).toMatchObject({ churnScore: 0.275, churnRisk: 'medium' });
  });

  it('expects 180 days between purchases for a single purchase', () => {
    const once = [registered('c1', day(1)), purchased('c1', day(1), 10)];
    expect(score(once, day(361)).churnScore).toBe(0.3);
  });
});

describe('channel affinity', () => {
  it('is the channel with most contacts and purchases in the year up to the date', () => {
    const [doc] = docsOf([
      registered('c1', day(1)),
      contacted('c1', day(2), 'email'),
      contacted('c1', day(2), 'email'),
      contacted('c1', day(400), 'phone', { direction: 'outbound' }),
      contacted('c1', day(401), 'phone'),
      purchased('c1', day(402), 10, { channel: 'web' }),
    ]);
    expect(scoreCustomers([doc], day(402))[0].channelAffinity).toEqual({
      channel: 'phone',
      shares: { phone: 0.667, web: 0.333 },
    });
    expect(scoreCustomers([doc], day(10))[0].channelAffinity).toEqual({ channel: 'email', shares: { email: 1 } });
    expect(scoreCustomers([doc], day(1))[0].channelAffinity).toEqual({ channel: null, shares: {} });
  });
});

describe('value tiers, counts and lists', () => {
  // 100 purchasers spending 1..99, one whose purchase was fully returned, and a prospect.
  const events: CrmEvent[] = [registered('prospect', day(1)), registered('refunded', day(1))];
  events.push(purchased('refunded', day(2), 50, { orderId: 'o-r' }), returned('refunded', 'o-r', day(3), 50));
  for (let i = 1; i < 100; i++) {
    const id = `c${String(i).padStart(3, '0')}`;
    events.push(registered(id, day(1), i % 2 === 0 ? 'DE' : 'FR'), purchased(id, day(1 + (i % 7)), i));
  }
  const scores = scoreCustomers(docsOf(events), day(30));

  it('ranks purchasers by net value: top 1 % platinum, 5 % gold, 20 % silver', () => {
    expect(segmentCounts(scores, 'valueTier')).toEqual({ platinum: 1, gold: 4, silver: 15, bronze: 80, none: 1 });
    expect(byId(scores).get('c099')?.valueTier).toBe('platinum');
    expect(byId(scores).get('refunded')).toMatchObject({ monetary: 0, valueTier: 'bronze', frequency: 1 });
  });

  it('counts by any dimension, every value present', () => {
    const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(Object.keys(segmentCounts(scores, 'lifecycleStage'))).toEqual([
      'prospect',
      'new',
      'active',
      'at_risk',
      'lapsed',
      'won_back',
    ]);
    expect(segmentCounts(scores, 'lifecycleStage')).toMatchObject({ prospect: 1, new: 100 });
    expect(segmentCounts(scores, 'channelAffinity')).toMatchObject({ web: 100, none: 1 });
    for (const dimension of ['churnRisk', 'rfmSegment', 'channelAffinity'] as const) {
      expect(total(segmentCounts(scores, dimension))).toBe(101);
    }
  });

  it('filters, sorts (nulls last, ties by id) and pages', () => {
    const page = filterScores(
      scores,
      { country: 'DE', valueTier: 'silver' },
      { sort: 'monetary', order: 'desc', pageSize: 3 },
    );
    expect(page.total).toBe(8); // DE spenders of 80..94
    expect(page.items.map((s) => [s.customerId, s.monetary])).toEqual([
      ['c094', 94],
      ['c092', 92],
      ['c090', 90],
    ]);
    const second = filterScores(
      scores,
      { country: 'DE', valueTier: 'silver' },
      { sort: 'monetary', order: 'desc', page: 3, pageSize: 3 },
    );
    expect(second.items.map((s) => s.customerId)).toEqual(['c082', 'c080']);
    const recency = filterScores(scores, {}, { sort: 'recencyDays', order: 'desc', pageSize: 200 }).items;
    expect(recency[recency.length - 1].customerId).toBe('prospect');
    expect(recency.slice(0, 2).map((s) => s.customerId)).toEqual(['c007', 'c014']);
    expect(filterScores(scores, { segment: 'prospects' }).items.map((s) => s.customerId)).toEqual(['prospect']);
  });
});
