// One customer's forecast from a fitted model: P(alive), purchases and spend over a horizon and
// discounted lifetime value, each as the model's expectation (closed forms) with an 80 % interval.
//
// Intervals come from posterior predictive simulation, not from a bootstrap of the population:
// for a customer the dominant uncertainty is their own (will they buy 0 or 4 times?), which a
// refit on resampled customers does not see, and a refit per customer request would be far too
// slow. Each draw (1) samples the population parameters from the normal approximation of the
// MLE in log space (the fit's covariance), (2) samples the customer's latent state from its exact
// BG/NBD posterior — alive with probability P(alive), then λ ~ Gamma(r + x, α + T) and
// p ~ Beta(a, b + x) — and their spend rate ν ~ Gamma(px + q, v + x·m̄), and (3) simulates the
// purchases and their amounts. The interval is the 10th–90th percentile of the draws; for the
// probabilities (P(alive), P(no purchase)) only step (1) varies: their interval is the
// parameter uncertainty alone.
import {
  bgNbdFromLog,
  bgNbdToLog,
  conditionalExpectedPurchases,
  probabilityAlive,
  probabilityNoPurchase,
  type BgNbdParameters,
} from './bg-nbd';
import { conditionalExpectedSpend, fitsGammaGamma, gammaGammaFromLog, type GammaGammaParameters } from './gamma-gamma';
import type { CustomerValueModel } from './model';
import { cholesky } from './optimise';
import { quantile, seededRandom, type Random } from './random';
import type { CustomerStats } from './summary';

export interface ForecastOptions {
  /** Weeks ahead for purchases and spend; default 52. */
  horizonWeeks?: number;
  /** Weeks ahead for lifetime value; default 156 (three years, the heuristic's horizon). */
  lifetimeWeeks?: number;
  /** Yearly discount rate for lifetime value; default 10 %, applied per week as (1 + rate)^(−k/52). */
  annualDiscountRate?: number;
  draws?: number;
  seed?: number;
  /** Draw the population parameters too (default); off, only the customer's own uncertainty. */
  parameterUncertainty?: boolean;
}

export const FORECAST_DEFAULTS = {
  horizonWeeks: 52,
  lifetimeWeeks: 156,
  annualDiscountRate: 0.1,
  draws: 2000,
  seed: 1,
  parameterUncertainty: true,
} as const;

/** The model's expectation and the 10th–90th percentile of the simulated outcomes. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface CustomerForecast {
  probabilityAlive: Interval;
  /** P(no purchase within the horizon): the model's churn answer (CDNOW AUC 0.75–0.79 at 180 days). */
  probabilityNoPurchase: Interval;
  expectedPurchases: Interval;
  expectedSpendPerPurchase: number;
  expectedSpend: Interval;
  lifetimeValue: Interval;
  horizonWeeks: number;
  lifetimeWeeks: number;
  annualDiscountRate: number;
  intervalLevel: 0.8;
  draws: number;
}

/** Weekly discount factor of week k (purchases in week k are discounted as at its end). */
const discount = (rate: number, week: number): number => Math.pow(1 + rate, -week / 52);

/** E[CLV] = E[spend per purchase] · Σ_k (E[Y(k)] − E[Y(k−1)]) · (1 + rate)^(−k/52), k = 1…weeks. */
export function expectedLifetimeValue(
  parameters: BgNbdParameters,
  stats: CustomerStats,
  spendPerPurchase: number,
  weeks: number,
  rate: number,
): number {
  let total = 0;
  let previous = 0;
  for (let k = 1; k <= weeks; k++) {
    const cumulative = conditionalExpectedPurchases(parameters, stats, k);
    total += (cumulative - previous) * discount(rate, k);
    previous = cumulative;
  }
  return total * spendPerPurchase;
}

function drawParameters(mean: number[], factor: number[][], random: Random): number[] {
  const z = mean.map(() => random.normal());
  return mean.map((m, i) => m + factor[i].reduce((sum, l, j) => sum + l * z[j], 0));
}

