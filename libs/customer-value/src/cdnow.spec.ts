// The published CDNOW results (../shared/data/cdnow/README.md): parameters on the sample within
// 0.5 %, on the master calibration within 1 %, and the holdout forecast the README states.
import { fitBgNbd, type BgNbdParameters } from './bg-nbd';
import { evaluateHoldout } from './evaluation';
import { fitGammaGamma, type GammaGammaParameters } from './gamma-gamma';
import { groupStats, summarise, type CustomerSummary } from './summary';
import { CALIBRATION_END, HOLDOUT_END, readCdnow } from './test-support/cdnow';

const calibration = (file: 'master' | 'sample'): CustomerSummary[] =>
  [...readCdnow(file).values()].map((purchases) => summarise(purchases, CALIBRATION_END)).filter((s) => s !== null);

function expectWithin<T extends object>(actual: T, expected: T, tolerance: number): void {
  for (const [name, value] of Object.entries(expected) as [string, number][]) {
    const got = (actual as Record<string, number>)[name];
    expect({ name, relativeError: Math.abs(got - value) / value < tolerance ? 'ok' : got }).toEqual({
      name,
      relativeError: 'ok',
    });
  }
}

describe('CDNOW', () => {
  it('sample: BG/NBD reproduces the published parameters within 0.5 %', () => {
    const population = calibration('sample');
    expect(population).toHaveLength(2357);
    const started = performance.now();
    const fit = fitBgNbd(groupStats(population));
    console.log(`BG/NBD fit on the CDNOW sample (2,357 customers): ${(performance.now() - started).toFixed(0)} ms`);
    const published: BgNbdParameters = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    expectWithin(fit.parameters, published, 0.005);
  });

  it('master calibration: BG/NBD and Gamma-Gamma within 1 % of the reference', () => {
    const population = calibration('master');
    expect(population).toHaveLength(23570);
    const started = performance.now();
    const purchases = fitBgNbd(groupStats(population));
    const spend = fitGammaGamma(population);
    const ms = performance.now() - started;
    console.log(`BG/NBD + Gamma-Gamma fit on the CDNOW master (23,570 customers): ${ms.toFixed(0)} ms`);
    expectWithin(purchases.parameters, { r: 0.2516, alpha: 4.789, a: 0.7234, b: 2.161 }, 0.01);
    expect(spend.customers).toBe(9450);
    expectWithin<GammaGammaParameters>(spend.parameters, { p: 6.275, q: 3.624, v: 14.98 }, 0.01);
  });

  it('holdout: the README facts, and the model against past spend and the read-model heuristic', () => {
    const evaluation = evaluateHoldout(readCdnow('master').values(), CALIBRATION_END, HOLDOUT_END);
    expect(evaluation.holdoutWeeks).toBe(39);
    expect(evaluation.purchases.actual).toBe(19684);
    expect(evaluation.scores.model.actualTotal).toBeCloseTo(776961.13, 1);
    expect(Math.abs(evaluation.purchases.predicted - 16874) / 16874).toBeLessThan(0.01);
    const { model, pastSpend, heuristic } = evaluation.scores;
    console.log('CDNOW holdout (calibration to 1997-09-30, 39 weeks):', JSON.stringify(evaluation.scores, null, 1));
    // The fitted model forecasts better than both baselines, and ranks about as well as the heuristic.
    expect(model.rootMeanSquaredError).toBeLessThan(heuristic.rootMeanSquaredError);
    expect(model.rootMeanSquaredError).toBeLessThan(pastSpend.rootMeanSquaredError);
    expect(Math.abs(model.totalError)).toBeLessThan(Math.abs(heuristic.totalError));
    expect(model.spearman).toBeGreaterThan(0.4);
    // The stacked forecast (weight chosen by a backtest inside the calibration period) beats the
    // fitted model on RMSE and total error without ranking worse.
    const { stacked } = evaluation.scores;
    expect(evaluation.stacking).toEqual({ weight: 0.3, backtestStartMs: CALIBRATION_END - 91 * 86_400_000 });
    expect(stacked.rootMeanSquaredError).toBeLessThan(model.rootMeanSquaredError);
    expect(Math.abs(stacked.totalError)).toBeLessThan(Math.abs(model.totalError));
    expect(stacked.spearman).toBeGreaterThanOrEqual(model.spearman);
  });
});
