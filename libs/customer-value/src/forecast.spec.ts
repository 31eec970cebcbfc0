import { conditionalExpectedPurchases, probabilityAlive, probabilityNoPurchase } from './bg-nbd';
import { conditionalExpectedSpend } from './gamma-gamma';
import { expectedLifetimeValue, forecastCustomer, simulate } from './forecast';
import type { CustomerValueModel } from './model';

// Master-CDNOW-like parameters with a plausible (small) covariance.
const model: CustomerValueModel = {
  libraryVersion: 'test',
  bgNbd: { r: 0.2516, alpha: 4.789, a: 0.7234, b: 2.161 },
  bgNbdCovariance: [
    [3e-4, 4e-4, -7e-5, 0],
    [4e-4, 8e-4, -1e-4, 6e-5],
    [-7e-5, -1e-4, 5e-3, 6e-3],
    [0, 6e-5, 6e-3, 8e-3],
  ],
  gammaGamma: { p: 6.275, q: 3.624, v: 14.98 },
  gammaGammaCovariance: [
    [4e-3, -1e-3, -5e-3],
    [-1e-3, 6e-4, 2e-3],
    [-5e-3, 2e-3, 7e-3],
  ],
  populationSize: 23570,
  repeatBuyers: 9450,
  logLikelihood: { bgNbd: 0, gammaGamma: 0 },
};
const loyal = { frequency: 6, recency: 36, age: 38, meanRepeatSpend: 40 };
const silent = { frequency: 2, recency: 4, age: 38, meanRepeatSpend: 15 };

describe('forecastCustomer', () => {
  it('gives the closed-form expectations as estimates', () => {
    const f = forecastCustomer(model, loyal, { draws: 200 });
    expect(f.probabilityAlive.estimate).toBe(probabilityAlive(model.bgNbd, loyal));
    expect(f.probabilityNoPurchase.estimate).toBe(probabilityNoPurchase(model.bgNbd, loyal, 52));
    expect(f.expectedPurchases.estimate).toBe(conditionalExpectedPurchases(model.bgNbd, loyal, 52));
    expect(f.expectedSpend.estimate).toBeCloseTo(
      f.expectedPurchases.estimate * conditionalExpectedSpend(model.gammaGamma, loyal),
      10,
    );
    expect(f.lifetimeValue.estimate).toBe(
      expectedLifetimeValue(model.bgNbd, loyal, f.expectedSpendPerPurchase, 156, 0.1),
    );
  });

  it('discounts: lifetime value over 52 weeks is below undiscounted expected spend over 52 weeks', () => {
    const f = forecastCustomer(model, loyal, { lifetimeWeeks: 52, draws: 100 });
    expect(f.lifetimeValue.estimate).toBeLessThan(f.expectedSpend.estimate);
    expect(f.lifetimeValue.estimate).toBeGreaterThan(f.expectedSpend.estimate * 0.9);
  });

  it("simulates the model: without parameter uncertainty the draws' mean matches the closed forms", () => {
    const draws = 20_000;
    const f = forecastCustomer(model, loyal, { draws, parameterUncertainty: false, seed: 3 });
    const sample = simulate(model, loyal, {
      horizonWeeks: 52,
      lifetimeWeeks: 156,
      annualDiscountRate: 0.1,
      draws,
      seed: 3,
      parameterUncertainty: false,
    });
    const mean = (values: Float64Array) => values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean(sample.purchases) / f.expectedPurchases.estimate - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(sample.spend) / f.expectedSpend.estimate - 1)).toBeLessThan(0.04);
    expect(Math.abs(mean(sample.lifetimeValue) / f.lifetimeValue.estimate - 1)).toBeLessThan(0.04);
  });

  it('brackets each outcome with an 80 % interval, wider for the loyal customer than the silent one', () => {
    const a = forecastCustomer(model, loyal);
    const b = forecastCustomer(model, silent);
    for (const f of [a, b]) {
      for (const i of [
        f.probabilityAlive,
        f.probabilityNoPurchase,
        f.expectedPurchases,
        f.expectedSpend,
        f.lifetimeValue,
      ]) {
        expect(i.low).toBeLessThanOrEqual(i.high);
        expect(i.low).toBeGreaterThanOrEqual(0);
      }
      expect(f.probabilityAlive.high).toBeLessThanOrEqual(1);
      expect(f.probabilityNoPurchase.high).toBeLessThanOrEqual(1);
    }
    expect(a.expectedSpend.high - a.expectedSpend.low).toBeGreaterThan(b.expectedSpend.high - b.expectedSpend.low);
    expect(a.expectedPurchases.high).toBeGreaterThan(a.expectedPurchases.estimate);
    expect(b.expectedPurchases.low).toBe(0);
  });

  it('is deterministic for a seed and varies with it', () => {
    expect(forecastCustomer(model, loyal, { seed: 9 })).toEqual(forecastCustomer(model, loyal, { seed: 9 }));
    expect(forecastCustomer(model, loyal, { seed: 9 }).lifetimeValue).not.toEqual(
      forecastCustomer(model, loyal, { seed: 10 }).lifetimeValue,
    );
  });
});
