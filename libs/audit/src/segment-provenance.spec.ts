// "Why is this customer in this segment?" with merges: the answer must be the one /segments
// gives (scoreCustomers over the population as counted at asOf), the survivor explained with
// its group's purchases, a member sent to the survivor, and before the merge each alone.
import { MergedPopulation } from '@ledger/analytics';
import type { CrmEvent, RecordedEvent } from '@ledger/domain';
import { customerAnalyticsProjection, scoreCustomers, type CustomerAnalytics } from '@ledger/projections';
import { day, fold, purchased, recordAll, registered } from '@ledger/projections/test-support';
import { explainSegment } from './segment-provenance';

const merged = (survivor: string, mergedCustomerId: string, occurredAt: string): CrmEvent => ({
  type: 'CustomersMerged',
  data: { customerId: survivor, mergedCustomerId, occurredAt },
});

// c is merged into b, then b (with c) into a: a two-level group from day 50.
const log = recordAll([
  ...['a', 'b', 'c', 'w', 'x', 'y', 'z'].map((id) => registered(id, day(1))),
  purchased('a', day(10), 10),
  purchased('b', day(20), 40),
  purchased('c', day(40), 70),
  purchased('w', day(12), 15),
  purchased('x', day(30), 25),
  purchased('x', day(35), 25),
  purchased('y', day(25), 60),
  purchased('z', day(5), 5),
  merged('b', 'c', day(50)),
  merged('a', 'b', day(50)),
]);
const streamOf = (id: string): RecordedEvent[] => log.filter((e) => e.streamId === `customer-${id}`);
const eventsOf = async (id: string) => streamOf(id);
const population = () => new MergedPopulation(fold(customerAnalyticsProjection, log).values());
const explain = (id: string, asOf: string) => explainSegment(streamOf(id), asOf, population(), eventsOf);

/** What /segments scores at asOf (PopulationService scores the population combined for the date). */
const segmentsAt = (asOf: string) =>
  new Map(
    scoreCustomers(population().documentsAt(Date.parse(asOf)) as CustomerAnalytics[], asOf).map((s) => [
      s.customerId,
      s,
    ]),
  );

describe('segment provenance with merged customers', () => {
  const asOf = day(60);

  it('explains every customer counted with the score /segments gives, the survivor with its group', async () => {
    const expected = segmentsAt(asOf);
    for (const id of ['a', 'w', 'x', 'y', 'z']) {
      const answer = await explain(id, asOf);
      expect([id, answer.score]).toEqual([id, expected.get(id)]);
    }
    const survivor = await explain('a', asOf);
    expect(survivor).toMatchObject({ mergedCustomers: ['b', 'c'], score: { frequency: 3, monetary: 120 } });
    if (!('behind' in survivor)) throw new Error('the survivor is explained');
    expect(survivor.behind.purchases.map((p) => [p.customerId, p.amount])).toEqual([
      ['a', 10],
      ['b', 40],
      ['c', 70],
    ]);
    expect(survivor.behind.lastPurchase).toBe(streamOf('c')[1].eventId);
  });

  it('sends a member, at any depth, to the survivor it is counted under', async () => {
    for (const id of ['b', 'c']) {
      expect(await explain(id, asOf)).toMatchObject({ score: null, mergedInto: 'a' });
    }
  });

  it('explains each alone before the merge, as /segments counts them then', async () => {
    const before = day(45);
    const expected = segmentsAt(before);
    for (const id of ['a', 'b', 'c']) {
      const answer = await explain(id, before);
      expect([id, answer.score]).toEqual([id, expected.get(id)]);
      expect(answer).not.toHaveProperty('mergedCustomers');
    }
  });
});
