// Sufficient statistics of a purchase history as of an instant, in weeks, with the purchases of
// one UTC calendar day merged into one (the published BG/NBD convention): frequency x = repeat
// purchase days, recency t_x = first to last purchase day, age T = first purchase day to the
// day of the cut-off, and the mean value of the repeat purchases for Gamma-Gamma.
export const DAY_MS = 86_400_000;
const DAYS_PER_WEEK = 7;

/** Business time (ms since epoch) and net amount of one purchase. */
export type Purchase = readonly [atMs: number, amount: number];

export interface CustomerStats {
  /** Repeat purchase days (purchase days − 1). */
  frequency: number;
  /** Weeks from the first to the last purchase day. */
  recency: number;
  /** Weeks from the first purchase day to the cut-off day. */
  age: number;
  /** Mean amount of the repeat purchase days (each day's purchases summed); 0 when frequency is 0. */
  meanRepeatSpend: number;
}

export interface CustomerSummary extends CustomerStats {
  /** All purchases up to the cut-off, summed. */
  totalSpend: number;
  firstPurchaseMs: number;
  lastPurchaseMs: number;
}

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** Purchases at or before `asOfMs` (any order); null when the customer had not bought yet. */
export function summarise(purchases: readonly Purchase[], asOfMs: number): CustomerSummary | null {
  const perDay = new Map<number, number>();
  let first = Infinity;
  let last = -Infinity;
  let total = 0;
  for (const [at, amount] of purchases) {
    if (at > asOfMs) continue;
    const day = dayOf(at);
    perDay.set(day, (perDay.get(day) ?? 0) + amount);
    first = Math.min(first, at);
    last = Math.max(last, at);
    total += amount;
  }
  if (perDay.size === 0) return null;
  const days = [...perDay.keys()].sort((p, q) => p - q);
  const firstDay = days[0];
  let repeatSpend = 0;
  for (let i = 1; i < days.length; i++) repeatSpend += perDay.get(days[i]) ?? 0;
  const frequency = days.length - 1;
  return {
    frequency,
    recency: (days[days.length - 1] - firstDay) / DAYS_PER_WEEK,
    age: (dayOf(asOfMs) - firstDay) / DAYS_PER_WEEK,
    meanRepeatSpend: frequency > 0 ? repeatSpend / frequency : 0,
    totalSpend: total,
    firstPurchaseMs: first,
    lastPurchaseMs: last,
  };
}

/** Purchase days and their summed amount in (fromMs, toMs]: what a holdout period observed. */
export function periodTotals(
  purchases: readonly Purchase[],
  fromMs: number,
  toMs: number,
): { days: number; spend: number } {
  const days = new Set<number>();
  let spend = 0;
  for (const [at, amount] of purchases) {
    if (at <= fromMs || at > toMs) continue;
    days.add(dayOf(at));
    spend += amount;
  }
  return { days: days.size, spend };
}

/** Customers with identical (x, t_x, T) share one likelihood term: counts per distinct triple. */
export interface GroupedStats {
  frequency: Float64Array;
  recency: Float64Array;
  age: Float64Array;
  count: Float64Array;
  /** Customers in all groups. */
  customers: number;
}

export function groupStats(stats: Iterable<Pick<CustomerStats, 'frequency' | 'recency' | 'age'>>): GroupedStats {
  const index = new Map<string, number>();
  const frequency: number[] = [];
  const recency: number[] = [];
  const age: number[] = [];
  const count: number[] = [];
  let customers = 0;
  for (const s of stats) {
    const key = `${s.frequency},${s.recency},${s.age}`;
    let i = index.get(key);
    if (i === undefined) {
      i = frequency.length;
      index.set(key, i);
      frequency.push(s.frequency);
      recency.push(s.recency);
      age.push(s.age);
      count.push(0);
    }
    count[i] += 1;
    customers += 1;
  }
  return {
    frequency: Float64Array.from(frequency),
    recency: Float64Array.from(recency),
    age: Float64Array.from(age),
    count: Float64Array.from(count),
    customers,
  };
}
