// Splits a whole number of cents over weighted shares so the parts add up to the whole exactly
// (largest remainder): each share first gets the floor of its exact part, then the cents left
// go one each to the largest fractional parts, ties to the earlier share. Pure and deterministic.

/**
 * `cents` split by `weights` (all ≥ 0, at least one > 0). The result has one entry per weight
 * and sums to `cents` whatever rounding the floating-point products carry.
 */
export function splitCents(cents: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (weights.length === 0 || !(total > 0)) throw new RangeError('splitCents needs a positive weight');
  const exact = weights.map((w) => (cents * w) / total);
  const parts = exact.map((x) => Math.floor(x));
  let left = cents - parts.reduce((sum, p) => sum + p, 0);
  // Largest fractional part first; equal parts keep the earlier share first (a stable order).
  const order = exact
    .map((x, i) => ({ i, fraction: x - parts[i] }))
    .sort((a, b) => b.fraction - a.fraction || a.i - b.i)
    .map(({ i }) => i);
  // Normally 0 ≤ left < weights.length; the loop also settles any cent floating point lost or
  // gained, taking from the smallest fractions first when it has to give back.
  for (let k = 0; left !== 0; k = (k + 1) % order.length) {
    if (left > 0) {
      parts[order[k]] += 1;
      left -= 1;
    } else {
      const i = order[order.length - 1 - k];
      if (parts[i] > 0) {
        parts[i] -= 1;
        left += 1;
      }
    }
  }
  return parts;
}

/** Money (two decimals) to whole cents and back, without drifting on values like 0.29. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;
