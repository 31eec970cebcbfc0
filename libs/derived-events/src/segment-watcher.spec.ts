import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerAnalyticsProjection, scoreCustomers } from '@ledger/projections';
import { day, foldAll, purchased, registered } from '@ledger/projections/test-support';
import { DerivedEventStore } from './derived-event-store';
import { membershipChanges } from './membership-changes';
import { scoredMember, SegmentWatcher } from './segment-watcher';

// Given a customer who bought once on day 1 and another who never bought…
const docs = foldAll(customerAnalyticsProjection, [
  registered('ann', day(0)),
  purchased('ann', day(1), 80),
  registered('bob', day(0)),
]);
const scoresAt = (at: string) => scoreCustomers(docs, at).map(scoredMember);

describe('segment watcher', () => {
  let dir: string;
  let store: DerivedEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'derived-'));
    store = DerivedEventStore.open(join(dir, 'derived-events.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces every customer’s segment and stage once, then only changes as time passes', () => {
    const watcher = new SegmentWatcher(store);
    const first = watcher.record(day(10), scoresAt(day(10)), day(10));
    expect(first.map((e) => [e.type, e.data])).toEqual([
      // The only purchaser ranks in the middle quintile for recency and value: need_attention.
      ['CustomerEnteredSegment', { customerId: 'ann', segment: 'need_attention', occurredAt: day(10) }],
      ['CustomerEnteredLifecycleStage', { customerId: 'ann', stage: 'new', occurredAt: day(10) }],
      ['CustomerEnteredSegment', { customerId: 'bob', segment: 'prospects', occurredAt: day(10) }],
      ['CustomerEnteredLifecycleStage', { customerId: 'bob', stage: 'prospect', occurredAt: day(10) }],
    ]);
    expect(first.every((e) => e.stream === `segment-membership-${e.data.customerId}`)).toBe(true);
    // The same day again: nothing new.
    expect(watcher.record(day(10), scoresAt(day(10)), day(10))).toEqual([]);
    // 200 days after the purchase and no new event: ann has moved on (active ends 180 days after it).
    const later = watcher.record(day(201), scoresAt(day(201)), day(201));
    expect(later.map((e) => [e.type, 'stage' in e.data ? e.data.stage : e.data.segment])).toEqual(
      expect.arrayContaining([
        ['CustomerLeftLifecycleStage', 'new'],
        ['CustomerEnteredLifecycleStage', 'at_risk'],
      ]),
    );
    expect(later.every((e) => e.data.customerId === 'ann')).toBe(true);
  });

  it('remembers what it published across restarts (folded from its own store)', () => {
    new SegmentWatcher(store).record(day(10), scoresAt(day(10)), day(10));
    const restarted = new SegmentWatcher(store);
    expect(restarted.known).toBe(2);
    expect(restarted.record(day(10), scoresAt(day(10)), day(10))).toEqual([]);
    expect(store.head()).toBe(4);
  });

  it('says a customer left when they leave the population, leaving before entering', () => {
    const published = new Map([['cy', { segment: 'champions' as const, stage: 'active' as const }]]);
    expect(membershipChanges(published, [{ customerId: 'cy', segment: 'loyal', stage: 'active' }], day(3))).toEqual([
      { type: 'CustomerLeftSegment', data: { customerId: 'cy', segment: 'champions', occurredAt: day(3) } },
      { type: 'CustomerEnteredSegment', data: { customerId: 'cy', segment: 'loyal', occurredAt: day(3) } },
    ]);
    expect(membershipChanges(published, [], day(4)).map((e) => e.type)).toEqual([
      'CustomerLeftSegment',
      'CustomerLeftLifecycleStage',
    ]);
  });
});
