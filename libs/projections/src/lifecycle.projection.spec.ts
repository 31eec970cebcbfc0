import type { CrmEvent } from '@ledger/domain';
import { DAY_MS, toInstant, toMs } from './calendar';
import { lifecycleStageOf } from './customer-signals';
import {
  LIFECYCLE_DAYS,
  LIFECYCLE_STAGES,
  lifecycleAsOf,
  lifecycleProjection,
  lifecycleTransitions,
  type LifecycleHistory,
} from './lifecycle.projection';
import { at, contacted, launched, purchased, registered, returned } from './test-support/customer-events';
import { foldLog, recorded, RecordedLog } from './test-support/recorded';

const history = (events: CrmEvent[]): LifecycleHistory => {
  const doc = foldLog(lifecycleProjection, recorded(events)).get('c1');
  if (!doc) throw new Error('no lifecycle document');
  return doc;
};

/** Registered, bought twice while new, lapsed, won back, then quiet until the end of 2027. */
const story: CrmEvent[] = [
  registered('c1', at('2026-01-01')),
  purchased('c1', at('2026-01-10'), 100, { orderId: 'o1' }),
  purchased('c1', at('2026-03-01'), 50, { orderId: 'o2' }),
  returned('c1', at('2026-03-15'), 20, 'o2'),
  purchased('c1', at('2027-06-01'), 200, { orderId: 'o3' }),
  contacted('c1', at('2027-12-31'), 'phone'),
];

