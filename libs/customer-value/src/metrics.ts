// Scores of a spend forecast against what customers actually spent.
const { abs, sqrt } = Math;

/** Ranks 1…n, ties sharing their mean rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const result = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const mean = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]] = mean;
    start = end + 1;
  }
  return result;
}

/** Pearson correlation of the (tie-averaged) ranks. */
export function spearman(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const p = ranks(predicted);
  const a = ranks(actual);
  const n = p.length;
  const mean = (n + 1) / 2;
  let cov = 0;
  let vp = 0;
  let va = 0;
  for (let i = 0; i < n; i++) {
    cov += (p[i] - mean) * (a[i] - mean);
    vp += (p[i] - mean) ** 2;
    va += (a[i] - mean) ** 2;
  }
  return vp === 0 || va === 0 ? 0 : cov / sqrt(vp * va);
}

/**
 * Share of all actual spend made by the top tenth of customers by prediction (⌈n/10⌉ customers;
 * equal predictions keep input order, so the figure is deterministic).
 */
export function topDecileCapture(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = predicted.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => predicted[j] - predicted[i] || i - j);
  let top = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += actual[order[k]];
    if (k < Math.ceil(n / 10)) top += actual[order[k]];
  }
  return total === 0 ? 0 : top / total;
}

/**
 * Area under the ROC curve of `scores` for the positives in `labels` (Mann–Whitney: the chance a
 * random positive scores above a random negative, ties counting half).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const r = ranks(scores);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    positives++;
    rankSum += r[i];
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface ForecastScore {
  spearman: number;
  topDecileCapture: number;
  meanAbsoluteError: number;
  rootMeanSquaredError: number;
  predictedTotal: number;
  actualTotal: number;
  /** (predicted − actual) / actual. */
  totalError: number;
}

export function scoreForecast(predicted: ArrayLike<number>, actual: ArrayLike<number>): ForecastScore {
  const n = predicted.length;
  let absolute = 0;
  let squared = 0;
  let predictedTotal = 0;
  let actualTotal = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i] - actual[i];
    absolute += abs(e);
    squared += e * e;
    predictedTotal += predicted[i];
    actualTotal += actual[i];
  }
  return {
    spearman: spearman(predicted, actual),
    topDecileCapture: topDecileCapture(predicted, actual),
    meanAbsoluteError: n ? absolute / n : 0,
    rootMeanSquaredError: n ? sqrt(squared / n) : 0,
    predictedTotal,
    actualTotal,
    totalError: actualTotal === 0 ? 0 : (predictedTotal - actualTotal) / actualTotal,
  };
}
