// Lifecycle's value history: revenue per month, cumulative and predicted lifetime value (the model
// is described in lifecycle.projection.ts), from the purchase and return timelines.
import { addMoney, roundMoney, type Instant, type Money } from '@ledger/domain';
import { monthFromNumber, monthNumber, monthRange, type MonthKey } from './calendar';
import type { LifecycleHistory, LifecycleMonth, PurchasePoint, ReturnPoint } from './lifecycle.projection';

export const PREDICTION_MODEL = { horizonMonths: 36, survivalScaleMonths: 12, minimumTenureMonths: 12 } as const;

export function predictedValue(cumulative: Money, tenureMonths: number, monthsSinceLastPurchase: number): Money {
  if (tenureMonths === 0) return cumulative;
  const averageMonthly = Math.max(0, cumulative / Math.max(tenureMonths, PREDICTION_MODEL.minimumTenureMonths));
  const survival = Math.exp(-monthsSinceLastPurchase / PREDICTION_MODEL.survivalScaleMonths);
  return roundMoney(cumulative + averageMonthly * PREDICTION_MODEL.horizonMonths * survival);
}

export interface ValueSummary {
  months: LifecycleMonth[];
  firstPurchaseMonth: MonthKey | null;
  lastPurchaseMonth: MonthKey | null;
}

/** Calendar months from the first purchase up to `month`, inclusive; 0 before any purchase. */
export function tenure(summary: ValueSummary, month: MonthKey): number {
  return summary.firstPurchaseMonth ? monthNumber(month) - monthNumber(summary.firstPurchaseMonth) + 1 : 0;
}

/** Months, cumulative and predicted values from sorted timelines. */
export function valueSummary(purchases: readonly PurchasePoint[], returns: readonly ReturnPoint[]): ValueSummary {
  const revenue = new Map<MonthKey, Money>();
  const purchaseMonths = new Set<MonthKey>();
  // The timelines hold canonical instants (apply stores them so): the month is the first 7 characters.
  const add = (month: MonthKey, amount: Money) => revenue.set(month, addMoney(revenue.get(month) ?? 0, amount));
  for (const [at, amount] of purchases) {
    const month = at.slice(0, 7);
    add(month, amount);
    purchaseMonths.add(month);
  }
  for (const [at, amount] of returns) add(at.slice(0, 7), -amount);
  const active = [...revenue.keys()].sort();
  const summary: ValueSummary = { months: [], firstPurchaseMonth: null, lastPurchaseMonth: null };
  if (active.length === 0) return summary;
  let cumulative = 0;
  // Month numbers alongside the keys: tenure and months since the last purchase are subtractions.
  let n = monthNumber(active[0]);
  let firstPurchase = -1;
  let lastPurchase = -1;
  for (const month of monthRange(active[0], active[active.length - 1])) {
    const monthRevenue = revenue.get(month) ?? 0;
    cumulative = addMoney(cumulative, monthRevenue);
    if (purchaseMonths.has(month)) {
      if (firstPurchase < 0) [firstPurchase, summary.firstPurchaseMonth] = [n, month];
      [lastPurchase, summary.lastPurchaseMonth] = [n, month];
    }
    const sinceLast = lastPurchase >= 0 ? n - lastPurchase : 0;
    const tenureMonths = firstPurchase >= 0 ? n - firstPurchase + 1 : 0;
    summary.months.push({
      month,
      revenue: monthRevenue,
      cumulativeValue: cumulative,
      predictedLifetimeValue: predictedValue(cumulative, tenureMonths, sinceLast),
    });
    n += 1;
  }
  return summary;
}

/**
 * The months after a purchase later than everything in the timelines (the usual case in log
 * order, issue 12): the months before its own are unchanged, so only its month changes or is
 * appended after months without revenue. Equal to valueSummary over the whole timelines: money
 * adds up in whole ten-thousandths (addMoney), so the order of the additions does not matter.
 */
export function monthsAfterNewestPurchase(doc: LifecycleHistory, at: Instant, amount: Money): LifecycleMonth[] {
  const n = monthNumber(at.slice(0, 7));
  const { months, purchases } = doc;
  const previous = purchases.length > 0 ? purchases[purchases.length - 1][0] : null;
  const firstPurchase = purchases.length > 0 ? monthNumber(purchases[0][0].slice(0, 7)) : n;
  const last = months[months.length - 1];
  const lastN = last ? monthNumber(last.month) : n;
  if (last && lastN === n) {
    const cumulativeValue = addMoney(last.cumulativeValue, amount);
    const revenue = addMoney(last.revenue, amount);
    const predictedLifetimeValue = predictedValue(cumulativeValue, n - firstPurchase + 1, 0);
    return [...months.slice(0, -1), { month: last.month, revenue, cumulativeValue, predictedLifetimeValue }];
  }
  const next = [...months];
  let cumulative = last ? last.cumulativeValue : 0;
  const lastPurchase = previous ? monthNumber(previous.slice(0, 7)) : -1;
  for (let gap = lastN + 1; last && gap < n; gap++) {
    const sinceLast = lastPurchase >= 0 ? gap - lastPurchase : 0;
    const tenureMonths = lastPurchase >= 0 ? gap - firstPurchase + 1 : 0;
    cumulative = addMoney(cumulative, 0);
    const predictedLifetimeValue = predictedValue(cumulative, tenureMonths, sinceLast);
    next.push({ month: monthFromNumber(gap), revenue: 0, cumulativeValue: cumulative, predictedLifetimeValue });
  }
  const revenue = addMoney(0, amount);
  cumulative = addMoney(cumulative, revenue);
  const predictedLifetimeValue = predictedValue(cumulative, n - firstPurchase + 1, 0);
  next.push({ month: monthFromNumber(n), revenue, cumulativeValue: cumulative, predictedLifetimeValue });
  return next;
}
