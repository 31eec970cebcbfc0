// Lifecycle value history, one document per customer: revenue per month, cumulative and
// predicted lifetime value, and every lifecycle-stage transition with the instant it happened.
//
// The stages and the walk through them are in lifecycle-stages.ts. Business time can arrive out
// of order (backfilled imports), so the purchase and return timelines are kept and the months and
// transitions are recomputed from them; time-based transitions are materialised up to the latest
// business time seen in the customer's stream, and `lifecycleAsOf` evaluates any other instant.
//
// Predicted lifetime value, per month M (business time, UTC calendar months):
//   predicted(M) = cumulative(M) + averageMonthly(M) × 36 × survival(M), rounded to cents, where
//   cumulative(M)    = net revenue (purchases − returns) of all months up to and including M;
//   averageMonthly(M) = cumulative(M) ÷ max(tenure(M), 12), never below 0, where tenure(M) is
//                      the number of calendar months from the first purchase up to M inclusive.
//                      The 12-month floor keeps one purchase from being read as a monthly habit:
//                      a single €399 order predicts €399 + 399/12 × 36, not 37 × €399;
//   survival(M)      = exp(−monthsSinceLastPurchase / 12), monthsSinceLastPurchase being the
//                      whole calendar months from the last month with a purchase up to M.
// So a customer buying this month is expected to keep buying at their average rate for 36 more
// months; every month without a purchase shrinks that expectation by a factor e^(−1/12) (−8 %).
import { isCustomerEvent, type CustomerEvent, type Instant, type Money, type RecordedEvent } from '@ledger/domain';
import { canonicalInstant, monthNumber, monthOf, type MonthKey } from './calendar';
import type { LifecycleStage } from './customer-signals';
import { monthsAfterNewestPurchase, predictedValue, tenure, valueSummary } from './lifecycle-months';
import {
  extendTransitions,
  latestStage,
  lifecycleTransitions,
  transitionsAfterNewestPurchase,
  type StageTransition,
} from './lifecycle-stages';
import type { ProjectedDocument, Projection } from './projection';

// The thresholds are shared with the analytics segments, so both read models name the same stage.
export { PREDICTION_MODEL } from './lifecycle-months';
export { LIFECYCLE_DAYS, LIFECYCLE_STAGES, type LifecycleStage } from './customer-signals';
export {
  extendTransitions,
  lifecycleTransitions,
  type Registration,
  type StageTransition,
  type TransitionCause,
} from './lifecycle-stages';

/** Business time, net amount, and the event id a transition can cite as its cause. */
export type PurchasePoint = [at: Instant, amount: Money, eventId: string];
export type ReturnPoint = [at: Instant, amount: Money];

export interface LifecycleMonth {
  month: MonthKey;
  /** Purchases minus returns in this month. */
  revenue: Money;
  cumulativeValue: Money;
  predictedLifetimeValue: Money;
}

export interface LifecycleHistory extends ProjectedDocument {
  customerId: string;
  registeredAt: Instant;
  registrationEventId: string;
  /** Stage as of latestBusinessTime. */
  stage: LifecycleStage;
  /** The newest business time in the customer's stream: transitions are materialised up to here. */
  latestBusinessTime: Instant;
  /** From the first to the last month with a purchase or return, gaps filled with revenue 0. */
  months: LifecycleMonth[];
  transitions: StageTransition[];
  /** Sorted by business time; equal times in recording order. */
  purchases: PurchasePoint[];
  returns: ReturnPoint[];
}

export interface LifecycleAsOf {
  customerId: string;
  asOf: Instant;
  /** null when the customer was not known yet at asOf. */
  stage: LifecycleStage | null;
  cumulativeValue: Money;
  /** The model above, with monthsSinceLastPurchase counted up to asOf's month. */
  predictedLifetimeValue: Money;
  months: LifecycleMonth[];
  transitions: StageTransition[];
}

/** A copy with `point` after every entry at or before its time (so equal times keep recording order). */
function insertByTime<T extends [Instant, ...unknown[]]>(list: readonly T[], point: T): T[] {
  let at = list.length;
  while (at > 0 && list[at - 1][0] > point[0]) at--;
  if (at === list.length) return [...list, point]; // in log order, the usual case: one copy, not three
  return [...list.slice(0, at), point, ...list.slice(at)];
}

