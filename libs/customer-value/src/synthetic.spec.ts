// Fitting recovers known parameters from a simulated population, and the grouped sufficient
// statistics keep a million customers cheap (the time is printed, never asserted).
import { fitCustomerValueModel } from './model';
import { syntheticPopulation } from './test-support/synthetic';

const bg = { r: 0.25, alpha: 4.8, a: 0.72, b: 2.2 };
const gg = { p: 6.3, q: 3.6, v: 15 };

function fitTimed(size: number) {
  const population = syntheticPopulation(size, bg, gg, { seed: size });
  const started = performance.now();
  const model = fitCustomerValueModel(population);
  console.log(
    `fit on ${size.toLocaleString('en')} synthetic customers: ${(performance.now() - started).toFixed(0)} ms`,
  );
  return model;
}

describe('fitting simulated customers', () => {
  it('recovers the parameters of 25,000 customers', () => {
    const model = fitTimed(25_000);
    expect(model.populationSize).toBe(25_000);
    // Sampling error on 25k customers: a few percent on r and α, more on a and b.
    expect(model.bgNbd.r).toBeCloseTo(bg.r, 1);
    expect(Math.abs(Math.log(model.bgNbd.alpha / bg.alpha))).toBeLessThan(0.15);
    expect(Math.abs(Math.log(model.bgNbd.a / bg.a))).toBeLessThan(0.3);
    expect(Math.abs(Math.log(model.bgNbd.b / bg.b))).toBeLessThan(0.3);
    expect(Math.abs(Math.log(model.gammaGamma.p / gg.p))).toBeLessThan(0.3);
  });

  it('fits 1,000,000 customers from grouped statistics', () => {
    const model = fitTimed(1_000_000);
    expect(model.populationSize).toBe(1_000_000);
    // Whole days and merged same-day purchases bias α a few percent: the simulation runs in
    // continuous time, the statistics are read in days, as real logs are.
    expect(Math.abs(Math.log(model.bgNbd.r / bg.r))).toBeLessThan(0.05);
    expect(Math.abs(Math.log(model.bgNbd.alpha / bg.alpha))).toBeLessThan(0.1);
    expect(Math.abs(Math.log(model.bgNbd.a / bg.a))).toBeLessThan(0.1);
    expect(Math.abs(Math.log(model.bgNbd.b / bg.b))).toBeLessThan(0.1);
    expect(Math.abs(Math.log(model.gammaGamma.v / gg.v))).toBeLessThan(0.1);
  }, 180_000);
});
