// The lifecycle stage walk: every stage transition, with its instant and cause, from a customer's
// registration and purchases in business-time order.
//
// Stages (thresholds in LIFECYCLE_DAYS): prospect (registered, never bought) → new (first
// purchase, for 90 days) → active (bought within the last 180 days) → at_risk (180 days without
// a purchase) → lapsed (365 days without) → won_back (a purchase while lapsed, for 90 days, then
// active). Time-based transitions happen at exact instants (last purchase + 180 days, …).
import type { Instant } from '@ledger/domain';
import { DAY_MS, toInstant, toMs } from './calendar';
import { LIFECYCLE_DAYS, type LifecycleStage } from './customer-signals';
import type { LifecycleHistory, PurchasePoint } from './lifecycle.projection';

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

export interface Registration {
  at: Instant;
  eventId: string;
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
export function latestStage(transitions: readonly StageTransition[]): LifecycleStage | undefined {
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
export function transitionsAfterNewestPurchase(
  doc: LifecycleHistory,
  at: Instant,
  eventId: string,
): StageTransition[] | null {
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
