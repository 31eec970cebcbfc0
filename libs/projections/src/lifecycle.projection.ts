// Lifecycle value history, one document per customer: revenue per month, cumulative and
// predicted lifetime value, and every lifecycle-stage transition with the instant it happened.
//
// Stages (thresholds in LIFECYCLE_DAYS): prospect (registered, never bought) → new (first
// purchase, for 90 days) → active (bought within the last 180 days) → at_risk (180 days without
// a purchase) → lapsed (365 days without) → won_back (a purchase while lapsed, for 90 days, then
// active). Time-based transitions happen at exact instants (last purchase + 180 days, …). Business
// time can arrive out of order (backfilled imports), so the purchase and return timelines are
// kept and the months and transitions are recomputed from them; time-based transitions are
// materialised up to the latest business time seen in the customer's stream, and
// `lifecycleAsOf` evaluates any other instant.
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
import { canonicalInstant, DAY_MS, monthNumber, monthOf, toInstant, toMs, type MonthKey } from './calendar';
import { LIFECYCLE_DAYS, type LifecycleStage } from './customer-signals';
import { monthsAfterNewestPurchase, predictedValue, tenure, valueSummary } from './lifecycle-months';
import type { ProjectedDocument, Projection } from './projection';

// The thresholds are shared with the analytics segments, so both read models name the same stage.
export { PREDICTION_MODEL } from './lifecycle-months';
export { LIFECYCLE_DAYS, LIFECYCLE_STAGES, type LifecycleStage } from './customer-signals';

/** Business time, net amount, and the event id a transition can cite as its cause. */
export type PurchasePoint = [at: Instant, amount: Money, eventId: string];
export type ReturnPoint = [at: Instant, amount: Money];

export type TransitionCause =
  | { eventId: string; type: 'CustomerRegistered' | 'PurchaseRecorded' }
  /** at_risk and lapsed: no purchase since this instant. */
  | { inactivitySince: Instant }
  /** new → active and won_back → active: the stage entered at this instant has run its course. */
  | { stageEnded: 'new' | 'won_back'; enteredAt: Instant };

export interface StageTransition {
  stage: LifecycleStage;
  at: Instant;
  cause: TransitionCause;
}

export interface LifecycleMonth {
  month: MonthKey;
  /** Purchases minus returns in this month. */
  revenue: Money;
  cumulativeValue: Money;
  predictedLifetimeValue: Money;
}

