import { countsAbove, quintileScores } from './quantiles';

const scores = (values: number[], higherIsBetter = true): number[] => [...quintileScores(values, higherIsBetter)];

describe('quintile scores', () => {
  it('puts a population of one in the middle', () => {
    expect(scores([42])).toEqual([3]);
  });

  it('gives everyone the same middle score when all values tie', () => {
    expect(scores([7, 7, 7, 7, 7, 7])).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('spreads distinct values evenly, in input order', () => {
    expect(scores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
  });

  it('gives ties one score, from their midrank', () => {
    // Six one-time buyers of ten: they share the score of the middle of their block (30th percentile).
    expect(scores([1, 1, 1, 1, 1, 1, 2, 2, 5, 9])).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 5, 5]);
  });

  it('scores lower values higher when lower is better (recency in days)', () => {
    expect(scores([0, 400, 30, 200, 90], false)).toEqual([5, 1, 4, 2, 3]);
  });

  it('handles the boundaries exactly: five equal blocks of five score 1 to 5', () => {
    const values = Array.from({ length: 25 }, (_, i) => Math.floor(i / 5));
    expect(scores(values)).toEqual(values.map((block) => block + 1));
  });

  it('is empty for an empty population', () => {
    expect(scores([])).toEqual([]);
  });

  it('counts the values strictly above each value', () => {
    expect([...countsAbove([5, 1, 5, 3])]).toEqual([0, 3, 0, 2]);
  });
});
