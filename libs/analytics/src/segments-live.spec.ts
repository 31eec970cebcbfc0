// Property test: a LiveSegments fed random document changes and date moves answers exactly what
// scoring everyone from scratch answers (scoreCustomers, segmentCounts, filterScores).
import {
  filterScores,
  RFM_SEGMENTS,
  SCORE_DIMENSION_VALUES,
  SCORE_SORT_FIELDS,
  scoreCustomers,
  segmentCounts,
  type ScoreDimension,
  type ScoreFilter,
  type ScoreListOptions,
  type CustomerAnalytics,
} from '@ledger/projections';
import { LiveSegments } from './segments-live';
import { nextChangeAt } from './segments-next-change';
import { scoredSegments } from './segments-view';
import { DAY, generator, History, HOUR, iso, START, type Random } from './test-support/random-history';

function expectSameAsFullScoring(live: LiveSegments, history: History, random: Random) {
  const scores = scoreCustomers(history.sorted(), live.asOf);
  expect(live.scores()).toEqual(scores);
  expect(live.customers).toBe(scores.length);
  for (const dimension of Object.keys(SCORE_DIMENSION_VALUES) as ScoreDimension[]) {
    expect([dimension, live.counts(dimension)]).toEqual([dimension, segmentCounts(scores, dimension)]);
  }
  const filters: ScoreFilter[] = [
    {},
    { segment: random.pick(RFM_SEGMENTS) },
    { valueTier: random.pick(SCORE_DIMENSION_VALUES.valueTier) },
    { channel: random.pick(SCORE_DIMENSION_VALUES.channelAffinity), country: random.pick(['DE', 'FR']) },
    { lifecycleStage: random.pick(SCORE_DIMENSION_VALUES.lifecycleStage), churnRisk: 'low', keyAccount: false },
  ];
  for (const filter of filters) {
    const options: ScoreListOptions = {
      sort: random.pick(SCORE_SORT_FIELDS),
      order: random.pick(['asc', 'desc'] as const),
      page: 1 + random.int(3),
      pageSize: 1 + random.int(15),
    };
    expect([filter, options, live.list(filter, options)]).toEqual([
      filter,
      options,
      filterScores(scores, filter, options),
    ]);
  }
}

describe('LiveSegments', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals a full rescoring after random changes and date moves (seed %i)', (seed) => {
    const random = generator(seed);
    const history = new History(random);
    let asOfMs = START;
    history.events(150, asOfMs);
    const live = new LiveSegments(iso(asOfMs), history.docs.values());
    expectSameAsFullScoring(live, history, random);
    for (let round = 0; round < 60; round++) {
      const move = random.next();
      if (move < 0.4) {
        live.upsert(history.events(1 + random.int(8), asOfMs));
      } else if (move < 0.6) {
        asOfMs += random.pick([1, 60_000, HOUR, DAY, 7 * DAY, 45 * DAY]) * (1 + random.int(3));
        live.advanceTo(iso(asOfMs));
      } else if (move < 0.85) {
        // Exactly onto (or just before) a customer's next change instant: the boundaries must be exact.
        const doc = random.pick([...history.docs.values()]);
        const next = nextChangeAt(doc, asOfMs);
        if (next !== Infinity) asOfMs = next - random.int(2);
        live.advanceTo(iso(asOfMs));
      } else {
        live.upsert(history.events(1 + random.int(4), asOfMs));
        asOfMs += random.int(3 * DAY);
        live.advanceTo(iso(asOfMs));
      }
      expectSameAsFullScoring(live, history, random);
    }
  });

  it('ignores a document version it already has or one older than it', () => {
    const random = generator(9);
    const history = new History(random);
    history.events(40, START);
    const live = new LiveSegments(iso(START), history.docs.values());
    const stale = { ...[...history.docs.values()][0], lastPosition: 0, frequency: 99 } as CustomerAnalytics;
    expect(live.upsert([...history.docs.values()])).toEqual([]);
    expect(live.upsert([stale])).toEqual([]);
    expect(live.scores()).toEqual(scoreCustomers(history.sorted(), iso(START)));
  });

  it('reports each change with the document before and after', () => {
    const random = generator(10);
    const history = new History(random);
    history.events(40, START);
    const live = new LiveSegments(iso(START), history.docs.values());
    const before = new Map(history.docs);
    const changed = history.events(3, START);
    const changes = live.upsert(changed);
    expect(changes.map((c) => c.after)).toEqual(changed);
    for (const change of changes) expect(change.before).toBe(before.get(change.after.id) ?? null);
  });

  it('only moves forward', () => {
    const live = new LiveSegments(iso(START));
    expect(() => live.advanceTo(iso(START - 1))).toThrow(RangeError);
    expect(live.counts('rfmSegment')).toEqual(segmentCounts([], 'rfmSegment'));
  });
});

describe('scoredSegments', () => {
  it('answers counts and lists from one full scoring', () => {
    const history = new History(generator(11));
    history.events(80, START);
    const scores = scoreCustomers(history.sorted(), iso(START));
    const view = scoredSegments(scores, iso(START));
    expect(view.customers).toBe(scores.length);
    expect(view.counts('valueTier')).toEqual(segmentCounts(scores, 'valueTier'));
    view.counts('valueTier').gold = -1;
    expect(view.counts('valueTier')).toEqual(segmentCounts(scores, 'valueTier'));
    expect(view.list({ country: 'DE' }, { pageSize: 5 })).toEqual(
      filterScores(scores, { country: 'DE' }, { pageSize: 5 }),
    );
  });
});