export function forecastCustomer(
  model: CustomerValueModel,
  stats: CustomerStats,
  options: ForecastOptions = {},
): CustomerForecast {
  const o = { ...FORECAST_DEFAULTS, ...options };
  const spendPerPurchase = conditionalExpectedSpend(model.gammaGamma, stats);
  const purchases = conditionalExpectedPurchases(model.bgNbd, stats, o.horizonWeeks);
  const simulated = simulate(model, stats, o);
  const interval = (estimate: number, sample: Float64Array): Interval => ({
    estimate,
    low: quantile(sample, 0.1),
    high: quantile(sample, 0.9),
  });
  return {
    probabilityAlive: interval(probabilityAlive(model.bgNbd, stats), simulated.alive),
    probabilityNoPurchase: interval(probabilityNoPurchase(model.bgNbd, stats, o.horizonWeeks), simulated.noPurchase),
    expectedPurchases: interval(purchases, simulated.purchases),
    expectedSpendPerPurchase: spendPerPurchase,
    expectedSpend: interval(purchases * spendPerPurchase, simulated.spend),
    lifetimeValue: interval(
      expectedLifetimeValue(model.bgNbd, stats, spendPerPurchase, o.lifetimeWeeks, o.annualDiscountRate),
      simulated.lifetimeValue,
    ),
    horizonWeeks: o.horizonWeeks,
    lifetimeWeeks: o.lifetimeWeeks,
    annualDiscountRate: o.annualDiscountRate,
    intervalLevel: 0.8,
    draws: o.draws,
  };
}

type Resolved = Required<ForecastOptions>;

/** Draws of P(alive | parameters) and P(no purchase | parameters), purchases and spend in the horizon, discounted lifetime value. */
export function simulate(model: CustomerValueModel, stats: CustomerStats, o: Resolved) {
  const random = seededRandom(o.seed);
  const bgMean = bgNbdToLog(model.bgNbd);
  const ggMean = [model.gammaGamma.p, model.gammaGamma.q, model.gammaGamma.v].map((v) => Math.log(v));
  const bgFactor = cholesky(model.bgNbdCovariance);
  const ggFactor = cholesky(model.gammaGammaCovariance);
  const x = stats.frequency;
  const spendX = fitsGammaGamma(stats) ? x : 0;
  const end = Math.max(o.horizonWeeks, o.lifetimeWeeks);
  const alive = new Float64Array(o.draws);
  const noPurchase = new Float64Array(o.draws);
  const purchases = new Float64Array(o.draws);
  const spend = new Float64Array(o.draws);
  const lifetimeValue = new Float64Array(o.draws);
  for (let d = 0; d < o.draws; d++) {
    const bg: BgNbdParameters = o.parameterUncertainty
      ? bgNbdFromLog(drawParameters(bgMean, bgFactor, random))
      : model.bgNbd;
    const gg: GammaGammaParameters = o.parameterUncertainty
      ? gammaGammaFromLog(drawParameters(ggMean, ggFactor, random))
      : model.gammaGamma;
    alive[d] = probabilityAlive(bg, stats);
    noPurchase[d] = probabilityNoPurchase(bg, stats, o.horizonWeeks);
    if (random.uniform() >= alive[d]) continue;
    const rate = random.gamma(bg.r + x, bg.alpha + stats.age);
    const dropout = random.beta(bg.a, bg.b + x);
    const spendRate = random.gamma(gg.p * spendX + gg.q, gg.v + spendX * stats.meanRepeatSpend);
    for (let t = random.exponential(rate); t <= end; t += random.exponential(rate)) {
      const amount = random.gamma(gg.p, spendRate);
      if (t <= o.horizonWeeks) {
        purchases[d] += 1;
        spend[d] += amount;
      }
      if (t <= o.lifetimeWeeks) lifetimeValue[d] += amount * discount(o.annualDiscountRate, Math.ceil(t));
      if (random.uniform() < dropout) break;
    }
  }
  return { alive, noPurchase, purchases, spend, lifetimeValue };
}
