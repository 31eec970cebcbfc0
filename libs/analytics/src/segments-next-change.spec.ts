import type { CrmEvent } from '@ledger/domain';
import {
  customerAnalyticsProjection,
  type CustomerAnalytics,
  LIFECYCLE_DAYS,
  customerFacts,
} from '@ledger/projections';
import { ChangeQueue, nextChangeAt } from './segments-next-change';
import {
  complaintOpened,
  complaintResolved,
  day,
  feedbackGiven,
  foldAll,
  purchased,
  registered,
} from '@ledger/projections/test-support';
import { DAY, generator, History, START } from './test-support/random-history';

/**
 * Instants around which a customer's facts might change, gathered more widely than nextChangeAt
 * does (every entry, every lifecycle offset from every purchase, whole days from every purchase):
 * a missing case in nextChangeAt shows up as a change at one of them.
 */
function suspects(doc: CustomerAnalytics, from: number, to: number): number[] {
  const entries = [doc.purchases, doc.returns, doc.contacts, doc.complaints, doc.feedback].flatMap((list) =>
    list.map((entry) => entry[0]),
  );
  const resolutions = doc.complaints.flatMap(([, , resolvedAt]) => (resolvedAt === null ? [] : [resolvedAt]));
  const offsets = [0, ...Object.values(LIFECYCLE_DAYS), 365].map((days) => days * DAY);
  const instants = [...entries, ...resolutions, doc.registeredAt ? Date.parse(doc.registeredAt) : NaN].flatMap((at) =>
    offsets.map((offset) => at + offset),
  );
  for (const [at] of doc.purchases) {
    for (let day = Math.ceil((from - at) / DAY); at + day * DAY < to; day++) instants.push(at + day * DAY);
  }
  return instants.flatMap((at) => [at - 1, at, at + 1]).filter((at) => at > from && at < to);
}

describe('nextChangeAt', () => {
  it.each([1, 2, 3, 4])('no fact of a customer changes before it (seed %i)', (seed) => {
    const random = generator(seed);
    const history = new History(random);
    history.events(400, START);
    const docs = [...history.docs.values()];
    for (let i = 0; i < 300; i++) {
      const doc = random.pick(docs);
      const asOf = START - 400 * DAY + random.int(440) * DAY + random.int(DAY);
      const next = nextChangeAt(doc, asOf);
      expect(next).toBeGreaterThan(asOf);
      const facts = customerFacts(doc, asOf);
      const horizon = Math.min(next, asOf + 200 * DAY);
      const expected = JSON.stringify(facts);
      for (const at of suspects(doc, asOf, horizon)) {
        // Compared as JSON first: thousands of deep equality checks would dominate the run.
        const actual = customerFacts(doc, at);
        if (JSON.stringify(actual) !== expected)
          expect({ id: doc.id, asOf, at, facts: actual }).toEqual({ id: doc.id, asOf, at, facts });
      }
    }
  });

  describe('catches the instants that fall between whole days of recency', () => {
    const at = (n: number, hour = 12): number => Date.parse(day(n, hour));
    const docOf = (events: CrmEvent[]): CustomerAnalytics => foldAll(customerAnalyticsProjection, events)[0];

    it('the end of the first 90 days (new → active)', () => {
      const doc = docOf([registered('c1', day(0)), purchased('c1', day(1, 0), 10), purchased('c1', day(50), 10)]);
      expect(nextChangeAt(doc, at(90, 23))).toBe(at(91, 0));
      expect(customerFacts(doc, at(91, 0))?.lifecycleStage).not.toBe(customerFacts(doc, at(90, 23))?.lifecycleStage);
    });

    it('the end of a won-back period', () => {
      const purchases = [
        purchased('c1', day(1, 6), 10),
        purchased('c1', day(400, 18), 10),
        purchased('c1', day(420, 6), 10),
      ];
      const doc = docOf([registered('c1', day(0)), ...purchases]);
      expect(nextChangeAt(doc, at(490, 10))).toBe(at(490, 18));
      expect(customerFacts(doc, at(490, 18))?.lifecycleStage).toBe('active');
      expect(customerFacts(doc, at(490, 10))?.lifecycleStage).toBe('won_back');
    });

    it('feedback and a complaint resolution still to come', () => {
      const doc = docOf([
        registered('c1', day(0)),
        complaintOpened('c1', 'k1', day(2)),
        complaintResolved('c1', 'k1', day(9)),
        feedbackGiven('c1', 'csat', 1, day(5)),
      ]);
      expect(nextChangeAt(doc, at(3))).toBe(at(5));
      expect(nextChangeAt(doc, at(6))).toBe(at(9));
      expect(nextChangeAt(doc, at(9))).toBe(Infinity);
    });
  });

  it('is Infinity for a customer with nothing left to happen', () => {
    const history = new History(generator(5));
    history.events(50, START);
    const quiet = [...history.docs.values()].find((doc) => doc.purchases.length === 0 && doc.contacts.length === 0);
    expect(quiet).toBeDefined();
    expect(nextChangeAt(quiet as CustomerAnalytics, START + 10_000 * DAY)).toBe(Infinity);
  });
});

describe('ChangeQueue', () => {
  it('hands out members whose current instant has come, once each, skipping rescheduled entries', () => {
    const due = new Map<number, number>();
    const queue = new ChangeQueue((member) => due.get(member) ?? Infinity);
    const schedule = (member: number, at: number) => {
      due.set(member, at);
      queue.schedule(member, at, 10);
    };
    schedule(1, 50);
    schedule(2, 10);
    schedule(3, 30);
    schedule(2, 40); // rescheduled: the entry at 10 is stale
    schedule(4, Infinity);
    expect(queue.due(20)).toEqual([]);
    expect(queue.due(45).sort()).toEqual([2, 3]);
    schedule(3, 60);
    schedule(3, 60);
    expect(queue.due(100).sort()).toEqual([1, 3]);
    expect(queue.due(1000)).toEqual([]);
  });

  it('stays correct when leftovers are compacted away', () => {
    const due = new Map<number, number>();
    const queue = new ChangeQueue((member) => due.get(member) ?? Infinity);
    for (let round = 0; round < 5000; round++) {
      const member = round % 7;
      due.set(member, 1000 + round);
      queue.schedule(member, 1000 + round, 7);
    }
    expect(queue.due(10_000).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