describe('lifecycle projection', () => {
  it('exports the stage thresholds', () => {
    expect(LIFECYCLE_DAYS).toEqual({ new: 90, active: 180, atRisk: 365, wonBack: 90 });
  });

  it('keys customer events by customer; nothing before registration', () => {
    const [launch, purchase] = recorded([launched('spring', at('2026-01-01')), purchased('c1', at('2026-01-02'), 5)]);
    expect(lifecycleProjection.keysOf(launch)).toEqual([]);
    expect(lifecycleProjection.keysOf(purchase)).toEqual(['c1']);
    expect(lifecycleProjection.apply(null, purchase, 'c1')).toBeNull();
  });

  it('walks prospect → new → active → at_risk → lapsed → won_back → active → at_risk at exact instants', () => {
    const doc = history(story);
    expect(doc.transitions).toEqual([
      { stage: 'prospect', at: at('2026-01-01'), cause: { eventId: 'evt-1', type: 'CustomerRegistered' } },
      { stage: 'new', at: at('2026-01-10'), cause: { eventId: 'evt-2', type: 'PurchaseRecorded' } },
      { stage: 'active', at: at('2026-04-10'), cause: { stageEnded: 'new', enteredAt: at('2026-01-10') } },
      { stage: 'at_risk', at: at('2026-08-28'), cause: { inactivitySince: at('2026-03-01') } },
      { stage: 'lapsed', at: at('2027-03-01'), cause: { inactivitySince: at('2026-03-01') } },
      { stage: 'won_back', at: at('2027-06-01'), cause: { eventId: 'evt-5', type: 'PurchaseRecorded' } },
      { stage: 'active', at: at('2027-08-30'), cause: { stageEnded: 'won_back', enteredAt: at('2027-06-01') } },
      { stage: 'at_risk', at: at('2027-11-28'), cause: { inactivitySince: at('2027-06-01') } },
    ]);
    expect(doc.stage).toBe('at_risk');
    expect(doc.latestBusinessTime).toBe(at('2027-12-31'));
  });

  it('materialises time-based transitions only up to the latest business time seen; asOf evaluates later ones', () => {
    const doc = history(story.slice(0, 3));
    expect(doc.transitions.map((t) => t.stage)).toEqual(['prospect', 'new']);
    const later = lifecycleAsOf(doc, at('2026-09-01'));
    expect(later.transitions.map((t) => [t.stage, t.at])).toEqual([
      ['prospect', at('2026-01-01')],
      ['new', at('2026-01-10')],
      ['active', at('2026-04-10')],
      ['at_risk', at('2026-08-28')],
    ]);
    expect(later.stage).toBe('at_risk');
  });

  it('answers as of any instant: transitions, stage and months up to then', () => {
    const doc = history(story);
    for (const asOf of [at('2026-01-01'), at('2026-03-10'), at('2026-08-28'), at('2027-06-01'), at('2027-12-31')]) {
      expect(lifecycleAsOf(doc, asOf).transitions).toEqual(doc.transitions.filter((t) => t.at <= asOf));
    }
    expect(lifecycleAsOf(doc, '2026-08-28T11:59:59.999Z').stage).toBe('active');
    expect(lifecycleAsOf(doc, at('2026-08-28')).stage).toBe('at_risk');
    expect(lifecycleAsOf(doc, '2025-12-31T00:00:00.000Z')).toMatchObject({ stage: null, months: [], transitions: [] });
    const march = lifecycleAsOf(doc, at('2026-03-10'));
    expect(march.months.map((m) => [m.month, m.revenue])).toEqual([
      ['2026-01', 100],
      ['2026-02', 0],
      ['2026-03', 50],
    ]);
    expect(march).toMatchObject({ stage: 'new', cumulativeValue: 150 });
  });

  it('keeps revenue per month net of returns, gaps filled with 0, with cumulative and predicted value', () => {
    const doc = history(story);
    expect(doc.months).toHaveLength(18); // 2026-01 … 2027-06
    expect(doc.months.slice(0, 3)).toEqual([
      // 100 + 100/12 × 36 × e^0 (tenure below the 12-month floor)
      { month: '2026-01', revenue: 100, cumulativeValue: 100, predictedLifetimeValue: 400 },
      // one month without a purchase: 100 + 100/12 × 36 × e^(−1/12)
      { month: '2026-02', revenue: 0, cumulativeValue: 100, predictedLifetimeValue: 376.01 },
      // 130 + 130/12 × 36
      { month: '2026-03', revenue: 30, cumulativeValue: 130, predictedLifetimeValue: 520 },
    ]);
    expect(doc.months[4]).toMatchObject({
      month: '2026-05',
      revenue: 0,
      cumulativeValue: 130,
      // two months since the last purchase: 130 + 130/12 × 36 × e^(−2/12)
      predictedLifetimeValue: 460.13,
    });
    expect(doc.months[17]).toMatchObject({ month: '2027-06', revenue: 200, cumulativeValue: 330 });
    // As of a later date the months since the last purchase keep counting: survival decays.
    const quiet = lifecycleAsOf(doc, at('2026-05-20'));
    expect(quiet).toMatchObject({ cumulativeValue: 130, predictedLifetimeValue: 460.13 });
  });

  it('comes out the same when backfilled purchases arrive out of business-time order', () => {
    const inOrder = new RecordedLog();
    const shuffled = new RecordedLog();
    const [registration, p1, p2, back, p3, contact] = story;
    const withIds = (log: RecordedLog, events: CrmEvent[]) =>
      events.forEach((event) =>
        log.record(event, { eventId: `evt-${(event.data as { orderId?: string }).orderId ?? event.type}` }),
      );
    withIds(inOrder, [registration, p1, p2, back, p3, contact]);
    withIds(shuffled, [registration, contact, p3, back, p2, p1]);
    const a = foldLog(lifecycleProjection, inOrder.events).get('c1');
    const b = foldLog(lifecycleProjection, shuffled.events).get('c1');
    expect(JSON.stringify({ ...b, lastPosition: 0 })).toBe(JSON.stringify({ ...a, lastPosition: 0 }));
    expect(b?.purchases.map(([when]) => when)).toEqual([at('2026-01-10'), at('2026-03-01'), at('2027-06-01')]);
  });

  it('lets a purchase at the exact due instant pre-empt the time-based transition', () => {
    const registration = { at: at('2026-01-01'), eventId: 'r' };
    const first = at('2026-01-10');
    const plus = (days: number) => toInstant(toMs(first) + days * DAY_MS);
    const atRiskBoundary = lifecycleTransitions(
      registration,
      [
        [first, 10, 'p1'],
        [plus(180), 10, 'p2'],
      ],
      plus(200),
    );
    expect(atRiskBoundary.map((t) => t.stage)).toEqual(['prospect', 'new', 'active']);
    const lapseBoundary = lifecycleTransitions(
      registration,
      [
        [first, 10, 'p1'],
        [plus(365), 10, 'p2'],
      ],
      plus(366),
    );
    expect(lapseBoundary.map((t) => t.stage)).toEqual(['prospect', 'new', 'active', 'at_risk', 'won_back']);
  });

  it('has no prospect stage when the first purchase predates registration (imported history)', () => {
    const doc = history([registered('c1', at('2026-05-01')), purchased('c1', at('2025-01-10'), 10)]);
    expect(doc.transitions.map((t) => [t.stage, t.at])).toEqual([
      ['new', at('2025-01-10')],
      ['active', at('2025-04-10')],
      ['at_risk', at('2025-07-09')],
      ['lapsed', at('2026-01-10')], // due before the registration, the latest business time seen
    ]);
    expect(lifecycleAsOf(doc, at('2025-01-01')).stage).toBeNull();
  });

  it('agrees with the analytics segments on the stage at every instant', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const gaps = [1, 30, 89, 90, 91, 179, 180, 181, 364, 365, 366, 500];
    const seen = new Set<string>();
    for (let customer = 0; customer < 25; customer++) {
      const events: CrmEvent[] = [registered('c1', at('2026-01-01'))];
      let ms = toMs(at('2026-01-05'));
      for (let n = Math.floor(random() * 6); n > 0; n--) {
        events.push(purchased('c1', toInstant(ms), 10));
        ms += gaps[Math.floor(random() * gaps.length)] * DAY_MS;
      }
      const doc = history(events);
      const times = doc.purchases.map(([when]) => toMs(when));
      const probes = [...times, ...lifecycleAsOf(doc, toInstant(ms + 400 * DAY_MS)).transitions.map((t) => toMs(t.at))];
      for (const probe of probes.flatMap((p) => [p - 1, p, p + 1]).filter((p) => p >= toMs(doc.registeredAt))) {
        const upTo = times.filter((t) => t <= probe).length;
        const expected = lifecycleStageOf(
          times.map((t) => [t] as const),
          upTo,
          probe,
        );
        seen.add(expected);
        expect([toInstant(probe), lifecycleAsOf(doc, toInstant(probe)).stage]).toEqual([toInstant(probe), expected]);
      }
    }
    expect([...seen].sort()).toEqual([...LIFECYCLE_STAGES].sort()); // every stage was probed
  });

  it('is deterministic: folding the same log twice gives the same bytes', () => {
    const log = recorded(story);
    const first = JSON.stringify(foldLog(lifecycleProjection, log).get('c1'));
    expect(JSON.stringify(foldLog(lifecycleProjection, log).get('c1'))).toBe(first);
  });

  it('carries transitions forward on non-purchase events and on newest purchases exactly as a full walk would (random histories)', () => {
    // A small seeded generator: purchases (with cents), returns and contacts at random times, some out of order, some
    // at the very instant a stage falls due, so the incremental path meets every boundary.
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const start = toMs(at('2024-01-01'));
    for (let round = 0; round < 200; round++) {
      const events: CrmEvent[] = [registered('c1', toInstant(start))];
      let day = 0;
      for (let i = 0; i < 25; i++) {
        day += next(3) === 0 ? next(400) : next(60);
        const when = toInstant(start + (next(5) === 0 ? Math.max(0, day - next(90)) : day) * DAY_MS);
        const kind = next(6);
        if (kind < 2) events.push(purchased('c1', when, 1 + next(100) + next(100) / 100));
        else if (kind === 2) events.push(returned('c1', when, 1 + next(30), 'o1'));
        else events.push(contacted('c1', when, 'phone'));
      }
      const doc = history(events);
      const full = lifecycleTransitions(
        { at: doc.registeredAt, eventId: doc.registrationEventId },
        doc.purchases,
        doc.latestBusinessTime,
      );
      expect(doc.transitions).toEqual(full);
      expect(doc.stage).toBe(full[full.length - 1].stage);
      expect(doc.months).toEqual(lifecycleAsOf(doc, doc.latestBusinessTime).months);
    }
  });
});
