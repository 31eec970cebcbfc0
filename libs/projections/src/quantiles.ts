// Rank-based scores over a population, computed with one numeric sort per dimension (O(n log n)).
//
// Quintile score (1-5) of a value = the quintile its MIDRANK percentile falls in:
//   p = (values strictly worse + half the values equal) / n,   score = min(5, floor(5p) + 1).
// Ties always share one score, no tie is broken arbitrarily, and degenerate populations land in
// the middle: one customer, or everyone equal, scores 3 (not 1 or 5).

/** Values sorted ascending in a typed array (native numeric sort, no comparator calls). */
export function sortedValues(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Index of the first element >= value. */
export function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > value. */
export function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Quintile scores in input order; `higherIsBetter: false` for recency (fewer days scores higher). */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const sorted = sortedValues(values);
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const below = lowerBound(sorted, values[i]);
    const above = upperBound(sorted, values[i]);
    const worse = higherIsBetter ? below : n - above;
    // Integer arithmetic: floor(5 * (worse + equal / 2) / n) with no rounding error at boundaries.
    scores[i] = Math.min(5, Math.floor(((2 * worse + (above - below)) * 5) / (2 * n)) + 1);
  }
  return scores;
}

/** How many values are strictly greater than each value (input order). */
export function countsAbove(values: ArrayLike<number>): Uint32Array {
  const sorted = sortedValues(values);
  const result = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) result[i] = sorted.length - upperBound(sorted, values[i]);
  return result;
}
