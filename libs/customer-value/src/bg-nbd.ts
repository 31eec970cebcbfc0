// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a
// customer buys as a Poisson process with rate λ ~ Gamma(r, α); after every purchase they drop
// out with probability p ~ Beta(a, b). Likelihood, maximum-likelihood fit over grouped
// sufficient statistics, and the per-customer quantities the paper derives. Time in weeks.
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { covarianceAt, minimise } from './optimise';
import type { CustomerStats, GroupedStats } from './summary';

// Module-level bindings: under jest's sandbox every `Math.` lookup in a hot loop costs ~20×.
const { exp, log, pow } = Math;

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export type Frequency = Pick<CustomerStats, 'frequency' | 'recency' | 'age'>;

const logAddExp = (u: number, v: number): number => {
  const m = u > v ? u : v;
  return m + log(exp(u - m) + exp(v - m));
};

/**
 * Grouped statistics indexed for the likelihood: the Γ and B terms depend on x only and the
 * logarithms on α + T and α + t_x only, so each is computed once per distinct value.
 */
export interface IndexedStats {
  data: GroupedStats;
  frequencies: number[];
  ages: Float64Array;
  ageIndex: Int32Array;
  recencies: Float64Array;
  recencyIndex: Int32Array;
}

function indexBy(values: Float64Array): [Float64Array, Int32Array] {
  const distinct = [...new Set(values)];
  const position = new Map(distinct.map((v, i) => [v, i]));
  return [Float64Array.from(distinct), Int32Array.from(values, (v) => position.get(v) ?? 0)];
}

export function indexStats(data: GroupedStats): IndexedStats {
  const [ages, ageIndex] = indexBy(data.age);
  const [recencies, recencyIndex] = indexBy(data.recency);
  return { data, frequencies: [...new Set(data.frequency)], ages, ageIndex, recencies, recencyIndex };
}

/** Σ over groups of count × log L(r, α, a, b | x, t_x, T). */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, stats: GroupedStats | IndexedStats): number {
  const s = 'ageIndex' in stats ? stats : indexStats(stats);
  const { data } = s;
  let maxX = 0;
  for (const x of s.frequencies) maxX = x > maxX ? x : maxX;
  const common = new Float64Array(maxX + 1);
  const deathTerm = new Float64Array(maxX + 1);
  const base = -gammaln(r) + r * log(alpha) + gammaln(a + b) - gammaln(b);
  for (const x of s.frequencies) {
    common[x] = base + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x);
    deathTerm[x] = x > 0 ? log(a) - log(b + x - 1) : -Infinity;
  }
  const logAge = s.ages.map((T) => log(alpha + T));
  const logRecency = s.recencies.map((t) => log(alpha + t));
  let total = 0;
  const n = data.count.length;
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const alive = -(r + x) * logAge[s.ageIndex[i]];
    const term = x > 0 ? logAddExp(alive, deathTerm[x] - (r + x) * logRecency[s.recencyIndex[i]]) : alive;
    total += data.count[i] * (common[x] + term);
  }
  return total;
}

export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
  /** Asymptotic covariance of (ln r, ln α, ln a, ln b) at the optimum. */
  covariance: number[][];
}

const fromLog = (v: number[]): BgNbdParameters => ({
  r: exp(v[0]),
  alpha: exp(v[1]),
  a: exp(v[2]),
  b: exp(v[3]),
});

export const bgNbdToLog = (p: BgNbdParameters): number[] => [p.r, p.alpha, p.a, p.b].map(Math.log);
export const bgNbdFromLog = fromLog;

export function fitBgNbd(data: GroupedStats): BgNbdFit {
  if (data.customers === 0) throw new RangeError('no customers to fit');
  const indexed = indexStats(data);
  const meanNegLl = (v: number[]) => -bgNbdLogLikelihood(fromLog(v), indexed) / data.customers;
  // Start at α = mean age so the rate's scale is in the right decade, the rest at 1.
  let ageSum = 0;
  for (let i = 0; i < data.count.length; i++) ageSum += data.age[i] * data.count[i];
  const start = [0, log(Math.max(ageSum / data.customers, 1)), 0, 0];
  const best = minimise(meanNegLl, start);
  const covariance = covarianceAt(meanNegLl, best.x).map((row) => row.map((c) => c / data.customers));
  return { parameters: fromLog(best.x), logLikelihood: -best.value * data.customers, covariance };
}

/** P(still alive at T | x, t_x, T). */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, s: Frequency): number {
  if (s.frequency === 0) return 1;
  const x = s.frequency;
  const logRatio = log(a) - log(b + x - 1) + (r + x) * (log(alpha + s.age) - log(alpha + s.recency));
  return 1 / (1 + exp(logRatio));
}

/**
 * P(no purchase in (T, T + t] | x, t_x, T) = 1 − P(alive) + P(alive) · ((α+T)/(α+T+t))^(r+x):
 * dead, or alive with a rate drawn from its posterior Gamma(r + x, α + T) and no event in t.
 * Unlike 1 − P(alive), which is 0 for every one-time buyer, it tells them apart by age.
 */
export function probabilityNoPurchase(params: BgNbdParameters, s: Frequency, t: number): number {
  const alive = probabilityAlive(params, s);
  const { r, alpha } = params;
  return 1 - alive + alive * exp((r + s.frequency) * (log(alpha + s.age) - log(alpha + s.age + t)));
}

/** E[X(t)]: purchases a new customer makes in (0, t]. */
export function expectedPurchases({ r, alpha, a, b }: BgNbdParameters, t: number): number {
  if (t <= 0) return 0;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}

/**
 * E[Y(t) | x, t_x, T]: purchases in (T, T + t] of a customer with this history. The paper's
 * ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z) overflows for frequent buyers over long
 * horizons (₂F₁ → ∞ times a power → 0); then Euler's transformation gives the same term as
 * ((α+T)/(α+T+t))^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose upper parameters do not grow
 * with x (but which overflows in turn when a and b are huge, so it is only the fallback).
 */
export function conditionalExpectedPurchases(params: BgNbdParameters, s: Frequency, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const x = s.frequency;
  const z = t / (alpha + s.age + t);
  const logRatio = log(alpha + s.age) - log(alpha + s.age + t);
  let term = exp((r + x) * logRatio) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  if (!Number.isFinite(term)) term = exp((a - 1) * logRatio) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * (1 - term) * probabilityAlive(params, s);
}

/** ln B(a, b), re-exported so the simulation's posterior weights use the same function. */
export const logBeta = betaln;
