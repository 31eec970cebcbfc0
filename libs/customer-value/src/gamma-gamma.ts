// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999): the
// value of each purchase is Gamma(p, ν) with ν ~ Gamma(q, γ) across customers (γ is called v
// in the references), independent of the purchase process. Fitted on repeat buyers' mean repeat
// spend; a customer's expected spend per purchase shrinks their own mean towards the population's.
import gammaln from '@stdlib/math-base-special-gammaln';
import { covarianceAt, minimise } from './optimise';

// Module-level binding: under jest's sandbox every `Math.` lookup in a hot loop costs ~20×.
const { log, exp } = Math;

export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

export interface SpendStats {
  /** Repeat purchases behind the mean. */
  frequency: number;
  meanRepeatSpend: number;
}

/** Repeat buyers with a positive mean: the only customers the spend likelihood is defined for. */
export const fitsGammaGamma = (s: SpendStats): boolean => s.frequency > 0 && s.meanRepeatSpend > 0;

/**
 * Repeat buyers' spend, prepared once per fit: the terms linear in p are summed ahead, so an
 * evaluation costs one logarithm per customer plus the Γ terms per distinct frequency.
 */
export interface SpendData {
  frequency: Float64Array;
  meanSpend: Float64Array;
  distinctFrequencies: number[];
  maxFrequency: number;
  /** Σ x ln m, Σ ln m and Σ x ln x over the customers. */
  sumXLogMean: number;
  sumLogMean: number;
  sumXLogX: number;
}

export function prepareSpend(all: readonly SpendStats[]): SpendData {
  const spenders = all.filter(fitsGammaGamma);
  const frequency = Float64Array.from(spenders, (s) => s.frequency);
  const meanSpend = Float64Array.from(spenders, (s) => s.meanRepeatSpend);
  let sumXLogMean = 0;
  let sumLogMean = 0;
  let sumXLogX = 0;
  for (let i = 0; i < frequency.length; i++) {
    sumXLogMean += frequency[i] * log(meanSpend[i]);
    sumLogMean += log(meanSpend[i]);
    sumXLogX += frequency[i] * log(frequency[i]);
  }
  const distinctFrequencies = [...new Set(frequency)];
  const maxFrequency = Math.max(0, ...distinctFrequencies);
  return { frequency, meanSpend, distinctFrequencies, maxFrequency, sumXLogMean, sumLogMean, sumXLogX };
}

/**
 * Σ over repeat buyers of log f(m | p, q, v, x), the density of a mean of x purchases:
 * Γ(px+q)/(Γ(px)Γ(q)) · v^q · m^(px−1) · x^(px) / (v + xm)^(px+q).
 */
export function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParameters, data: SpendData): number {
  const n = data.frequency.length;
  const shape = new Float64Array(data.maxFrequency + 1);
  for (const x of data.distinctFrequencies) shape[x] = gammaln(p * x + q) - gammaln(p * x);
  let total = n * (q * log(v) - gammaln(q)) + p * data.sumXLogMean - data.sumLogMean + p * data.sumXLogX;
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    total += shape[x] - (p * x + q) * log(x * data.meanSpend[i] + v);
  }
  return total;
}

export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  logLikelihood: number;
  /** Repeat buyers the fit used. */
  customers: number;
  /** Asymptotic covariance of (ln p, ln q, ln v). */
  covariance: number[][];
}

const fromLog = (v: number[]): GammaGammaParameters => ({ p: exp(v[0]), q: exp(v[1]), v: exp(v[2]) });
export const gammaGammaFromLog = fromLog;

export function fitGammaGamma(all: readonly SpendStats[]): GammaGammaFit {
  const data = prepareSpend(all);
  const n = data.frequency.length;
  if (n < 2) throw new RangeError('too few repeat buyers to fit spend');
  let mean = 0;
  for (const m of data.meanSpend) mean += m / n;
  const meanNegLl = (x: number[]) => -gammaGammaLogLikelihood(fromLog(x), data) / n;
  // Start with p = q = 1 and v at the mean spend: the population mean p·v/(q−1) is then in scale.
  const best = minimise(meanNegLl, [0, log(2), log(mean)]);
  const covariance = covarianceAt(meanNegLl, best.x).map((row) => row.map((c) => c / n));
  return { parameters: fromLog(best.x), logLikelihood: -best.value * n, customers: n, covariance };
}

/** E[spend per purchase | x, mean] = (q − 1)/(px + q − 1) · pv/(q − 1) + px/(px + q − 1) · mean. */
export function conditionalExpectedSpend({ p, q, v }: GammaGammaParameters, s: SpendStats): number {
  const x = fitsGammaGamma(s) ? s.frequency : 0;
  return (p * (v + x * s.meanRepeatSpend)) / (p * x + q - 1);
}
