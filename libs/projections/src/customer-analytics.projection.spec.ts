import type { CrmEvent, RecordedEvent } from '@ledger/domain';
import { customerAnalyticsProjection as projection, type CustomerAnalytics } from './customer-analytics.projection';
import {
  complaintOpened,
  complaintResolved,
  contacted,
  day,
  feedbackGiven,
  fold,
  foldAll,
  launched,
  purchased,
  recordAll,
  registered,
  returned,
  touched,
} from './test-support/analytics-events';

const ms = (instant: string): number => Date.parse(instant);

const history: CrmEvent[] = [
  registered('c1', day(1), 'FR', 'Lyon'),
  purchased('c1', day(50), 120, { orderId: 'o-2', channel: 'phone' }),
  // Backfilled by an import: recorded later, happened earlier.
  purchased('c1', day(10), 80, { orderId: 'o-1', channel: 'web', campaignId: 'spring' }),
  returned('c1', 'o-2', day(55), 20),
  contacted('c1', day(12), 'phone', { direction: 'outbound', campaignId: 'spring' }),
  contacted('c1', day(11), 'email'),
  touched('c1', 'autumn', day(40), 'sms'),
  complaintOpened('c1', 'case-1', day(20)),
  complaintOpened('c1', 'case-2', day(21)),
  complaintResolved('c1', 'case-1', day(22)),
  feedbackGiven('c1', 'nps', 9, day(30)),
  feedbackGiven('c1', 'csat', 2, day(25)),
  { type: 'KeyAccountFlagged', data: { customerId: 'c1', keyAccount: true, occurredAt: day(60) } },
  { type: 'CustomerProfileUpdated', data: { customerId: 'c1', changes: { city: 'Paris' }, occurredAt: day(61) } },
];

describe('customer analytics projection', () => {
  const [doc] = foldAll(projection, history);

  it('keeps the profile facts analysts filter on', () => {
    expect(doc).toMatchObject({
      id: 'c1',
      customerId: 'c1',
      kind: 'person',
      country: 'FR',
      city: 'Paris',
      registeredAt: day(1),
      keyAccount: true,
      lastPosition: history.length,
    });
  });

  it('drops the city of an erased customer and keeps the facts analysts count', () => {
    const erased: CrmEvent = {
      type: 'CustomerErased',
      data: { customerId: 'c1', reason: 'art. 17', occurredAt: day(70) },
    };
    const [after] = foldAll(projection, [...history, erased]);
    expect(after).toMatchObject({ city: null, country: 'FR', totalSpend: 180, lastPosition: history.length + 1 });
    expect(after.purchases).toEqual(doc.purchases);
  });

  it('keeps purchases and returns sorted by business time, whatever the arrival order', () => {
    expect(doc.purchases).toEqual([
      [ms(day(10)), 80, 'o-1', 1, 'spring'],
      [ms(day(50)), 120, 'o-2', 0, null],
    ]);
    expect(doc.returns).toEqual([[ms(day(55)), 20, 'o-2']]);
    expect(doc).toMatchObject({ firstPurchaseAt: day(10), lastPurchaseAt: day(50), totalSpend: 180 });
  });

  it('records contacts by channel index and direction, and campaign contacts and touches as touches', () => {
    expect(doc.contacts).toEqual([
      [ms(day(11)), 2, 'inbound'],
      [ms(day(12)), 0, 'outbound'],
    ]);
    expect(doc.touches).toEqual([
      [ms(day(12)), 'spring', 0, 'outbound'],
      [ms(day(40)), 'autumn', 3, 'touch'],
    ]);
    expect(doc.campaignIds).toEqual(['autumn', 'spring']);
  });

  it('keeps when each complaint opened and was resolved, and the latest feedback by business time', () => {
    expect(doc.complaints).toEqual([
      [ms(day(20)), 'case-1', ms(day(22))],
      [ms(day(21)), 'case-2', null],
    ]);
    expect(doc.feedback).toEqual([
      [ms(day(25)), 'csat', 2],
      [ms(day(30)), 'nps', 9],
    ]);
    expect(doc.lastFeedback).toEqual({ kind: 'nps', score: 9, at: day(30) });
  });

  it('only keys the customer events it uses', () => {
    const [consent, launch, contact] = recordAll([
      { type: 'ConsentGiven', data: { customerId: 'c1', channel: 'email', purpose: 'marketing', occurredAt: day(1) } },
      launched('spring', day(1), day(30)),
      contacted('c9', day(3), 'chat'),
    ]);
    expect(projection.keysOf(consent)).toEqual([]);
    expect(projection.keysOf(launch)).toEqual([]);
    expect(projection.keysOf(contact)).toEqual(['c9']);
  });

  it('ignores a replayed event and never changes the document it was given', () => {
    const log = recordAll(history);
    const before = JSON.stringify(doc);
    expect(projection.apply(doc, log[1], 'c1')).toBe(doc);
    const next = projection.apply(doc, { ...log[1], position: 100 } as RecordedEvent, 'c1') as CustomerAnalytics;
    expect(next.purchases).toHaveLength(3);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('is deterministic: folding twice, or in another order, gives the same timelines', () => {
    expect(JSON.stringify(foldAll(projection, history))).toBe(JSON.stringify(foldAll(projection, history)));
    // Business times do not follow the log; one stream's causal order (open before resolve) does.
    const resolution = history.findIndex((e) => e.type === 'ComplaintResolved');
    const shuffled = [
      history[0],
      ...history.filter((_, i) => i > 0 && i !== resolution).reverse(),
      history[resolution],
    ];
    const [other] = foldAll(projection, shuffled);
    const { lastFeedback: _a, ...timelines } = doc;
    const { lastFeedback: _b, ...otherTimelines } = other;
    expect(otherTimelines).toEqual(timelines);
  });

  it('creates the document from whichever of its events comes first', () => {
    const docs = fold(projection, recordAll([touched('c2', 'spring', day(3))]));
    expect(docs.get('c2')).toMatchObject({ registeredAt: null, campaignIds: ['spring'], totalSpend: 0 });
  });

  it('declares the fields the query service filters and sorts on, and lastPosition for its incremental reads', () => {
    expect(projection.name).toBe('customer_analytics');
    expect(projection.indexes).toEqual([
      'country',
      'keyAccount',
      'lastPurchaseAt',
      'totalSpend',
      'campaignIds',
      'lastPosition',
    ]);
  });

  it('keeps merges as business-time intervals in the survivor, and nothing in the merged customer', () => {
    const mergeEvent = (type: 'CustomersMerged' | 'CustomersUnmerged', at: number): CrmEvent =>
      ({ type, data: { customerId: 'c1', mergedCustomerId: 'c2', occurredAt: day(at) } }) as CrmEvent;
    const docs = foldAll(projection, [
      ...history,
      registered('c2', day(2)),
      mergeEvent('CustomersMerged', 70),
      mergeEvent('CustomersMerged', 71),
      mergeEvent('CustomersUnmerged', 80),
      mergeEvent('CustomersMerged', 90),
    ]);
    expect(docs[0].merges).toEqual([
      ['c2', ms(day(70)), ms(day(80))],
      ['c2', ms(day(90)), null],
    ]);
    expect(docs[0].purchases).toEqual(doc.purchases);
    expect(docs[1].merges).toBeUndefined();
  });
});
