import { ranks, rocAuc, scoreForecast, spearman, topDecileCapture } from './metrics';

describe('forecast scores', () => {
  it('shares mean ranks among ties', () => {
    expect(Array.from(ranks([10, 0, 0, 5]))).toEqual([4, 1.5, 1.5, 3]);
  });

  it('rank-correlates 1 for any increasing relation and −1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [8, 4, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('captures the actual spend of the top tenth by prediction', () => {
    const predicted = Array.from({ length: 20 }, (_, i) => i);
    const actual = Array.from({ length: 20 }, (_, i) => (i >= 18 ? 45 : 0.5));
    expect(topDecileCapture(predicted, actual)).toBeCloseTo(90 / 99, 12);
  });

  it('computes ROC AUC with ties counting half', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
    expect(rocAuc([0.9, 0.3, 0.5, 0.1], [true, false, true, false])).toBe(1);
    expect(rocAuc([0.4, 0.5, 0.5, 0.1], [true, false, true, false])).toBeCloseTo(0.625, 12);
  });

  it('reports errors and totals', () => {
    const s = scoreForecast([1, 2, 3], [1, 4, 0]);
    expect(s.meanAbsoluteError).toBeCloseTo(5 / 3, 12);
    expect(s.rootMeanSquaredError).toBeCloseTo(Math.sqrt(13 / 3), 12);
    expect(s.predictedTotal).toBe(6);
    expect(s.actualTotal).toBe(5);
    expect(s.totalError).toBeCloseTo(0.2, 12);
  });
});
