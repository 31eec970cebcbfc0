import fc from 'fast-check';
import { quintileScores } from '@ledger/projections';
import { quintileThresholds, rankInfo, scoreWith } from './rank-select';

const scoresBy = (values: number[], higherIsBetter: boolean): number[] => {
  const signed = Float64Array.from(values, (v) => (higherIsBetter ? v : -v));
  const thresholds = quintileThresholds(signed);
  return [...signed].map((v) => scoreWith(thresholds, v));
};

describe('quintile thresholds by rank selection', () => {
  it('score every value as the sorted midrank quintiles do, ties included (small and histogram-sized populations)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 60 }),
          fc.array(fc.integer({ min: -5, max: 1_000_000 }), { minLength: 1, maxLength: 200 }),
          fc.integer({ min: 4097, max: 12_000 }).chain((n) =>
            fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer()).map(([spread, seed]) => {
              let x = seed | 0;
              // A cheap deterministic generator: fast-check would take long to draw 12,000 numbers.
              return Array.from({ length: n }, () => {
                x = (Math.imul(x, 1103515245) + 12345) | 0;
                const u = (x >>> 0) / 2 ** 32;
                return Math.floor(u * u * spread);
              });
            }),
          ),
        ),
        fc.boolean(),
        (values, higherIsBetter) => {
          expect(scoresBy(values, higherIsBetter)).toEqual([...quintileScores(values, higherIsBetter)]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('finds a rank’s value, how many lie below and equal, and the next value', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.floor(i / 3));
    expect(rankInfo(values, [0, 4, 9_999])).toEqual([
      { value: 0, below: 0, equal: 3, next: 1 },
      { value: 1, below: 3, equal: 3, next: 2 },
      { value: 3333, below: 9_999, equal: 1, next: Infinity },
    ]);
    // One customer scores 3 (the middle): the thresholds for 2 and 3 are its value.
    expect(quintileThresholds(new Float64Array([7]))).toEqual([7, 7, Infinity, Infinity]);
  });
});