export interface Registration {
  at: Instant;
  eventId: string;
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

const days = (n: number): number => n * DAY_MS;

/** Where a walk through the stages stands: current stage, when it was entered, when the customer last bought. */
interface Walk {
  stage: LifecycleStage | null;
  enteredMs: number;
  lastPurchaseMs: number;
}

/** When the current stage ends by itself (no purchase), or null if it never does. */
function nextDueMs(now: Walk): number | null {
  switch (now.stage) {
    case 'new':
      return now.enteredMs + days(LIFECYCLE_DAYS.new);
    case 'won_back':
      return now.enteredMs + days(LIFECYCLE_DAYS.wonBack);
    case 'active':
      return now.lastPurchaseMs + days(LIFECYCLE_DAYS.active);
    case 'at_risk':
      return now.lastPurchaseMs + days(LIFECYCLE_DAYS.atRisk);
    default:
      return null;
  }
}

/** The stage the last transition entered; undefined before the first. */
function latestStage(transitions: readonly StageTransition[]): LifecycleStage | undefined {
  return transitions.length > 0 ? transitions[transitions.length - 1].stage : undefined;
}

function enter(now: Walk, transitions: StageTransition[], stage: LifecycleStage, atMs: number, cause: TransitionCause) {
  now.stage = stage;
  transitions.push({ stage, at: toInstant(atMs), cause });
}

/** Takes every time-based transition due before `untilMs` (or at it, when inclusive). */
function advance(now: Walk, transitions: StageTransition[], untilMs: number, inclusive: boolean): void {
  for (
    let due = nextDueMs(now);
    due !== null && (due < untilMs || (inclusive && due === untilMs));
    due = nextDueMs(now)
  ) {
    const stage = now.stage;
    // The cause is only built for a transition taken: formatting instants is the walk's main cost.
    if (stage === 'new' || stage === 'won_back') {
      enter(now, transitions, 'active', due, { stageEnded: stage, enteredAt: toInstant(now.enteredMs) });
    } else {
      enter(now, transitions, stage === 'active' ? 'at_risk' : 'lapsed', due, {
        inactivitySince: toInstant(now.lastPurchaseMs),
      });
    }
  }
}

/**
 * Every stage transition from registration up to `asOf`, from purchases sorted by business time.
 * A purchase at the very instant a time-based transition falls due pre-empts it; a purchase 365
 * days or more after the previous one is a win-back. Purchases after `asOf` are ignored. When the
 * first purchase predates registration (an import of older orders), there is no prospect stage.
 */
export function lifecycleTransitions(
  registration: Registration,
  purchases: readonly PurchasePoint[],
  asOf: Instant,
): StageTransition[] {
  const asOfMs = toMs(asOf);
  const transitions: StageTransition[] = [];
  const now: Walk = { stage: null, enteredMs: 0, lastPurchaseMs: 0 };
  const registeredMs = toMs(registration.at);
  const firstPurchaseMs = purchases.length > 0 ? toMs(purchases[0][0]) : Infinity;
  if (registeredMs < firstPurchaseMs && registeredMs <= asOfMs) {
    enter(now, transitions, 'prospect', registeredMs, { eventId: registration.eventId, type: 'CustomerRegistered' });
  }
  for (const [at, , eventId] of purchases) {
    const ms = toMs(at);
    if (ms > asOfMs) break;
    purchase(now, transitions, ms, eventId);
  }
  advance(now, transitions, asOfMs, true);
  return transitions;
}

/** One purchase in the walk: the time-based transitions due before it, then what it changes. */
function purchase(now: Walk, transitions: StageTransition[], ms: number, eventId: string): void {
  advance(now, transitions, ms, false);
  const cause: TransitionCause = { eventId, type: 'PurchaseRecorded' };
  if (now.stage === null || now.stage === 'prospect') {
    now.enteredMs = ms;
    enter(now, transitions, 'new', ms, cause);
  } else if (ms - now.lastPurchaseMs >= days(LIFECYCLE_DAYS.atRisk)) {
    now.enteredMs = ms;
    enter(now, transitions, 'won_back', ms, cause);
  } else if (now.stage === 'at_risk') {
    enter(now, transitions, 'active', ms, cause);
  }
  now.lastPurchaseMs = ms;
}

/** Where the walk that produced `doc.transitions` stood at doc.latestBusinessTime; null before any transition. */
function resumeWalk(doc: LifecycleHistory): Walk | null {
  const last = doc.transitions[doc.transitions.length - 1];
  if (!last) return null;
  // enteredMs only matters in 'new' and 'won_back', whose clocks run from entering them (the last
  // transition); the other stages' clocks run from the last purchase.
  return {
    stage: last.stage,
    enteredMs: toMs(last.at),
    lastPurchaseMs: doc.purchases.length > 0 ? toMs(doc.purchases[doc.purchases.length - 1][0]) : 0,
  };
}

/**
 * The transitions after a purchase later than all the document has seen (the usual case in log
 * order, issue 12): the walk over the earlier purchases is unchanged, so it resumes from the last
 * transition instead of replaying every purchase. Equal to lifecycleTransitions over the whole
 * history, with the purchase as the newest business time; null when there is no walk to resume.
 */
function transitionsAfterNewestPurchase(doc: LifecycleHistory, at: Instant, eventId: string): StageTransition[] | null {
  const now = resumeWalk(doc);
  if (!now) return null;
  const ms = toMs(at);
  const transitions = [...doc.transitions];
  purchase(now, transitions, ms, eventId);
  advance(now, transitions, ms, true);
  return transitions;
}

/**
 * The transitions of `doc` carried on to a later `asOf`, when no purchase changed: the walk up
 * to the document's latestBusinessTime (which every purchase precedes) is the same, so only the
 * final time-based advance goes further. Equal to lifecycleTransitions over the whole history.
 */
export function extendTransitions(doc: LifecycleHistory, asOf: Instant): StageTransition[] {
  const now = resumeWalk(doc);
  if (!now)
    return lifecycleTransitions({ at: doc.registeredAt, eventId: doc.registrationEventId }, doc.purchases, asOf);
  const transitions = [...doc.transitions];
  advance(now, transitions, toMs(asOf), true);
  return transitions.length === doc.transitions.length ? doc.transitions : transitions;
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
