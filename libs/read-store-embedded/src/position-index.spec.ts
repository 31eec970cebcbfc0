import fc from 'fast-check';
import { compileFilter, type Filter, type ReadDocument } from '@ledger/read-store';
import { MemoryCollection } from './memory-collection';
import { PositionIndex } from './position-index';

const doc = (id: string, lastPosition: number, fields: Record<string, unknown> = {}): ReadDocument => ({
  id,
  lastPosition,
  ...fields,
});

function emptyIndex(tailLimit?: number): { index: PositionIndex; put: (d: ReadDocument) => void } {
  const byId = new Map<string, ReadDocument>();
  const index = new PositionIndex(byId, tailLimit);
  return {
    index,
    put: (d) => {
      byId.set(d.id, d);
      index.put(d);
    },
  };
}

describe('PositionIndex', () => {
  it('finds the documents changed after a position, each once, at its latest version', () => {
    const { index, put } = emptyIndex();
    [doc('a', 1), doc('b', 2), doc('c', 3), doc('a', 4), doc('b', 5)].forEach(put);
    expect(index.candidates({ lastPosition: { $gt: 2 } })?.sort()).toEqual(['a', 'b', 'c']);
    expect(index.candidates({ lastPosition: { $gt: 4 } })).toEqual(['b']);
    expect(index.candidates({ lastPosition: { $gte: 4 } })?.sort()).toEqual(['a', 'b']);
    expect(index.candidates({ lastPosition: { $gt: 5 } })).toEqual([]);
  });

  it('takes the stricter of $gt and $gte', () => {
    const { index, put } = emptyIndex();
    [doc('a', 3), doc('b', 4), doc('c', 5)].forEach(put);
    expect(index.candidates({ lastPosition: { $gt: 4, $gte: 3 } })).toEqual(['c']);
    expect(index.candidates({ lastPosition: { $gt: 3, $gte: 4 } })).toEqual(['b', 'c']);
    expect(index.candidates({ lastPosition: { $gt: 4, $gte: 4 } })).toEqual(['c']);
  });

  it('cannot help without a numeric lower bound on lastPosition', () => {
    const { index, put } = emptyIndex();
    put(doc('a', 1));
    expect(index.candidates({ lastPosition: { $lt: 4 } })).toBeUndefined();
    expect(index.candidates({ lastPosition: 1 })).toBeUndefined();
    expect(index.candidates({ lastPosition: { $gt: '1' } })).toBeUndefined();
    expect(index.candidates({ country: 'IR' })).toBeUndefined();
  });

  it('stays right when one document is replaced thousands of times (stale entries dropped)', () => {
    const { index, put } = emptyIndex();
    put(doc('steady', 1));
    for (let p = 2; p <= 5000; p += 1) put(doc('busy', p));
    expect(index.candidates({ lastPosition: { $gt: 0 } })?.sort()).toEqual(['busy', 'steady']);
    expect(index.candidates({ lastPosition: { $gt: 4999 } })).toEqual(['busy']);
    expect(index.candidates({ lastPosition: { $gt: 5000 } })).toEqual([]);
  });

  it('answers right after puts that arrive out of position order', () => {
    const { index, put } = emptyIndex();
    [doc('a', 10), doc('b', 3), doc('c', 7)].forEach(put);
    expect(index.candidates({ lastPosition: { $gt: 5 } })?.sort()).toEqual(['a', 'c']);
  });
});

describe('PositionIndex under random puts', () => {
  it('gives every current document past the bound exactly once, whatever the tail size', () => {
    const step = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), bump: fc.integer({ min: -4, max: 5 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(step, { maxLength: 120 }), (tailLimit, steps) => {
        const { index, put } = emptyIndex(tailLimit);
        const truth = new Map<string, number>();
        let position = 0;
        steps.forEach(({ id, bump }, n) => {
          position = Math.max(0, position + bump);
          if ((truth.get(id) ?? -1) < position) {
            truth.set(id, position);
            put(doc(id, position));
          }
          const from = n % 7;
          const expected = [...truth].filter(([, p]) => p > from).map(([i]) => i);
          expect(index.candidates({ lastPosition: { $gt: from } })?.sort()).toEqual(expected.sort());
        });
      }),
      { numRuns: 300 },
    );
  });
});

/** Random commits and queries: a collection's answers with the position index equal a full scan's. */
describe('MemoryCollection with the position index', () => {
  const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
  const step = fc.oneof(
    fc.record({ kind: fc.constant('put' as const), id: idArb, bump: fc.integer({ min: -3, max: 6 }) }),
    fc.record({
      kind: fc.constant('query' as const),
      op: fc.constantFrom('$gt', '$gte'),
      from: fc.integer({ min: -1, max: 60 }),
      tier: fc.option(fc.constantFrom('gold', 'silver'), { nil: undefined }),
    }),
  );

  it('agrees with a scan of every document', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const collection = new MemoryCollection([], 0);
        collection.addIndexes(['tier']);
        const truth = new Map<string, ReadDocument>();
        let position = 0;
        for (const s of steps) {
          if (s.kind === 'put') {
            // Mostly ascending, sometimes behind the latest (a put the guard let through out of order).
            position = Math.max(0, position + s.bump);
            const stored = truth.get(s.id);
            if (stored && position <= stored.lastPosition) continue;
            const next = doc(s.id, position, { tier: position % 2 === 0 ? 'gold' : 'silver' });
            truth.set(s.id, next);
            collection.put(structuredClone(next));
            continue;
          }
          const filter: Filter = { lastPosition: { [s.op]: s.from } };
          if (s.tier) filter['tier'] = s.tier;
          const matches = compileFilter(filter);
          const expected = [...truth.values()]
            .filter(matches)
            .map((d) => d.id)
            .sort();
          expect(collection.find({ filter }).map((d) => d.id)).toEqual(expected);
          expect(collection.count(filter)).toBe(expected.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