function history(
  base: Pick<LifecycleHistory, 'customerId' | 'registeredAt' | 'registrationEventId' | 'latestBusinessTime'>,
  purchases: PurchasePoint[],
  returns: ReturnPoint[],
  months: LifecycleMonth[],
  lastPosition: number,
): LifecycleHistory {
  const registration = { at: base.registeredAt, eventId: base.registrationEventId };
  const transitions = lifecycleTransitions(registration, purchases, base.latestBusinessTime);
  return {
    id: base.customerId,
    customerId: base.customerId,
    registeredAt: base.registeredAt,
    registrationEventId: base.registrationEventId,
    stage: latestStage(transitions) ?? 'prospect',
    latestBusinessTime: base.latestBusinessTime,
    months,
    transitions,
    purchases,
    returns,
    lastPosition,
  };
}

export const lifecycleProjection: Projection<LifecycleHistory> = {
  name: 'lifecycle',
  version: 1,
  indexes: ['stage'],
  keysOf: (event) => (isCustomerEvent(event) ? [(event.data as { customerId: string }).customerId] : []),
  apply(doc, recorded: RecordedEvent) {
    const event = recorded as unknown as CustomerEvent;
    const at = canonicalInstant(event.data.occurredAt);
    if (doc === null) {
      if (event.type !== 'CustomerRegistered') return null; // facts for a customer not registered (yet)
      const base = {
        customerId: event.data.customerId,
        registeredAt: at,
        registrationEventId: recorded.eventId,
        latestBusinessTime: at,
      };
      return history(base, [], [], [], recorded.position);
    }
    let { purchases, returns, months } = doc;
    if (event.type === 'PurchaseRecorded') {
      purchases = insertByTime(purchases, [at, event.data.amount, recorded.eventId]);
    } else if (event.type === 'PurchaseReturned') {
      returns = insertByTime(returns, [at, event.data.amount]);
    }
    if (event.type === 'PurchaseRecorded' && at > doc.latestBusinessTime) {
      months = monthsAfterNewestPurchase(doc, at, event.data.amount);
    } else if (purchases !== doc.purchases || returns !== doc.returns) months = valueSummary(purchases, returns).months;
    const latestBusinessTime = at > doc.latestBusinessTime ? at : doc.latestBusinessTime;
    if (purchases === doc.purchases && latestBusinessTime === doc.latestBusinessTime) {
      // Returns and facts older than what was seen cannot move a stage: no transitions to recompute.
      return { ...doc, months, returns, lastPosition: recorded.position };
    }
    if (event.type === 'PurchaseRecorded' && at > doc.latestBusinessTime) {
      const transitions = transitionsAfterNewestPurchase(doc, at, recorded.eventId);
      // Same fields in the same order as history() gives.
      if (transitions) {
        const stage = latestStage(transitions) ?? 'prospect';
        return {
          ...doc,
          stage,
          latestBusinessTime,
          months,
          transitions,
          purchases,
          returns,
          lastPosition: recorded.position,
        };
      }
    }
    if (purchases === doc.purchases) {
      // Only time moved on: carry the walk forward instead of replaying every purchase.
      const transitions = extendTransitions(doc, latestBusinessTime);
      const stage = latestStage(transitions) ?? 'prospect';
      return { ...doc, months, returns, latestBusinessTime, transitions, stage, lastPosition: recorded.position };
    }
    return history({ ...doc, latestBusinessTime }, purchases, returns, months, recorded.position);
  },
};

/** The history as it stood at `asOf`: transitions due by then (time-based ones included), months up to then. */
export function lifecycleAsOf(doc: LifecycleHistory, asOf: string): LifecycleAsOf {
  const at = canonicalInstant(asOf);
  const purchases = doc.purchases.filter(([when]) => when <= at);
  const returns = doc.returns.filter(([when]) => when <= at);
  const transitions = lifecycleTransitions({ at: doc.registeredAt, eventId: doc.registrationEventId }, purchases, at);
  const summary = valueSummary(purchases, returns);
  const last = summary.months.length > 0 ? summary.months[summary.months.length - 1] : null;
  const cumulativeValue = last ? last.cumulativeValue : 0;
  const sinceLast = summary.lastPurchaseMonth ? monthNumber(monthOf(at)) - monthNumber(summary.lastPurchaseMonth) : 0;
  return {
    customerId: doc.customerId,
    asOf: at,
    stage: latestStage(transitions) ?? null,
    cumulativeValue,
    predictedLifetimeValue: predictedValue(cumulativeValue, tenure(summary, monthOf(at)), sinceLast),
    months: summary.months,
    transitions,
  };
}
