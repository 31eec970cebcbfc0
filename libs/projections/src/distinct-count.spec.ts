import {
  addToDistinctCount,
  distinctCountOf,
  emptyDistinctCount,
  EXACT_DISTINCT_LIMIT,
  type DistinctCount,
} from './distinct-count';

const ids = (n: number, prefix = 'customer'): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const countAll = (values: readonly string[], start: DistinctCount = emptyDistinctCount()): DistinctCount =>
  values.reduce(addToDistinctCount, start);

describe('distinct count', () => {
  it('is exact, sorted and ignores repeats up to the limit', () => {
    const count = countAll(['b', 'a', 'b', 'c', 'a']);
    expect(count).toEqual({ ids: ['a', 'b', 'c'], sketch: null });
    expect(distinctCountOf(count)).toBe(3);
    expect(distinctCountOf(countAll(ids(EXACT_DISTINCT_LIMIT)))).toBe(EXACT_DISTINCT_LIMIT);
  });

  it('returns the same object when nothing changes', () => {
    const count = countAll(['a']);
    expect(addToDistinctCount(count, 'a')).toBe(count);
  });

  it('switches to a bounded sketch above the limit, within a few percent', () => {
    for (const n of [EXACT_DISTINCT_LIMIT + 1, 5_000, 50_000]) {
      const count = countAll(ids(n));
      expect(count.ids).toEqual([]);
      expect(count.sketch).toHaveLength(4096);
      expect(Math.abs(distinctCountOf(count) - n) / n).toBeLessThan(0.05);
    }
  });

  it('depends only on the set of ids, not on order or repeats', () => {
    const values = ids(3_000);
    const forward = countAll(values);
    const backward = countAll([...values].reverse());
    const repeated = countAll(values.slice(0, 1_500), countAll(values));
    expect(backward).toEqual(forward);
    expect(repeated).toEqual(forward);
  });
});
