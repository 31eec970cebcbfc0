// Midrank quintile scores (libs/projections/src/quantiles.ts) without sorting the population:
// the score is a non-decreasing step function of the value, so four thresholds decide it, and
// each threshold needs only the value at one rank, how many values lie below it and how many
// equal it, and the next larger value. Those come from a histogram pass that narrows to the
// bucket holding the rank (recursively, until a bucket is small enough to sort). O(n) per
// population instead of O(n log n), which is what makes a 25-point history over 1M customers fit.

export interface RankInfo {
  /** The value at the rank (0-based, ascending). */
  value: number;
  /** Values strictly below it. */
  below: number;
  /** Values equal to it. */
  equal: number;
  /** The smallest value greater than it; +Infinity when none. */
  next: number;
}

const BUCKETS = 2048;
const SORT_BELOW = 4096;

/** RankInfo for each rank in `ranks` (each 0 ≤ rank < n) over values[0..n). */
export function rankInfo(values: Float64Array, ranks: readonly number[]): RankInfo[] {
  const n = values.length;
  if (n <= SORT_BELOW) {
    const sorted = values.slice().sort();
    return ranks.map((rank) => fromSorted(sorted, rank));
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return ranks.map(() => ({ value: min, below: 0, equal: n, next: Infinity }));
  const scale = BUCKETS / (max - min);
  const last = BUCKETS - 1;
  const counts = new Int32Array(BUCKETS);
  const lows = new Float64Array(BUCKETS).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let b = Math.floor((v - min) * scale);
    if (b > last) b = last;
    counts[b]++;
    if (v < lows[b]) lows[b] = v;
  }
  const before = new Int32Array(BUCKETS + 1);
  for (let b = 0; b < BUCKETS; b++) before[b + 1] = before[b] + counts[b];
  const bucketOfRank = (rank: number): number => {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before[mid + 1] > rank) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const wanted = new Map<number, number[]>();
  for (const rank of ranks) {
    const b = bucketOfRank(rank);
    wanted.set(b, [...(wanted.get(b) ?? []), rank]);
  }
  // One pass gathers every bucket asked for; slotOf maps a bucket to its gathered array.
  const slotOf = new Int32Array(BUCKETS).fill(-1);
  const gathered: Float64Array[] = [];
  const sizes: number[] = [];
  for (const b of wanted.keys()) {
    slotOf[b] = gathered.length;
    gathered.push(new Float64Array(counts[b]));
    sizes.push(0);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let b = Math.floor((v - min) * scale);
    if (b > last) b = last;
    const slot = slotOf[b];
    if (slot >= 0) gathered[slot][sizes[slot]++] = v;
  }
  const answers = new Map<number, RankInfo>();
  for (const [b, bucketRanks] of wanted) {
    const inner = rankInfo(
      gathered[slotOf[b]],
      bucketRanks.map((rank) => rank - before[b]),
    );
    let after = Infinity;
    for (let c = b + 1; c < BUCKETS && after === Infinity; c++) if (counts[c] > 0) after = lows[c];
    bucketRanks.forEach((rank, i) => {
      const info = inner[i];
      answers.set(rank, { ...info, below: info.below + before[b], next: info.next === Infinity ? after : info.next });
    });
  }
  return ranks.map((rank) => answers.get(rank) as RankInfo);
}

function fromSorted(sorted: Float64Array, rank: number): RankInfo {
  const value = sorted[rank];
  let below = rank;
  while (below > 0 && sorted[below - 1] === value) below--;
  let end = rank + 1;
  while (end < sorted.length && sorted[end] === value) end++;
  return { value, below, equal: end - below, next: end < sorted.length ? sorted[end] : Infinity };
}

/**
 * The smallest values scoring 2, 3, 4 and 5 (+Infinity when no value does), for higher-is-better
 * midrank quintiles: score(v) = min(5, floor(5 (2·below + equal) / 2n) + 1). A value's score is
 * then 1 + how many thresholds it reaches (`scoreWith`).
 */
export function quintileThresholds(values: Float64Array): number[] {
  const n = values.length;
  if (n === 0) return [Infinity, Infinity, Infinity, Infinity];
  const ks = [1, 2, 3, 4];
  // The first value v with 5(2·below + equal) ≥ 2nk is the value at rank floor(nk/5) or the next one.
  const infos = rankInfo(
    values,
    ks.map((k) => Math.floor((n * k) / 5)),
  );
  return ks.map((k, i) => {
    const { value, below, equal, next } = infos[i];
    return 5 * (2 * below + equal) >= 2 * n * k ? value : next;
  });
}

export function scoreWith(thresholds: readonly number[], value: number): number {
  let score = 1;
  for (const threshold of thresholds) if (value >= threshold) score++;
  return score;
}
