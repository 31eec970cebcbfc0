import type { CrmEvent } from '@ledger/domain';
import { campaignsProjection as projection, type CampaignDoc } from './campaigns.projection';
import {
  contacted,
  day,
  foldAll,
  launched,
  purchased,
  recordAll,
  registered,
  touched,
} from './test-support/analytics-events';

const launch = launched('ad-a', day(10, 0), day(20, 0), { name: 'Ad A', channel: 'social', budget: 2500 });
const activity: CrmEvent[] = [
  touched('c1', 'ad-a', day(10, 0), 'social'), // exactly at the start: inside
  touched('c2', 'ad-a', day(11), 'social'),
  touched('c2', 'ad-a', day(12), 'email'),
  contacted('c1', day(13), 'phone', { direction: 'inbound', campaignId: 'ad-a' }),
  contacted('c3', day(14), 'phone', { direction: 'inbound', campaignId: 'ad-a' }),
  contacted('c3', day(15), 'phone', { direction: 'outbound', campaignId: 'ad-a' }),
  contacted('c3', day(15), 'phone'), // no campaign: not this projection's business
  purchased('c1', day(16), 49.99, { campaignId: 'ad-a' }),
  purchased('c2', day(20, 0), 10.01, { campaignId: 'ad-a' }), // exactly at the end: inside
  purchased('c2', day(21), 500, { campaignId: 'ad-a' }), // after the window
  touched('c4', 'ad-a', day(9), 'social'), // before the window
];

const without = <K extends keyof CampaignDoc>(doc: CampaignDoc, ...keys: K[]): Omit<CampaignDoc, K> => {
  const copy = { ...doc };
  for (const key of keys) delete copy[key];
  return copy;
};

describe('campaigns projection', () => {
  const [doc] = foldAll(projection, [launch, ...activity]);

  it('keeps the launch facts', () => {
    expect(doc).toMatchObject({
      id: 'ad-a',
      campaignId: 'ad-a',
      launched: true,
      name: 'Ad A',
      channel: 'social',
      startsAt: day(10, 0),
      endsAt: day(20, 0),
      budget: 2500,
      currency: 'EUR',
    });
  });

  it('counts contacts by channel and direction, touches by channel and purchases within the window', () => {
    expect(doc.contactsByChannel.phone).toEqual({ inbound: 2, outbound: 1 });
    expect(doc.contactsByChannel.email).toEqual({ inbound: 0, outbound: 0 });
    expect(doc.touchesByChannel).toMatchObject({ social: 2, email: 1, phone: 0 });
    expect(doc.purchases).toEqual({ count: 2, revenue: 60 });
    expect(doc.outsideWindow).toBe(2);
  });

  it('counts the distinct customers touched by a touch or a campaign contact in the window', () => {
    expect(doc.customersTouched).toBe(3);
    expect(doc.touchedCustomers).toEqual({ ids: ['c1', 'c2', 'c3'], sketch: null });
  });

  it('keeps every channel in vocabulary order, so documents have one shape', () => {
    expect(Object.keys(doc.touchesByChannel)).toEqual([
      'phone',
      'web',
      'email',
      'sms',
      'social',
      'chat',
      'in_person',
      'fax',
    ]);
  });

  it('holds events seen before the launch and counts them against the window when it arrives', () => {
    const [early] = foldAll(projection, activity);
    expect(early).toMatchObject({ launched: false, name: null, customersTouched: 0 });
    expect(early.pending).toHaveLength(activity.length - 1);
    expect(early.pending.map(([at]) => at)).toEqual([...early.pending.map(([at]) => at)].sort((a, b) => a - b));

    const [late] = foldAll(projection, [...activity, launch]);
    expect(late.pending).toEqual([]);
    expect(without(late, 'lastPosition')).toEqual(without(doc, 'lastPosition'));
  });

  it('comes out the same whatever order the streams interleave in', () => {
    const [reversed] = foldAll(projection, [...activity].reverse().concat(launch));
    expect(without(reversed, 'lastPosition')).toEqual(without(doc, 'lastPosition'));
    expect(JSON.stringify(foldAll(projection, [launch, ...activity]))).toBe(JSON.stringify([doc]));
  });

  it('keys launches, touches, and contacts and purchases that carry a campaign id', () => {
    const log = recordAll([
      launch,
      touched('c1', 'ad-b', day(3)),
      contacted('c1', day(3), 'web'),
      registered('c1', day(1)),
    ]);
    expect(log.map((event) => projection.keysOf(event))).toEqual([['ad-a'], ['ad-b'], [], []]);
  });

  it('ignores a replayed event', () => {
    const log = recordAll([launch, ...activity]);
    expect(projection.apply(doc, log[3], 'ad-a')).toBe(doc);
  });

  it('keeps the first launch if a campaign is launched twice', () => {
    const [twice] = foldAll(projection, [launch, ...activity, launched('ad-a', day(1), day(2), { name: 'Again' })]);
    expect(without(twice, 'lastPosition')).toEqual(without(doc, 'lastPosition'));
  });
});
