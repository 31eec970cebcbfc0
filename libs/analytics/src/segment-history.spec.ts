import { LIFECYCLE_STAGES, RFM_SEGMENTS, scoreCustomers, type CustomerScore } from '@ledger/projections';
import { historyColumns, segmentHistory, type HistoryDimension } from './segment-history';
import { DAY, generator, History, HOUR, iso, START } from './test-support/random-history';

/** The same history computed the slow way: a full scoring at every instant. */
function bruteForce(docs: History, dimension: HistoryDimension, value: string, instants: number[]) {
  const field = (s: CustomerScore) => (dimension === 'rfmSegment' ? s.rfmSegment : s.lifecycleStage);
  const at = instants.map(
    (t) =>
      new Set(
        scoreCustomers(docs.sorted(), iso(t))
          .filter((s) => field(s) === value)
          .map((s) => s.customerId),
      ),
  );
  return instants.slice(1).map((t, k) => ({
    at: iso(t),
    members: at[k + 1].size,
    entered: [...at[k + 1]].filter((id) => !at[k].has(id)).length,
    exited: [...at[k]].filter((id) => !at[k + 1].has(id)).length,
  }));
}

describe('segment history', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'equals a full scoring at every instant, for every segment and stage (seed %i)',
    (seed) => {
      const random = generator(seed);
      const history = new History(random, 0.3);
      history.events(600, START + 200 * DAY);
      const columns = historyColumns(history.sorted());
      // Irregular instants across the history, some on purchase hours (ties at the boundary).
      const instants = Array.from({ length: 12 }, (_, k) => START - 250 * DAY + k * 37 * DAY + (k % 3) * HOUR);
      for (const segment of RFM_SEGMENTS) {
        expect([segment, segmentHistory(columns, 'rfmSegment', segment, instants)]).toEqual([
          segment,
          bruteForce(history, 'rfmSegment', segment, instants),
        ]);
      }
      for (const stage of LIFECYCLE_STAGES) {
        expect([stage, segmentHistory(columns, 'lifecycleStage', stage, instants)]).toEqual([
          stage,
          bruteForce(history, 'lifecycleStage', stage, instants),
        ]);
      }
    },
  );

  it('counts everyone who joined since a baseline before the history as entered', () => {
    const random = generator(99);
    const history = new History(random, 1); // every event a new customer
    history.events(40, START);
    const columns = historyColumns(history.sorted());
    const points = segmentHistory(columns, 'lifecycleStage', 'prospect', [START - 500 * DAY, START + 60 * DAY]);
    const expected = bruteForce(history, 'lifecycleStage', 'prospect', [START - 500 * DAY, START + 60 * DAY]);
    expect(points).toEqual(expected);
    expect(points[0].entered - points[0].exited).toBe(points[0].members); // nobody before the history began
  });
});
